/**
 * Every value of every Timescale / Due / Date column in the real sample plans must yield a parsed
 * timescale or a finding, and nothing may throw.
 */
import { describe, expect, it } from 'vitest';
import { parseTimescale } from '../../src/domain/timescale.ts';
import { readSample, sampleFiles, samplesPresent } from '../support/samples.ts';

const DATE_HEADING = /^(timescale|due|date|date to be delivered by|target date|deadline|by when)$/i;

/** Reads the date column of each tab-separated table: the header row names it, rows of the same width follow. */
function dateCells(text: string): { line: number; value: string }[] {
  const cells: { line: number; value: string }[] = [];
  let column = -1;
  let width = 0;
  text.split('\n').forEach((line, i) => {
    const row = line.split('\t');
    const heading = row.findIndex((c) => DATE_HEADING.test(c.trim().replace(/[:.]$/, '')));
    if (heading >= 0) {
      column = heading;
      width = row.length;
      return;
    }
    if (column >= 0 && row.length === width) {
      const value = (row[column] ?? '').trim();
      if (value) cells.push({ line: i + 1, value });
    }
  });
  return cells;
}

const present = samplesPresent();

describe.skipIf(!present)('timescales of the sample plans', () => {
  const files = present ? sampleFiles() : [];

  it('finds the three sample plans', () => {
    expect(files.length).toBeGreaterThanOrEqual(3);
  });

  it.each(files)('%s: nearly every date cell is read as a timescale, not left unknown', (file) => {
    // A cell of dashes alone says "none"; the rest are timescales.
    const cells = dateCells(readSample(file)).filter(({ value }) => /[\p{L}\d]/u.test(value));
    const unknown = cells.filter(({ value }) => parseTimescale(value).kind === 'unknown');
    expect(unknown.length / cells.length, unknown.map((c) => c.value).join(' | ')).toBeLessThan(0.1);
  });

  it('reads every date written in figures as that very day', () => {
    // An oracle of its own: day, month and year as written, two-digit years in this century.
    const written = files
      .flatMap((file) => dateCells(readSample(file)).map((c) => ({ ...c, file })))
      .map(({ value, file }) => ({ value, file, m: /^(\d{1,2})[/.](\d{1,2})[/.](\d{2}|\d{4})$/.exec(value) }))
      .filter((c) => c.m);
    expect(written.length).toBeGreaterThanOrEqual(10);
    for (const { value, m, file } of written) {
      const [, day, month, year] = m as RegExpExecArray;
      const iso = `${year!.length === 2 ? `20${year}` : year}-${month!.padStart(2, '0')}-${day!.padStart(2, '0')}`;
      const parsed = parseTimescale(value);
      if (parsed.findings.some((f) => f.code === 'timescale.impossible_date')) continue;
      expect(parsed.end, `${file} "${value}"`).toBe(iso);
    }
  });

  it.each(files)('%s: every date cell yields a parsed value or a finding', (file) => {
    const cells = dateCells(readSample(file));
    expect(cells.length).toBeGreaterThanOrEqual(10);
    for (const { line, value } of cells) {
      const parsed = parseTimescale(value, { location: { file, line } });
      const understood = parsed.kind !== 'unknown' || parsed.findings.length > 0;
      expect(understood, `${file}:${line} "${value}"`).toBe(true);
      for (const f of parsed.findings) expect(f.location).toMatchObject({ file, line });
    }
  });

  it('reports the impossible dates the Essex plan really contains', () => {
    const file = files.find((f) => f.startsWith('essex'));
    expect(file).toBeDefined();
    const errors = dateCells(readSample(file as string)).flatMap(({ value }) =>
      parseTimescale(value).findings.filter((f) => f.code === 'timescale.impossible_date'),
    );
    expect(errors.length).toBeGreaterThanOrEqual(2);
    expect(errors.map((e) => e.message).join(' ')).toMatch(/31\/09\/2011|31\/11\/2010|31\/04\//);
  });
});
