/**
 * A process killed while it creates a new database's schema leaves nothing half done: the next command migrates
 * it from where it was (nothing, or all). Killed with SIGKILL at many moments of `ipt db migrate`, on SQLite files.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = new URL('../../bin/ipt.js', import.meta.url).pathname;
/** Milliseconds after the file appears: from the first statement of the schema to after its last. */
const KILL_AT = (i: number) => i * 4;
const dir = mkdtempSync(join(tmpdir(), 'ipt-killed-'));

/** Starts `ipt db migrate` and kills it `afterMs` after its database file appears: while the schema is made. */
function migrateAndKill(file: string, afterMs: number): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn('node', [BIN, '--database', `sqlite:${file}`, 'db', 'migrate'], { stdio: 'ignore' });
    const poll = setInterval(() => {
      if (!existsSync(file)) return;
      clearInterval(poll);
      setTimeout(() => child.kill('SIGKILL'), afterMs);
    }, 1);
    child.on('exit', () => {
      clearInterval(poll);
      resolve();
    });
  });
}

describe('a migration killed part way', () => {
  it('never leaves a database that later commands cannot migrate', async () => {
    const failures: string[] = [];
    // Node and the CLI take a few hundred milliseconds to load: the kills land before, during and after the schema.
    for (let i = 0; i < 10; i++) {
      const file = join(dir, `db-${i}.sqlite`);
      const url = `sqlite:${file}`;
      await migrateAndKill(file, KILL_AT(i));
      const again = spawnSync('node', [BIN, '--database', url, 'db', 'migrate'], { encoding: 'utf8' });
      if (again.status !== 0) failures.push(`kill at ${KILL_AT(i)} ms: ${again.stderr.trim()}`);
    }
    expect(failures).toEqual([]);
  }, 180_000);
});
