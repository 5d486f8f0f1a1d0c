/**
 * A spreadsheet (or CSV) sheet often opens with lines of text above its table: the council, the plan's title and
 * date, a priority's heading. Rows above the heading row that hold a single cell are read as the paragraphs they
 * are, so the title page and headings are found as in a Word document, and the table starts at its heading row.
 */
import { layoutFromHeader, type Role } from './layout.ts';
import type { Block, TableBlock } from './model.ts';

/** How far down a sheet its heading row is looked for. */
const HEADER_SEARCH_ROWS = 40;

export function liftTextRows(blocks: Block[], mapping: Record<string, Role>): Block[] {
  return blocks.flatMap((block): Block[] => {
    if (block.type !== 'table') return [block];
    const header = block.rows
      .slice(0, HEADER_SEARCH_ROWS)
      .findIndex((row) => layoutFromHeader(row, mapping) !== null);
    if (header <= 0) return [block];
    const above = block.rows.slice(0, header);
    if (above.some((row) => row.cells.filter((c) => c.paragraphs.length > 0).length > 1)) return [block];
    const paragraphs: Block[] = above.flatMap((row) =>
      row.cells
        .filter((c) => c.paragraphs.length > 0)
        .map((c) => ({ type: 'paragraph' as const, text: c.paragraphs.join(' '), at: row.at })),
    );
    const table: TableBlock = { ...block, rows: block.rows.slice(header) };
    return [...paragraphs, table];
  });
}
