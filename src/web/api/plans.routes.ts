import type { FastifyInstance } from 'fastify';
import type { Core } from '../../core/index.ts';
import { actorOf, requireApiUser } from '../auth.ts';

export function planRoutes(core: Core) {
  return async (app: FastifyInstance) => {
    app.get('/api/plans', { preHandler: requireApiUser }, async (request) => ({
      plans: await core.queries.plans.list(actorOf(request), core.today()),
    }));

    app.get<{ Params: { planId: string } }>(
      '/api/plans/:planId',
      { preHandler: requireApiUser },
      async (request) => core.queries.plans.document(actorOf(request), request.params.planId),
    );
  };
}
