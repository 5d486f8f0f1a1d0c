// The entry point of a reading worker thread: loads the TypeScript importer through tsx, as bin/ipt.js does
// for the command line (a worker thread does not inherit the main thread's loader).
import { tsImport } from 'tsx/esm/api';

const { readInWorker } = await tsImport('./reading-task.ts', import.meta.url);

export default readInWorker;
