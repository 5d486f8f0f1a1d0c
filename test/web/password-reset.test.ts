/**
 * A password reset link: an administrator makes it (shown to them until email arrives); the user, locked out by
 * wrong passwords, opens it, chooses a new password under the same rules, and is back in; the link works once,
 * a newer link replaces it, and every old session of the account ends.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_USER } from '../../src/core/demo.ts';
import { Browser, signInFrom, startTestApp, type TestApp } from '../support/web.ts';

const lead = DEMO_ACCOUNTS.find((a) => a.role === 'lead')!;
const NEW_PASSWORD = 'kettle orchard violin';

describe('password reset links', () => {
  let t: TestApp;
  let admin: Browser;
  let leadId: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await new Browser(t.app).signIn();
    leadId = (
      await t.connection.db
        .selectFrom('users')
        .select('id')
        .where('email', '=', lead.email)
        .executeTakeFirstOrThrow()
    ).id;
  });
  afterAll(async () => t?.close());

  async function issue(): Promise<string> {
    const made = await admin.submit(`/organisation/users/${leadId}/password-reset`, {});
    expect(made.status).toBe(303);
    const link = /[Ss]end [^ ]+ this link: (\/password-reset\/[\w-]+)/.exec(made.html)?.[1];
    expect(link).toBeDefined();
    return link!;
  }

  const signInAttempt = (password: string, address: string) =>
    signInFrom(t.app, lead.email, password, address);

  it('lets a locked-out user back in with a new password, ending their old sessions', async () => {
    const oldSession = await new Browser(t.app).signIn(lead.email, DEMO_USER.password);
    for (let i = 0; i < 10; i++) await signInAttempt(`wrong-${i}`, `10.1.0.${i + 1}`);
    expect((await signInAttempt(DEMO_USER.password, '10.1.1.1')).body).toContain('too many wrong passwords');

    const first = await issue();
    const link = await issue();
    // Only the newest link works.
    expect((await new Browser(t.app).post(first, { password: NEW_PASSWORD })).statusCode).toBe(404);

    const holder = new Browser(t.app);
    const form = await holder.get(link);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Choose a new password');
    const common = await holder.post(link, { password: 'Password123456!' });
    expect(common.statusCode).toBe(400);
    expect(common.body).toContain('That password is one people choose often');
    const changed = await holder.post(link, { password: NEW_PASSWORD });
    expect(changed.statusCode).toBe(303);
    expect((await holder.get(changed.headers.location as string)).body).toContain(
      'Password changed: sign in with it',
    );

    expect((await holder.post(link, { password: 'another long password' })).statusCode).toBe(404);
    expect((await oldSession.get('/plans')).statusCode).toBe(302);
    expect((await signInAttempt(DEMO_USER.password, '10.1.1.2')).statusCode).toBe(400);
    expect((await signInAttempt(NEW_PASSWORD, '10.1.1.3')).statusCode).toBe(303);

    const org = (await t.ops.organisations()).find((o) => o.name === 'Riverside Borough Council')!.id;
    const audit = await t.ops.audit(org, { entityId: leadId });
    expect(
      audit.some((e) => e.operation === 'update' && JSON.stringify(e.after).includes('passwordReset')),
    ).toBe(true);
  });

  it('is for administrators only', async () => {
    const leader = await new Browser(t.app).signIn(lead.email, NEW_PASSWORD);
    const refused = await leader.submit(`/organisation/users/${leadId}/password-reset`, {});
    expect(refused.status).toBe(403);
  });
});
