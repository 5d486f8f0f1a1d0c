/**
 * A file of measure values (.csv or .xlsx): columns for the measure's ref, the period, the value, and
 * optionally a note and comparators (any other numeric column, such as "England" or "Statistical
 * neighbours"). The preview says what each row would change, and why any row is rejected.
 */
import { parsePeriod } from '../domain/periods.ts';
import type { MeasureDoc } from '../domain/plan-format.ts';
import { normaliseHeading } from './layout.ts';
import { cellText, UnreadableDocumentError, type TableBlock } from './model.ts';
import { readDocument } from './readers/index.ts';

export interface ValueRow {
  row: number;
  measureId: string;
  measureRef: string;
  measureName: string;
  period: string;
  value: number;
  note: string | null;
  comparators: { name: string; value: number }[];
  change: 'new' | 'changed' | 'unchanged';
  previous: number | null;
}

export interface RejectedRow {
  row: number;
  text: string;
  reason: string;
}

export interface ValuesPreview {
  file: string;
  accepted: ValueRow[];
  rejected: RejectedRow[];
}

const COLUMN = {
  ref: /^(measure( ref(erence)?)?|ref|kpi( ref| no| number)?|measure no|number|no)$/,
  period: /^(period|month|quarter|date|term|year)$/,
  value: /^(value|actual|result|performance)$/,
  note: /^(note|notes|comment|comments)$/,
};

const numberOf = (text: string): number | null => {
  const clean = text.replace(/[,%\s]/g, '');
  return clean !== '' && Number.isFinite(Number(clean)) ? Number(clean) : null;
};

/** One row as written in a file or sent to the API, before it is checked. */
export interface RawValueRow {
  row: number;
  text: string;
  ref: string;
  period: string;
  value: string;
  note: string;
  comparators: { name: string; value: string }[];
}

export async function readValuesTable(file: string, content: Buffer): Promise<RawValueRow[]> {
  const doc = await readDocument(file, content);
  const table = doc.blocks.find((b): b is TableBlock => b.type === 'table');
  if (!table || table.rows.length === 0) throw new UnreadableDocumentError(file, 'holds no table of values');
  const header = (table.rows[0]?.cells ?? []).map((c) => cellText(c).trim());
  const index = (pattern: RegExp) => header.findIndex((h) => pattern.test(normaliseHeading(h)));
  const columns = {
    ref: index(COLUMN.ref),
    period: index(COLUMN.period),
    value: index(COLUMN.value),
    note: index(COLUMN.note),
  };
  const missing = (['ref', 'period', 'value'] as const).filter((c) => columns[c] < 0);
  if (missing.length > 0) {
    throw new UnreadableDocumentError(
      file,
      `needs columns for the measure ref, the period and the value (missing: ${missing.join(', ')}); found ${header.join(', ')}`,
    );
  }
  const comparatorColumns = header
    .map((name, i) => ({ name, i }))
    .filter(({ i, name }) => name && !Object.values(columns).includes(i));
  return table.rows
    .slice(1)
    .filter((row) => row.cells.some((c) => cellText(c).trim() !== ''))
    .map((row) => {
      const cell = (i: number) => (i >= 0 ? cellText(row.cells[i]).trim() : '');
      return {
        row: row.at,
        text: row.cells.map((c) => cellText(c)).join(' | '),
        ref: cell(columns.ref),
        period: cell(columns.period),
        value: cell(columns.value),
        note: cell(columns.note),
        comparators: comparatorColumns
          .map(({ name, i }) => ({ name, value: cell(i) }))
          .filter((c) => c.value !== ''),
      };
    });
}

/** Checks rows against the plan's measures: what each would change, and why any is rejected. */
export function checkValueRows(file: string, rows: RawValueRow[], measures: MeasureDoc[]): ValuesPreview {
  const byRef = new Map(measures.map((m) => [(m.ref ?? '').toLowerCase(), m]));
  const accepted: ValueRow[] = [];
  const rejected: RejectedRow[] = [];
  const seen = new Set<string>();
  for (const raw of rows) {
    const reject = (reason: string) => rejected.push({ row: raw.row, text: raw.text, reason });
    const measure = byRef.get(raw.ref.toLowerCase());
    if (!measure) {
      reject(`No measure in this plan has the ref "${raw.ref}"`);
      continue;
    }
    if (!parsePeriod(raw.period)) {
      reject(`"${raw.period}" is not a period (use 2026-10, 2026-Q3, 2025-26, Summer 2026 …)`);
      continue;
    }
    const value = numberOf(raw.value);
    if (value === null) {
      reject(`"${raw.value}" is not a number`);
      continue;
    }
    const key = `${measure.id}|${raw.period}`;
    if (seen.has(key)) {
      reject(`A second value for ${measure.ref} in ${raw.period}`);
      continue;
    }
    seen.add(key);
    const badComparator = raw.comparators.find((c) => numberOf(c.value) === null);
    if (badComparator) {
      reject(`The ${badComparator.name} value "${badComparator.value}" is not a number`);
      continue;
    }
    const known = measure.values.find((v) => v.period === raw.period);
    accepted.push({
      row: raw.row,
      measureId: measure.id,
      measureRef: measure.ref ?? '',
      measureName: measure.name,
      period: raw.period,
      value,
      note: raw.note || null,
      comparators: raw.comparators.map((c) => ({ name: c.name, value: numberOf(c.value) as number })),
      change: !known ? 'new' : known.value === value ? 'unchanged' : 'changed',
      previous: known?.value ?? null,
    });
  }
  return { file, accepted, rejected };
}

export async function previewValuesFile(
  file: string,
  content: Buffer,
  measures: MeasureDoc[],
): Promise<ValuesPreview> {
  return checkValueRows(file, await readValuesTable(file, content), measures);
}
