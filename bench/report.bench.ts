/**
 * Board pack speed: for the Kent sample plan (its measures, and 20 more with a year of values) and the
 * 300-action generated plan, the median time to build the pack from a locked snapshot and write it as HTML, Word
 * and PDF, after a warm-up that lets V8 compile the writers. Targets: DOCX and PDF under 1 s each, HTML under
 * 100 ms. Run: npm run bench:report
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openMigratedDatabase } from '../src/db/connection.ts';
import { lockSnapshot } from '../src/core/commands/snapshot.commands.ts';
import { importPlan } from '../src/core/commands/plan.commands.ts';
import { createCore, type Core } from '../src/core/index.ts';
import { boardPackOf } from '../src/domain/board-pack.ts';
import { OPERATOR } from '../src/domain/actor.ts';
import type { PlanDocumentInput } from '../src/domain/plan-format.ts';
import { boardPackDocx } from '../src/export/board-pack-docx.ts';
import { boardPackHtml } from '../src/export/board-pack-html.ts';
import { boardPackPdf } from '../src/export/board-pack-pdf.ts';
import { buildPlan } from '../src/import/build-plan.ts';
import { readDocument } from '../src/import/readers/index.ts';
import { generatedPlan } from './generated-plan.ts';

const KENT = new URL('../../shared/sample-plans/kent-2011-improvement-plan.txt', import.meta.url).pathname;
const WARM_UP = 3;
const RUNS = 7;
const TARGETS = { html: 100, docx: 1000, pdf: 1000 };

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

/** Measures of our own for a plan, linked to its first actions, with a year of monthly values. */
function withMeasures(plan: PlanDocumentInput): PlanDocumentInput {
  const actions = (plan.actions ?? []).slice(0, 20);
  return {
    ...plan,
    measures: [
      ...(plan.measures ?? []),
      ...Array.from({ length: 20 }, (_, i) => ({
        id: `bench-m${i + 1}`,
        ref: `KPI ${i + 1}`,
        name: `Benchmark measure ${i + 1}`,
        unit: '%',
        targets: [{ value: 80, by: '2012-03-31', kind: 'final' as const }],
        values: Array.from({ length: 12 }, (_, m) => ({
          period: `2011-${String(m + 1).padStart(2, '0')}`,
          value: 50 + ((i * 7 + m * 3) % 40),
        })),
      })),
    ],
    actions: (plan.actions ?? []).map((a) =>
      actions.includes(a)
        ? { ...a, measureIds: [...(a.measureIds ?? []), `bench-m${(actions.indexOf(a) % 20) + 1}`] }
        : a,
    ),
  };
}

async function measurePacks(core: Core, label: string, plan: PlanDocumentInput) {
  const { planId } = await core.run(importPlan, OPERATOR, { document: plan });
  const { snapshotId } = await core.run(lockSnapshot, OPERATOR, { planId, period: '2026-11' });
  const times = { html: [] as number[], docx: [] as number[], pdf: [] as number[] };
  let size = { docx: 0, pdf: 0, actions: 0 };
  for (let run = 0; run < WARM_UP + RUNS; run++) {
    const t0 = performance.now();
    const reported = await core.queries.snapshots.get(OPERATOR, snapshotId);
    const pack = boardPackOf(reported, await core.queries.snapshots.previous(OPERATOR, reported, planId));
    boardPackHtml(pack);
    const t1 = performance.now();
    const docx = await boardPackDocx(pack);
    const t2 = performance.now();
    const pdf = await boardPackPdf(pack);
    const t3 = performance.now();
    size = { docx: docx.length, pdf: pdf.length, actions: pack.appendix.length };
    if (run < WARM_UP) continue;
    times.html.push(t1 - t0);
    times.docx.push(t2 - t1);
    times.pdf.push(t3 - t2);
  }
  const row = (format: keyof typeof TARGETS) => {
    const ms = median(times[format]);
    return `${format} ${ms.toFixed(0).padStart(5)} ms ${ms < TARGETS[format] ? 'met' : `MISSED (${TARGETS[format]} ms)`}`;
  };
  console.log(
    `${label.padEnd(28)} ${String(size.actions).padStart(4)} actions   ${row('html')}   ${row('docx')}   ${row('pdf')}   (${(size.docx / 1024).toFixed(0)} KB docx, ${(size.pdf / 1024).toFixed(0)} KB pdf)`,
  );
  return (['html', 'docx', 'pdf'] as const).every((f) => median(times[f]) < TARGETS[f]);
}

async function main() {
  const connection = await openMigratedDatabase(
    `sqlite:${join(mkdtempSync(join(tmpdir(), 'ipt-reportbench-')), 'bench.sqlite')}`,
  );
  const core = createCore(connection);
  console.log(`Board pack benchmark: median of ${RUNS} runs after ${WARM_UP} warm-up runs`);
  let met = true;
  let kent: Buffer | null = null;
  try {
    kent = readFileSync(KENT);
  } catch {
    console.log(`No Kent sample plan at ${KENT}: only the generated plan is measured.`);
  }
  if (kent) {
    const plan = buildPlan(await readDocument('kent-2011-improvement-plan.txt', kent));
    met = (await measurePacks(core, 'Kent sample (+20 measures)', withMeasures(plan))) && met;
  }
  met = (await measurePacks(core, 'generated plan', generatedPlan())) && met;
  console.log(met ? 'All targets met' : 'Some targets MISSED');
  await connection.close();
}

await main();
