import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { createAction, editAction, recordProgress } from '../../core/commands/action.commands.ts';
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
