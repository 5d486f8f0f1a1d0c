import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services/index.ts';
import { requireApiUser } from '../auth.ts';

export function planRoutes(services: Services) {
  return async (app: FastifyInstance) => {
    app.get('/api/plans', { preHandler: requireApiUser }, async (request) => ({
      plans: await services.plans.summaries(request.user!.organisationId),
    }));

    app.get<{ Params: { planId: string } }>(
      '/api/plans/:planId',
      { preHandler: requireApiUser },
      async (request) => services.plans.exportDocument(request.user!.organisationId, request.params.planId),
    );
  };
}
