/** Picks the reader for a file by its content first and its name second. */
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { checkDocumentSize, UnreadableDocumentError, type SourceDocument } from '../model.ts';
import { readCsv } from './csv.ts';
import { checkZipExpansion } from './zip-check.ts';
import { readDocx } from './docx.ts';
import { readText } from './text.ts';
import { readXlsx } from './xlsx.ts';

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]); // old Office files, and password-protected new ones

export async function readDocumentFile(path: string): Promise<SourceDocument> {
  let content: Buffer;
  try {
    content = await readFile(path);
  } catch (error) {
    throw new UnreadableDocumentError(
      path,
      `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    );
  }
  return readDocument(path, content);
}

export async function readDocument(file: string, content: Buffer): Promise<SourceDocument> {
  const extension = extname(file).toLowerCase();
  if (content.length === 0) throw new UnreadableDocumentError(file, 'the file is empty');
  if (content.subarray(0, 4).equals(OLE)) {
    throw new UnreadableDocumentError(
      file,
      'password-protected, encrypted or an old-format Office file: save it as .docx or .xlsx without a password',
    );
  }
  if (content.subarray(0, 4).equals(ZIP)) {
    checkZipExpansion(file, content);
    // The archive's own names tell Excel from Word, looked for in its bytes (no copy of the file as text).
    if (extension === '.xlsx' || content.includes('xl/workbook'))
      return checkDocumentSize(await readXlsx(file, content));
    if (extension === '.docx' || content.includes('word/document'))
      return checkDocumentSize(await readDocx(file, content));
    throw new UnreadableDocumentError(
      file,
      'a zip archive that is neither a Word (.docx) nor an Excel (.xlsx) file',
    );
  }
  if (['.docx', '.xlsx'].includes(extension)) {
    throw new UnreadableDocumentError(file, `not a ${extension} file (it may be corrupt or truncated)`);
  }
  const text = content.toString('utf8');
  if (looksBinary(text))
    throw new UnreadableDocumentError(
      file,
      `not a document this importer reads (${basename(file)} looks binary)`,
    );
  // Looked for from the start: trim() would walk a hostile file's megabytes of trailing blank lines.
  if (!/\S/.test(text)) throw new UnreadableDocumentError(file, 'the file holds no text');
  if (extension === '.csv') return readCsv(file, text);
  return readText(file, text);
}

function looksBinary(text: string): boolean {
  const sample = text.slice(0, 4000);
  let controls = 0;
  for (const char of sample) {
    const code = char.charCodeAt(0);
    if (code < 9 || (code > 13 && code < 32) || code === 0xfffd) controls += 1;
  }
  return controls > sample.length * 0.05;
}
