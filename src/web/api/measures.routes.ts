import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { applyValues, recordValue } from '../../core/commands/measure.commands.ts';
import type { Core } from '../../core/index.ts';
import { checkValueRows } from '../../import/values-file.ts';
import { filterScorecard } from '../../core/read-models/scorecard-filter.ts';
import { COLOURS } from '../../domain/status.ts';
import { actorOf, requireApiUser } from '../auth.ts';
import { pageOf } from './lists.routes.ts';

/** The scorecard page's filters: a top-level section, and the colour of the latest evaluation. */
export const ScorecardQuerySchema = z.object({
  section: z.string().min(1).max(100).optional(),
  colour: z.enum([...COLOURS, 'none'], { error: 'colour: red, amber, green, blue, grey or none' }).optional(),
});

export const ValuesUploadSchema = z
  .object({
    rows: z
      .array(
        z
          .object({
            measureRef: z.string(),
            period: z.string(),
            value: z.union([z.number(), z.string()]),
            note: z.string().optional(),
            comparators: z.record(z.string(), z.union([z.number(), z.string()])).optional(),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();

export function measureApiRoutes(core: Core) {
  return async (app: FastifyInstance) => {
    app.get<{ Params: { planId: string } }>(
      '/api/plans/:planId/measures',
      { preHandler: requireApiUser },
      async (request) => {
        const actor = actorOf(request);
        const rows = await core.queries.measures.scorecard(actor, request.params.planId);
        const { doc } = await core.queries.plans.overview(actor, request.params.planId);
        const { section, colour } = ScorecardQuerySchema.parse(request.query);
        const shown = filterScorecard(rows, doc, { section, colour });
        return pageOf(
          shown.map((r) => ({ ...r.measure, latest: r.latest, comparator: r.comparator })),
          request.query,
        );
      },
    );

    app.get<{ Params: { id: string } }>(
      '/api/measures/:id',
      { preHandler: requireApiUser },
      async (request) => {
        const { measure, latest, series, history } = await core.queries.measures.detail(
          actorOf(request),
          request.params.id,
        );
        return { ...measure, latest, series, history };
      },
    );

    app.post<{ Params: { id: string } }>(
      '/api/measures/:id/values',
      { preHandler: requireApiUser },
      async (request, reply) => {
        const actor = actorOf(request);
        const sent = z.record(z.string(), z.unknown()).catch({}).parse(request.body);
        await core.run(recordValue, actor, { ...sent, measureId: request.params.id } as never);
        const { measure, latest } = await core.queries.measures.detail(actor, request.params.id);
        return reply.status(201).send({ ...measure, latest });
      },
    );

    /** Several values at once: with ?dryRun=true the preview only; otherwise all rows are stored or none. */
    app.post<{ Params: { planId: string }; Querystring: { dryRun?: string } }>(
      '/api/plans/:planId/values',
      { preHandler: requireApiUser },
      async (request, reply) => {
        const actor = actorOf(request);
        // Who may upload is asked first: a reader gets 403 whatever the body says.
        await core.queries.access.plan(actor, request.params.planId, 'plan.manage');
        const body = ValuesUploadSchema.parse(request.body);
        const measures = await core.queries.measures.measuresOf(actor, request.params.planId);
        const preview = checkValueRows(
          'request',
          body.rows.map((r, i) => ({
            row: i + 1,
            text: JSON.stringify(r),
            ref: r.measureRef,
            period: r.period,
            value: String(r.value),
            note: r.note ?? '',
            comparators: Object.entries(r.comparators ?? {}).map(([name, value]) => ({
              name,
              value: String(value),
            })),
          })),
          measures,
        );
        if (request.query.dryRun === 'true') return preview;
        if (preview.rejected.length > 0) {
          return reply.status(400).send({
            error: {
              code: 'invalid_input',
              message: `${preview.rejected.length} rows were rejected; nothing was stored`,
              details: preview.rejected,
            },
          });
        }
        await core.run(applyValues, actor, { planId: request.params.planId, rows: preview.accepted });
        return reply.status(201).send(preview);
      },
    );
  };
}
