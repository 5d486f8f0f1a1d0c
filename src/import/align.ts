/**
 * A row with fewer cells than its table has columns (in extracted text a cell goes missing where Word merged
 * cells): which column each cell belongs under, decided by what the cells hold. The usual reading, cells from the
 * left, stands unless another placement fits the text clearly better.
 */
import { readStatus } from '../domain/status.ts';
import { parseTimescale } from '../domain/timescale.ts';
import type { Role } from './layout.ts';
import { cellText, type Cell } from './model.ts';

const REF = /^\(?[A-Z]{0,3}\s?\d+(\.\d+)*\.?\)?$/;
const MEASURE_WORDS = /%|\btarget\b|\bper cent\b|\bnumber of\b/i;
const REPORT_REF = /\b(pg|page|para(graph)?)\s*\d/i;

/** How well a cell's text suits a column's role: positive fits, negative does not, 0 says nothing. */
function fit(text: string, role: Role | null): number {
  if (text === '' || role === null) return 0;
  switch (role) {
    case 'ref':
      return REF.test(text) ? 2 : -1;
    case 'due':
      return text.length < 80 && parseTimescale(text).kind !== 'unknown' ? 2 : -1;
    case 'status':
      return readStatus(text, [])?.colour != null ? 2 : -1;
    case 'lead':
    case 'partners':
      return MEASURE_WORDS.test(text) || text.length > 150 ? -2 : 1;
    case 'kpi':
    case 'success':
      return MEASURE_WORDS.test(text) ? 2 : 0;
    case 'report_ref':
      return REPORT_REF.test(text) ? 2 : -1;
    case 'action':
    case 'milestone':
    case 'recommendation':
      return text.length > 30 ? 1 : 0;
    default:
      return 0;
  }
}

const choose = (n: number, k: number): number => (k === 0 ? 1 : (choose(n - 1, k - 1) * n) / k);

/** Every way to leave out `skip` of `count` columns, as the kept column indexes in order. */
function keptColumns(count: number, skip: number): number[][] {
  const results: number[][] = [];
  const walk = (from: number, kept: number[], skipped: number) => {
    if (kept.length + skipped === count) {
      if (skipped === skip) results.push(kept);
      return;
    }
    if (skipped < skip) walk(from + 1, kept, skipped + 1);
    if (kept.length < count - skip) walk(from + 1, [...kept, from], skipped);
  };
  walk(0, [], 0);
  return results;
}

/**
 * The column of each cell of a short row, or null when reading the cells from the left is as good as any
 * placement (or the row is too short to say).
 */
export function placeShortRow(cells: Cell[], columns: (Role | null)[]): number[] | null {
  const skip = columns.length - cells.length;
  if (skip < 1 || skip > 3 || cells.length < 2) return null;
  // A wide table missing several cells has too many placements to weigh (and too little to go on).
  if (choose(columns.length, skip) > 200) return null;
  const placements = keptColumns(columns.length, skip);
  // Each cell's fit under each column, worked out once: placements only add them up.
  const fits = cells.map((cell) => {
    const text = cellText(cell).trim();
    return columns.map((role) => fit(text, role));
  });
  const score = (kept: number[]) => kept.reduce((sum, column, i) => sum + (fits[i]?.[column] ?? 0), 0);
  const fromLeft = cells.map((_, i) => i);
  let best = fromLeft;
  let bestScore = score(fromLeft);
  const baseline = bestScore;
  for (const kept of placements) {
    const value = score(kept);
    if (value > bestScore) {
      best = kept;
      bestScore = value;
    }
  }
  return bestScore >= baseline + 2 ? best : null;
}
