/** End to end in Debian's Chromium: the journeys of a programme manager and an action lead. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USER } from '../../src/core/demo.ts';
import { chromiumAvailable, expectAccessible, launchChromium } from '../support/browser.ts';
import { startTestApp, type TestApp } from '../support/web.ts';
import { ActionPage, DashboardPage, ImportPage, MeasurePage, SignInPage, StructurePage } from './pages.ts';

const FIXTURES = new URL('../fixtures/', import.meta.url).pathname;
const available = chromiumAvailable();

describe.skipIf(!available)('in a real browser', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    t = await startTestApp();
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchChromium();
    page = await (await browser.newContext()).newPage();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('a programme manager signs in, filters, records progress and sees the dashboard change', async () => {
    await new SignInPage(page, base).signIn(DEMO_USER.email, DEMO_USER.password);
    expect(await page.locator('[data-qa="plans-table"]').isVisible()).toBe(true);
    await page.click('[data-qa="plan-link"]');
    const dashboard = new DashboardPage(page);
    const redBefore = await dashboard.ragCount('red');
    await dashboard.openStructure();

    const structure = new StructurePage(page);
    await structure.filterByLead('Daniel Marsh');
    expect(page.url()).toContain('lead=Daniel+Marsh');
    expect(await structure.count()).toBe(4);
    await structure.onlyOverdue();
    expect(page.url()).toContain('overdue=yes');
    expect(await structure.count()).toBeGreaterThan(0);
    await structure.openAction('practice-week');

    const action = new ActionPage(page);
    await action.recordProgress('Behind schedule', 'Practice weeks postponed until January.');
    expect(await action.leadRating()).toBe('Red');
    expect(await action.timeline()).toContain('Practice weeks postponed until January.');

    await page.click('text=' + "Children's Services Improvement Plan 2026-27");
    expect(await new DashboardPage(page).ragCount('red')).toBe(redBefore + 1);
  }, 60_000);

  it("runs the pages' scripts under the content security policy, cached pages and per-request pages alike", async () => {
    const context = await browser.newContext();
    const checked = await context.newPage();
    const violations: string[] = [];
    checked.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    await new SignInPage(checked, base).signIn(DEMO_USER.email, DEMO_USER.password);
    // The dashboard is served from the page cache (no nonce); the import page is rendered for each request.
    for (const path of [`/plans/${t.planId}`, '/import']) {
      await checked.goto(`${base}${path}`);
      const classes = (await checked.locator('body').getAttribute('class')) ?? '';
      expect(classes, path).toContain('js-enabled');
      expect(classes, path).toContain('govuk-frontend-supported');
    }
    expect(violations).toEqual([]);
    await context.close();
  }, 60_000);

  it('imports a plan through the browser and stores it once confirmed', async () => {
    const importer = new ImportPage(page, base);
    const uploads: string[] = [];
    page.on(
      'request',
      (r) => r.method() === 'POST' && r.url().endsWith('/import') && uploads.push(r.resourceType()),
    );
    await importer.upload(`${FIXTURES}harbour-plan.txt`);
    expect(await importer.summary()).toContain('Harbour');
    // Whatever the document says of itself, it starts as a draft, in the importer's organisation.
    expect(await page.locator('[data-qa="starts-as"]').innerText()).toMatch(/Draft/);
    // With JavaScript the file is sent by a request that reports its progress.
    expect(uploads).toEqual(['xhr']);
    await expectAccessible(page, 'import preview');
    await importer.confirm();
    expect(await page.locator('[data-qa="plan-title"]').innerText()).toBe(
      "Children's Services Improvement Plan",
    );
    expect(page.url()).toMatch(/\/plans\/[0-9a-z]+$/);
  }, 60_000);

  it('records progress with JavaScript turned off', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const noJs = await context.newPage();
    await new SignInPage(noJs, base).signIn(DEMO_USER.email, DEMO_USER.password);
    await noJs.goto(`${base}/my-actions`);
    await noJs.click('[data-qa="action-link"]:has-text("Publish an early help strategy")');
    await new ActionPage(noJs).recordProgress('On schedule', 'Strategy agreed by the partnership.', {
      day: '3',
      month: '11',
      year: '2026',
    });
    const timeline = await noJs.locator('[data-qa="timeline"]').innerText();
    expect(timeline).toContain('Strategy agreed by the partnership.');
    expect(timeline).toContain('3 November 2026');
    // And an error state without JavaScript: the GOV.UK error summary.
    await noJs.click('[data-qa="save-progress"]');
    expect(await noJs.locator('.govuk-error-summary').innerText()).toContain('Describe the progress made');
    await context.close();
  }, 60_000);

  it('a lead enters a measure value, sees the colour and the chart change, and uploads a values file', async () => {
    await page.goto(`${base}/plans/${t.planId}/scorecard`);
    await Promise.all([
      page.waitForURL(/\/measures\//),
      page.click('[data-qa="measure-link"]:has-text("Social worker vacancy rate")'),
    ]);
    const measure = new MeasurePage(page);
    const pointsBefore = await measure.chartPoints();
    expect(await measure.colour()).toBe('Red');
    await measure.enterValue('2026-11', '15');
    expect(await measure.colour()).toBe('Green');
    expect(await measure.chartPoints()).toBe(pointsBefore + 1);
    await expectAccessible(page, 'measure page');

    const dir = mkdtempSync(join(tmpdir(), 'ipt-e2e-'));
    const file = join(dir, 'values.csv');
    writeFileSync(file, 'Measure ref,Period,Value\nKPI 2,2026-Q4,22\nKPI 7,2026-Q4,5\n');
    await page.goto(`${base}/plans/${t.planId}/values`);
    await page.setInputFiles('[data-qa="values-file"]', file);
    await page.click('[data-qa="upload-values"]');
    expect(await page.locator('[data-qa="values-summary"]').innerText()).toBe(
      '1 rows can be saved; 1 rows are rejected.',
    );
    await expectAccessible(page, 'values preview');
    await page.click('[data-qa="confirm-values"]');
    expect(page.url()).toContain('/scorecard');
    expect(await page.locator('[data-qa="scorecard"]').innerText()).toContain('22% (2026-Q4)');
  }, 60_000);

  it('every page passes axe-core, including error states', async () => {
    const doc = await t.ops.exportDocument(t.planId);
    const action = doc.actions.find((a) => a.ref === '2.1.1')!;
    const person = doc.people.find((p) => p.name === 'Tom Ashworth')!;
    const urls = [
      '/plans',
      `/plans/${t.planId}`,
      `/plans/${t.planId}/structure`,
      `/plans/${t.planId}/structure?overdue=yes&lead=Tom+Ashworth`,
      `/plans/${t.planId}/recommendations`,
      `/plans/${t.planId}/structure?view=tree`,
      `/plans/${t.planId}/recommendations?gap=yes`,
      `/plans/${t.planId}/findings`,
      `/actions/${action.id}`,
      `/recommendations/${doc.recommendations[0]!.id}`,
      `/people/${person.id}`,
      '/my-actions',
      '/import',
      '/api/docs',
      '/no-such-page',
      `/plans/${t.planId}/scorecard`,
      `/plans/${t.planId}/values`,
    ];
    for (const url of urls) {
      await page.goto(base + url);
      await expectAccessible(page, url);
    }
    // Each error state is checked once the form's answer has loaded, not while the page is still leaving.
    await page.goto(`${base}/actions/${action.id}`);
    await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.click('[data-qa="save-progress"]'),
    ]);
    await page.waitForLoadState('load');
    expect(await page.title()).toMatch(/^Error: /);
    await expectAccessible(page, 'progress form with errors');
    await page.goto(`${base}/import`);
    // The form is sent by the browser (no file to show progress for): wait for its answer before checking it.
    await Promise.all([page.waitForURL(/\/import$/), page.click('[data-qa="upload"]')]);
    await page.waitForFunction(() => document.title.startsWith('Error: '));
    await expectAccessible(page, 'import form with errors');

    const stranger = await (await browser.newContext()).newPage();
    await stranger.goto(`${base}/sign-in`);
    await expectAccessible(stranger, 'sign in');
    await new SignInPage(stranger, base).signIn('nobody@example.org', 'wrong password');
    await expectAccessible(stranger, 'sign in with errors');
  }, 120_000);
});
