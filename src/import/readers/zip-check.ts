/**
 * A Word or Excel file is a zip archive, and a small archive can expand to gigabytes (a zip bomb). Its central
 * directory says how large each part is once expanded: the total is checked before any part is expanded, and a
 * file claiming more than a plan could need is refused. (A file that lies about its sizes is stopped by the
 * reading worker's memory budget instead.)
 */
import { UnreadableDocumentError } from '../model.ts';

/** What the parts of a .docx or .xlsx may add up to, expanded. */
export const MAX_EXPANDED_BYTES = 100 * 1024 * 1024;
const MAX_PARTS = 10_000;

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_DIRECTORY_ENTRY = 0x02014b50;

export function checkZipExpansion(file: string, content: Buffer): void {
  const end = findEndOfCentralDirectory(content);
  // A damaged archive is left to its reader, which says what kind of file it is not.
  if (end < 0) return;
  const entries = content.readUInt16LE(end + 10);
  let at = content.readUInt32LE(end + 16);
  if (entries === 0xffff || at === 0xffffffff || entries > MAX_PARTS)
    throw tooLarge(file, 'it has more parts than any document needs');
  let total = 0;
  for (let i = 0; i < entries; i++) {
    if (at + 46 > content.length || content.readUInt32LE(at) !== CENTRAL_DIRECTORY_ENTRY) return;
    const expanded = content.readUInt32LE(at + 24);
    if (expanded === 0xffffffff) throw tooLarge(file, 'one part claims more than 4 GB');
    total += expanded;
    if (total > MAX_EXPANDED_BYTES)
      throw tooLarge(file, `its parts would expand to more than ${MAX_EXPANDED_BYTES / 1024 / 1024} MB`);
    at += 46 + content.readUInt16LE(at + 28) + content.readUInt16LE(at + 30) + content.readUInt16LE(at + 32);
  }
}

function findEndOfCentralDirectory(content: Buffer): number {
  // The record is 22 bytes plus a comment of at most 65,535.
  const stop = Math.max(0, content.length - 22 - 0xffff);
  for (let at = content.length - 22; at >= stop; at--)
    if (content.readUInt32LE(at) === END_OF_CENTRAL_DIRECTORY) return at;
  return -1;
}

const tooLarge = (file: string, why: string) =>
  new UnreadableDocumentError(
    file,
    `refused before opening it: ${why}, far more than an improvement plan (this is how a "zip bomb" looks)`,
  );
