/**
 * Damaged input never crashes the importer: truncated, shuffled and mangled versions of the fixtures and
 * sample plans each end in a plan (with findings) or in the one clear "cannot be read" error.
 */
import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readPlanDocument } from '../../src/domain/plan-document.ts';
import { importBuffer, UnreadableDocumentError } from '../../src/import/index.ts';
import { MAX_EXPANDED_BYTES } from '../../src/import/readers/zip-check.ts';
import { writeDocxFixture, writeXlsxFixture } from '../support/fixture-documents.ts';
import { readSample, sampleFiles, samplesPresent } from '../support/samples.ts';

/** A small seeded generator, so a failing variant can be reproduced. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

type Mangle = (text: string, next: () => number) => string;

const MANGLES: Record<string, Mangle> = {
  truncate: (t, next) => t.slice(0, Math.floor(next() * t.length)),
  shuffleLines: (t, next) => {
    const lines = t.split('\n');
    for (let i = lines.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [lines[i], lines[j]] = [lines[j] as string, lines[i] as string];
    }
    return lines.join('\n');
  },
  dropLines: (t, next) =>
    t
      .split('\n')
      .filter(() => next() > 0.3)
      .join('\n'),
  scrambleCells: (t, next) =>
    t
      .split('\n')
      .map((line) => (next() < 0.2 ? line.split('\t').reverse().join('\t') : line))
      .join('\n'),
  noise: (t, next) => {
    const chars = [...t];
    const junk = [
      '\t',
      '\n',
      '<p>',
      '</p>',
      '–',
      '/',
      '31/02/20',
      ':',
      '(JW)',
      '•',
      '\u0000',
      'Priority 9 –',
      '"',
    ];
    for (let k = 0; k < 40; k++)
      chars.splice(
        Math.floor(next() * chars.length),
        next() < 0.5 ? 1 : 0,
        junk[Math.floor(next() * junk.length)] as string,
      );
    return chars.join('');
  },
};

async function expectPlanOrClearError(file: string, content: Buffer, label: string) {
  try {
    const doc = await importBuffer(file, content);
    const read = readPlanDocument(doc);
    expect(read.ok, `${label}: ${read.ok ? '' : read.errors[0]?.message}`).toBe(true);
    return 'plan';
  } catch (error) {
    if (error instanceof UnreadableDocumentError) {
      expect(error.message.startsWith(`${file}: `), label).toBe(true);
      return 'error';
    }
    throw new Error(`${label}: ${error instanceof Error ? error.stack : String(error)}`);
  }
}

const TEXT_FIXTURES = ['harbour-plan.txt', 'eastmoor-plan.csv'].map((name) => ({
  name,
  text: readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8'),
}));

describe('importer robustness', () => {
  it('survives 1,000 damaged text, CSV and sample plans', async () => {
    const sources = [...TEXT_FIXTURES];
    if (samplesPresent()) for (const name of sampleFiles()) sources.push({ name, text: readSample(name) });
    const next = random(20261122);
    const outcomes = { plan: 0, error: 0 };
    const tried = new Set<string>();
    const variants = 1000;
    for (let i = 0; i < variants; i++) {
      const source = sources[i % sources.length] as { name: string; text: string };
      const names = Object.keys(MANGLES);
      const mangle = names[Math.floor(next() * names.length)] as string;
      tried.add(mangle);
      let text = (MANGLES[mangle] as Mangle)(source.text, next);
      // Keep the big samples' variants small enough for a quick run: a random window of the document.
      if (text.length > 20_000) {
        const start = Math.floor(next() * (text.length - 20_000));
        text = text.slice(start, start + 20_000);
      }
      outcomes[
        await expectPlanOrClearError(
          source.name,
          Buffer.from(text),
          `variant ${i} (${mangle} of ${source.name})`,
        )
      ]++;
    }
    // Every kind of damage was tried, and nearly every damaged document still gives a plan.
    expect([...tried].sort()).toEqual(Object.keys(MANGLES).sort());
    expect(outcomes.plan).toBeGreaterThan(variants * 0.9);
  }, 120_000);

  it('survives damaged Word and Excel files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipt-robust-'));
    const next = random(7);
    const files = [await writeDocxFixture(dir), await writeXlsxFixture(dir)];
    const outcomes = { plan: 0, error: 0 };
    for (const file of files) {
      const content = readFileSync(file);
      for (let i = 0; i < 60; i++) {
        const damaged = Buffer.from(content);
        if (i % 2 === 0) {
          const cut = damaged.subarray(0, Math.floor(next() * damaged.length));
          outcomes[await expectPlanOrClearError(file, cut, `${file} truncated (${i})`)]++;
        } else {
          for (let k = 0; k < 20; k++)
            damaged[Math.floor(next() * damaged.length)] = Math.floor(next() * 256);
          outcomes[await expectPlanOrClearError(file, damaged, `${file} corrupted (${i})`)]++;
        }
      }
    }
    expect(outcomes.error).toBeGreaterThan(0);
  }, 60_000);

  it('gives the clear error for files that are not plans', async () => {
    for (const [name, content, reason] of [
      ['empty.txt', Buffer.alloc(0), 'the file is empty'],
      ['blank.txt', Buffer.from('  \n\n '), 'the file holds no text'],
      [
        'plan.docx',
        Buffer.from('not really a word file'),
        'not a .docx file (it may be corrupt or truncated)',
      ],
      [
        'locked.xlsx',
        Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]),
        'password-protected',
      ],
      ['picture.txt', Buffer.from(Array.from({ length: 500 }, (_, i) => i % 32)), 'looks binary'],
    ] as const) {
      await expect(importBuffer(name, content)).rejects.toThrow(
        new RegExp(`^${name.replace('.', '\\.')}: .*${reason.replace(/[().]/g, '\\$&')}`),
      );
    }
  });
});

describe('hostile uploads', () => {
  const head = 'Ref,Action,Lead,Due\n1,Review every open case,Ann Lee,Mar-27\n';

  it('reads past any number of blank rows (CSV, CRLF, commas only, and text) to the plan they pad', async () => {
    for (const [file, padding] of [
      ['blank.csv', '\n'.repeat(20 * 1024 * 1024)],
      ['crlf.csv', '\r\n'.repeat(4 * 1024 * 1024)],
      ['commas.csv', ',,,\n, , ,\n'.repeat(1024 * 1024)],
      ['blank.txt', '\n \t\n\r\n'.repeat(2 * 1024 * 1024)],
    ] as const) {
      const tab = (text: string) => (file.endsWith('.txt') ? text.replaceAll(',', '\t') : text);
      const last = '2,Audit the front door,Ann Lee,Apr-27\n';
      const plan = await importBuffer(file, Buffer.from(tab(head) + padding + tab(last)));
      expect(
        plan.actions.map((a) => a.text),
        file,
      ).toEqual(['Review every open case', 'Audit the front door']);
    }
  });

  it('numbers CSV rows as a spreadsheet does, blank rows included, and keeps quoted cells whole', async () => {
    const csv =
      'Ref,Action,Lead\n\n1,"Review ""open"" cases,\nthen report",Ann Lee\n\n\n2,Audit "front door",Bo Kim\n';
    const { readCsv } = await import('../../src/import/readers/csv.ts');
    const table = readCsv('plan.csv', csv).blocks[0];
    expect(
      table?.type === 'table' && table.rows.map((r) => [r.at, r.cells.map((c) => c.paragraphs)]),
    ).toEqual([
      [1, [['Ref'], ['Action'], ['Lead']]],
      [3, [['1'], ['Review "open" cases,', 'then report'], ['Ann Lee']]],
      [6, [['2'], ['Audit "front door"'], ['Bo Kim']]],
    ]);
    // Blank rows of either line break, mixed, are counted one by one.
    const mixed = readCsv('mixed.csv', 'Ref,Action\r\n\r\n\n\r\n\n\n1,Do it\r\n\r\n2,Check it').blocks[0];
    expect(mixed?.type === 'table' && mixed.rows.map((r) => r.at)).toEqual([1, 7, 9]);
    await expect(
      importBuffer('open.csv', Buffer.from('Ref,Action\n1,ok\n2,"never closed\n3,x\n')),
    ).rejects.toThrow('open.csv: not readable as CSV: the quoted cell that starts in row 3 is never closed');
  });

  it('refuses a file of runaway rows with a clear error instead of reading them all', async () => {
    const limit = /more than 20,000 rows or lines with text in them/;
    await expect(importBuffer('short.csv', Buffer.from(head + 'x\n'.repeat(5_000_000)))).rejects.toThrow(
      limit,
    );
    await expect(
      importBuffer('lines.txt', Buffer.from('Plan\n' + 'a line\n'.repeat(1_000_000))),
    ).rejects.toThrow(limit);
    const rows = Array.from({ length: 20_500 }, (_, i) => [
      `${i + 1}`,
      `Action ${i + 1}`,
      'Ann Lee',
      'Mar-27',
    ]);
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Plan').addRows([['Ref', 'Action', 'Lead', 'Due'], ...rows]);
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    await expect(importBuffer('big.xlsx', xlsx)).rejects.toThrow(limit);
  }, 60_000);
});

describe('zip bombs', () => {
  it('refuses a .docx or .xlsx whose parts would expand past the limit, before expanding them', async () => {
    const JSZip = (await import('jszip')).default;
    const bomb = new JSZip();
    bomb.file('[Content_Types].xml', '<Types/>');
    bomb.file('word/document.xml', Buffer.alloc(MAX_EXPANDED_BYTES + 1024 * 1024));
    const content = await bomb.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    expect(content.length).toBeLessThan(1024 * 1024);
    await expect(importBuffer('bomb.docx', content)).rejects.toThrow(
      /^bomb\.docx: refused before opening it: its parts would expand to more than 100 MB/,
    );

    // A part that claims a size over 4 GB in the archive's directory.
    const small = new JSZip();
    small.file('xl/workbook.xml', '<workbook/>');
    const patched = await small.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    const directory = patched.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    patched.writeUInt32LE(0xffffffff, directory + 24);
    await expect(importBuffer('claims.xlsx', patched)).rejects.toThrow(/one part claims more than 4 GB/);

    const cut = patched.subarray(0, patched.length - 30);
    await expect(importBuffer('cut.xlsx', cut)).rejects.toThrow(/^cut\.xlsx: /);
  }, 60_000);
});
