/**
 * Single sign-on in Debian's Chromium: "Sign in with your council account", the council's provider (a real OpenID
 * provider on loopback) and its sign-in form, and back signed in; the sign-in and settings pages are axe-clean.
 */
import { createServer } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USER } from '../../src/core/demo.ts';
import { chromiumAvailable, expectAccessible, launchChromium } from '../support/browser.ts';
import { CLIENT_ID, CLIENT_SECRET, startOidcProvider, type TestProvider } from '../support/oidc-provider.ts';
import { startTestApp, type TestApp } from '../support/web.ts';
import { SignInPage } from './pages.ts';

/** A port nothing listens on now: the app's, known before the provider is told where to send people back. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe.skipIf(!chromiumAvailable())('single sign-on in a real browser', () => {
  let provider: TestProvider;
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const redirectUrl = `${base}/sign-in/council/callback`;
    provider = await startOidcProvider(redirectUrl);
    provider.accounts.set('grace', { email: DEMO_USER.email, email_verified: true, name: DEMO_USER.name });
    t = await startTestApp('sqlite', {
      oidc: { issuer: provider.issuer, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUrl },
    });
    await t.app.listen({ port, host: '127.0.0.1' });
    browser = await launchChromium();
    page = await (await browser.newContext()).newPage();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await provider?.close();
  });

  it('signs in with the council account and comes back where the user was going', async () => {
    await page.goto(`${base}/organisation/users`);
    expect(page.url()).toContain('/sign-in?returnTo=');
    await expectAccessible(page, 'sign-in with single sign-on');
    await page.click('[data-qa="council-sign-in"]');
    // The provider's own sign-in form.
    await page.waitForURL((url) => url.href.startsWith(provider.issuer));
    await page.fill('input[name="login"]', 'grace');
    await page.fill('input[name="password"]', 'anything');
    await page.click('button[type="submit"]');
    await page.waitForURL(`${base}/organisation/users`);
    expect(await page.locator('h1').textContent()).toContain('Users');
    await page.goto(`${base}/organisation/sign-in`);
    await expectAccessible(page, 'sign-in settings');
    expect(await page.locator('[data-qa="sign-in-settings"]').isVisible()).toBe(true);
  }, 60_000);

  it('says plainly why a council account that matches nobody is not signed in', async () => {
    provider.accounts.set('stranger', {
      email: 'stranger@elsewhere.example',
      email_verified: true,
      name: 'Sam Stranger',
    });
    const context = await browser.newContext();
    const other = await context.newPage();
    await other.goto(`${base}/sign-in`);
    await other.click('[data-qa="council-sign-in"]');
    await other.waitForURL((url) => url.href.startsWith(provider.issuer));
    await other.fill('input[name="login"]', 'stranger');
    await other.fill('input[name="password"]', 'anything');
    await other.click('button[type="submit"]');
    await other.waitForURL((url) => url.pathname === '/sign-in/council/callback');
    expect(await other.locator('.govuk-error-summary').textContent()).toContain(
      'There is no account here for stranger@elsewhere.example',
    );
    await expectAccessible(other, 'council sign-in refused');
    // Password sign-in still works beside it.
    await new SignInPage(other, base).signIn(DEMO_USER.email, DEMO_USER.password);
    expect(other.url()).toContain('/plans');
    await context.close();
  }, 60_000);
});
