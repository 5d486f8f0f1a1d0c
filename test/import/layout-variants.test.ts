/**
 * The importer on layouts it was not written for: one plan of our own, written in every layout class councils
 * use (recommendations as rows, headings or a column; sections in every style; page furniture inside tables;
 * other column wordings; two date columns; leads joined every way; a sheet per priority), in Word, Excel, CSV and
 * text. Each class must bring back 95 % or more of its recommendations and actions under the right parent, and of
 * their leads, dates and ratings (`npm run bench:fidelity` prints the figures).
 */
import { describe, expect, it } from 'vitest';
import { VARIANT_CLASSES } from '../support/layout-variants.ts';
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
