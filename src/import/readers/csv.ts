import { parse } from 'csv-parse/sync';
import { UnreadableDocumentError, type SourceDocument } from '../model.ts';

/** A CSV file is one table; a cell's line breaks separate its paragraphs. */
export function readCsv(file: string, content: string): SourceDocument {
  let records: string[][];
  try {
    records = parse(content.replace(/^\uFEFF/, ''), {
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
