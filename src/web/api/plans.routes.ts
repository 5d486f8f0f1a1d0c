import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services/index.ts';

export function planRoutes(services: Services) {
  return async (app: FastifyInstance) => {
    app.get('/api/plans', async () => {
      const organisations = await services.organisations.list();
      const plans = (await Promise.all(organisations.map((o) => services.plans.summaries(o.id)))).flat();
      return { plans };
    });

    app.get<{ Params: { planId: string } }>('/api/plans/:planId', async (request) => {
      const organisationId = await services.plans.organisationOfPlan(request.params.planId);
      return services.plans.exportDocument(organisationId, request.params.planId);
    });
  };
}
