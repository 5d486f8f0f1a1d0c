import type { FastifyInstance } from 'fastify';
import { actorOf, checkCsrf, requirePageUser } from '../auth.ts';
import type { WebContext } from '../app.ts';
import { PRECOMPRESSED } from '../cached-page.ts';
import { formErrors } from '../errors.ts';
import { readFilter, readRegisterFilter, type FilterQuery } from '../filters.ts';
import { personIdsByName } from '../person-links.ts';
import { dismissFinding } from '../../core/commands/plan.commands.ts';
import { filterActions, type ActionFilter } from '../../core/read-models/action-views.ts';
import { structureTree } from '../../core/read-models/structure-tree.ts';
import { filterRegister, REGISTER_STATUS_NAMES } from '../../core/read-models/recommendation-register.ts';
import type { ScorecardRow } from '../../core/queries/measure.queries.ts';
import ExcelJS from 'exceljs';
import type { Actor } from '../../domain/actor.ts';
import { NotFoundError } from '../../db/errors.ts';
import { ACTION_HEADINGS, actionRows, addSheet, RATING_COLUMNS } from '../../export/action-list.ts';
import { downloadName, toCsv } from '../../export/cells.ts';
import { planWorkbook, titleOf } from '../../export/plan-workbook.ts';
import { addDaysIso } from '../../domain/calendar.ts';
import type { StoredFinding } from '../../db/repositories/finding.repository.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function relativeGap(row: ScorecardRow): number {
  const gap = Math.abs(row.latest?.gap ?? 0);
  const target = Math.abs(row.latest?.target?.value ?? 0);
  return target === 0 ? gap : gap / target;
}

const FILTER_HEADINGS: Record<string, string> = {
  lead: 'Lead',
  rag: "Lead's rating",
  state: 'State',
  overdue: 'Timing',
  dueBefore: 'Due before',
  source: 'Source',
  section: 'Section',
  q: 'Words',
  dueSoon: 'Timing',
  recent: 'Updates',
  differs: 'Ratings',
};

/** The MOJ filter's "selected filters": one tag a filter, each linking to the list without it. */
function selectedFilters(planId: string, query: FilterQuery, sectionNames: Record<string, string>) {
  return Object.entries(query)
    .filter((e): e is [keyof ActionFilter, string] => !!e[1] && e[0] in FILTER_HEADINGS)
    .map(([key, value]) => {
      const rest = new URLSearchParams(
        Object.entries(query).filter((e): e is [string, string] => !!e[1] && e[0] !== key),
      );
      const text =
        key === 'section' ? (sectionNames[value] ?? value) : key === 'overdue' ? 'Overdue only' : value;
      return {
        heading: { text: FILTER_HEADINGS[key] },
        items: [{ href: `/plans/${planId}/structure${rest.size ? `?${rest.toString()}` : ''}`, text }],
      };
    });
}

/** Where each finding's subject can be seen, for the findings page. */
function withLinks(planId: string, findings: StoredFinding[]) {
  const href = (f: StoredFinding) => {
    switch (f.subject?.type) {
      case 'action':
        return `/actions/${f.subject.id}`;
      case 'recommendation':
        return `/recommendations/${f.subject.id}`;
      case 'measure':
        return `/measures/${f.subject.id}`;
      case 'section':
        return `/plans/${planId}/structure?section=${f.subject.id}`;
      default:
        return null;
    }
  };
  return findings.map((f) => ({ ...f, href: href(f) }));
}

