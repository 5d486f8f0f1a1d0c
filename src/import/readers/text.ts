/**
 * Plain text in the form Word extraction gives: a table row per line with cells separated by tabs,
 * everything else a paragraph. Blank lines inside a table (page breaks) do not end it.
 */
import {
  MAX_DOCUMENT_ROWS,
  tooManyRows,
  type Block,
  type SourceDocument,
  type TableBlock,
} from '../model.ts';
import { splitCellParagraphs, stripEmphasis } from './cell-text.ts';

export function readText(file: string, content: string): SourceDocument {
  const blocks: Block[] = [];
  let table: TableBlock | null = null;
  let filled = 0;
  eachLine(content, (line, at) => {
    if (line.trim() === '') return;
    if (++filled > MAX_DOCUMENT_ROWS) throw tooManyRows(file);
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

/** Each line with its number, without an array of every line: a file of blank lines costs only the scan. */
function eachLine(content: string, visit: (line: string, at: number) => void): void {
  let start = 0;
  let at = 0;
  while (start <= content.length) {
    at++;
    let end = content.indexOf('\n', start);
    if (end === -1) end = content.length;
    if (end > start + 1 || (end === start + 1 && content[start] !== '\r'))
      visit(content.slice(start, content[end - 1] === '\r' ? end - 1 : end), at);
    start = end + 1;
  }
}
