/**
 * The importer on layouts it was not written for: one plan of our own, written in every layout class councils
 * use (recommendations as rows, headings or a column; sections in every style; page furniture inside tables;
 * other column wordings; two date columns; leads joined every way; a sheet per priority), in Word, Excel, CSV and
 * text. Each class must bring back 95 % or more of its recommendations and actions under the right parent, and of
 * their leads, dates and ratings (`npm run bench:fidelity` prints the figures).
 */
import { describe, expect, it } from 'vitest';
import { importBuffer } from '../../src/import/index.ts';
import { formatsOf, VARIANT_CLASSES, variantOptions, writeVariant } from '../support/layout-variants.ts';
import { classFigures, MEASURES, scoreVariant } from '../support/fidelity.ts';

describe('layout variants', () => {
  for (const [className, variants] of Object.entries(VARIANT_CLASSES)) {
    it(`reads the ${className} class`, async () => {
      const results = (
        await Promise.all(variants.map((overrides, index) => scoreVariant(className, index, overrides)))
      ).flat();
      for (const r of results) expect(r.error, `${className} ${r.index} ${r.format}`).toBeUndefined();
      const figures = classFigures(results);
      const misses = results.flatMap((r) => r.fidelity.misses.map((m) => `${r.index} ${r.format}: ${m}`));
      for (const measure of MEASURES)
        expect(figures[measure], `${measure}: ${misses.slice(0, 5).join('; ')}`).toBeGreaterThanOrEqual(0.95);
    });
  }
});

describe('the title page', () => {
  const ORGANISATIONS = [
    'London Borough of Northmere',
    'Royal Borough of Northmere and Dale',
    'City of Northmere Council',
    'Ashby & Fell Council',
    'Northmere Metropolitan Borough Council',
    'Northmere NHS Foundation Trust',
    'Northmere Safeguarding Children Partnership',
  ];
  for (const organisation of ORGANISATIONS)
    it(`names the plan's organisation as "${organisation}" in every format`, async () => {
      const options = variantOptions({ organisation });
      for (const format of formatsOf(options)) {
        const doc = await importBuffer(`plan.${format}`, await writeVariant(options, format));
        expect(doc.plan.organisation, format).toBe(organisation);
        expect(doc.plan.date, format).toBe('2026-09-14');
        expect(doc.plan.version, format).toBe('v2.1');
      }
    });
});

describe('a RAG key printed in the plan', () => {
  for (const [index, overrides] of VARIANT_CLASSES['RAG key']!.entries())
    it(`becomes the plan's status key (${index === 0 ? 'a table' : 'lines under "Key:"'})`, async () => {
      const options = variantOptions(overrides);
      for (const format of formatsOf(options)) {
        const doc = await importBuffer(`plan.${format}`, await writeVariant(options, format));
        expect(
          doc.plan.statusKey.map((e) => [e.label, e.colour, e.state]),
          format,
        ).toEqual(
          expect.arrayContaining([
            ['Significant concern', 'red', 'in_progress'],
            ['Minor concern', 'amber', 'in_progress'],
            ['No concern', 'green', 'in_progress'],
          ]),
        );
        // Its lines are not read as the plan's narrative or sections.
        expect(doc.sections.map((s) => s.title).join('|'), format).not.toMatch(/concern/i);
      }
    });
});

describe('people', () => {
  it('suggests merging one person spelled two ways, and no one else', async () => {
    const options = variantOptions({
      leadStyle: (a, join) => (a.k === 3 ? 'Owen Daley' : a.leads.join(join)),
    });
    const doc = await importBuffer('plan.txt', await writeVariant(options, 'txt'));
    const suggested = doc.findings.filter((f) => f.code === 'import.person_spelled_twice');
    expect(suggested).toHaveLength(1);
    expect(suggested[0]!.message).toMatch(
      /^"Owen Dal(e)?y" and "Owen Dal(e)?y" may be one person spelled two ways/,
    );
    expect(suggested[0]!.message).toContain('Owen Daley');
  });
});
