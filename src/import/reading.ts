/**
 * How the importer read each table: the role it gave each column (with the heading as written) and what it took
 * each row to be. The import preview shows it so a programme manager can see, and change, how the plan was read.
 */
import type { Role } from './layout.ts';

export const ROW_KINDS = [
  'heading',
  'section',
  'recommendation',
  'action',
  'milestone',
  'continuation',
  // "Lead officer | Claire Dunmore": one field of an action or recommendation written as a row of its own.
  'field',
  'page',
  'ignored',
] as const;
export type RowKind = (typeof ROW_KINDS)[number];

export interface TableReading {
  /** 1 for the document's first table (or sheet). */
  index: number;
  sheet: string | null;
  /** The table's first row, as findings count rows or lines. */
  at: number;
  /** No heading row: the columns were guessed from their cells or from the plan's other tables. */
  guessed: boolean;
  /** What the table held: the plan's work, its people, its list of priorities, or nothing that was kept. */
  use: 'plan' | 'people' | 'groupings' | 'skipped';
  rowCount: number;
  columns: { heading: string; role: Role | null }[];
  /** The cells of its heading row, or of its first row when none was recognised: what a mapping can name. */
  firstRow: string[];
  rows: Record<RowKind, number>;
  /** The first rows with what each was read as, by the number findings give them. */
  sample: { at: number; kind: RowKind; text: string }[];
}

export const SAMPLE_ROWS = 60;

/** A row's text for the sample: its cells, shortened. */
export const rowText = (cells: string[]): string => {
  const text = cells.filter(Boolean).join(' | ').replace(/\s+/g, ' ').trim();
  return text.length > 100 ? `${text.slice(0, 99)}…` : text;
};

export function newReading(index: number, sheet: string | null, at: number, rowCount: number): TableReading {
  return {
    index,
    sheet,
    at,
    guessed: false,
    use: 'plan',
    rowCount,
    columns: [],
    firstRow: [],
    rows: Object.fromEntries(ROW_KINDS.map((k) => [k, 0])) as Record<RowKind, number>,
    sample: [],
  };
}
