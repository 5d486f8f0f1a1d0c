/**
 * Signing in with the council's account, end to end against a real OpenID provider on loopback, on both
 * databases: an account matched by verified email, an invitation taken up, a new account waiting for a role where
 * the organisation lets its domain in; refused for a changed state, a wrong nonce, an expired code, an unverified
 * email, a second use of one answer. And the organisation's own settings: passwords off, a second factor required.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inviteUser } from '../../src/core/commands/account.commands.ts';
import { DEMO_COUNCIL, DEMO_USER } from '../../src/core/demo.ts';
import { dialectsToTest } from '../support/databases.ts';
import { CLIENT_ID, CLIENT_SECRET, startOidcProvider, type TestProvider } from '../support/oidc-provider.ts';
import { Browser, csrfIn, startTestApp, type TestApp } from '../support/web.ts';

const REDIRECT = 'http://ipt.test/sign-in/council/callback';
const LEAD = 'daniel.marsh@riverside.example';

/** The error summary's words on a sign-in page. */
const problemIn = (html: string) =>
  /govuk-error-summary__list">\s*<li>\s*<a[^>]*>([^<]+)</.exec(html)?.[1]?.trim() ?? '';

describe.each(dialectsToTest())('single sign-on on %s', (dialect) => {
  let provider: TestProvider;
  let t: TestApp;

  beforeAll(async () => {
    provider = await startOidcProvider(REDIRECT);
    t = await startTestApp(dialect, {
      oidc: {
        issuer: provider.issuer,
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        redirectUrl: REDIRECT,
      },
    });
    provider.accounts.set('daniel', {
      email: 'Daniel.Marsh@riverside.example',
      email_verified: true,
      name: 'DM',
    });
  });
  afterAll(async () => {
    await t?.close();
    await provider?.close();
  });

  /** "Sign in with your council account" pressed: the provider's URL, with this browser's sign-in under way. */
  async function begin(browser: Browser, returnTo = '/my-actions') {
    const form = await browser.get(`/sign-in?returnTo=${encodeURIComponent(returnTo)}`);
    expect(form.body).toContain('Sign in with your council account');
    const link = /href="(\/sign-in\/council[^"]*)"/.exec(form.body)?.[1]?.replace(/&amp;/g, '&') ?? '';
    const started = await browser.get(link);
    expect(started.statusCode).toBe(303);
    const location = started.headers.location as string;
    expect(location.startsWith(`${provider.issuer}/`)).toBe(true);
    return location;
  }
  const back = (browser: Browser, callback: string) => browser.get(callback.replace('http://ipt.test', ''));

  it('signs in the account of the verified email, and takes the user where they were going', async () => {
    const browser = new Browser(t.app);
    const url = await begin(browser);
    const query = new URL(url).searchParams;
    expect(query.get('code_challenge_method')).toBe('S256');
    expect(query.get('state')).toBeTruthy();
    expect(query.get('nonce')).toBeTruthy();
    const callback = await provider.signInAt(url, 'daniel');
    const done = await back(browser, callback);
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/my-actions');
    const page = await browser.get('/account');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(LEAD);
    // The same answer from the provider signs nobody in twice.
    const again = await back(new Browser(t.app), callback);
    expect(again.statusCode).toBe(400);
    expect(problemIn(again.body)).toContain('did not work');
  });

  it('refuses an answer whose state was changed on the way back', async () => {
    const browser = new Browser(t.app);
    const callback = new URL(await provider.signInAt(await begin(browser), 'daniel'));
    callback.searchParams.set('state', 'someone-elses-state');
    const refused = await back(browser, callback.href);
    expect(refused.statusCode).toBe(400);
    expect(problemIn(refused.body)).toContain('Signing in with your council account did not work');
    expect(browser.cookies.has('ipt_session')).toBe(false);
  });

  it('refuses an ID token whose nonce is not the one this sign-in sent', async () => {
    const browser = new Browser(t.app);
    const url = await begin(browser);
    // The nonce kept for this sign-in is not the one in the ID token the provider will issue.
    await t.connection.db.updateTable('oidc_logins').set({ nonce: 'another-nonce' }).execute();
    const refused = await back(browser, await provider.signInAt(url, 'daniel'));
    expect(refused.statusCode).toBe(400);
    expect(browser.cookies.has('ipt_session')).toBe(false);
  });

  it('refuses an expired code', async () => {
    provider.codeLifetime.seconds = 1;
    try {
      const browser = new Browser(t.app);
      const callback = await provider.signInAt(await begin(browser), 'daniel');
      await new Promise((resolve) => setTimeout(resolve, 2100));
      const refused = await back(browser, callback);
      expect(refused.statusCode).toBe(400);
      expect(browser.cookies.has('ipt_session')).toBe(false);
    } finally {
      provider.codeLifetime.seconds = 60;
    }
  });

  it('refuses an email the provider has not verified, even of a known account', async () => {
    provider.accounts.set('unverified', { email: LEAD, email_verified: false, name: 'Not Verified' });
    const browser = new Browser(t.app);
    const refused = await back(browser, await provider.signInAt(await begin(browser), 'unverified'));
    expect(refused.statusCode).toBe(400);
    expect(problemIn(refused.body)).toContain('has not been verified');
    expect(browser.cookies.has('ipt_session')).toBe(false);
  });

  it('takes up an invitation sent to the email, with the role it gave', async () => {
    const admin = await t.core.actorByEmail(DEMO_USER.email);
    const council = (await t.ops.organisations()).find((o) => o.name === DEMO_COUNCIL)!;
    await t.core.run(inviteUser, admin, {
      organisationId: council.id,
      email: 'invited.lead@riverside.example',
      name: 'Ivy Invited',
      role: 'lead',
    });
    provider.accounts.set('ivy', {
      email: 'invited.lead@riverside.example',
      email_verified: true,
      name: 'Ivy',
    });
    const browser = new Browser(t.app);
    const done = await back(browser, await provider.signInAt(await begin(browser), 'ivy'));
    expect(done.statusCode).toBe(303);
    const account = await browser.get('/account');
    expect(account.body).toContain('Ivy Invited');
    expect(account.body).toContain('Action lead');
  });

  it('makes an account waiting for a role only where the organisation lets the domain in', async () => {
    provider.accounts.set('nia', {
      email: 'nia.new@riverside.example',
      email_verified: true,
      name: 'Nia New',
    });
    const nobody = new Browser(t.app);
    const refused = await back(nobody, await provider.signInAt(await begin(nobody), 'nia'));
    expect(problemIn(refused.body)).toContain('There is no account here for nia.new@riverside.example');

    const admin = await new Browser(t.app).signIn();
    const settings = await admin.get('/organisation/sign-in');
    expect(settings.statusCode).toBe(200);
    const saved = await admin.post('/organisation/sign-in', {
      _csrf: csrfIn(settings.body),
      localSignIn: 'yes',
      secondFactorRequired: 'no',
      newAccountDomains: 'riverside.example',
    });
    expect(saved.statusCode).toBe(303);

    const browser = new Browser(t.app);
    const waiting = await back(browser, await provider.signInAt(await begin(browser), 'nia'));
    expect(problemIn(waiting.body)).toContain(`waiting for an administrator of ${DEMO_COUNCIL}`);
    expect(browser.cookies.has('ipt_session')).toBe(false);
    const users = await admin.get('/organisation/users');
    expect(users.body).toMatch(/Nia New[\s\S]*?data-qa="waiting-for-role"/);
  });

  it('refuses a password where the organisation has switched passwords off, but only to whoever knows it', async () => {
    const admin = await new Browser(t.app).signIn();
    const settings = await admin.get('/organisation/sign-in');
    const saved = await admin.post('/organisation/sign-in', {
      _csrf: csrfIn(settings.body),
      localSignIn: 'no',
      secondFactorRequired: 'no',
      newAccountDomains: '',
    });
    expect(saved.statusCode).toBe(303);
    try {
      const browser = new Browser(t.app);
      const form = await browser.get('/sign-in');
      const right = await browser.post('/sign-in', {
        _csrf: csrfIn(form.body),
        email: LEAD,
        password: DEMO_USER.password,
      });
      expect(right.statusCode).toBe(400);
      expect(problemIn(right.body)).toContain('signs its staff in with their council account');
      const wrong = await browser.post('/sign-in', {
        _csrf: csrfIn((await browser.get('/sign-in')).body),
        email: LEAD,
        password: 'not-the-password-at-all',
      });
      expect(problemIn(wrong.body)).toBe('Enter a correct email address and password');
      // The council account still signs in.
      const sso = new Browser(t.app);
      expect((await back(sso, await provider.signInAt(await begin(sso), 'daniel'))).statusCode).toBe(303);
    } finally {
      const page = await admin.get('/organisation/sign-in');
      await admin.post('/organisation/sign-in', {
        _csrf: csrfIn(page.body),
        localSignIn: 'yes',
        secondFactorRequired: 'no',
        newAccountDomains: '',
      });
    }
  });
});

