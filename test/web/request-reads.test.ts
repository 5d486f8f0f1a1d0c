/**
 * A request reads its plan's revision once (request-scope.ts): what it has read stands for the rest of that request,
 * until a change the request itself makes, and never for the next request, so a change made through another
 * process is seen on the very next request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordProgress } from '../../src/core/commands/action.commands.ts';
import { DEMO_USER } from '../../src/core/demo.ts';
import { createCore } from '../../src/core/index.ts';
import { outsideRequest, withinRequest } from '../../src/core/request-scope.ts';
import { openMigratedDatabase, type Connection } from '../../src/db/connection.ts';
import { dialectsToTest } from '../support/databases.ts';
import { startTestApp, TODAY, type TestApp } from '../support/web.ts';

describe.each(dialectsToTest())('reads within one request on %s', (dialect) => {
  let t: TestApp;
  let token: string;
  let actionId: string;
  let other: { connection: Connection; core: ReturnType<typeof createCore> };

  beforeAll(async () => {
    t = await startTestApp(dialect);
    token = (await t.ops.createToken(DEMO_USER.email)).token;
    const doc = await t.ops.exportDocument(t.planId);
    actionId = doc.actions.find((a) => a.kind === 'action')!.id;
    // A second process on the same database.
    const connection = await openMigratedDatabase(t.databaseUrl);
    other = { connection, core: createCore(connection) };
  });
  afterAll(async () => {
    await other.core.close();
    await other.connection.close();
    await t.close();
  });

  const api = (url: string, payload?: unknown) =>
    t.app.inject({
      method: payload ? 'POST' : 'GET',
      url,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(payload ? { payload: JSON.stringify(payload) } : {}),
    });
  const versionNow = async () =>
    (JSON.parse((await api(`/api/actions/${actionId}`)).body) as { version: number }).version;

  it('answers a change with what the change made, read after its commit', async () => {
    const before = await versionNow();
    const response = await api(`/api/actions/${actionId}/progress`, {
      version: before,
      status: 'On schedule',
      narrative: 'Read back within the same request',
    });
    expect(response.statusCode).toBe(201);
    const answered = JSON.parse(response.body) as { version: number; updates: { narrative: string }[] };
    expect(answered.version).toBeGreaterThan(before);
    expect(answered.updates.map((u) => u.narrative)).toContain('Read back within the same request');
    expect(await versionNow()).toBe(answered.version);
  });

  it("reads the plan's revision once in a request, and again after a change the request makes", async () => {
    const admin = await t.core.actorByEmail(DEMO_USER.email);
    const access = t.core.queries.access;
    await withinRequest(async () => {
      const first = (await access.plan(admin, t.planId)).revision;
      // Another process's change during the request (outside this request, as it would be): the request keeps the
      // revision it read.
      const version = await versionNow();
      await outsideRequest(() =>
        other.core.run(recordProgress, admin, {
          actionId,
          version,
          status: 'On schedule',
          narrative: 'Written elsewhere during the request',
          date: TODAY,
        }),
      );
      expect((await access.plan(admin, t.planId)).revision).toBe(first);
      // Its own change: read again, after both.
      await t.core.run(recordProgress, admin, {
        actionId,
        version: await versionNow(),
        status: 'On schedule',
        narrative: 'Written by the request itself',
        date: TODAY,
      });
      expect((await access.plan(admin, t.planId)).revision).toBe(first + 2);
    });
  });

  it('sees on the next request a change made through another process', async () => {
    const page = () =>
      t.app.inject({ url: `/api/actions/${actionId}`, headers: { authorization: `Bearer ${token}` } });
    const before = JSON.parse((await page()).body) as { version: number };
    const admin = await other.core.actorByEmail(DEMO_USER.email);
    await other.core.run(recordProgress, admin, {
      actionId,
      version: before.version,
      status: 'Behind schedule',
      narrative: 'Written by the other process',
    });
    const after = JSON.parse((await page()).body) as { version: number; updates: { narrative: string }[] };
    expect(after.version).toBeGreaterThan(before.version);
    expect(after.updates.map((u) => u.narrative)).toContain('Written by the other process');
  });
});
