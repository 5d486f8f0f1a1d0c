/** Blocks from HTML (what mammoth makes of a .docx): headings, paragraphs, list items and tables. */
import { parse, type HTMLElement } from 'node-html-parser';
import type { Block, Row } from '../model.ts';
import { decodeEntities, splitCellParagraphs } from './cell-text.ts';

const textOf = (element: HTMLElement) => decodeEntities(element.text).replace(/\s+/g, ' ').trim();

export function htmlToBlocks(html: string): Block[] {
  const blocks: Block[] = [];
  let tables = 0;
  const visit = (element: HTMLElement) => {
    const tag = element.tagName?.toLowerCase();
    const heading = tag ? /^h([1-6])$/.exec(tag) : null;
    if (heading) {
      blocks.push({
        type: 'heading',
        text: textOf(element),
        at: blocks.length + 1,
        level: Number(heading[1]),
      });
    } else if (tag === 'p') {
      const text = textOf(element);
      if (text) blocks.push({ type: 'paragraph', text, at: blocks.length + 1 });
    } else if (tag === 'li') {
      blocks.push({ type: 'list_item', text: textOf(element), at: blocks.length + 1 });
    } else if (tag === 'table') {
      tables += 1;
      const rows = tableRows(element.querySelectorAll('tr').filter((tr) => tr.closest('table') === element));
      blocks.push({ type: 'table', rows, at: tables });
    } else {
      element.childNodes.forEach((child) => visit(child as HTMLElement));
    }
  };
  visit(parse(html));
  return blocks;
}

const span = (cell: HTMLElement, name: string) =>
  Math.max(1, Math.min(100, Number(cell.getAttribute(name)) || 1));

/**
 * Rows on the table's grid: a merged cell keeps its text in its first column and row, and the columns and rows it
 * spans get empty cells, so every cell stays under its own heading (Word merges a theme down its rows, or a heading
 * across the table).
 */
function tableRows(trs: HTMLElement[]): Row[] {
  // Columns still covered by a cell merged down from a row above: column → rows left.
  const covered = new Map<number, number>();
  return trs.map((tr, i) => {
    const cells: Row['cells'] = [];
    const place = (paragraphs: string[]) => {
      while ((covered.get(cells.length) ?? 0) > 0) cells.push({ paragraphs: [] });
      cells.push({ paragraphs });
    };
    for (const node of tr.childNodes) {
      const td = node as HTMLElement;
      if (!['td', 'th'].includes(td.tagName?.toLowerCase())) continue;
      place(splitCellParagraphs(td.innerHTML));
      const first = cells.length - 1;
      for (let extra = 1; extra < span(td, 'colspan'); extra++) place([]);
      const down = span(td, 'rowspan');
      if (down > 1) for (let c = first; c < cells.length; c++) covered.set(c, down);
    }
    // Merged cells at the end of the row still take their columns.
    for (const [column, left] of covered)
      if (left > 0 && column >= cells.length) {
        while (cells.length < column) cells.push({ paragraphs: [] });
        cells.push({ paragraphs: [] });
      }
    for (const [column, left] of covered) covered.set(column, left - 1);
    return { at: i + 1, cells };
  });
}
