/**
 * In Debian's Chromium: every page that edits the plan or reports it passes axe-core, its error states too; and with JavaScript
 * turned off a manager adds a section and a recommendation, removes a section and restores it.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USER } from '../../src/core/demo.ts';
import { chromiumAvailable, expectAccessible, launchChromium } from '../support/browser.ts';
import { startTestApp, type TestApp } from '../support/web.ts';
import { SignInPage } from './pages.ts';

const available = chromiumAvailable();

describe.skipIf(!available)('editing the plan, in a real browser', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    t = await startTestApp();
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function signedIn(javaScriptEnabled = true): Promise<Page> {
    const page = await (await browser.newContext({ javaScriptEnabled })).newPage();
    page.setDefaultTimeout(5_000);
    await new SignInPage(page, base).signIn(DEMO_USER.email, DEMO_USER.password);
    return page;
  }

  /** Submits the form named by its data-qa and waits for the page that answers. */
  async function send(page: Page, button: string) {
    await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.click(`[data-qa="${button}"]`),
    ]);
    await page.waitForLoadState('load');
  }

  it('every editing page is axe-clean, and so are its error states', async () => {
    const page = await signedIn();
    const doc = await t.ops.exportDocument(t.planId);
    const section = doc.sections.find((s) => s.parentId !== null)!;
    const action = doc.actions.find((a) => !a.parentId)!;
    const measure = doc.measures[0]!;
    const person = doc.people[0]!;
    const recommendation = doc.recommendations[0]!;
    await t.ops.recordProgress(action.id, {
      version: (await t.ops.action(action.id)).version,
      status: 'On schedule',
      narrative: 'Audit programme agreed',
    });
    const update = (await t.ops.action(action.id)).updates.at(-1)!;
    for (const path of [
      `/plans/${t.planId}/settings`,
      `/sections/${section.id}`,
      `/plans/${t.planId}/sections/new`,
      `/recommendations/${recommendation.id}`,
      `/plans/${t.planId}/recommendations/new`,
      `/actions/${action.id}`,
      `/plans/${t.planId}/actions/new`,
      `/sections/${section.id}/remove`,
      `/plans/${t.planId}/removed`,
      `/updates/${update.id}`,
      `/plans/${t.planId}/measures/new`,
      `/measures/${measure.id}/definition`,
      `/plans/${t.planId}/people`,
      `/plans/${t.planId}/people/${person.id}`,
      `/plans/${t.planId}/snapshots`,
      `/plans/${t.planId}/board-pack`,
      `/plans/${t.planId}/changes`,
      `/plans/${t.planId}/updates-due`,
      '/organisation/board-pack',
    ]) {
      expect((await page.goto(`${base}${path}`))?.status(), path).toBe(200);
      await expectAccessible(page, path);
    }

    // Error states: the summary, "Error:" in the title, and still no violations.
    const errorStates: [string, () => Promise<void>, string][] = [
      [
        `/plans/${t.planId}/settings`,
        async () => {
          await page.fill('#title', '');
          await page.fill('#date-day', '31');
          await page.fill('#date-month', '2');
          await page.fill('#date-year', '2026');
        },
        'save-details',
      ],
      [`/plans/${t.planId}/sections/new`, async () => page.fill('#title', ''), 'add-section'],
      [`/sections/${section.id}/remove`, async () => page.fill('#reason', ''), 'confirm-remove'],
      [`/updates/${update.id}`, async () => page.fill('#reason', ''), 'save-correction'],
      [
        `/plans/${t.planId}/measures/new`,
        async () => page.fill('#target-0-value', 'about 80'),
        'save-measure',
      ],
      [`/plans/${t.planId}/people`, async () => page.fill('#name', ''), 'add-person'],
      [`/plans/${t.planId}/snapshots`, async () => page.fill('#period', 'November'), 'lock'],
    ];
    for (const [path, fill, button] of errorStates) {
      await page.goto(`${base}${path}`);
      await fill();
      await send(page, button);
      expect(await page.title(), path).toMatch(/^Error: /);
      expect(await page.locator('.govuk-error-summary').count(), path).toBe(1);
      await expectAccessible(page, `${path} with errors`);
    }
    // A locked report's pack, and the changes since it.
    await page.goto(`${base}/plans/${t.planId}/snapshots`);
    await send(page, 'lock');
    expect(await page.locator('[data-qa="banner"]').innerText()).toContain('has been locked');
    await expectAccessible(page, 'a locked board pack');
    // With JavaScript the pack's PDF is written while the page says so, then handed over as a download.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-qa="download-pdf"]'),
    ]);
    expect(download.suggestedFilename()).toMatch(/board-pack.*\.pdf$/);
    await page.waitForSelector('[data-qa="pack-status"]:has-text("is ready")');
    expect(await page.locator('[data-qa="pack-status"]').innerText()).toContain('The PDF is ready');
    await expectAccessible(page, 'a board pack after its download');
    await page.goto(`${base}/plans/${t.planId}/changes`);
    await expectAccessible(page, 'changes since the last report');
  }, 120_000);

  it('a manager adds a section and a recommendation, removes the section and restores it, without JavaScript', async () => {
    const page = await signedIn(false);
    await page.goto(`${base}/plans/${t.planId}/structure`);
    await page.click('[data-qa="add-section-link"]');
    await page.fill('#kind', 'Priority');
    await page.fill('#ref', '9');
    await page.fill('[data-qa="section-title-input"]', 'Care leavers have a home and a job');
    await page.fill('#lead', 'Grace Okafor');
    await send(page, 'add-section');
    expect(await page.locator('[data-qa="banner"]').innerText()).toContain('The section has been added');
    expect(await page.locator('[data-qa="section-title"]').innerText()).toBe(
      'Priority 9: Care leavers have a home and a job',
    );

    await page.click('[data-qa="add-recommendation"]');
    await page.fill('[data-qa="recommendation-text-input"]', 'Every care leaver has a personal adviser');
    await send(page, 'add-recommendation');
    expect(await page.locator('[data-qa="banner"]').innerText()).toContain(
      'The recommendation has been added',
    );
    expect(await page.locator('[data-qa="gap"]').innerText()).toContain('Gap: no action');

    await page.goto(`${base}/plans/${t.planId}/structure?view=tree`);
    await page.click('a:has-text("Open the priority")  >> nth=-1');
    await page.click('[data-qa="remove-link"]');
    expect(await page.locator('[data-qa="goes-with"]').innerText()).toContain('1 recommendation');
    await page.fill('[data-qa="reason"]', 'Added to the wrong plan');
    await send(page, 'confirm-remove');
    expect(await page.locator('[data-qa="banner"]').innerText()).toMatch(/has been removed/);

    await page.goto(`${base}/plans/${t.planId}/removed`);
    expect(await page.locator('[data-qa="removed-items"]').innerText()).toContain('Added to the wrong plan');
    await send(page, 'restore');
    expect(await page.locator('[data-qa="banner"]').innerText()).toMatch(/has been restored/);
    expect(await page.locator('[data-qa="section-recommendations"]').innerText()).toContain(
      'Every care leaver has a personal adviser',
    );
  }, 60_000);
});
