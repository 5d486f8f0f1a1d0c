import type { FastifyInstance } from 'fastify';
import { ActionEditSchema, ProgressInputSchema } from '../../services/action.service.ts';
import type { Services } from '../../services/index.ts';
import { requireApiUser } from '../auth.ts';

export function actionApiRoutes(services: Services) {
  return async (app: FastifyInstance) => {
    app.get<{ Params: { actionId: string } }>(
      '/api/actions/:actionId',
      { preHandler: requireApiUser },
      async (request) => services.actions.getVersioned(request.user!.organisationId, request.params.actionId),
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
        return services.actions.getVersioned(request.user!.organisationId, request.params.actionId);
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
          .send(await services.actions.getVersioned(request.user!.organisationId, request.params.actionId));
      },
    );
  };
}
