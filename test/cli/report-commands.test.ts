/**
 * `ipt snapshot lock|list|diff` and `ipt report board-pack` on both databases: the pack of a locked snapshot in
 * HTML, Word and PDF (its text read back with pdftotext), a DRAFT of the plan now, and the same refusals as the pages.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { DEMO_USER } from '../../src/core/demo.ts';
import { dialectsToTest, freshDatabaseUrl } from '../support/databases.ts';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'ipt-report-'));

async function ipt(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['node', 'ipt', ...args], { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe.each(dialectsToTest())('board reports at the command line on %s', (dialect) => {
  it('locks, lists and compares snapshots, and writes the pack as HTML, Word and PDF', async () => {
    const db = await freshDatabaseUrl(dialect);
    await ipt('--database', db, 'demo');
    const planId = (
      JSON.parse((await ipt('--database', db, 'plans', 'list', '--json')).out) as { id: string }[]
    )[0]!.id;
    const as = ['--database', db, '--as', DEMO_USER.email];

    const bad = await ipt(...as, 'snapshot', 'lock', planId, '--period', '2026-13');
    expect(bad.code).toBe(2);
    expect(bad.err).toBe('ipt: period: Enter the period as a year and month, for example 2026-11');

    const draftPdf = join(dir, `draft-${dialect}.pdf`);
    expect(
      (await ipt(...as, 'report', 'board-pack', planId, '--format', 'pdf', '--out', draftPdf)).out,
    ).toContain('DRAFT');
    const draftText = (await run('pdftotext', ['-layout', draftPdf, '-'])).stdout;
    expect(draftText).toContain('DRAFT');

    const locked = await ipt(...as, 'snapshot', 'lock', planId, '--period', '2026-11');
    expect(locked.code).toBe(0);
    const snapshotId = /Locked snapshot (\S+)/.exec(locked.out)![1]!;
    const list = JSON.parse((await ipt(...as, 'snapshot', 'list', planId, '--json')).out) as {
      id: string;
      period: string;
    }[];
    expect(list.map((s) => [s.id, s.period])).toEqual([[snapshotId, '2026-11']]);

    const pdf = join(dir, `pack-${dialect}.pdf`);
    const wrote = await ipt(
      ...as,
      'report',
      'board-pack',
      planId,
      '--snapshot',
      snapshotId,
      '--format',
      'pdf',
      '--out',
      pdf,
    );
    expect(wrote.out).toBe(`Wrote the board pack for 2026-11 to ${pdf}`);
    const text = (await run('pdftotext', ['-layout', pdf, '-'])).stdout;
    expect(text).toContain('Exception report');
    expect(text).toContain('Scorecard');
    expect(text).toMatch(/Page 1 of \d+/);
    expect(text).not.toContain('DRAFT');

    const docx = join(dir, `pack-${dialect}.docx`);
    await ipt(...as, 'report', 'board-pack', planId, '--format', 'docx', '--out', docx);
    const word = (await mammoth.convertToHtml({ path: docx })).value;
    expect(word).toContain('<h1>Exception report</h1>');
    const html = join(dir, `pack-${dialect}.html`);
    await ipt(...as, 'report', 'board-pack', planId, '--format', 'html', '--out', html);
    expect(readFileSync(html, 'utf8')).toContain('<h2>Recommendation coverage</h2>');

    // The same exception report in every format: the refs of the actions in it.
    const exceptionRefs = [...word.matchAll(/<tr><td><p>([0-9.]+)<\/p><\/td>/g)].map((m) => m[1]);
    expect(exceptionRefs.length).toBeGreaterThan(0);
    for (const ref of exceptionRefs.slice(0, 3)) expect(text).toContain(ref!);

    const diff = await ipt(...as, 'snapshot', 'diff', snapshotId, 'now');
    // Nothing moved since the lock; only the open actions with no update in November are listed.
    expect(diff.out).toMatch(/^\d+ changes from 2026-11 to now\nNo update this period \(\d+\):/);
    expect(diff.out).not.toContain('Newly complete');
    expect((await ipt(...as, 'report', 'board-pack', planId, '--format', 'odt', '--out', html)).err).toBe(
      'ipt: --format: "odt" is not one of html, docx, pdf',
    );
  }, 60_000);
});
