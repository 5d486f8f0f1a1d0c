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
      const rows: Row[] = element
        .querySelectorAll('tr')
        .filter((tr) => tr.closest('table') === element)
        .map((tr, i) => ({
          at: i + 1,
          cells: tr.childNodes
            .filter((n): n is HTMLElement => ['td', 'th'].includes((n as HTMLElement).tagName?.toLowerCase()))
            .map((td) => ({ paragraphs: splitCellParagraphs(td.innerHTML) })),
        }));
      blocks.push({ type: 'table', rows, at: tables });
    } else {
      element.childNodes.forEach((child) => visit(child as HTMLElement));
    }
  };
  visit(parse(html));
  return blocks;
}
