/**
 * The intermediate model every reader produces: an ordered list of blocks (headings, paragraphs, list
 * items and tables), each remembering where it came from so findings can point a person at it.
 */
export interface Cell {
  /** The cell's paragraphs and list items, in order, as plain text. */
  paragraphs: string[];
}

export interface Row {
  cells: Cell[];
  /** Line (text files) or row number (spreadsheets, Word tables) for findings. */
  at: number;
}

export interface TableBlock {
  type: 'table';
  rows: Row[];
  at: number;
  /** The sheet's name, for spreadsheets. */
  sheet?: string;
}

export interface TextBlock {
  type: 'heading' | 'paragraph' | 'list_item';
  text: string;
  at: number;
  /** Heading level when the document says (Word headings); unknown for plain text. */
  level?: number;
}

export type Block = TableBlock | TextBlock;

export interface SourceDocument {
  file: string;
  /** What `at` counts: lines of a text file, or rows of a sheet or table. */
  unit: 'line' | 'row';
  blocks: Block[];
}

/** Every piece of text in the document: each paragraph outside tables and each paragraph of every cell. */
export function allParagraphs(blocks: Block[]): string[] {
  const paragraphs: string[] = [];
  for (const block of blocks) {
    if (block.type !== 'table') paragraphs.push(block.text);
    else for (const row of block.rows) for (const cell of row.cells) paragraphs.push(...cell.paragraphs);
  }
  return paragraphs;
}

export const cellText = (cell: Cell | undefined): string => (cell ? cell.paragraphs.join('\n') : '');
export const isEmptyCell = (cell: Cell | undefined): boolean =>
  !cell || cell.paragraphs.every((p) => p.trim() === '');

/**
 * The most rows (table rows, lines of text, paragraphs) a document may hold with anything in them. The largest real
 * plans have a few thousand; a file far beyond this is the wrong file or a hostile one, and reading it would only
 * hold the server up.
 */
export const MAX_DOCUMENT_ROWS = 20_000;

export const tooManyRows = (file: string) =>
  new UnreadableDocumentError(
    file,
    `it holds more than ${MAX_DOCUMENT_ROWS.toLocaleString('en-GB')} rows or lines with text in them; an improvement plan has far fewer, so this looks like the wrong file`,
  );

/** Fails when a document read in full is beyond the limit (Word and Excel, whose size is known only once read). */
export function checkDocumentSize(document: SourceDocument): SourceDocument {
  let rows = 0;
  for (const block of document.blocks) rows += block.type === 'table' ? block.rows.length : 1;
  if (rows > MAX_DOCUMENT_ROWS) throw tooManyRows(document.file);
  return document;
}

/** A clear reason a file could not be read at all (not a document, corrupt, protected, empty). */
export class UnreadableDocumentError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'UnreadableDocumentError';
  }
}
