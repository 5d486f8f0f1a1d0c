import { describe, expect, it } from 'vitest';
import { naturalKey } from '../../src/core/read-models/structure-tree.ts';

describe('natural order of refs', () => {
  it('puts 1.5.2 before 1.5.10, 9 before 10, and 2a before 2b', () => {
    const refs = ['1.5.10', '10', '1.5.2', '2b', '9', '2a', '1.10', '1.2'];
    expect([...refs].sort((a, b) => naturalKey(a).localeCompare(naturalKey(b)))).toEqual([
      '1.2',
      '1.5.2',
      '1.5.10',
      '1.10',
      '2a',
      '2b',
      '9',
      '10',
    ]);
  });
});
