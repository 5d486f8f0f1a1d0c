/**
 * The optional second factor: a user sets it up with a code from the app and gets recovery codes; signing in then
 * asks for a code (a right password alone signs nobody in), a code works once, a recovery code works once, and
 * turning it off takes a code. Wrong codes count with wrong passwords.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../src/core/second-factor.ts';
import { DEMO_ACCOUNTS, DEMO_USER } from '../../src/core/demo.ts';
import { Browser, csrfIn, startTestApp, type TestApp } from '../support/web.ts';

const lead = DEMO_ACCOUNTS.find((a) => a.role === 'lead')!;
const recoveryIn = (html: string) =>
  [...html.matchAll(/<li><code>([a-z0-9]{5}-[a-z0-9]{5})<\/code><\/li>/g)].map((m) => m[1]!);

describe('the second factor', () => {
  let t: TestApp;
  let secret = '';
  let recovery: string[] = [];
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  /** Password first; the answer is the page that asks for the code. */
  async function password(browser: Browser) {
    const page = await browser.get('/sign-in');
    return browser.post('/sign-in', {
      _csrf: csrfIn(page.body),
      email: lead.email,
      password: DEMO_USER.password,
      returnTo: '/my-actions',
    });
  }

  it('is set up with a code from the app, and gives ten recovery codes once', async () => {
    const browser = await new Browser(t.app).signIn(lead.email, DEMO_USER.password);
    const started = await browser.submit('/account/second-factor', {});
    secret = /data-qa="totp-secret">([A-Z2-7]+)</.exec(started.html)?.[1] ?? '';
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    expect(started.html).toContain('otpauth://totp/');

    const wrong = await browser.submit('/account/second-factor/confirm', { code: '000000' });
    expect(wrong.status).toBe(400);
    expect(wrong.html).toContain('That is not the code your app shows now');
    expect(wrong.html).toContain(secret);

    const confirmed = await browser.submit('/account/second-factor/confirm', { code: totpCode(secret) });
    expect(confirmed.status).toBe(200);
    recovery = recoveryIn(confirmed.html);
    expect(recovery).toHaveLength(10);
    expect((await browser.get('/account')).body).toContain('10 recovery codes left');
  });

  it('asks for a code after the password, and a right password alone signs nobody in', async () => {
    const browser = new Browser(t.app);
    const asked = await password(browser);
    expect(asked.statusCode).toBe(200);
    expect(asked.body).toContain('Enter your security code');
    expect((await browser.get('/my-actions')).statusCode).toBe(302);
    // Even sent as a session, the waiting session's secret signs nobody in.
    const waiting = browser.cookies.get('ipt_pending');
    expect(waiting).toBeDefined();
    const forged = await t.app.inject({
      method: 'GET',
      url: '/my-actions',
      headers: { cookie: `ipt_session=${waiting}` },
    });
    expect(forged.statusCode).toBe(302);

    const wrong = await browser.post('/sign-in/code', {
      _csrf: csrfIn(asked.body),
      code: '123456',
      returnTo: '/my-actions',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('That code is not right, or it has been used');

    // The next step's code (within the app's allowed drift), not the one the set-up used.
    const code = totpCode(secret, Date.now() + 30_000);
    const right = await browser.post('/sign-in/code', {
      _csrf: csrfIn(wrong.body),
      code,
      returnTo: '/my-actions',
    });
    expect(right.statusCode).toBe(303);
    expect(right.headers.location).toBe('/my-actions');
    expect((await browser.get('/my-actions')).statusCode).toBe(200);

    // The same code again, in another sign-in, is refused.
    const again = new Browser(t.app);
    const askedAgain = await password(again);
    const replay = await again.post('/sign-in/code', {
      _csrf: csrfIn(askedAgain.body),
      code,
      returnTo: '/plans',
    });
    expect(replay.statusCode).toBe(400);
  });

  it('takes a recovery code once, and turning the factor off takes a code', async () => {
    const browser = new Browser(t.app);
    const asked = await password(browser);
    const used = await browser.post('/sign-in/code', {
      _csrf: csrfIn(asked.body),
      code: recovery[0]!,
      returnTo: '/account',
    });
    expect(used.statusCode).toBe(303);
    expect((await browser.get('/account')).body).toContain('9 recovery codes left');

    const other = new Browser(t.app);
    const askedOther = await password(other);
    const reused = await other.post('/sign-in/code', {
      _csrf: csrfIn(askedOther.body),
      code: recovery[0]!,
      returnTo: '/plans',
    });
    expect(reused.statusCode).toBe(400);

    const refused = await browser.submit('/account/second-factor/remove', { code: '999999' });
    expect(refused.status).toBe(400);
    const off = await browser.submit('/account/second-factor/remove', { code: recovery[1]! });
    expect(off.status).toBe(303);
    expect(off.html).toContain('Second factor turned off');
    expect((await password(new Browser(t.app))).statusCode).toBe(303);
  });
});
