/**
 * Uploads are read in a pool of worker threads (piscina), never on the main thread: a hostile or enormous document
 * then holds up only its own worker while every other user is answered. Each document has a budget of time and
 * memory; past either, its worker is stopped and the user is told in plain words what was too much.
 */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { ImportOptions } from './build-plan.ts';
import type { UploadReading } from './index.ts';
import { UnreadableDocumentError } from './model.ts';
import type { PackedUpload } from './packed-upload.ts';
import type { ReadingAnswer, ReadingTask } from './reading-task.ts';

export interface ReadingBudget {
  /** The longest one document may take to read. */
  timeLimitMs: number;
  /** The most memory (V8 heap) a worker may use for one document. */
  memoryLimitMb: number;
  /** Worker threads (default: half the processor cores, at least one). */
  threads?: number;
}

/** How much lower than the service's own the reading threads' priority is (Unix nice, 0–19). */
export const READING_NICENESS = 10;

export const DEFAULT_READING_BUDGET: ReadingBudget = { timeLimitMs: 30_000, memoryLimitMb: 512 };

export interface UploadReader {
  /**
   * Reads an upload in a reading thread. Its bytes are moved there, not copied (a copy of a large upload on the
   * main thread holds up every request, and its garbage makes the whole heap be collected): `content` is empty
   * afterwards. A preview's packed upload is unpacked there too.
   */
  read(file: string, content: Buffer | PackedUpload, options?: ImportOptions): Promise<UploadReading>;
  /** Reads an upload and packs it for keeping in a preview, both in the reading thread. */
  readAndPack(
    file: string,
    content: Buffer,
    options?: ImportOptions,
  ): Promise<{ reading: UploadReading; packed: PackedUpload }>;
  close(): Promise<void>;
}

/** The bytes to hand to a thread: the upload's own memory, or a copy when it shares Node's small-buffer pool. */
function movable(content: Buffer): Uint8Array {
  const whole = content.byteOffset === 0 && content.byteLength === content.buffer.byteLength;
  return whole && content.buffer instanceof ArrayBuffer
    ? new Uint8Array(content.buffer)
    : new Uint8Array(content);
}

export function createReadingPool(
  budget: ReadingBudget = DEFAULT_READING_BUDGET,
  onFault: (file: string, detail: string) => void = (file, detail) =>
    process.stderr.write(`ipt: reading ${file} failed: ${detail}\n`),
): UploadReader {
  let pool: Piscina<ReadingTask, ReadingAnswer> | null = null;
  // Started on first use, so commands that read nothing start no threads.
  const started = () => {
    if (!pool) {
      pool = new Piscina({
        filename: new URL('./reading-worker.js', import.meta.url).href,
        minThreads: 0,
        maxThreads: budget.threads ?? Math.max(1, Math.floor(availableParallelism() / 2)),
        idleTimeout: 60_000,
        // Reading threads run at a lower priority than the threads answering requests: a long upload (or a hostile
        // one, until its budget ends it) takes the time other users' pages leave over, not theirs.
        niceIncrement: READING_NICENESS,
        resourceLimits: { maxOldGenerationSizeMb: budget.memoryLimitMb, maxYoungGenerationSizeMb: 64 },
      });
      // A thread that dies outside a task (out of memory as it finishes one) is reported by the pool itself: without
      // a listener that would be an uncaught error and stop the whole service. The pool starts another thread.
      pool.on('error', (error: unknown) =>
        onFault(
          '(a reading thread)',
          error instanceof Error ? (error.stack ?? error.message) : String(error),
        ),
      );
    }
    return pool;
  };

  async function run(
    file: string,
    content: Buffer | PackedUpload,
    options: ImportOptions,
    pack: boolean,
  ): Promise<{ reading: UploadReading; packed?: PackedUpload }> {
    const bytes = Buffer.isBuffer(content) ? movable(content) : undefined;
    const task: ReadingTask = { file, content: bytes ?? content, options, pack };
    const timeout = AbortSignal.timeout(budget.timeLimitMs);
    let answer: ReadingAnswer;
    try {
      answer = await started().run(task, {
        signal: timeout,
        transferList: bytes ? [bytes.buffer as ArrayBuffer] : undefined,
      });
    } catch (error) {
      if (timeout.aborted)
        throw new UnreadableDocumentError(
          file,
          `reading it took longer than ${budget.timeLimitMs / 1000} seconds, the most one document may take; an improvement plan reads in a second or two, so this looks like the wrong file (or one made to hold the service up)`,
        );
      if ((error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY')
        throw new UnreadableDocumentError(
          file,
          `reading it needed more than ${budget.memoryLimitMb} MB of memory, the most one document may use; an improvement plan needs far less, so this looks like the wrong file`,
        );
      onFault(file, error instanceof Error ? (error.stack ?? error.message) : String(error));
      throw faultError(file);
    }
    if ('reading' in answer) return answer;
    if ('unreadable' in answer) throw new UnreadableDocumentError(file, answer.unreadable);
    onFault(file, answer.fault);
    throw faultError(file);
  }

  return {
    read: async (file, content, options = {}) => (await run(file, content, options, false)).reading,
    readAndPack: async (file, content, options = {}) => {
      const { reading, packed } = await run(file, content, options, true);
      if (!packed) throw new Error('The reading thread did not pack the upload');
      return { reading, packed };
    },
    close: async () => {
      const running = pool;
      pool = null;
      await running?.destroy();
    },
  };
}

const faultError = (file: string) =>
  new UnreadableDocumentError(
    file,
    'the importer failed on something in it (the fault is in the log for the service to fix); saving it again as .docx, .xlsx or .csv may help',
  );
