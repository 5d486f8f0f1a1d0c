/**
 * An upload's bytes are handed to the reading thread, not copied on the main thread: a 20 MB upload copied twice
 * there held up every request and made the whole heap be collected. A small upload that shares Node's buffer pool
 * is copied, so the buffers beside it are untouched. The upload is packed for the preview in the thread too.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { unpackUpload } from '../../src/import/packed-upload.ts';
import { createReadingPool } from '../../src/import/reading-pool.ts';

const plan = (padding: number) =>
  Buffer.concat([
    Buffer.from('Ref,Action,Lead,Due\n1,Do a thing,Ann Lee,1 March 2027\n'),
    Buffer.alloc(padding, '\n'),
    Buffer.from('2,Do another,Ann Lee,1 April 2027\n'),
  ]);

describe('handing an upload to the reading thread', () => {
  const pool = createReadingPool({ timeLimitMs: 30_000, memoryLimitMb: 256, threads: 1 });
  afterAll(() => pool.close());

  it('moves a large upload there: the main thread keeps no copy', async () => {
    const content = plan(4 * 1024 * 1024);
    expect(content.byteOffset === 0 && content.byteLength === content.buffer.byteLength).toBe(true);
    const reading = await pool.read('plan.csv', content);
    expect(reading.plan.actions.map((a) => a.text)).toEqual(['Do a thing', 'Do another']);
    expect(content.buffer.byteLength).toBe(0);
  });

  it("copies a small upload that shares Node's buffer pool, leaving its neighbours as they were", async () => {
    const neighbour = Buffer.from('a neighbour in the pool');
    const content = Buffer.from('Ref,Action,Lead\n1,Do a thing,Ann Lee\n');
    expect(content.buffer).toBe(neighbour.buffer);
    const reading = await pool.read('plan.csv', content);
    expect(reading.plan.actions).toHaveLength(1);
    expect(neighbour.toString()).toBe('a neighbour in the pool');
    expect(content.toString()).toBe('Ref,Action,Lead\n1,Do a thing,Ann Lee\n');
  });

  it('packs the upload as it reads it, and reads it again from the packed form', async () => {
    const original = plan(1024 * 1024);
    const { reading, packed } = await pool.readAndPack('plan.csv', Buffer.from(original));
    expect(reading.plan.actions).toHaveLength(2);
    expect(packed.content.length).toBeLessThan(original.length / 100);
    expect(unpackUpload(packed).equals(original)).toBe(true);
    const again = await pool.read('plan.csv', packed, { mapping: { columns: { Lead: 'ignore' } } });
    expect(again.plan.actions.map((a) => a.leads)).toEqual([[], []]);
  });
});
