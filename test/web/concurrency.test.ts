/**
 * Many requests at once for one thing, over real HTTP, on both databases: commands read what they check inside
 * their transaction, with the plan's row locked, so the answers, the stored rows and the audit log agree.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USER } from '../../src/core/demo.ts';
import { dialectsToTest } from '../support/databases.ts';
import { startTestApp, type TestApp } from '../support/web.ts';

const TIMES = 50;

describe.each(dialectsToTest())('at once, on %s', (dialect) => {
  let t: TestApp;
  let base: string;
  let token: string;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    token = (await t.ops.createToken(DEMO_USER.email)).token;
  });
  afterAll(async () => t?.close());

  const post = (url: string, body: unknown) =>
    fetch(`${base}${url}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it(`${TIMES} values for one measure and period leave one current value, the one the audit log ends with`, async () => {
    const measure = (await t.ops.measuresOf(t.planId)).find((m) => m.ref === 'KPI 1')!;
    const responses = await Promise.all(
      Array.from({ length: TIMES }, (_, i) =>
        post(`/api/measures/${measure.id}/values`, { period: '2030-01', value: i }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(TIMES).fill(201));
    const rows = await t.connection.db
      .selectFrom('measure_values')
      .select(['value', 'superseded'])
      .where('measure_id', '=', measure.id)
      .where('period', '=', '2030-01')
      .execute();
    expect(rows).toHaveLength(TIMES);
    const current = rows.filter((r) => r.superseded === 0);
    expect(current).toHaveLength(1);
    const api = (await (
      await fetch(`${base}/api/measures/${measure.id}`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as { values: { period: string; value: number }[] };
    const audit = (
      await t.ops.audit(
        (await t.ops.organisations()).find((o) => o.name === 'Riverside Borough Council')!.id,
        { entityType: 'measure_value', entityId: measure.id },
      )
    ).filter((a) => (a.after as { period: string }).period === '2030-01');
    expect(audit).toHaveLength(TIMES);
    const last = (audit.at(-1)!.after as { value: number }).value;
    expect(api.values.find((v) => v.period === '2030-01')?.value).toBe(last);
    expect(current[0]?.value).toBe(last);
  });

  it('refuses a second current value for a period in the schema itself', async () => {
    const measure = (await t.ops.measuresOf(t.planId)).find((m) => m.ref === 'KPI 1')!;
    const row = await t.connection.db
      .selectFrom('measure_values')
      .selectAll()
      .where('measure_id', '=', measure.id)
      .where('superseded', '=', 0)
      .executeTakeFirstOrThrow();
    await expect(
      t.connection.db
        .insertInto('measure_values')
        .values({ ...row, id: `${row.id}-twin`, ordinal: row.ordinal + 1000 })
        .execute(),
    ).rejects.toThrow(/unique/i);
  });

  it(`${TIMES} progress updates naming one version: one is stored, every other is told the version moved on`, async () => {
    const action = (await t.ops.exportDocument(t.planId)).actions.find((a) => a.ref === '4.3')!;
    const version = (await t.ops.action(action.id)).version;
    const updatesBefore = (await t.ops.action(action.id)).updates.length;
    const responses = await Promise.all(
      Array.from({ length: TIMES }, (_, i) =>
        post(`/api/actions/${action.id}/progress`, {
          version,
          status: 'In progress',
          narrative: `Update ${i}`,
        }),
      ),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([201, ...Array(TIMES - 1).fill(409)]);
    const refusals = await Promise.all(responses.filter((r) => r.status === 409).map((r) => r.json()));
    for (const body of refusals)
      expect(body).toMatchObject({
        error: { code: 'stale_version', details: { expected: version, current: version + 1 } },
      });
    const after = await t.ops.action(action.id);
    expect(after.version).toBe(version + 1);
    expect(after.updates).toHaveLength(updatesBefore + 1);
  });

  it(`${TIMES} progress updates naming no version are all refused, and nothing is stored`, async () => {
    const action = (await t.ops.exportDocument(t.planId)).actions.find((a) => a.ref === '4.3')!;
    const before = await t.ops.action(action.id);
    const responses = await Promise.all(
      Array.from({ length: TIMES }, () =>
        post(`/api/actions/${action.id}/progress`, { status: 'Complete', narrative: 'Done' }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(TIMES).fill(409));
    const body = (await responses[0]!.json()) as { error: { code: string; details: { current: number } } };
    expect(body.error).toMatchObject({ code: 'version_required', details: { current: before.version } });
    expect((await t.ops.action(action.id)).updates).toHaveLength(before.updates.length);
  });
});
