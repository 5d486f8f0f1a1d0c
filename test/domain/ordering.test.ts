import { describe, expect, it } from 'vitest';
import { reorder, subtree } from '../../src/domain/ordering.ts';

describe('reorder', () => {
  const order = ['a', 'a1', 'a2', 'b', 'b1', 'c'];

  it('puts a block before a sibling, keeping the block in its own order', () => {
    expect(reorder(order, ['b', 'b1'], { before: 'a' })).toEqual(['b', 'b1', 'a', 'a1', 'a2', 'c']);
  });

  it('puts a block after an item and at the end', () => {
    expect(reorder(order, ['a', 'a1', 'a2'], { after: 'c' })).toEqual(['b', 'b1', 'c', 'a', 'a1', 'a2']);
    expect(reorder(order, ['a1'], 'end')).toEqual(['a', 'a2', 'b', 'b1', 'c', 'a1']);
  });

  it('refuses an anchor inside the block being moved', () => {
    expect(() => reorder(order, ['a', 'a1'], { before: 'a1' })).toThrow(/being moved/);
  });
});

describe('subtree', () => {
  it('finds every descendant whatever order the map lists them in', () => {
    const parents = new Map<string, string | null>([
      ['grandchild', 'child'],
      ['child', 'root'],
      ['root', null],
      ['other', null],
    ]);
    expect([...subtree('root', parents)].sort()).toEqual(['child', 'grandchild', 'root']);
    expect([...subtree('child', parents)].sort()).toEqual(['child', 'grandchild']);
  });
});
