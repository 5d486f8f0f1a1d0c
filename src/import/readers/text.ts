/**
 * Plain text in the form Word extraction gives: a table row per line with cells separated by tabs,
 * everything else a paragraph. Blank lines inside a table (page breaks) do not end it.
 */
import type { Block, SourceDocument, TableBlock } from '../model.ts';
import { splitCellParagraphs, stripEmphasis } from './cell-text.ts';

export function readText(file: string, content: string): SourceDocument {
  const blocks: Block[] = [];
  let table: TableBlock | null = null;
  content.split(/\r?\n/).forEach((line, index) => {
    const at = index + 1;
    if (line.trim() === '') return;
    if (line.includes('\t')) {
      if (!table) {
        table = { type: 'table', rows: [], at };
        blocks.push(table);
      }
      table.rows.push({
        at,
        cells: line.split('\t').map((cell) => ({ paragraphs: splitCellParagraphs(cell) })),
      });
      return;
    }
    table = null;
    const text = stripEmphasis(splitCellParagraphs(line).join(' '));
    if (!text) return;
    const bullet = /^\s*[-*•]\s+/.test(line);
    blocks.push({
      type: bullet ? 'list_item' : 'paragraph',
      text: bullet ? text.replace(/^[-*•]\s*/, '') : text,
      at,
    });
  });
  return { file, unit: 'line', blocks };
}
