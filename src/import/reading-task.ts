/**
 * One upload read in a worker thread: the answer is either the reading or why the file could not be read, as
 * plain data (an error's class does not survive the trip back to the main thread).
 */
import { readUpload, type UploadReading } from './index.ts';
import type { ImportOptions } from './build-plan.ts';
import { UnreadableDocumentError } from './model.ts';

export interface ReadingTask {
  file: string;
  content: Uint8Array;
  options: ImportOptions;
}

export type ReadingAnswer =
  | { reading: UploadReading }
  | { unreadable: string }
  /** A fault in the importer: the detail is for the log, never for the user. */
  | { fault: string };

export async function readInWorker(task: ReadingTask): Promise<ReadingAnswer> {
  try {
    const content = Buffer.from(task.content.buffer, task.content.byteOffset, task.content.byteLength);
    return { reading: await readUpload(task.file, content, task.options) };
  } catch (error) {
    if (error instanceof UnreadableDocumentError) return { unreadable: error.reason };
    return { fault: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
}
