/** A session left unused past the idle limit ends; one in use has its last use recorded (at most once a minute). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USER } from '../../src/core/demo.ts';
import { Browser, csrfIn, startTestApp, type TestApp } from '../support/web.ts';

const hoursAgo = (n: number) => new Date(Date.now() - n * 3_600_000).toISOString();

describe('idle sessions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('sqlite', { sessionIdleMinutes: 60 });
  });
  afterAll(async () => t?.close());

  it('records a session’s use, and ends it once it has been idle past the limit', async () => {
    const browser = await new Browser(t.app).signIn();
    expect((await browser.get('/plans')).statusCode).toBe(200);
    const sessions = () => t.connection.db.selectFrom('sessions').select(['id', 'last_seen_at']).execute();
    const [session] = await sessions();

    // Used ten minutes ago: still signed in, and the use is written down.
    await t.connection.db
      .updateTable('sessions')
      .set({ last_seen_at: hoursAgo(1 / 6) })
      .execute();
    t.core.auth.forgetAll();
    expect((await browser.get('/plans')).statusCode).toBe(200);
    const [touched] = await sessions();
    expect(Date.now() - Date.parse(touched!.last_seen_at!)).toBeLessThan(60_000);

    // Idle for two hours: the session ends, and the next page asks to sign in.
    await t.connection.db
      .updateTable('sessions')
      .set({ last_seen_at: hoursAgo(2), created_at: hoursAgo(3) })
      .where('id', '=', session!.id)
      .execute();
    t.core.auth.forgetAll();
    const page = await browser.get('/plans');
    expect(page.statusCode).toBe(302);
    expect(page.headers.location).toMatch(/^\/sign-in/);
    expect(await sessions()).toEqual([]);
  });

  it('ends every other session of the account when a sign-in asks it to', async () => {
    const first = await new Browser(t.app).signIn();
    const second = await new Browser(t.app).signIn();
    const third = new Browser(t.app);
    const page = await third.get('/sign-in');
    const signedIn = await third.post('/sign-in', {
      _csrf: csrfIn(page.body),
      email: DEMO_USER.email,
      password: DEMO_USER.password,
      returnTo: '/plans',
      endOthers: 'yes',
    });
    expect(signedIn.statusCode).toBe(303);
    expect((await third.get('/plans')).statusCode).toBe(200);
    expect((await first.get('/plans')).statusCode).toBe(302);
    expect((await second.get('/plans')).statusCode).toBe(302);
  });
});
