import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { createAction, editAction, recordProgress } from '../../core/commands/action.commands.ts';
import { FollowingSchema, setFollowing } from '../../core/commands/follow.commands.ts';
import type { Core } from '../../core/index.ts';
import { actorOf, requireApiUser } from '../auth.ts';

/** The body as sent: the command's schema checks it, so the API, pages and CLI refuse the same things. */
const body = (value: unknown) => z.record(z.string(), z.unknown()).catch({}).parse(value);

export function actionApiRoutes(core: Core) {
  const current = async (actor: ReturnType<typeof actorOf>, actionId: string) =>
    (await core.queries.actions.action(actor, actionId)).action;

  return async (app: FastifyInstance) => {
    app.get<{ Params: { actionId: string } }>(
      '/api/actions/:actionId',
      { preHandler: requireApiUser },
      async (request) => current(actorOf(request), request.params.actionId),
    );

    app.post<{ Params: { planId: string } }>(
      '/api/plans/:planId/actions',
      { preHandler: requireApiUser },
      async (request, reply) => {
        const actor = actorOf(request);
        const created = await core.run(createAction, actor, {
          ...body(request.body),
          planId: request.params.planId,
        } as never);
        return reply.status(201).send(await current(actor, created.actionId));
      },
    );

    app.patch<{ Params: { actionId: string } }>(
      '/api/actions/:actionId',
      { preHandler: requireApiUser },
      async (request) => {
        const actor = actorOf(request);
        await core.run(editAction, actor, { ...body(request.body), actionId: request.params.actionId });
        return current(actor, request.params.actionId);
      },
    );

    // Following an action (its status changes by email) or a plan (its measures' colours): the reader's own choice.
    const follow = (request: FastifyRequest, subject: 'action' | 'plan', id: string) =>
      core.run(setFollowing, actorOf(request), { subject, id, ...FollowingSchema.parse(body(request.body)) });
    app.put<{ Params: { actionId: string } }>(
      '/api/actions/:actionId/following',
      { preHandler: requireApiUser },
      (request) => follow(request, 'action', request.params.actionId),
    );
    app.put<{ Params: { planId: string } }>(
      '/api/plans/:planId/following',
      { preHandler: requireApiUser },
      (request) => follow(request, 'plan', request.params.planId),
    );

    app.post<{ Params: { actionId: string } }>(
      '/api/actions/:actionId/progress',
      { preHandler: requireApiUser },
      async (request, reply) => {
        const actor = actorOf(request);
        const { warnings } = await core.run(recordProgress, actor, {
          ...body(request.body),
          actionId: request.params.actionId,
        } as never);
        return reply.status(201).send({ ...(await current(actor, request.params.actionId)), warnings });
      },
    );
  };
}
