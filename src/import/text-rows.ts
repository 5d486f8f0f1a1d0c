/**
 * A spreadsheet (or CSV) sheet often opens with lines of text above its table: the council, the plan's title and
 * date, a priority's heading, a RAG key. Rows above the heading row are read as the paragraphs (single cells) and
 * small tables they are, so the title page and headings are found as in a Word document, and the table starts at
 * its heading row.
 */
import { layoutFromHeader, type MappedRole } from './layout.ts';
import { isListHeading } from './appendix-lists.ts';
import { labelledRow } from './labelled-rows.ts';
import type { Block, Row, TableBlock } from './model.ts';

/** How far down a sheet its heading row is looked for. */
const HEADER_SEARCH_ROWS = 40;
/** The most labelled rows a recommendation's card puts above the heading row of its actions. */
const MAX_CARD_ROWS = 8;

export function liftTextRows(blocks: Block[], mapping: Record<string, MappedRole>): Block[] {
  return blocks.flatMap((block): Block[] => {
    if (block.type !== 'table') return [block];
    const header = block.rows
      .slice(0, HEADER_SEARCH_ROWS)
      .findIndex((row) => !labelledRow(row) && layoutFromHeader(row, mapping) !== null);
    if (header < 0) return [block];
    // Labelled rows just above the heading row ("Recommendation 1 | …", "Lead | …") are the card of the actions
    // below it: they stay in the table.
    let start = header;
    while (start > 0 && header - start < MAX_CARD_ROWS && labelledRow(block.rows[start - 1] as Row))
      start -= 1;
    if (start === 0) return splitAtList(block);
    // Single cells are paragraphs; a run of fuller rows (a RAG key, a list of leads) is a small table of its own.
    const lifted: Block[] = [];
    let small: TableBlock | null = null;
    for (const row of block.rows.slice(0, start)) {
      const filled = row.cells.filter((c) => c.paragraphs.length > 0);
      if (filled.length > 1) {
        if (!small) {
          small = { type: 'table', rows: [], at: row.at, sheet: block.sheet };
          lifted.push(small);
        }
        small.rows.push(row);
        continue;
      }
      small = null;
      for (const cell of filled)
        lifted.push({ type: 'paragraph', text: cell.paragraphs.join(' '), at: row.at });
    }
    return [...lifted, ...splitAtList({ ...block, rows: block.rows.slice(start) })];
  });
}

/** A list heading in a row of its own ends the table: the list below it (an appendix of recommendations) is text. */
function splitAtList(table: TableBlock): Block[] {
  const at = table.rows.findIndex((row) => {
    const filled = row.cells.filter((c) => c.paragraphs.length > 0);
    return filled.length === 1 && isListHeading(filled[0]!.paragraphs.join(' '));
  });
  if (at <= 0) return [table];
  const after: Block[] = table.rows
    .slice(at)
    .flatMap((row) =>
      row.cells
        .filter((c) => c.paragraphs.length > 0)
        .map((c) => ({ type: 'paragraph' as const, text: c.paragraphs.join(' '), at: row.at })),
    );
  return [{ ...table, rows: table.rows.slice(0, at) }, ...after];
}
