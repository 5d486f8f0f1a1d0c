/**
 * Uploads are read on threads of lower priority than the service's own: under load a long or hostile upload takes
 * the processor time the pages leave over. Read from Linux's own account of each thread (/proc/self/task).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createReadingPool, READING_NICENESS } from '../../src/import/reading-pool.ts';

/** A thread's nice value (field 19 of /proc/self/task/TID/stat). */
function nicenessOf(tid: string): number {
  const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
  // The command name (field 2) is in brackets and may hold spaces: count from after it.
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
}

/** The nice value of each of this process's threads. */
function threadNiceness(): number[] {
  return readdirSync('/proc/self/task').flatMap((tid) => {
    try {
      return [nicenessOf(tid)];
    } catch {
      return []; // a thread that ended while being listed
    }
  });
}

describe.runIf(process.platform === 'linux')('reading threads', () => {
  it('run at a lower priority than the threads that answer requests', async () => {
    expect(threadNiceness().filter((n) => n === READING_NICENESS)).toHaveLength(0);
    const pool = createReadingPool({ timeLimitMs: 30_000, memoryLimitMb: 256, threads: 1 });
    try {
      const reading = await pool.read(
        'plan.csv',
        Buffer.from('Ref,Action,Lead,Due\n1,Do a thing,Ann Lee,1 March 2027\n'),
      );
      expect(reading.plan.actions).toHaveLength(1);
      // The reading thread (and any thread it starts, which inherits its priority).
      expect(threadNiceness().filter((n) => n === READING_NICENESS).length).toBeGreaterThanOrEqual(1);
      // The process's main thread (its id the process's) keeps its priority.
      expect(nicenessOf(String(process.pid))).toBe(0);
    } finally {
      await pool.close();
    }
  });
});
