/**
 * Table repair: drops header rows repeated after page breaks and layout-only rows, joins rows that
 * continue the row before (a sentence split across a page), and names each cell by its column's role.
 */
import { cellText, type Cell, type Row, type TableBlock } from './model.ts';
import { placeShortRow } from './align.ts';
import { labelledRow, type LabelledRow } from './labelled-rows.ts';
import { layoutFromHeader, normaliseHeading, type Layout, type Role } from './layout.ts';

export interface PlanRow {
  at: number;
  values: Partial<Record<Role, string[]>>;
  /** The text of a row that holds a single cell across a wide table (a heading inside the table). */
  spanning: string | null;
  /** Text in cells that fitted no known column. */
  unmatched: string[];
  /** A short row whose cells were placed under the columns their text fits, not read from the left. */
  placedByContent?: boolean;
  /** A row that names its field in its first cell ("Lead officer | Claire Dunmore"). */
  label?: LabelledRow;
}

const LAYOUT_ONLY = /^[\s\-–—_=.*|]*$/;
const ENDS_SENTENCE = /[.!?:;)"”’]$/;
const STARTS_LOWER = /^[a-z]/;

/** What was dropped or joined on the way: heading rows repeated after page breaks, layout-only rows, continuations. */
export interface RepairCounts {
  heading: number;
  ignored: number;
  continuation: number;
  /** Rows dropped or joined here, with what they were: for the reading's sample. */
  seen?: { at: number; kind: 'heading' | 'ignored' | 'continuation'; text: string }[];
}

/** The mapping's say over rows: join these to the row above, keep these apart from it. */
export interface RowChoices {
  join: ReadonlySet<number>;
  keep: ReadonlySet<number>;
}

const NO_CHOICES: RowChoices = { join: new Set(), keep: new Set() };
const textOf = (row: Row) =>
  row.cells
    .map((c) => cellText(c).replace(/\n/g, ' '))
    .filter(Boolean)
    .join(' | ');

export function repairRows(
  table: TableBlock,
  layout: Layout,
  startIndex: number,
  counts: RepairCounts = { heading: 0, ignored: 0, continuation: 0 },
  choices: RowChoices = NO_CHOICES,
): PlanRow[] {
  const saw = (row: Row, kind: 'heading' | 'ignored' | 'continuation') =>
    counts.seen?.push({ at: row.at, kind, text: textOf(row).slice(0, 100) });
  const headerKey = layout.headings.map((h) => h.toLowerCase()).join('|');
  const firstHeading = normaliseHeading(layout.headings[0] ?? '');
  const out: PlanRow[] = [];
  let afterBreak = false;
  for (const row of table.rows.slice(startIndex)) {
    if (row.cells.every((c) => c.paragraphs.every((p) => LAYOUT_ONLY.test(p)))) {
      counts.ignored += 1;
      saw(row, 'ignored');
      continue;
    }
    // Only a row that looks like the heading row (same first cells) can be a repeat of it: cheap test first.
    const looksRepeated = normaliseHeading(cellText(row.cells[0]).trim()) === firstHeading;
    const repeated = looksRepeated ? layoutFromHeader(row) : null;
    if (repeated && row.cells.map((c) => headingKeyOf(c)).join('|') === headerKey) {
      afterBreak = true;
      counts.heading += 1;
      saw(row, 'heading');
      continue;
    }
    if (repeated && !layout.guessed && repeated.columns.join() === layout.columns.join()) {
      afterBreak = true;
      counts.heading += 1;
      saw(row, 'heading');
      continue;
    }
    const label = labelledRow(row);
    if (label) {
      out.push({ at: row.at, values: {}, spanning: null, unmatched: [], label });
      afterBreak = false;
      continue;
    }
    const planRow = toPlanRow(row, layout);
    // A row kept apart is read by its columns, even when only one cell holds text.
    if (choices.keep.has(row.at)) planRow.spanning = null;
    const previous = out[out.length - 1];
    const joined =
      previous &&
      !choices.keep.has(row.at) &&
      (choices.join.has(row.at) || isContinuation(planRow, previous, afterBreak));
    if (previous && joined) {
      merge(previous, planRow);
      counts.continuation += 1;
      saw(row, 'continuation');
    } else {
      if (!choices.keep.has(row.at)) carryUnfinishedCells(planRow, out);
      if (Object.keys(planRow.values).length > 0 || planRow.spanning !== null) out.push(planRow);
    }
    afterBreak = false;
  }
  return out;
}

