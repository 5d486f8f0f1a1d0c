/**
 * One upload read in a worker thread: the answer is either the reading or why the file could not be read, as
 * plain data (an error's class does not survive the trip back to the main thread).
 */
import { readUpload, type UploadReading } from './index.ts';
import type { ImportOptions } from './build-plan.ts';
import { UnreadableDocumentError } from './model.ts';
import { packUpload, unpackUpload, type PackedUpload } from './packed-upload.ts';

export interface ReadingTask {
  file: string;
  /** The upload's bytes (moved to the thread, not copied), or the upload as a preview keeps it. */
  content: Uint8Array | PackedUpload;
  options: ImportOptions;
  /** Also pack the upload for keeping in a preview. */
  pack?: boolean;
}

export type ReadingAnswer =
  | { reading: UploadReading; packed?: PackedUpload }
  | { unreadable: string }
  /** A fault in the importer: the detail is for the log, never for the user. */
  | { fault: string };

export async function readInWorker(task: ReadingTask): Promise<ReadingAnswer> {
  try {
    const content =
      task.content instanceof Uint8Array
        ? Buffer.from(task.content.buffer, task.content.byteOffset, task.content.byteLength)
        : unpackUpload(task.content);
    const reading = await readUpload(task.file, content, task.options);
    return { reading, packed: task.pack ? packUpload(content) : undefined };
  } catch (error) {
    if (error instanceof UnreadableDocumentError) return { unreadable: error.reason };
    return { fault: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
}
