/**
 * A recommendation that two reports made keeps both sources through storage on both databases, and its page says
 * who else made it. Read from the Essex sample, whose origins name Ofsted and CQC together.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile } from '../../src/import/index.ts';
import { dialectsToTest } from '../support/databases.ts';
import { SAMPLE_DIR, samplesPresent } from '../support/samples.ts';
import { Browser, startTestApp, type TestApp } from '../support/web.ts';

describe.each(dialectsToTest())('recommendations with several sources on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t?.close());

  it('stores the other sources and shows them', async () => {
    expect(samplesPresent()).toBe(true);
    const doc = await importFile(`${SAMPLE_DIR}essex-2010-improvement-notice-plan.txt`);
    const saved = await t.ops.importDocument(doc, { organisation: 'Riverside Borough Council' });
    const stored = await t.ops.exportDocument(saved.planId);
    const combined = stored.recommendations.find((r) => r.alsoFrom.length > 0)!;
    const titles = (ids: string[]) => ids.map((id) => stored.sources.find((s) => s.id === id)?.title);
    const original = doc.recommendations.find((r) => r.ref === combined.ref && r.alsoFrom.length > 0)!;
    expect(titles([combined.sourceId!, ...combined.alsoFrom])).toEqual(
      [original.sourceId!, ...original.alsoFrom].map((id) => doc.sources.find((s) => s.id === id)?.title),
    );
    const page = await (await new Browser(t.app).signIn()).get(`/recommendations/${combined.id}`);
    expect(page.body).toContain(
      `data-qa="also-from">${titles(combined.alsoFrom)[0]!.replace(/'/g, '&#39;')}`,
    );
  });
});
