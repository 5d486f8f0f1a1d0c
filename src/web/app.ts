/**
 * The web application, assembled from the services: the server owns no data access of its own.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { Services } from '../services/index.ts';
import { planRoutes } from './api/plans.routes.ts';
import { errorHandler } from './errors.ts';

export interface AppOptions {
  logLevel?: string;
}

export async function createApp(services: Services, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({ logger: { level: options.logLevel ?? 'info' } });
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ error: { code: 'not_found', message: `No page at ${request.url}` } }),
  );
  app.get('/health', async () => {
    await services.connection.db.selectFrom('organisations').select('id').limit(1).execute();
    return { status: 'ok', database: services.connection.dialect };
  });
  await app.register(planRoutes(services));
  return app;
}
