import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../src/db/connection.ts';
import { PlanDocumentSchema } from '../../src/domain/plan-format.ts';
import { createServices } from '../../src/services/index.ts';
import { createApp } from '../../src/web/app.ts';
import { dialectsToTest, openTestDatabase } from '../support/databases.ts';

describe.each(dialectsToTest())('HTTP API on %s', (dialect) => {
  let connection: Connection;
  let app: FastifyInstance;
  let base: string;

  beforeAll(async () => {
    connection = await openTestDatabase(dialect);
    const services = createServices(connection);
    await services.demo.load({ onlyIfEmpty: true });
    app = await createApp(services, { logLevel: 'silent' });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app?.close();
    await connection?.close();
  });

  it('answers /health over real HTTP', async () => {
    const response = await fetch(`${base}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', database: dialect });
  });

  it('lists plans and serves one as Plan JSON', async () => {
    const list = (await (await fetch(`${base}/api/plans`)).json()) as {
      plans: { id: string; title: string; percentComplete: number }[];
    };
    expect(list.plans).toHaveLength(1);
    const summary = list.plans[0];
    expect(summary).toMatchObject({
      title: "Children's Services Improvement Plan 2026-27",
      percentComplete: 29,
    });
    const response = await fetch(`${base}/api/plans/${summary?.id}`);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    const doc = PlanDocumentSchema.parse(await response.json());
    expect(doc.actions).toHaveLength(14);
    expect(doc.plan.organisation).toBe('Riverside Borough Council');
  });

  it('answers 404 with a stable code for an unknown plan or path', async () => {
    const plan = await app.inject({ method: 'GET', url: '/api/plans/nope' });
    expect(plan.statusCode).toBe(404);
    expect(plan.json()).toEqual({ error: { code: 'not_found', message: 'No plan with id "nope"' } });
    const path = await app.inject({ method: 'GET', url: '/nowhere' });
    expect(path.statusCode).toBe(404);
    expect(path.json().error.code).toBe('not_found');
  });
});