describe('sign-in settings without single sign-on', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('sqlite');
  });
  afterAll(async () => t?.close());

  it('offers no council account button, and will not switch passwords off', async () => {
    const form = await new Browser(t.app).get('/sign-in');
    expect(form.body).not.toContain('Sign in with your council account');
    const admin = await new Browser(t.app).signIn();
    const page = await admin.get('/organisation/sign-in');
    const refused = await admin.post('/organisation/sign-in', {
      _csrf: csrfIn(page.body),
      localSignIn: 'no',
      secondFactorRequired: 'no',
      newAccountDomains: 'not a domain',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('is not an email domain');
  });

  it('sends a password user to set up a second factor where the organisation requires one', async () => {
    const admin = await new Browser(t.app).signIn();
    const page = await admin.get('/organisation/sign-in');
    expect(
      (
        await admin.post('/organisation/sign-in', {
          _csrf: csrfIn(page.body),
          localSignIn: 'yes',
          secondFactorRequired: 'yes',
          newAccountDomains: '',
        })
      ).statusCode,
    ).toBe(303);
    const lead = await new Browser(t.app).signIn(LEAD);
    const plans = await lead.get('/plans');
    expect(plans.statusCode).toBe(303);
    expect(plans.headers.location).toBe('/account?setUpSecondFactor=1#second-factor');
    expect((await lead.get('/api/plans')).statusCode).toBe(403);
    const account = await lead.get('/account');
    expect(account.statusCode).toBe(200);
    expect(account.body).toContain('data-qa="second-factor-required"');
  });
});
