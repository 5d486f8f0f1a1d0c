/**
 * The board's papers: a plan's snapshots with the form that locks one, each snapshot's board pack (HTML here,
 * Word to download), a correction locked as a new snapshot, the provisional pack of the plan now (DRAFT), and what
 * changed between two snapshots.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { lockSnapshot } from '../../core/commands/snapshot.commands.ts';
import { boardPackOf, RATING_NAMES } from '../../domain/board-pack.ts';
import { nextReportingPeriod } from '../../domain/reporting-period.ts';
import type { Actor } from '../../domain/actor.ts';
import { downloadName } from '../../export/cells.ts';
import { boardPackDocx } from '../../export/board-pack-docx.ts';
import { boardPackPdf } from '../../export/board-pack-pdf.ts';
import { ratingsChartSvg, scorecardCharts } from '../../export/board-pack-chart.ts';
import { actorOf, checkCsrf, requirePageUser } from '../auth.ts';
import type { WebContext } from '../app.ts';
import type { FieldError } from '../errors.ts';
import { errorsByField, one, submitForm, textOrNull, withBanner, type FormBody } from '../forms.ts';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export function snapshotPages({ core, render, today }: WebContext) {
  const q = core.queries.snapshots;

  async function showList(
    request: FastifyRequest<{ Params: { planId: string } }>,
    reply: FastifyReply,
    failed?: { errors: FieldError[]; body: FormBody },
  ) {
    const actor = actorOf(request);
    const { head, snapshots } = await q.list(actor, request.params.planId);
    const { plan } = await core.queries.structure.settings(actor, head.planId);
    return render(
      request,
      reply,
      'pages/snapshots.njk',
      {
        title: 'Board reports',
        section: 'plans',
        planId: head.planId,
        head,
        doc: { plan },
        snapshots,
        boards: plan.governance,
        values: failed?.body ?? { period: today().slice(0, 7) },
        errors: failed?.errors,
        fieldError: errorsByField(failed?.errors),
      },
      failed ? 400 : 200,
    );
  }

  /** The pack of a snapshot, or of the plan now; with the pack before it for the trend and the changes. */
  async function packOf(actor: Actor, planId: string, snapshotId: string | null) {
    const reported = snapshotId ? await q.get(actor, snapshotId) : await q.now(actor, planId, today());
    const previous = await q.previous(actor, reported, reported.data.plan.id);
    const { plan } = await core.queries.structure.settings(actor, reported.data.plan.id);
    const board = plan.governance.find((b) => b.board === reported.info?.board);
    const after = reported.info?.meetingDate ?? reported.data.asOf;
    const nextMeeting = board?.meetings.find((m) => m > after) ?? null;
    return {
      reported,
      pack: boardPackOf(reported, previous, {
        nextMeeting,
        template: await q.template(actor, reported.data.plan.id),
      }),
      head: reported.head,
    };
  }

  async function showPack(
    request: FastifyRequest,
    reply: FastifyReply,
    planId: string,
    snapshotId: string | null,
    failed?: { errors: FieldError[]; body: FormBody },
  ) {
    const { reported, pack, head } = await packOf(actorOf(request), planId, snapshotId);
    return render(
      request,
      reply,
      'pages/board-pack.njk',
      {
        title: `${pack.draft ? 'Draft board pack' : 'Board pack'}: ${pack.cover.period}`,
        section: 'plans',
        planId: reported.data.plan.id,
        head,
        pack,
        info: reported.info,
        ratingNames: RATING_NAMES,
        chart: pack.summary.sections.length ? ratingsChartSvg(pack) : null,
        measureCharts: scorecardCharts(pack, { fixedSize: false }),
        download: snapshotId ? `/snapshots/${snapshotId}/board-pack` : `/plans/${planId}/board-pack`,
        values: failed?.body ?? {},
        errors: failed?.errors,
        fieldError: errorsByField(failed?.errors),
      },
      failed ? 400 : 200,
    );
  }

  async function sendFile(
    request: FastifyRequest,
    reply: FastifyReply,
    planId: string,
    snapshotId: string | null,
    format: 'docx' | 'pdf',
  ) {
    const { pack } = await packOf(actorOf(request), planId, snapshotId);
    const name = downloadName(
      `${pack.draft ? 'DRAFT ' : ''}${pack.cover.plan} board pack ${pack.cover.period}`,
      format,
    );
    return reply
      .type(format === 'docx' ? DOCX : 'application/pdf')
      .header('content-disposition', `attachment; filename="${name}"`)
      .send(format === 'docx' ? await boardPackDocx(pack) : await boardPackPdf(pack));
  }

  return async (app: FastifyInstance) => {
    app.addHook(
      'preHandler',
      requirePageUser(
        (url) =>
          url.startsWith('/snapshots') ||
          /^\/plans\/[^/]+\/(snapshots|board-pack|changes|updates-due)/.test(url),
      ),
    );

    app.get<{ Params: { planId: string } }>('/plans/:planId/snapshots', (request, reply) =>
      showList(request, reply),
    );

    app.post<{ Params: { planId: string }; Body: FormBody }>(
      '/plans/:planId/snapshots',
      async (request, reply) => {
        checkCsrf(request);
        const body = request.body;
        return submitForm(reply, {
          run: () =>
            core.run(lockSnapshot, actorOf(request), {
              planId: request.params.planId,
              period: one(body.period) ?? '',
              board: textOrNull(body.board),
              meetingDate: textOrNull(body.meetingDate),
            }),
          done: (locked) =>
            withBanner(
              `/snapshots/${locked.snapshotId}`,
              `The plan as reported for ${locked.period} has been locked`,
            ),
          fields: { period: 'period', board: 'board', meetingDate: 'meetingDate' },
          again: (errors) => showList(request, reply, { errors, body }),
        });
      },
    );

    app.get<{ Params: { id: string } }>('/snapshots/:id', async (request, reply) =>
      showPack(request, reply, '', request.params.id),
    );

    app.post<{ Params: { id: string }; Body: FormBody }>('/snapshots/:id/correct', async (request, reply) => {
      checkCsrf(request);
      const actor = actorOf(request);
      const { info } = await q.get(actor, request.params.id);
      return submitForm(reply, {
        run: () =>
          core.run(lockSnapshot, actor, {
            planId: info.planId,
            period: info.period,
            board: info.board,
            meetingDate: info.meetingDate,
            correctsId: info.id,
            reason: one(request.body.reason)?.trim() ?? '',
          }),
        done: (locked) => withBanner(`/snapshots/${locked.snapshotId}`, 'The corrected pack has been locked'),
        fields: { reason: 'reason' },
        again: (errors) => showPack(request, reply, info.planId, info.id, { errors, body: request.body }),
      });
    });

    for (const format of ['docx', 'pdf'] as const) {
      app.get<{ Params: { id: string } }>(`/snapshots/:id/board-pack.${format}`, (request, reply) =>
        sendFile(request, reply, '', request.params.id, format),
      );
      app.get<{ Params: { planId: string } }>(`/plans/:planId/board-pack.${format}`, (request, reply) =>
        sendFile(request, reply, request.params.planId, null, format),
      );
    }

    app.get<{ Params: { planId: string } }>('/plans/:planId/board-pack', (request, reply) =>
      showPack(request, reply, request.params.planId, null),
    );

    // Who still owes an update for this month, lead by lead: for the manager to chase before the board.
    // Who still owes an update for a board's next meeting, lead by lead: for the manager to chase before it.
    app.get<{ Params: { planId: string }; Querystring: { board?: string } }>(
      '/plans/:planId/updates-due',
      async (request, reply) => {
        const actor = actorOf(request);
        await core.queries.access.plan(actor, request.params.planId, 'plan.manage');
        const day = today();
        const { head, doc, views } = await core.queries.plans.dashboard(actor, request.params.planId, day);
        const boards = doc.plan.governance;
        const { board, period } = nextReportingPeriod(boards, day, request.query.board);
        const owed = views.filter(
          (v) => !v.complete && !v.awaitingSignOff && (v.lastUpdate === null || v.lastUpdate < period.since),
        );
        const byLead = new Map<string, typeof views>();
        for (const v of owed)
          for (const lead of v.action.leads.length ? v.action.leads : ['No lead named'])
            byLead.set(lead, [...(byLead.get(lead) ?? []), v]);
        return render(request, reply, 'pages/updates-due.njk', {
          title: 'Updates due',
          section: 'plans',
          planId: head.planId,
          head,
          doc,
          boards: boards.map((b) => ({ value: b.board, text: b.board, selected: b.board === board?.board })),
          board: board?.board ?? null,
          period,
          leads: [...byLead].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0])),
          total: owed.length,
        });
      },
    );

    app.get<{ Params: { planId: string }; Querystring: { from?: string; to?: string } }>(
      '/plans/:planId/changes',
      async (request, reply) => {
        const actor = actorOf(request);
        const { head, snapshots } = await q.list(actor, request.params.planId);
        const from = request.query.from ?? snapshots[0]?.id;
        const to = request.query.to && request.query.to !== 'now' ? request.query.to : null;
        const diff = from ? await q.diff(actor, from, to, today()) : null;
        const { plan } = await core.queries.structure.settings(actor, head.planId);
        return render(request, reply, 'pages/changes.njk', {
          title: 'What changed',
          section: 'plans',
          planId: head.planId,
          head,
          doc: { plan },
          snapshots,
          diff,
          fromId: from ?? null,
          toId: to,
        });
      },
    );
  };
}