export function planPages({ core, render, renderCached, today }: WebContext) {
  return async (app: FastifyInstance) => {
    app.addHook(
      'preHandler',
      requirePageUser((url) => url.startsWith('/plans')),
    );

    app.get('/plans', async (request, reply) => {
      const plans = await core.queries.plans.list(actorOf(request), today());
      return render(request, reply, 'pages/plans.njk', { title: 'Plans', section: 'plans', plans });
    });

    app.get<{ Params: { planId: string } }>('/plans/:planId', PRECOMPRESSED, async (request, reply) => {
      const actor = actorOf(request);
      const day = today();
      const head = await core.queries.access.planSoon(actor, request.params.planId);
      const key = { planId: head.planId, revision: head.revision, key: `dashboard|${day}` };
      return renderCached(request, reply, key, 'pages/dashboard.njk', () =>
        dashboardPage(actor, request.params.planId, day),
      );
    });

    async function dashboardPage(actor: Actor, planId: string, day: string) {
      const result = await core.queries.plans.dashboard(actor, planId, day);
      const open = result.head.can.findings
        ? (await core.queries.plans.findings(actor, planId)).findings.filter((f) => f.state === 'open').length
        : 0;
      const scorecard = await core.queries.measures.scorecard(actor, planId, { series: false });
      const measureCounts = { red: 0, amber: 0, green: 0, blue: 0, none: 0 };
      for (const row of scorecard) measureCounts[row.latest?.colour ?? 'none'] += 1;
      // Furthest from target: the missed targets with the largest gap, relative to the target's size.
      const furthest = scorecard
        .filter((r) => r.latest?.colour === 'red' || r.latest?.colour === 'amber')
        .sort((a, b) => relativeGap(b) - relativeGap(a))
        .slice(0, 3);
      return {
        title: result.doc.plan.title,
        section: 'plans',
        planId,
        ...result,
        openFindings: open,
        today: day,
        dueSoonBefore: addDaysIso(day, result.doc.plan.ragSettings.dueSoonDays + 1),
        measureCounts,
        furthest,
        measureTotal: scorecard.length,
      };
    }

    app.get<{ Params: { planId: string }; Querystring: FilterQuery }>(
      '/plans/:planId/structure',
      PRECOMPRESSED,
      async (request, reply) => {
        const actor = actorOf(request);
        const day = today();
        const filter = readFilter(request.query);
        const head = await core.queries.access.planSoon(actor, request.params.planId);
        const key = {
          planId: head.planId,
          revision: head.revision,
          key: `structure|${day}|${request.query.view === 'tree' ? 'tree' : 'table'}|${JSON.stringify(filter)}`,
        };
        return renderCached(request, reply, key, 'pages/structure.njk', () =>
          structurePage(actor, request.params.planId, day, filter, request.query),
        );
      },
    );

    async function structurePage(
      actor: Actor,
      planId: string,
      day: string,
      filter: ActionFilter,
      query: FilterQuery,
    ) {
      const { head, doc, views } = await core.queries.plans.dashboard(actor, planId, day);
      const shown = filterActions(views, filter, day);
      // The tree holds what the filters leave, with each milestone under its action.
      const kept = new Set(shown.map((v) => v.action.id));
      const tree =
        query.view === 'tree'
          ? structureTree(
              doc,
              views.filter(
                (v) =>
                  kept.has(v.action.id) ||
                  (v.level === 'action' &&
                    views.some((m) => m.action.parentId === v.action.id && kept.has(m.action.id))),
              ),
            )
          : null;
      const leads = [...new Set(views.flatMap((v) => v.action.leads))].sort();
      const parentRefs = Object.fromEntries(
        doc.actions.map((a) => [a.id, a.ref ? `${a.ref} ${a.text.slice(0, 60)}` : a.text.slice(0, 60)]),
      );
      return {
        title: `${doc.plan.title}: structure`,
        section: 'plans',
        planId,
        head,
        doc,
        shown,
        parentRefs,
        tree,
        queryString: new URLSearchParams(
          Object.entries(query).filter(
            (e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '' && e[0] !== 'view',
          ),
        ).toString(),
        leads,
        personIds: personIdsByName(doc.people),
        filter,
        query,
        filtered: Object.values(query).some((v) => v),
        selectedCategories: selectedFilters(
          planId,
          query,
          Object.fromEntries(doc.sections.map((s) => [s.id, `${s.kind}${s.ref ? ` ${s.ref}` : ''}`])),
        ),
        sectionTitles: Object.fromEntries(
          doc.sections.map((s) => [s.id, `${s.kind}${s.ref ? ` ${s.ref}` : ''}: ${s.title}`]),
        ),
      };
    }

    app.get<{ Params: { planId: string }; Querystring: Record<string, string | undefined> }>(
      '/plans/:planId/recommendations',
      PRECOMPRESSED,
      async (request, reply) => {
        const actor = actorOf(request);
        const day = today();
        const filter = readRegisterFilter(request.query);
        const at = await core.queries.access.planSoon(actor, request.params.planId);
        const key = {
          planId: at.planId,
          revision: at.revision,
          key: `register|${day}|${JSON.stringify(filter)}`,
        };
        return renderCached(request, reply, key, 'pages/register.njk', async () => {
          const { head, doc, rows, unlinked } = await core.queries.plans.register(
            actor,
            request.params.planId,
            day,
          );
          return {
            title: `${doc.plan.title}: recommendations`,
            section: 'plans',
            planId: head.planId,
            head,
            doc,
            rows,
            unlinked,
            shown: filterRegister(rows, filter),
            filter,
            statusNames: REGISTER_STATUS_NAMES,
            sourceBodies: [...new Set(doc.sources.map((s) => s.body))],
          };
        });
      },
    );

    // The structure page's list, as filtered, to take away.
    app.get<{ Params: { planId: string; format: string }; Querystring: FilterQuery }>(
      '/plans/:planId/actions.:format',
      async (request, reply) => {
        const { format } = request.params;
        if (format !== 'csv' && format !== 'xlsx') throw new NotFoundError('download', `actions.${format}`);
        const day = today();
        const { doc, views } = await core.queries.plans.dashboard(
          actorOf(request),
          request.params.planId,
          day,
        );
        const rows = actionRows(doc, filterActions(views, readFilter(request.query), day));
        const name = downloadName(doc.plan.title, 'actions');
        if (format === 'csv')
          return reply
            .type('text/csv; charset=utf-8')
            .header('content-disposition', `attachment; filename="${name}.csv"`)
            .send(toCsv(ACTION_HEADINGS, rows));
        const workbook = new ExcelJS.Workbook();
        addSheet(workbook, 'Actions', titleOf(doc), ACTION_HEADINGS, rows, RATING_COLUMNS);
        return reply
          .type(XLSX)
          .header('content-disposition', `attachment; filename="${name}.xlsx"`)
          .send(Buffer.from(await workbook.xlsx.writeBuffer()));
      },
    );

    app.get<{ Params: { planId: string } }>('/plans/:planId/plan.xlsx', async (request, reply) => {
      const actor = actorOf(request);
      const { doc, views, rows } = await core.queries.plans.register(actor, request.params.planId, today());
      const scorecard = await core.queries.measures.scorecard(actor, request.params.planId, {
        series: false,
      });
      return reply
        .type(XLSX)
        .header('content-disposition', `attachment; filename="${downloadName(doc.plan.title, 'plan')}.xlsx"`)
        .send(await planWorkbook(doc, views, rows, scorecard));
    });

    async function findingsPage(actor: Actor, planId: string) {
      const { head, findings } = await core.queries.plans.findings(actor, planId);
      const { doc } = await core.queries.plans.overview(actor, planId);
      return {
        title: `${doc.plan.title}: findings`,
        section: 'plans',
        planId,
        head,
        doc,
        findings: withLinks(planId, findings),
      };
    }

    app.get<{ Params: { planId: string } }>('/plans/:planId/findings', async (request, reply) =>
      render(
        request,
        reply,
        'pages/findings.njk',
        await findingsPage(actorOf(request), request.params.planId),
      ),
    );

    app.post<{ Params: { planId: string; findingId: string }; Body: Record<string, string> }>(
      '/plans/:planId/findings/:findingId/dismiss',
      async (request, reply) => {
        checkCsrf(request);
        const actor = actorOf(request);
        const { planId, findingId } = request.params;
        try {
          await core.run(dismissFinding, actor, { planId, findingId, reason: request.body.reason ?? '' });
        } catch (error) {
          const errors = formErrors(error, { reason: `reason-${findingId}` });
          if (!errors) throw error;
          return render(
            request,
            reply,
            'pages/findings.njk',
            { ...(await findingsPage(actor, planId)), errorFor: findingId, errors },
            400,
          );
        }
        return reply.redirect(`/plans/${planId}/findings`, 303);
      },
    );
  };
}
