/** The per-process cache of plans' read models and pages. */
import { describe, expect, it } from 'vitest';
import { createPlanCache } from '../../src/core/plan-cache.ts';

describe('plan cache', () => {
  it('serves a read until its plan changes', async () => {
    const cache = createPlanCache();
    let loads = 0;
    let revision = 0;
    const read = () => cache.read('p1', revision, 'overview', async () => ++loads);
    expect(await read()).toBe(1);
    expect(await read()).toBe(1);
    cache.changed('p1');
    expect(await read()).toBe(2);
    cache.changed('p2');
    expect(await read()).toBe(2);
    // Another process changed the plan: its revision in the database moved on.
    revision = 1;
    expect(await read()).toBe(3);
    expect(await read()).toBe(3);
  });

  it("keeps what was read per structure revision when only an action's progress changed", async () => {
    const cache = createPlanCache();
    const loads: string[] = [];
    const read = (key: string, structural: boolean) =>
      cache.read(
        'p1',
        0,
        key,
        async () => {
          loads.push(key);
          return key;
        },
        structural,
      );
    await read('overview', false);
    await read('measures', true);
    cache.changed('p1', 'progress');
    await read('overview', false);
    await read('measures', true);
    expect(loads).toEqual(['overview', 'measures', 'overview']);
    cache.changed('p1');
    await read('measures', true);
    expect(loads).toEqual(['overview', 'measures', 'overview', 'measures']);
  });

  it('makes room by dropping the entry read longest ago, not everything', async () => {
    const cache = createPlanCache(3);
    const loads: string[] = [];
    const read = (key: string) =>
      cache.read('p1', 0, key, async () => {
        loads.push(key);
        return key;
      });
    await read('a');
    await read('b');
    await read('c');
    await read('a'); // a is now the most recently read
    await read('d'); // full: b goes
    await read('a');
    await read('c');
    await read('b');
    expect(loads).toEqual(['a', 'b', 'c', 'd', 'b']);
  });

  it('does not remember a failed read', async () => {
    const cache = createPlanCache();
    let attempts = 0;
    const read = () =>
      cache.read('p1', 0, 'x', async () => {
        attempts += 1;
        if (attempts === 1) throw new Error('database away');
        return 'ok';
      });
    await expect(read()).rejects.toThrow('database away');
    expect(await read()).toBe('ok');
  });
});
