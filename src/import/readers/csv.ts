import { parse } from 'csv-parse/sync';
import { UnreadableDocumentError, type SourceDocument } from '../model.ts';

/**
 * The separator a CSV file uses: Excel in much of Europe (and some councils' settings) saves with semicolons, and
 * some tools with tabs. The one that splits the opening lines into the most cells, outside quotes, wins.
 */
export function sniffDelimiter(content: string): ',' | ';' | '\t' {
  const lines = content.split(/\r?\n/, 30).filter((l) => l.trim() !== '');
  const count = (char: string) =>
    lines.reduce((sum, line) => sum + line.replace(/"[^"]*"/g, '').split(char).length - 1, 0);
  const candidates = [',', ';', '\t'] as const;
  return candidates.reduce((best, char) => (count(char) > count(best) ? char : best), candidates[0]);
}

/** A CSV file is one table; a cell's line breaks separate its paragraphs. */
export function readCsv(file: string, content: string): SourceDocument {
  let records: string[][];
  const text = content.replace(/^\uFEFF/, '');
  try {
    records = parse(text, {
      delimiter: sniffDelimiter(text),
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
    });
  } catch (error) {
    throw new UnreadableDocumentError(file, `not readable as CSV (${(error as Error).message})`);
  }
  const rows = records
    .map((record, i) => ({ at: i + 1, cells: record.map((value) => ({ paragraphs: splitLines(value) })) }))
    .filter((row) => row.cells.some((c) => c.paragraphs.length > 0));
  return { file, unit: 'row', blocks: [{ type: 'table', rows, at: 1 }] };
}

export const splitLines = (value: string): string[] =>
  value
    .split(/\r?\n/)
    .map((line) => line.replace(/^\s*[•▪-]\s+/, '').trim())
    .filter((line) => line !== '');
