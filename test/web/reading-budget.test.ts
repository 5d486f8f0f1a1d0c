/**
 * Uploads are read off the main thread, within a budget: while one large document is read, the server's own
 * thread keeps turning (other users are answered); a document past its time or memory budget gets a clear error,
 * on the page as from the core, and the next document is read as usual.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createReadingPool } from '../../src/import/reading-pool.ts';
import { Browser, startTestApp, type TestApp } from '../support/web.ts';

/** A plan of many ordinary rows: slow enough to read that a blocked main thread would show. */
function largePlan(rows: number): Buffer {
  const lines = ['Ref,Action,Lead,Due,Progress'];
  for (let i = 1; i <= rows; i++)
    lines.push(
      `${i},"Review the cases of the children in area ${i} and report what was found to the board",Ann Lee,Mar-27,Green`,
    );
  return Buffer.from(lines.join('\n'));
}

const small = Buffer.from('Ref,Action,Lead,Due\n1,Review every open case,Ann Lee,Mar-27\n');

describe('reading uploads in worker threads', () => {
  const apps: TestApp[] = [];
  afterAll(async () => {
    for (const app of apps) await app.close();
  });

  it('keeps the main thread free while a large document is read', async () => {
    const t = await startTestApp();
    apps.push(t);
    await t.core.readUpload('warm.csv', small);
    let turns = 0;
    let reading = true;
    const spin = (async () => {
      while (reading) {
        await new Promise((resolve) => setImmediate(resolve));
        turns++;
      }
    })();
    const read = await t.core.readUpload('large.csv', largePlan(10_000));
    reading = false;
    await spin;
    expect(read.plan.actions).toHaveLength(10_000);
    // Read on this thread, the document would have taken the loop for itself: a handful of turns at most.
    expect(turns).toBeGreaterThan(100);
  }, 60_000);

  it('stops a document past its time budget with a clear error, then reads the next one', async () => {
    const pool = createReadingPool({ timeLimitMs: 1, memoryLimitMb: 256, threads: 1 });
    try {
      await expect(pool.read('slow.csv', largePlan(15_000))).rejects.toThrow(
        /^slow\.csv: reading it took longer than 0\.001 seconds, the most one document may take/,
      );
    } finally {
      await pool.close();
    }
    const roomy = createReadingPool({ timeLimitMs: 60_000, memoryLimitMb: 256, threads: 1 });
    try {
      expect((await roomy.read('next.csv', small)).plan.actions).toHaveLength(1);
    } finally {
      await roomy.close();
    }
  }, 60_000);

  it('stops a document past its memory budget with a clear error, and the pool goes on', async () => {
    const pool = createReadingPool({ timeLimitMs: 60_000, memoryLimitMb: 24, threads: 1 });
    try {
      await expect(pool.read('huge.csv', largePlan(19_000))).rejects.toThrow(
        /^huge\.csv: reading it needed more than 24 MB of memory, the most one document may use/,
      );
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('shows the budget error on the import page, in the same words', async () => {
    const t = await startTestApp('sqlite', { reading: { timeLimitMs: 1, memoryLimitMb: 256 } });
    apps.push(t);
    const browser = await new Browser(t.app).signIn();
    const response = await browser.upload('/import', 'slow.csv', largePlan(15_000));
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain(
      'The selected file could not be read: reading it took longer than 0.001 seconds, the most one document may take',
    );
    expect(response.body).toContain('govuk-error-summary');
  }, 60_000);
});
