/** Placing the cells of a row that lost one, by what they hold. */
import { describe, expect, it } from 'vitest';
import { placeShortRow } from '../../src/import/align.ts';
import type { Role } from '../../src/import/layout.ts';

const cells = (...texts: string[]) => texts.map((t) => ({ paragraphs: t ? [t] : [] }));
const columns: Role[] = ['ref', 'action', 'due', 'lead', 'kpi'];

describe('placeShortRow', () => {
  it('leaves a full row, and a row too short to judge, as they are', () => {
    expect(
      placeShortRow(cells('1.1', 'Audit plans monthly', 'May 2026', 'Ruth Cole', 'Target: 90%'), columns),
    ).toBeNull();
    expect(placeShortRow(cells('1.1'), columns)).toBeNull();
  });

  it('moves the cells after a lost timescale under their own columns', () => {
    const placed = placeShortRow(
      cells('1.2', 'Record the child’s words', 'Isla Munro', 'Target: 85% of assessments'),
      columns,
    );
    expect(placed).toEqual([0, 1, 3, 4]);
  });

  it('reads from the left when the text does not clearly say otherwise', () => {
    expect(
      placeShortRow(
        cells('1.3', 'Review the threshold document with partners', 'June 2026', 'Owen Hale'),
        columns,
      ),
    ).toBeNull();
    expect(placeShortRow(cells('', 'Some words', '', ''), columns)).toBeNull();
  });

  it('does not weigh hundreds of placements for a wide table missing several cells', () => {
    const wide: Role[] = Array.from({ length: 16 }, (_, i) => (i % 2 ? 'lead' : 'kpi'));
    expect(placeShortRow(cells(...Array.from({ length: 13 }, () => 'Target: 50%')), wide)).toBeNull();
  });
});
