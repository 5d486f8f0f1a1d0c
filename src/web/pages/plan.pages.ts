import type { FastifyInstance } from 'fastify';
import { checkCsrf, requirePageUser } from '../auth.ts';
import type { WebContext } from '../app.ts';
import { PRECOMPRESSED } from '../cached-page.ts';
import { isoFromParts } from '../date-input.ts';
import { personIdsByName } from '../person-links.ts';
import { filterActions, type ActionFilter } from '../../services/dashboard.service.ts';
import { ValidationError } from '../../db/errors.ts';
import { addDaysIso, isIsoDate } from '../../domain/calendar.ts';
import type { StoredFinding } from '../../db/repositories/finding.repository.ts';
import type { ScorecardRow } from '../../services/measure.service.ts';

type FilterQuery = Partial<Record<keyof ActionFilter, string>>;

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
        items: [{ href: `/plans/${planId}/structure${rest.size ? `?${rest}` : ''}`, text }],
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

/** A date as the MOJ date picker writes it (31/3/2027), or as ISO (2027-03-31) from older links; else none. */
function readFilterDate(text: string | undefined): string | undefined {
  const value = text?.trim() ?? '';
  const slashed = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  if (slashed)
    return isoFromParts(slashed[1] as string, slashed[2] as string, slashed[3] as string) ?? undefined;
  return isIsoDate(value) ? value : undefined;
}

export function readFilter(query: FilterQuery): ActionFilter {
  return {
    lead: query.lead || undefined,
    rag: query.rag || undefined,
    state: query.state || undefined,
    overdue: query.overdue === 'yes' || query.overdue === 'true',
    dueBefore: readFilterDate(query.dueBefore),
    source: query.source || undefined,
    section: query.section || undefined,
    q: query.q || undefined,
    dueSoon: query.dueSoon === 'yes',
    recent: query.recent === 'yes',
    differs: query.differs === 'yes',
  };
}

export function planPages({ services, render, renderCached, today }: WebContext) {
  return async (app: FastifyInstance) => {
    app.addHook(
      'preHandler',
      requirePageUser((url) => url.startsWith('/plans')),
    );

    app.get('/plans', async (request, reply) => {
      const plans = await services.plans.summaries(request.user!.organisationId);
      return render(request, reply, 'pages/plans.njk', { title: 'Plans', section: 'plans', plans });
    });

    app.get<{ Params: { planId: string } }>('/plans/:planId', PRECOMPRESSED, async (request, reply) => {
      const org = request.user!.organisationId;
      const day = today();
      const key = { planId: request.params.planId, key: `dashboard|${org}|${day}` };
      return renderCached(request, reply, key, 'pages/dashboard.njk', () =>
        dashboardPage(org, request.params.planId, day),
      );
    });

    async function dashboardPage(org: string, planId: string, day: string) {
      const result = await services.dashboard.dashboard(org, planId, day);
      const open = (await services.plans.findings(org, planId)).filter((f) => f.state === 'open').length;
      const scorecard = await services.measures.scorecard(org, planId, { series: false });
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
        const org = request.user!.organisationId;
        const day = today();
        const filter = readFilter(request.query);
        const key = {
          planId: request.params.planId,
          key: `structure|${org}|${day}|${JSON.stringify(filter)}`,
        };
        return renderCached(request, reply, key, 'pages/structure.njk', () =>
          structurePage(org, request.params.planId, day, filter, request.query),
        );
      },
    );

    async function structurePage(
      org: string,
      planId: string,
      day: string,
      filter: ActionFilter,
      query: FilterQuery,
    ) {
      const { doc, views } = await services.dashboard.dashboard(org, planId, day);
      const shown = filterActions(views, filter, day);
      const leads = [...new Set(views.flatMap((v) => v.action.leads))].sort();
      const milestones = new Map<string, typeof doc.actions>();
      for (const a of doc.actions)
        if (a.parentId) milestones.set(a.parentId, [...(milestones.get(a.parentId) ?? []), a]);
      return {
        title: `${doc.plan.title}: structure`,
        section: 'plans',
        planId,
        doc,
        shown,
        milestones: Object.fromEntries(milestones),
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

    app.get<{ Params: { planId: string } }>('/plans/:planId/findings', async (request, reply) => {
      const org = request.user!.organisationId;
      const doc = await services.plans.exportDocument(org, request.params.planId);
      const findings = withLinks(
        request.params.planId,
        await services.plans.findings(org, request.params.planId),
      );
      return render(request, reply, 'pages/findings.njk', {
        title: `${doc.plan.title}: findings`,
        section: 'plans',
        planId: request.params.planId,
        doc,
        findings,
      });
    });

    app.post<{ Params: { planId: string; findingId: string }; Body: Record<string, string> }>(
      '/plans/:planId/findings/:findingId/dismiss',
      async (request, reply) => {
        checkCsrf(request);
        const org = request.user!.organisationId;
        try {
          await services.plans.dismissFinding(
            org,
            request.params.planId,
            request.params.findingId,
            request.body.reason ?? '',
            request.user!.name,
          );
        } catch (error) {
          if (!(error instanceof ValidationError)) throw error;
          const doc = await services.plans.exportDocument(org, request.params.planId);
          const findings = withLinks(
            request.params.planId,
            await services.plans.findings(org, request.params.planId),
          );
          return render(
            request,
            reply,
            'pages/findings.njk',
            {
              title: `${doc.plan.title}: findings`,
              section: 'plans',
              planId: request.params.planId,
              doc,
              findings,
              errorFor: request.params.findingId,
              errors: [{ text: error.message, href: `#reason-${request.params.findingId}` }],
            },
            400,
          );
        }
        return reply.redirect(`/plans/${request.params.planId}/findings`, 303);
      },
    );
  };
}
