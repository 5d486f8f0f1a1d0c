/**
 * In Debian's Chromium: a partner agency's user (an NHS trust, sharing the plan jointly) sees only the shared
 * plan, updates a joint action and cannot open the update form of one that is not theirs; a board member reads
 * everything with no form to change anything, and a post made anyway is refused. Every page is axe-clean.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_PARTNER, DEMO_PASSWORD } from '../../src/core/demo.ts';
import { chromiumAvailable, expectAccessible, launchChromium } from '../support/browser.ts';
import { addTenants, FOREIGN_TITLE } from '../support/tenants.ts';
import { startTestApp, type TestApp } from '../support/web.ts';
import { ActionPage, SignInPage } from './pages.ts';

const available = chromiumAvailable();
const account = (role: string) => DEMO_ACCOUNTS.find((a) => a.role === role)!;

describe.skipIf(!available)('partners and the board, in a real browser', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let joint: { id: string; text: string };
  let notJoint: { id: string; text: string };

  beforeAll(async () => {
    t = await startTestApp();
    await addTenants(t);
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchChromium();
    const doc = await t.ops.exportDocument(t.planId);
    // a8 is joint with the ICB and led by its nurse; a4 is the council's own.
    const a8 = doc.actions.find((a) => a.leads.includes('Helen Carter') && a.joint)!;
    const a4 = doc.actions.find((a) => !a.joint && a.leads.includes('Daniel Marsh'))!;
    joint = { id: a8.id, text: a8.text };
    notJoint = { id: a4.id, text: a4.text };
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('an NHS user sees only the shared plan, updates a joint action, and cannot update another', async () => {
    const page = await (await browser.newContext()).newPage();
    await new SignInPage(page, base).signIn(account('partner').email, DEMO_PASSWORD);
    await page.goto(`${base}/plans`);
    const plans = await page.locator('[data-qa="plans-table"]').innerText();
    expect(plans).toContain("Children's Services Improvement Plan 2026-27");
    expect(plans).not.toContain(FOREIGN_TITLE);
    await expectAccessible(page, 'plans list for a partner');
    // No import for a partner, nor the council's findings.
    expect(await page.locator('a:has-text("Import a plan")').count()).toBe(0);

    await page.goto(`${base}/actions/${joint.id}`);
    await expectAccessible(page, 'a joint action');
    const action = new ActionPage(page);
    await action.recordProgress('On schedule', 'Health visitors now join every strategy meeting.');
    expect(await action.timeline()).toContain('Health visitors now join every strategy meeting.');
    expect(await page.locator('[data-qa="saved-banner"]').isVisible()).toBe(true);

    await page.goto(`${base}/actions/${notJoint.id}`);
    expect(await page.locator('[data-qa="action-title"]').innerText()).toContain(notJoint.text);
    expect(await page.locator('[data-qa="progress-form"]').count()).toBe(0);
    expect(await page.locator('[data-qa="edit-form"]').count()).toBe(0);

    const findings = await page.goto(`${base}/plans/${t.planId}/findings`);
    expect(findings?.status()).toBe(403);
    await expectAccessible(page, 'the 403 page');
  }, 60_000);

  it('a board member reads every page with no form to change anything, and a post is refused', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await new SignInPage(page, base).signIn(account('board').email, DEMO_PASSWORD);
    for (const path of [
      `/plans/${t.planId}`,
      `/plans/${t.planId}/structure`,
      `/actions/${joint.id}`,
      `/plans/${t.planId}/scorecard`,
    ]) {
      const response = await page.goto(`${base}${path}`);
      expect(response?.status(), path).toBe(200);
      // No form that changes the plan (the structure page's filters are a GET form; following is the reader's own).
      const forms = await page.locator('main form[method="post"]:not([data-qa="follow-form"])').count();
      expect(forms, path).toBe(0);
      await expectAccessible(page, `board: ${path}`);
    }
    const measure = await page.locator('a[href^="/measures/"]').first().getAttribute('href');
    await page.goto(`${base}${measure}`);
    expect(await page.locator('main form[method="post"]').count()).toBe(0);
    // A post made anyway, with the session's own CSRF token, is refused.
    const csrf = await page.locator('input[name="_csrf"]').first().inputValue();
    const refused = await context.request.post(`${base}/actions/${joint.id}/progress`, {
      form: { _csrf: csrf, version: '1', status: 'Complete', narrative: 'Not mine to say' },
    });
    expect(refused.status()).toBe(403);
    expect(await refused.text()).toContain('You cannot record dated progress');
    await context.close();
  }, 60_000);

  it('account pages are axe-clean, error states too', async () => {
    const page = await (await browser.newContext()).newPage();
    await new SignInPage(page, base).signIn(account('admin').email, DEMO_PASSWORD);
    for (const path of [
      '/organisation/users',
      '/organisation/partners',
      '/organisation/audit',
      '/organisation/audit?who=nobody',
      `/plans/${t.planId}/sharing`,
      '/account',
      '/invitations/x',
      '/password-reset/x',
      `/plans/${t.planId}/actions/new`,
    ]) {
      expect((await page.goto(`${base}${path}`))?.status(), path).toBe(200);
      await expectAccessible(page, path);
    }
    // Setting up a second factor: the page with the key, and its error state.
    await page.goto(`${base}/account`);
    await Promise.all([page.waitForURL(/second-factor/), page.click('[data-qa="start-second-factor"]')]);
    await expectAccessible(page, 'setting up a second factor');
    await page.fill('#code', '000000');
    await Promise.all([page.waitForURL(/confirm/), page.click('[data-qa="confirm-second-factor"]')]);
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('not the code your app shows');
    await expectAccessible(page, 'a wrong second-factor code');
    await page.goto(`${base}/organisation/users`);
    await page.fill('#name', 'Nadia Again');
    await page.fill('#email', 'not an email');
    await page.click('[data-qa="invite"]');
    // An error follows the GOV.UK pattern: the summary, and "Error:" before the title.
    expect(await page.locator('.govuk-error-summary').innerText()).toContain(
      'Enter an email address in the correct format',
    );
    expect(await page.title()).toMatch(/^Error: /);
    await expectAccessible(page, 'users page with an error');
  }, 60_000);

  it('an admin invites a partner user without JavaScript, who sets a password and signs in', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    page.setDefaultTimeout(5_000);
    await new SignInPage(page, base).signIn(account('admin').email, DEMO_PASSWORD);
    await page.goto(`${base}/organisation/partners`);
    await page.click(`a:has-text("Users of ${DEMO_PARTNER}")`);
    await page.fill('#name', 'Nadia Nurse');
    await page.fill('#email', 'nadia.nurse@riverside-icb.example');
    await page.click('[data-qa="invite"]');
    const banner = await page.locator('[data-qa="banner"]').innerText();
    const link = /\/invitations\/\S+/.exec(banner)?.[0] as string;
    expect(link).toBeDefined();

    const invitee = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
    await invitee.goto(`${base}${link}`);
    await invitee.fill('#password', 'a long new password');
    await invitee.click('[data-qa="accept"]');
    await new SignInPage(invitee, base).signIn('nadia.nurse@riverside-icb.example', 'a long new password');
    await invitee.goto(`${base}/plans`);
    expect(await invitee.locator('[data-qa="plans-table"]').innerText()).toContain(
      "Children's Services Improvement Plan 2026-27",
    );
    await context.close();
  }, 60_000);

  it('a plan manager adds an action and a milestone with JavaScript turned off', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    page.setDefaultTimeout(5_000);
    await new SignInPage(page, base).signIn(account('admin').email, DEMO_PASSWORD);
    await page.goto(`${base}/plans/${t.planId}/structure`);
    await page.click('[data-qa="add-action-link"]');
    await page.selectOption('#sectionId', { index: 1 });
    await page.fill('[data-qa="new-text"]', 'Run a fortnightly practice clinic');
    await page.getByLabel('Daniel Marsh', { exact: true }).check();
    await page.fill('[data-qa="new-due"]', '31 May 2027');
    await page.click('[data-qa="add-action"]');
    expect(await page.locator('[data-qa="action-title"]').innerText()).toContain(
      'Run a fortnightly practice clinic',
    );
    await page.click('[data-qa="add-milestone"]');
    await page.fill('[data-qa="new-text"]', 'First clinic held');
    await page.getByLabel('Tom Ashworth', { exact: true }).check();
    await page.fill('#otherLeads', 'Named Doctor');
    await page.click('[data-qa="add-action"]');
    expect(await page.locator('[data-qa="action-title"]').innerText()).toContain('First clinic held');
    // The person picked links to their page; the role typed beside them stays text.
    const leads = page.locator('.govuk-summary-list__row', { hasText: 'Leads' }).first();
    expect(await leads.innerText()).toContain('Tom Ashworth, Named Doctor');
    expect(await leads.locator('a', { hasText: 'Tom Ashworth' }).count()).toBe(1);
    expect(await page.locator('text=Milestone of').count()).toBe(1);
    await context.close();
  }, 60_000);
});
