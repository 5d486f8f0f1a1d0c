/**
 * Rate limits on sign-in (per address), API tokens (per token) and uploads (per user): a bounded loop reaches
 * each limit, the next request is answered 429 with a clear message, and other doors stay open.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USER } from '../../src/core/demo.ts';
import { Browser, csrfIn, startTestApp, type TestApp } from '../support/web.ts';

const LIMITS = { signInPerMinute: 5, tokenPerMinute: 4, uploadsPerMinute: 3 };

describe('rate limits', () => {
  let t: TestApp;
  let uploader: Browser;
  beforeAll(async () => {
    t = await startTestApp('sqlite', {}, { rateLimits: LIMITS });
    // Signed in before the sign-in limit is reached below (every request here comes from one address).
    uploader = await new Browser(t.app).signIn();
  });
  afterAll(async () => t?.close());

  it('answers 429 to sign-in attempts from one address past the limit', async () => {
    const browser = new Browser(t.app);
    const csrf = csrfIn((await browser.get('/sign-in')).body);
    const statuses: number[] = [];
    // The uploader's sign-in was the first of this address's attempts.
    const left = LIMITS.signInPerMinute - 1;
    for (let i = 0; i < left + 2; i++)
      statuses.push(
        (await browser.post('/sign-in', { _csrf: csrf, email: 'nobody@example.org', password: `guess ${i}` }))
          .statusCode,
      );
    expect(statuses.slice(0, left).every((s) => s !== 429)).toBe(true);
    expect(statuses.slice(left)).toEqual([429, 429]);
    const refused = await browser.post('/sign-in', { _csrf: csrf, email: DEMO_USER.email, password: 'x' });
    expect(refused.body).toContain('Too many attempts to sign in from this address in a minute: wait');
    // Reading pages is not sign-in.
    expect((await browser.get('/sign-in')).statusCode).toBe(200);
  });

  it('limits each API token on its own', async () => {
    const first = (await t.ops.createToken(DEMO_USER.email)).token;
    const second = (await t.ops.createToken(DEMO_USER.email)).token;
    const call = (token: string) =>
      t.app.inject({ method: 'GET', url: '/api/plans', headers: { authorization: `Bearer ${token}` } });
    for (let i = 0; i < LIMITS.tokenPerMinute; i++) expect((await call(first)).statusCode).toBe(200);
    const over = await call(first);
    expect(over.statusCode).toBe(429);
    expect(over.json()).toMatchObject({
      error: { message: expect.stringContaining('Too many requests with this access token') },
    });
    expect((await call(second)).statusCode).toBe(200);
  });

  it('limits uploads per signed-in user', async () => {
    const browser = uploader;
    const file = Buffer.from('Ref,Action,Lead,Due\n1,Review every open case,Ann Lee,Mar-27\n');
    const statuses: number[] = [];
    for (let i = 0; i < LIMITS.uploadsPerMinute + 1; i++)
      statuses.push((await browser.upload('/import', 'plan.csv', file)).statusCode);
    expect(statuses.slice(0, LIMITS.uploadsPerMinute).every((s) => s !== 429)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    expect((await browser.get('/plans')).statusCode).toBe(200);
  }, 60_000);
});
