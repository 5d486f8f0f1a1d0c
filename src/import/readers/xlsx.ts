import ExcelJS from 'exceljs';
import { UnreadableDocumentError, type Block, type SourceDocument } from '../model.ts';
import { splitLines } from './csv.ts';

/** Every sheet of a workbook becomes a heading (the sheet's name) followed by its table. */
export async function readXlsx(file: string, content: Buffer): Promise<SourceDocument> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(content as unknown as ArrayBuffer);
  } catch (error) {
    const message = (error as Error).message;
    const reason = /encrypt|password|CFB/i.test(message)
      ? 'password-protected or encrypted'
      : `not a readable Excel workbook (${message})`;
    throw new UnreadableDocumentError(file, reason);
  }
  const blocks: Block[] = [];
  workbook.eachSheet((sheet) => {
    const rows: { at: number; cells: { paragraphs: string[] }[] }[] = [];
    sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const cells: { paragraphs: string[] }[] = [];
      for (let c = 1; c <= row.cellCount; c++)
        cells.push({ paragraphs: splitLines(cellToText(row.getCell(c))) });
      rows.push({ at: rowNumber, cells });
    });
    if (rows.length === 0) return;
    blocks.push({ type: 'heading', text: sheet.name, at: 0, level: 1 });
    blocks.push({ type: 'table', rows, at: 1, sheet: sheet.name });
  });
  return { file, unit: 'row', blocks };
}

function cellToText(cell: ExcelJS.Cell): string {
  // A merged range keeps its text in its first cell; the others repeat it, which would put it under every column.
  if (cell.isMerged && cell.master !== cell) return '';
  const value = cell.value;
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('result' in value)
      return value.result === undefined || value.result === null ? '' : formulaResult(value.result);
    if ('text' in value) return typeof value.text === 'string' ? value.text : '';
    if ('error' in value) return '';
  }
  return typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string'
    ? String(value)
    : '';
}

/** A formula's cached result as text: a number, string, boolean, date or an error (shown as nothing). */
function formulaResult(result: unknown): string {
  if (result instanceof Date) return result.toISOString().slice(0, 10);
  if (typeof result === 'string' || typeof result === 'number' || typeof result === 'boolean')
    return String(result);
  return '';
}
