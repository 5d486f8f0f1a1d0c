/** Things that belong to someone: an upload's preview is its owner's alone; a finding belongs to its plan. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorByEmail } from '../../src/core/actors.ts';
import { addUser } from '../../src/core/commands/account.commands.ts';
import { readFileSync } from 'node:fs';
import { previewImport } from '../../src/core/commands/import.commands.ts';
import { PREVIEWS_PER_USER } from '../../src/core/commands/preview.commands.ts';
import { DEMO_COUNCIL, DEMO_USER } from '../../src/core/demo.ts';
import { OPERATOR } from '../../src/domain/actor.ts';
import { addOpenFinding } from '../support/core.ts';
import { Browser, csrfIn, startTestApp, type TestApp } from '../support/web.ts';

describe('ownership', () => {
  let t: TestApp;
  let owner: Browser;
  let other: Browser;
  let previewId: string;

  beforeAll(async () => {
    t = await startTestApp();
    await t.core.run(addUser, OPERATOR, {
      email: 'second.manager@riverside.example',
      organisation: DEMO_COUNCIL,
      role: 'manager',
      password: 'a-long-password',
    });
    owner = await new Browser(t.app).signIn();
    other = await new Browser(t.app).signIn('second.manager@riverside.example', 'a-long-password');
    previewId = (
      await t.core.run(previewImport, await actorByEmail(t.connection.db, DEMO_USER.email), {
        file: 'harbour-plan.txt',
        content: readFileSync(new URL('../fixtures/harbour-plan.txt', import.meta.url)),
      })
    ).previewId;
  });
  afterAll(async () => t?.close());

  it("does not let another user see or cancel someone's import preview, which outlives the process", async () => {
    expect((await other.get(`/import/${previewId}`)).statusCode).toBe(404);
    const page = await other.get('/plans');
    const cancel = await other.post(`/import/${previewId}/cancel`, { _csrf: csrfIn(page.body) });
    expect(cancel.statusCode).toBe(404);
    // Still there for its owner, in the database (another app process would find it the same way).
    const row = await t.connection.db
      .selectFrom('previews')
      .select('id')
      .where('id', '=', previewId)
      .executeTakeFirst();
    expect(row?.id).toBe(previewId);
    const mine = await owner.get(`/import/${previewId}`);
    expect(mine.statusCode).toBe(200);
    expect(mine.body).toContain('Riverside Borough Council');
    expect(mine.body).toMatch(/Starts as[\s\S]*?Draft/);
  });

  it('refuses to dismiss a finding through another plan, and records nothing against it', async () => {
    const db = t.connection.db;
    const org = (await t.ops.organisations()).find((o) => o.name === DEMO_COUNCIL)!.id;
    const copy = await t.ops.importDocument(await t.ops.exportDocument(t.planId), {
      organisation: DEMO_COUNCIL,
    });
    await addOpenFinding(t.core, { id: 'finding-of-copy', organisationId: org, planId: copy.planId });
    const auditBefore = (await t.ops.audit(org)).length;
    const page = await owner.get('/plans');
    for (const planId of [t.planId, 'no-such-plan']) {
      const response = await owner.post(`/plans/${planId}/findings/finding-of-copy/dismiss`, {
        _csrf: csrfIn(page.body),
        reason: 'Wrong plan',
      });
      expect(response.statusCode).toBe(404);
    }
    const finding = await db
      .selectFrom('findings')
      .select('state')
      .where('id', '=', 'finding-of-copy')
      .executeTakeFirstOrThrow();
    expect(finding.state).toBe('open');
    expect((await t.ops.audit(org)).length).toBe(auditBefore);
  });

  it("keeps at most ten of a user's unconfirmed previews, the newest", async () => {
    const actor = await actorByEmail(t.connection.db, 'second.manager@riverside.example');
    const content = readFileSync(new URL('../fixtures/harbour-plan.txt', import.meta.url));
    const ids: string[] = [];
    for (let i = 0; i < PREVIEWS_PER_USER + 3; i++)
      ids.push((await t.core.run(previewImport, actor, { file: `plan-${i}.txt`, content })).previewId);
    const kept = await t.connection.db
      .selectFrom('previews')
      .select('id')
      .where('user_id', '=', actor.userId)
      .execute();
    expect(kept).toHaveLength(PREVIEWS_PER_USER);
    expect(kept.map((k) => k.id)).toContain(ids.at(-1));
    // Another user's preview is untouched.
    expect((await owner.get(`/import/${previewId}`)).statusCode).toBe(200);
  });
});
