/**
 * `npm run bench:fidelity`: the importer over every layout variant of a plan of our own writing, with the share
 * of recommendations and actions it put under the right parent, and of leads, dates and ratings it read, per
 * class of layout (the tests hold each at 95 % or more). `--verbose` lists what each variant missed.
 */
import { VARIANT_CLASSES } from '../test/support/layout-variants.ts';
import { classFigures, MEASURES, scoreVariant, type VariantResult } from '../test/support/fidelity.ts';

const verbose = process.argv.includes('--verbose');
const pct = (n: number) => `${(n * 100).toFixed(1).padStart(5)}%`;
console.log(`${'class'.padEnd(26)} ${MEASURES.map((m) => m.padStart(15)).join(' ')}`);
let worst = 1;
for (const [className, variants] of Object.entries(VARIANT_CLASSES)) {
  const results: VariantResult[] = [];
  for (const [index, overrides] of variants.entries())
    results.push(...(await scoreVariant(className, index, overrides)));
  const figures = classFigures(results);
  worst = Math.min(worst, ...MEASURES.map((m) => figures[m]));
  console.log(`${className.padEnd(26)} ${MEASURES.map((m) => pct(figures[m]).padStart(15)).join(' ')}`);
  if (verbose)
    for (const r of results)
      if (r.error || r.fidelity.misses.length)
        console.log(`  ${r.index} ${r.format}: ${r.error ?? r.fidelity.misses.slice(0, 6).join('; ')}`);
}
console.log(worst >= 0.95 ? 'Every class at 95 % or more' : `Lowest figure ${pct(worst)}: below 95 %`);
