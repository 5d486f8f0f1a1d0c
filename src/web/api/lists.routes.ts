/**
 * Lists a client can page through without fetching the whole plan: a plan's actions and milestones with the
 * structure page's filters, and its recommendation register with the register's.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Core } from '../../core/index.ts';
import { filterActions, type ActionView } from '../../core/read-models/action-views.ts';
import { filterRegister } from '../../core/read-models/recommendation-register.ts';
import { actorOf, requireApiUser } from '../auth.ts';
import { readFilter, readRegisterFilter } from '../filters.ts';

export const PageQuerySchema = z.object({
  page: z.coerce.number().int().min(1, 'page: start at 1').default(1),
  pageSize: z.coerce.number().int().min(1).max(200, 'pageSize: at most 200').default(25),
});

/** One page of a list, with where it is in the whole. */
export function pageOf<T>(items: T[], query: unknown) {
  const { page, pageSize } = PageQuerySchema.parse(query);
  return {
    items: items.slice((page - 1) * pageSize, page * pageSize),
    page,
    pageSize,
    total: items.length,
    pages: Math.max(1, Math.ceil(items.length / pageSize)),
  };
}

/** An action or milestone as the list gives it: what a client needs to show and chase it. */
export function actionItem(v: ActionView) {
  return {
    id: v.action.id,
    ref: v.action.ref,
    level: v.level,
    parentId: v.action.parentId,
    sectionId: v.sectionId,
    text: v.action.text,
    leads: v.action.leads,
    due: v.action.due,
    status: v.action.status,
    leadRating: v.rating,
    awaitingSignOff: v.awaitingSignOff,
    suggestedRating: v.suggestion.colour,
    suggestionReason: v.suggestion.reason,
    complete: v.complete,
    overdue: v.overdue,
    dueSoon: v.dueSoon,
    lastUpdate: v.lastUpdate,
    milestones: v.milestones,
  };
}

export function listApiRoutes(core: Core) {
  return async (app: FastifyInstance) => {
    app.get<{ Params: { planId: string }; Querystring: Record<string, string | undefined> }>(
      '/api/plans/:planId/actions',
      { preHandler: requireApiUser },
      async (request, reply) => {
        const actor = actorOf(request);
        const day = core.today();
        const { planId } = request.params;
        // The same question of the same revision of the plan, from the same organisation, gets the same answer: it
        // is written once. Who asks is authorised on every request.
        const head = await core.queries.access.planSoon(actor, planId);
        const asker = actor.kind === 'user' ? actor.organisationId : 'operator';
        const query = new URLSearchParams(request.query as Record<string, string>).toString();
        const key = `api-actions|${asker}|${day}|${query}`;
        const body =
          core.cache.peek<string>(planId, head.revision, key) ??
          (await core.cache.read(planId, head.revision, key, async () => {
            const { views } = await core.queries.plans.dashboard(actor, planId, day);
            const shown = filterActions(views, readFilter(request.query), day);
            return JSON.stringify(pageOf(shown.map(actionItem), request.query));
          }));
        return reply.type('application/json; charset=utf-8').send(body);
      },
    );

    app.get<{ Params: { planId: string }; Querystring: Record<string, string | undefined> }>(
      '/api/plans/:planId/recommendations',
      { preHandler: requireApiUser },
      async (request) => {
        const { rows } = await core.queries.plans.register(
          actorOf(request),
          request.params.planId,
          core.today(),
        );
        return pageOf(filterRegister(rows, readRegisterFilter(request.query)), request.query);
      },
    );
  };
}