const headingKeyOf = (cell: Cell): string => cellText(cell).trim().replace(/\n/g, ' ').toLowerCase();

function toPlanRow(row: Row, layout: Layout): PlanRow {
  const values: PlanRow['values'] = {};
  const unmatched: string[] = [];
  const filled = row.cells
    .map((c, i) => ({ i, paragraphs: c.paragraphs }))
    .filter((c) => c.paragraphs.length > 0);
  // A form's columns have no roles: a single cell there is a line across it too (a heading between its records).
  const across = layout.columns.length >= 3 || layout.columns.every((c) => c === null);
  const spanning =
    filled.length === 1 && across && (filled[0]?.i ?? 9) <= 1
      ? (filled[0]?.paragraphs.join(' ') ?? null)
      : null;
  const placement =
    row.cells.length < layout.columns.length ? placeShortRow(row.cells, layout.columns) : null;
  row.cells.forEach((cell, i) => {
    if (cell.paragraphs.length === 0) return;
    const role = layout.columns[placement ? (placement[i] as number) : i];
    if (role) values[role] = [...(values[role] ?? []), ...cell.paragraphs];
    else unmatched.push(cell.paragraphs.join(' '));
  });
  return placement
    ? { at: row.at, values, spanning, unmatched, placedByContent: true }
    : { at: row.at, values, spanning, unmatched };
}

function isContinuation(row: PlanRow, previous: PlanRow, afterBreak: boolean): boolean {
  if (row.spanning !== null && !STARTS_LOWER.test(row.spanning)) return false;
  if (previous.spanning !== null || previous.label) return false;
  if (row.values.ref?.length) return false;
  const filled = Object.entries(row.values) as [Role, string[]][];
  if (filled.length === 0) return false;
  // A sentence cut off at the page break: every filled cell starts in lower case.
  if (filled.every(([, paragraphs]) => STARTS_LOWER.test(paragraphs[0] ?? ''))) return true;
  // Or, right after a page break, each filled cell carries on an unfinished cell above, with no dates or leads of its own.
  if (!afterBreak || row.values.due || row.values.lead) return false;
  return filled.every(([role]) => {
    const above = previous.values[role];
    return above !== undefined && !ENDS_SENTENCE.test(above[above.length - 1] ?? '');
  });
}

// Columns whose value carries down the rows below until it changes.
const CARRIED: Role[] = ['recommendation', 'section', 'source', 'report_ref'];

/**
 * A row cut by a page break can hold the end of a sentence in some cells and new work in others:
 * a cell that starts in lower case under an unfinished cell joins that cell; the rest stays a row.
 */
function carryUnfinishedCells(row: PlanRow, above: PlanRow[]): void {
  if (row.spanning !== null || row.values.ref?.length) return;
  for (const [role, paragraphs] of Object.entries(row.values) as [Role, string[]][]) {
    if (!STARTS_LOWER.test(paragraphs[0] ?? '')) continue;
    const candidates = CARRIED.includes(role) ? [...above].reverse() : above.slice(-1);
    const holder = candidates.find((r) => r.values[role]?.length);
    const last = holder?.values[role]?.at(-1);
    if (!holder || last === undefined || ENDS_SENTENCE.test(last)) continue;
    merge(holder, { at: row.at, values: { [role]: paragraphs }, spanning: null, unmatched: [] });
    delete row.values[role];
  }
}

function merge(into: PlanRow, row: PlanRow): void {
  for (const [role, paragraphs] of Object.entries(row.values) as [Role, string[]][]) {
    const above = into.values[role];
    if (!above || above.length === 0) {
      into.values[role] = [...paragraphs];
      continue;
    }
    const last = above[above.length - 1] ?? '';
    const [first, ...rest] = paragraphs;
    if (first !== undefined && !ENDS_SENTENCE.test(last)) above[above.length - 1] = `${last} ${first}`;
    else if (first !== undefined) above.push(first);
    above.push(...rest);
  }
  into.unmatched.push(...row.unmatched);
}
