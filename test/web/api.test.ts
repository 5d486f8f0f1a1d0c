import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../src/db/connection.ts';
import { PlanDocumentSchema } from '../../src/domain/plan-format.ts';
import { DEMO_USER } from '../../src/core/demo.ts';
import { createCore } from '../../src/core/index.ts';
import { operatorShortcuts, type OperatorShortcuts } from '../support/core.ts';
import { createApp } from '../../src/web/app.ts';
import { dialectsToTest, openTestDatabase } from '../support/databases.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;
const json = (response: Response): Promise<Any> => response.json();

describe.each(dialectsToTest())('HTTP API on %s', (dialect) => {
  let connection: Connection;
  let ops: OperatorShortcuts;
  let core: ReturnType<typeof createCore>;
  let app: FastifyInstance;
  let base: string;
  let token: string;
  let planId: string;
  const auth = () => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    connection = await openTestDatabase(dialect);
    core = createCore(connection, { today: () => '2026-11-22' });
    ops = operatorShortcuts(core);
    planId = (await ops.loadDemo()).planId;
    token = (await ops.createToken(DEMO_USER.email)).token;
    app = await createApp(core, { logLevel: 'silent' });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app?.close();
    await core?.close();
    await connection?.close();
  });

  it('answers /health over real HTTP without signing in', async () => {
    const response = await fetch(`${base}/health`);
    expect(response.status).toBe(200);
    expect(await json(response)).toEqual({ status: 'ok', database: dialect });
  });

  it('answers 401 without a token, and for a revoked one', async () => {
    const none = await fetch(`${base}/api/plans`);
    expect(none.status).toBe(401);
    expect((await json(none)).error.code).toBe('unauthorised');
    const created = await ops.createToken(DEMO_USER.email, 'to revoke');
    expect(
      (await fetch(`${base}/api/plans`, { headers: { authorization: `Bearer ${created.token}` } })).status,
    ).toBe(200);
    await ops.revokeToken(created.id);
    expect(
      (await fetch(`${base}/api/plans`, { headers: { authorization: `Bearer ${created.token}` } })).status,
    ).toBe(401);
    expect(
      (await fetch(`${base}/api/plans`, { headers: { authorization: 'Bearer ipt_made_up' } })).status,
    ).toBe(401);
  });

  it('lists plans and serves one as Plan JSON', async () => {
    const list = (await json(await fetch(`${base}/api/plans`, { headers: auth() }))) as {
      plans: { id: string; title: string; percentComplete: number }[];
    };
    expect(list.plans).toHaveLength(1);
    expect(list.plans[0]).toMatchObject({
      id: planId,
      title: "Children's Services Improvement Plan 2026-27",
      percentComplete: 29,
    });
    const response = await fetch(`${base}/api/plans/${planId}`, { headers: auth() });
    const doc = PlanDocumentSchema.parse(await json(response));
    expect(doc.actions).toHaveLength(14);
  });

  it('reads an action, records progress, and edits it with optimistic concurrency', async () => {
    const doc = PlanDocumentSchema.parse(
      await json(await fetch(`${base}/api/plans/${planId}`, { headers: auth() })),
    );
    const id = doc.actions.find((a) => a.ref === '4.3')?.id as string;
    const action = await json(await fetch(`${base}/api/actions/${id}`, { headers: auth() }));
    expect(action).toMatchObject({ ref: '4.3', version: 1 });

    const progress = await fetch(`${base}/api/actions/${id}/progress`, {
      method: 'POST',
      headers: { ...auth(), 'content-type': 'application/json' },
      body: JSON.stringify({
        version: 1,
        status: 'In progress',
        narrative: 'Exit interviews running since October.',
        date: '2026-11-21',
      }),
    });
    expect(progress.status).toBe(201);
    const afterProgress = await json(progress);
    expect(afterProgress).toMatchObject({
      version: 2,
      status: { raw: 'In progress', rag: 'amber', setBy: DEMO_USER.name },
    });

    const patch = (body: unknown) =>
      fetch(`${base}/api/actions/${id}`, {
        method: 'PATCH',
        headers: { ...auth(), 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const edited = await patch({
      version: 2,
      due: '31 January 2027',
      dueChangeReason: 'Waiting for HR data',
    });
    expect(edited.status).toBe(200);
    expect(await json(edited)).toMatchObject({
      version: 3,
      due: { raw: '31 January 2027', end: '2027-01-31' },
    });

    const stale = await patch({ version: 2, text: 'Overwrite' });
    expect(stale.status).toBe(409);
    expect((await json(stale)).error).toMatchObject({
      code: 'stale_version',
      details: { expected: 2, current: 3 },
    });
  });

  it('validates bodies with clear field errors', async () => {
    const doc = PlanDocumentSchema.parse(
      await json(await fetch(`${base}/api/plans/${planId}`, { headers: auth() })),
    );
    const id = doc.actions[0]?.id as string;
    const response = await fetch(`${base}/api/actions/${id}/progress`, {
      method: 'POST',
      headers: { ...auth(), 'content-type': 'application/json' },
      body: JSON.stringify({ status: '', narrative: 'x', date: '2026-02-30' }),
    });
    expect(response.status).toBe(400);
    const body = await json(response);
    expect(body.error.code).toBe('invalid_input');
    expect(body.error.details.map((d: { field: string }) => d.field)).toEqual(
      expect.arrayContaining(['status', 'date']),
    );
  });

  it('answers 404 with a stable code for unknown ids and paths', async () => {
    for (const url of ['/api/plans/nope', '/api/actions/nope']) {
      const response = await app.inject({ method: 'GET', url, headers: auth() });
      expect(response.statusCode, url).toBe(404);
      expect(response.json().error.code).toBe('not_found');
    }
    expect((await app.inject({ method: 'GET', url: '/api/nowhere', headers: auth() })).statusCode).toBe(404);
  });

  it('publishes an OpenAPI document generated from the schemas', async () => {
    const doc = await json(await fetch(`${base}/api/openapi.json`));
    expect(doc.openapi).toBe('3.0.3');
    // Every API route the app registers is described, with its method; nothing described is missing from the app.
    const template = (url: string) => url.replace(/:[A-Za-z]+/g, '{}').replace(/\{[A-Za-z]+\}/g, '{}');
    const registered = app.routeTable
      .filter((r) => r.url.startsWith('/api/') && !['/api/openapi.json', '/api/docs'].includes(r.url))
      .map((r) => `${r.method} ${template(r.url)}`)
      .sort();
    const described = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
      .flatMap(([at, operations]) => Object.keys(operations).map((m) => `${m.toUpperCase()} ${template(at)}`))
      .sort();
    expect(described).toEqual(registered);
    // A path's parameters are named as its template names them.
    for (const [at, operations] of Object.entries(
      doc.paths as Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>,
    ))
      for (const op of Object.values(operations))
        expect(
          (op.parameters ?? [])
            .filter((p) => p.in === 'path')
            .map((p) => `{${p.name}}`)
            .join(''),
          at,
        ).toBe((at.match(/\{[A-Za-z]+\}/g) ?? []).join(''));
    expect(
      doc.paths['/api/sections/{id}'].patch.requestBody.content['application/json'].schema.properties,
    ).toHaveProperty('objectives');
    expect(doc.components.schemas.ValueInput.properties).toHaveProperty('period');
    expect(doc.components.schemas.ProgressInput.properties).toHaveProperty('narrative');
  });

  it('needs the CSRF header when a browser session changes data through the API', async () => {
    const signedIn = await core.auth.signIn(DEMO_USER.email, DEMO_USER.password);
    const sessionToken = signedIn.kind === 'signed-in' ? signedIn.token : '';
    const doc = PlanDocumentSchema.parse(
      await json(await fetch(`${base}/api/plans/${planId}`, { headers: auth() })),
    );
    const response = await app.inject({
      method: 'POST',
      url: `/api/actions/${doc.actions[0]?.id}/progress`,
      headers: { cookie: `ipt_session=${sessionToken}`, 'content-type': 'application/json' },
      payload: { status: 'Complete', narrative: 'Done' },
    });
    expect(response.statusCode).toBe(403);
  });
});
