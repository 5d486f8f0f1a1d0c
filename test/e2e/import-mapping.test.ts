/**
 * The mapping journey in Chromium, with JavaScript on and off: an awkward plan of our own is uploaded, read
 * wrongly, repaired in the preview (columns, recommendation rows, section headings), read again and saved as a
 * correct plan. The preview, with its mapping form and its error state, passes axe-core.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USER } from '../../src/core/demo.ts';
import { awkwardPlanDocx } from '../support/awkward-plan.ts';
import { chromiumAvailable, expectAccessible, launchChromium } from '../support/browser.ts';
import { startTestApp, type TestApp } from '../support/web.ts';
import { ImportPage, SignInPage } from './pages.ts';

async function checkPreviewAndItsErrors(page: Page) {
  await expectAccessible(page, 'import preview with its mapping form');
  await page.evaluate(() => {
    const select = document.querySelector<HTMLSelectElement>('#role-1-1');
    const option = document.createElement('option');
    option.value = 'wish';
    option.textContent = 'Wish';
    select?.append(option);
    if (select) select.value = 'wish';
  });
  await page.click('[data-qa="read-again"]');
  await page.waitForFunction(() => document.title.startsWith('Error: '));
  expect(await page.locator('.govuk-error-summary').innerText()).toContain(
    'Choose what each column holds from the list',
  );
  await expectAccessible(page, 'import preview with errors');
}

describe.skipIf(!chromiumAvailable())('repairing an import in a real browser', () => {
  let browser: Browser;
  let file: string;

  beforeAll(async () => {
    browser = await launchChromium();
    file = join(mkdtempSync(join(tmpdir(), 'ipt-awkward-')), 'awkward.docx');
    writeFileSync(file, await awkwardPlanDocx());
  }, 60_000);
  afterAll(async () => browser?.close());

  for (const javaScriptEnabled of [false, true])
    it(`maps the columns and rows and saves a correct plan, JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, async () => {
      // A council of its own each time: no choices saved from the other run.
      const t: TestApp = await startTestApp();
      try {
        const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
        const context = await browser.newContext({ javaScriptEnabled });
        const page = await context.newPage();
        page.setDefaultTimeout(10_000);
        await new SignInPage(page, base).signIn(DEMO_USER.email, DEMO_USER.password);
        const importer = new ImportPage(page, base);
        await importer.upload(file);
        expect(await importer.summary()).toMatch(/Recommendations\s+0/);
        // axe-core runs in the page, so with JavaScript; a role that is not offered is refused with the error summary.
        if (javaScriptEnabled) await checkPreviewAndItsErrors(page);
        for (const [select, role] of [
          ['#role-1-1', 'action'],
          ['#role-1-2', 'due'],
          ['#role-1-4', 'status'],
        ] as const) {
          if (!javaScriptEnabled) {
            await page.selectOption(select, role);
            continue;
          }
          // With JavaScript each change reads the plan again in place: no page load, the choice kept.
          await Promise.all([
            page.waitForResponse((r) => r.url().endsWith('/read-again')),
            page.selectOption(select, role),
          ]);
          await page.waitForFunction(
            ([id, value]: readonly [string, string]) =>
              document.querySelector<HTMLSelectElement>(id)?.value === value &&
              !document.querySelector('[data-qa="reading-status"]')?.textContent,
            [select, role] as const,
          );
        }
        if (javaScriptEnabled) {
          expect(page.url()).toContain('saved=');
          expect(await importer.summary()).toMatch(/Actions\s+8/);
        }
        await page.fill('#recommendationRows', 'Ask');
        await page.fill('#sectionHeadings', '/^Ambition \\d+:/');
        await page.fill('#sectionKind', 'Ambition');
        if (javaScriptEnabled) {
          await Promise.all([
            page.waitForResponse((r) => r.url().endsWith('/read-again')),
            page.click('[data-qa="read-again"]'),
          ]);
          await page.waitForFunction(() =>
            /Sections\s+2/.test(document.querySelector('[data-qa="import-summary"]')?.textContent ?? ''),
          );
        } else await Promise.all([page.waitForURL(/saved=/), page.click('[data-qa="read-again"]')]);
        const summary = await importer.summary();
        expect(summary).toMatch(/Sections\s+2/);
        expect(summary).toMatch(/Recommendations\s+4/);
        expect(summary).toMatch(/Actions\s+8/);
        expect(await page.locator('.govuk-notification-banner').innerText()).toContain(
          'The plan has been read again with your choices',
        );
        await Promise.all([page.waitForURL(/\/plans\/[^/]+/), importer.confirm()]);
        const planId = /\/plans\/([^/?]+)/.exec(page.url())![1]!;
        const doc = await t.ops.exportDocument(planId);
        expect(doc.sections.map((s) => s.title)).toEqual([
          'Children get help early',
          'Children in care thrive',
        ]);
        expect(doc.actions.filter((a) => a.recommendationIds.length === 1)).toHaveLength(8);
        await context.close();
      } finally {
        await t.close();
      }
    }, 90_000);
});
