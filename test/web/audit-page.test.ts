/** The audit log page: an administrator reads who changed what, filters it, and sees a tampered chain flagged. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, startTestApp, type TestApp } from '../support/web.ts';

const rowsOf = (html: string) =>
  (/data-qa="audit-entries"[\s\S]*?<tbody[^>]*>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '').split('<tr')
    .length - 1;

describe('the audit log page', () => {
  let t: TestApp;
  let admin: Browser;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await new Browser(t.app).signIn();
    const doc = await t.ops.exportDocument(t.planId);
    const action = doc.actions[0]!;
    const stored = await t.ops.action(action.id);
    await t.ops.recordProgress(action.id, {
      version: stored.version,
      status: 'On schedule',
      narrative: 'Audit page check.',
    });
  }, 60_000);
  afterAll(async () => t?.close());

  it('lists entries newest first, verified, and filters them by who, what and when', async () => {
    const page = await admin.get('/organisation/audit');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('data-qa="audit-verified"');
    const all = rowsOf(page.body);
    expect(all).toBeGreaterThan(2);

    const progress = await admin.get('/organisation/audit?what=progress');
    expect(rowsOf(progress.body)).toBeGreaterThan(0);
    expect(rowsOf(progress.body)).toBeLessThan(all);
    expect(progress.body).not.toMatch(/<td[^>]*>\s*import\s*<\/td>/);

    const nobody = await admin.get('/organisation/audit?who=Nobody%20At%20All');
    expect(nobody.body).toContain('data-qa="audit-none"');
    const future = await admin.get('/organisation/audit?from=2999-01-01');
    expect(future.body).toContain('data-qa="audit-none"');
    const today = new Date().toISOString().slice(0, 10);
    const upToToday = await admin.get(`/organisation/audit?to=${today}`);
    expect(rowsOf(upToToday.body)).toBe(all);
  });

  it('says the log does not verify once a row is changed in the database', async () => {
    const [entry] = await t.connection.db
      .selectFrom('audit_log')
      .select(['id', 'seq'])
      .where('operation', '=', 'progress')
      .execute();
    await t.connection.db
      .updateTable('audit_log')
      .set({ after_json: '{}' })
      .where('id', '=', entry!.id)
      .execute();
    const page = await admin.get('/organisation/audit');
    expect(page.body).toContain('data-qa="audit-broken"');
    expect(page.body).toContain(`entry ${entry!.seq} (${entry!.id}`);
  });
});
