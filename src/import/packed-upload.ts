/**
 * An upload as an import preview keeps it: gzipped and written as base64, so a large file of mostly blank lines (or
 * any text) costs the database a fraction of its size. Packed and unpacked only in the reading threads, whose
 * priority is below the threads answering requests.
 */
import { gunzipSync, gzipSync } from 'node:zlib';

export interface PackedUpload {
  /** The upload, base64 (gzipped when `contentCoding` says so). */
  content: string;
  contentCoding?: 'gzip';
}

// Synchronous on purpose: in a reading thread the work stays on that thread, at its priority. zlib's asynchronous
// calls would run it on libuv's threads, shared with the whole process and at the service's own priority.

export function packUpload(content: Uint8Array): PackedUpload {
  return { content: gzipSync(content, { level: 1 }).toString('base64'), contentCoding: 'gzip' };
}

export function unpackUpload(packed: PackedUpload): Buffer {
  const stored = Buffer.from(packed.content, 'base64');
  return packed.contentCoding === 'gzip' ? gunzipSync(stored) : stored;
}
