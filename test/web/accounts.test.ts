/** The account pages through real request handling: invitations, roles, deactivation, signing out everywhere. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../src/core/demo.ts';
import { dialectsToTest } from '../support/databases.ts';
import { Browser, csrfIn, startTestApp, type TestApp } from '../support/web.ts';

const email = (role: string) => DEMO_ACCOUNTS.find((a) => a.role === role)!.email;

describe.each(dialectsToTest())('account pages on %s', (dialect) => {
  let t: TestApp;
  let admin: Browser;
  const userId = async (address: string) =>
    (
      await t.connection.db
        .selectFrom('users')
        .select('id')
        .where('email', '=', address)
        .executeTakeFirstOrThrow()
    ).id;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    admin = await new Browser(t.app).signIn();
  });
  afterAll(async () => t?.close());

  const post = async (url: string, form: Record<string, string>) => {
    const page = await admin.get('/organisation/users');
    return admin.post(url, { _csrf: csrfIn(page.body), ...form });
  };

  it('invites someone with a role; the link sets their password once; the account then has that role', async () => {
    const made = await post('/organisation/users/invitations', {
      name: 'Priya Nandra',
      email: 'Priya.Nandra@riverside.example',
      role: 'lead',
    });
    expect(made.statusCode).toBe(303);
    const banner = decodeURIComponent(String(made.headers.location));
    const link = /\/invitations\/[A-Za-z0-9_-]+/.exec(banner)?.[0] as string;
    expect(link).toBeDefined();
    const listed = await admin.get('/organisation/users');
    expect(listed.body).toContain('priya.nandra@riverside.example');
    const invitee = new Browser(t.app);
    const short = await invitee.post(link, { password: 'short' });
    expect(short.statusCode).toBe(400);
    expect(short.body).toContain('Use a password of at least 12 characters');
    const common = await invitee.post(link, { password: 'Password123456!' });
    expect(common.statusCode).toBe(400);
    expect(common.body).toContain('That password is one people choose often');
    expect((await invitee.post(link, { password: 'a long password here' })).statusCode).toBe(303);
    expect((await invitee.post(link, { password: 'a long password here' })).statusCode).toBe(404);
    await invitee.signIn('priya.nandra@riverside.example', 'a long password here');
    // Linked to the plan's person of that email: her actions are hers.
    const mine = await invitee.get('/my-actions');
    expect(mine.body).toContain('data-qa="person-actions"');
    const row = await t.connection.db
      .selectFrom('users')
      .select(['role', 'person_id'])
      .where('email', '=', 'priya.nandra@riverside.example')
      .executeTakeFirstOrThrow();
    expect(row.role).toBe('lead');
    expect(row.person_id).not.toBeNull();
  });

  it('changing a role ends the account’s sessions; the last admin keeps the role', async () => {
    const lead = await new Browser(t.app).signIn(email('lead'), DEMO_PASSWORD);
    expect((await lead.get('/plans')).statusCode).toBe(200);
    expect(
      (await post(`/organisation/users/${await userId(email('lead'))}/role`, { role: 'manager' })).statusCode,
    ).toBe(303);
    expect((await lead.get('/plans')).statusCode).toBe(302);
    const refused = await post(`/organisation/users/${await userId(email('admin'))}/role`, { role: 'board' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('only administrator');
  });

  it('signs an account out everywhere, sessions and tokens, and a deactivated account cannot sign in', async () => {
    const board = await new Browser(t.app).signIn(email('board'), DEMO_PASSWORD);
    const token = (await t.ops.createToken(email('board'))).token;
    const api = () => t.app.inject({ url: '/api/plans', headers: { authorization: `Bearer ${token}` } });
    expect((await api()).statusCode).toBe(200);
    const id = await userId(email('board'));
    const ended = await post(`/organisation/users/${id}/end-access`, {});
    expect(decodeURIComponent(String(ended.headers.location))).toContain(
      '1 sessions ended, 1 tokens revoked',
    );
    expect((await board.get('/plans')).statusCode).toBe(302);
    expect((await api()).statusCode).toBe(401);
    expect((await post(`/organisation/users/${id}/deactivate`, {})).statusCode).toBe(303);
    const stranger = new Browser(t.app);
    const page = await stranger.get('/sign-in');
    const signIn = await stranger.post('/sign-in', {
      _csrf: csrfIn(page.body),
      email: email('board'),
      password: DEMO_PASSWORD,
      returnTo: '/plans',
    });
    expect(signIn.statusCode).toBe(400);
    expect(signIn.body).toContain('Enter a correct email address and password');
  });
});
