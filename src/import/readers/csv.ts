import { MAX_DOCUMENT_ROWS, tooManyRows, UnreadableDocumentError, type SourceDocument } from '../model.ts';

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

/**
 * A CSV file is one table; a cell's line breaks separate its paragraphs. Rows are numbered as a spreadsheet
 * numbers them (blank rows count), so a finding's "row 12" is the row the user sees.
 */
export function readCsv(file: string, content: string): SourceDocument {
  const text = content.replace(/^\uFEFF/, '');
  const rows = [];
  for (const record of csvRecords(file, text, sniffDelimiter(text))) {
    if (rows.length === MAX_DOCUMENT_ROWS) throw tooManyRows(file);
    rows.push({ at: record.row, cells: record.fields.map((value) => ({ paragraphs: splitLines(value) })) });
  }
  return { file, unit: 'row', blocks: [{ type: 'table', rows, at: 1 }] };
}

/**
 * The records of a CSV text that hold anything, in one pass: quoted cells (with "" for a quote and line breaks
 * inside), a quote inside an unquoted cell taken as written, rows of any length. Written here rather than taken
 * from csv-parse because that builds an error object (with its stack) for every row whose length differs from the
 * first, which made a file of short or blank rows take minutes; here a blank row costs one comparison.
 */
export function* csvRecords(
  file: string,
  text: string,
  delimiter: string,
): Generator<{ row: number; fields: string[] }> {
  const length = text.length;
  let at = 0;
  let row = 0;
  while (at < length) {
    row++;
    // Blank rows are passed over before anything is made for them, a run of them at once.
    const blank = blankRun(text, at);
    if (blank.rows > 0) {
      row += blank.rows - 1;
      at = blank.end;
      continue;
    }
    const fields: string[] = [];
    let filled = false;
    for (;;) {
      let value: string;
      if (text[at] === '"') {
        // A quoted cell runs to the quote that is not doubled; anything after it, up to the separator, is kept.
        let end = at + 1;
        let parts = '';
        for (;;) {
          const quote = text.indexOf('"', end);
          if (quote === -1)
            throw new UnreadableDocumentError(
              file,
              `not readable as CSV: the quoted cell that starts in row ${row} is never closed`,
            );
          parts += text.slice(end, quote);
          if (text[quote + 1] === '"') {
            parts += '"';
            end = quote + 2;
            continue;
          }
          end = quote + 1;
          break;
        }
        const rest = endOfCell(text, end, delimiter);
        value = parts + text.slice(end, rest);
        at = rest;
      } else {
        const end = endOfCell(text, at, delimiter);
        value = text.slice(at, end);
        at = end;
      }
      if (value !== '' && value.trim() !== '') filled = true;
      fields.push(value);
      if (text[at] === delimiter) {
        at++;
        continue;
      }
      // The end of the record: \n, \r\n or the end of the text.
      if (text[at] === '\r') at++;
      if (text[at] === '\n') at++;
      break;
    }
    if (filled) yield { row, fields };
  }
}

const LINE_FEEDS = /\n+/y;
const CRLFS = /(?:\r\n)+/y;

/** The blank rows that start at `from` (line breaks of either kind, mixed or not) and where they end. */
function blankRun(text: string, from: number): { rows: number; end: number } {
  let rows = 0;
  let end = from;
  for (;;) {
    LINE_FEEDS.lastIndex = end;
    if (LINE_FEEDS.test(text)) {
      rows += LINE_FEEDS.lastIndex - end;
      end = LINE_FEEDS.lastIndex;
      continue;
    }
    CRLFS.lastIndex = end;
    if (CRLFS.test(text)) {
      rows += (CRLFS.lastIndex - end) / 2;
      end = CRLFS.lastIndex;
      continue;
    }
    return { rows, end };
  }
}

/** Where an unquoted stretch ends: at the separator, a line break or the end of the text. */
function endOfCell(text: string, from: number, delimiter: string): number {
  let at = from;
  const length = text.length;
  while (at < length) {
    const c = text[at];
    if (c === delimiter || c === '\n' || (c === '\r' && text[at + 1] === '\n')) return at;
    at++;
  }
  return at;
}

export const splitLines = (value: string): string[] =>
  value
    .split(/\r?\n/)
    .map((line) => line.replace(/^\s*[•▪-]\s+/, '').trim())
    .filter((line) => line !== '');
