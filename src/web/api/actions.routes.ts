import type { FastifyInstance } from 'fastify';
import { ActionEditSchema, ProgressInputSchema } from '../../services/action.service.ts';
import type { Services } from '../../services/index.ts';
import { requireApiUser } from '../auth.ts';

export function actionApiRoutes(services: Services) {
  const withVersion = async (organisationId: string, actionId: string) => {
    const action = await services.actions.get(organisationId, actionId);
    const row = await services.connection.db
      .selectFrom('actions')
      .select('version')
      .where('id', '=', actionId)
      .executeTakeFirstOrThrow();
    return { ...action, version: row.version };
  };

  return async (app: FastifyInstance) => {
    app.get<{ Params: { actionId: string } }>(
      '/api/actions/:actionId',
      { preHandler: requireApiUser },
      async (request) => withVersion(request.user!.organisationId, request.params.actionId),
    );

    app.patch<{ Params: { actionId: string } }>(
      '/api/actions/:actionId',
      { preHandler: requireApiUser },
      async (request) => {
        const edit = ActionEditSchema.parse(request.body);
        await services.actions.edit(
          request.user!.organisationId,
          request.params.actionId,
          edit,
          request.user!.name,
        );
        return withVersion(request.user!.organisationId, request.params.actionId);
      },
    );

    app.post<{ Params: { actionId: string } }>(
      '/api/actions/:actionId/progress',
      { preHandler: requireApiUser },
      async (request, reply) => {
        const progress = ProgressInputSchema.parse(request.body);
        await services.actions.recordProgress(
          request.user!.organisationId,
          request.params.actionId,
          progress,
          request.user!.name,
        );
        return reply
          .status(201)
          .send(await withVersion(request.user!.organisationId, request.params.actionId));
      },
    );
  };
}
