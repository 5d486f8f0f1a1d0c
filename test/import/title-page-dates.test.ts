/**
 * The plan's date as title pages write it: on a line of its own, after a version number, at the end of the title,
 * or after "Updated"; never a day made of the version's decimals, and never a date inside a sentence.
 */
import { describe, expect, it } from 'vitest';
import { readMetadata } from '../../src/import/metadata.ts';
import type { Block } from '../../src/import/model.ts';

const dateOf = (...lines: string[]) => {
  const blocks: Block[] = lines.map((text, i) => ({ type: 'paragraph', text, at: i + 1 }));
  return readMetadata(blocks, lines).date;
};

describe("the plan's date on its title page", () => {
  it('reads a date after a version number, not the version as a day', () => {
    expect(dateOf('Improvement Plan', 'Version 3.2 – 14 September 2026')).toBe('2026-09-14');
    expect(dateOf('Improvement Plan', 'v4.12, 2 March 2027')).toBe('2027-03-02');
    // "Version 2" is the version, so the plan is of September, not of its 2nd.
    expect(dateOf('Improvement Plan', 'Version 2 September 2026')).toBe('2026-09-01');
  });

  it('reads a date or month at the end of a long title, or after "Updated"', () => {
    expect(dateOf('Children’s Services Improvement Plan – October 2026')).toBe('2026-10-01');
    expect(dateOf('Improvement Plan', 'Ofsted action plan for children’s services, updated 3/11/2026')).toBe(
      '2026-11-03',
    );
  });

  it('takes no date from a sentence that only mentions one', () => {
    expect(
      dateOf(
        'Improvement Plan',
        'Ofsted inspected our services for children in need of help and protection in March 2026',
      ),
    ).toBeNull();
  });
});
