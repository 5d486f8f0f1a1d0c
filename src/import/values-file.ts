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

export async function previewValuesFile(
  file: string,
  content: Buffer,
  measures: MeasureDoc[],
): Promise<ValuesPreview> {
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
  const byRef = new Map(measures.map((m) => [(m.ref ?? '').toLowerCase(), m]));
  const accepted: ValueRow[] = [];
  const rejected: RejectedRow[] = [];
  const seen = new Set<string>();
  for (const row of table.rows.slice(1)) {
    const cell = (i: number) => (i >= 0 ? cellText(row.cells[i]).trim() : '');
    const text = row.cells.map((c) => cellText(c)).join(' | ');
    if (row.cells.every((c) => cellText(c).trim() === '')) continue;
    const reject = (reason: string) => rejected.push({ row: row.at, text, reason });
    const measure = byRef.get(cell(columns.ref).toLowerCase());
    if (!measure) {
      reject(`No measure in this plan has the ref "${cell(columns.ref)}"`);
      continue;
    }
    const period = cell(columns.period);
    if (!parsePeriod(period)) {
      reject(`"${period}" is not a period (use 2026-10, 2026-Q3, 2025-26, Summer 2026 …)`);
      continue;
    }
    const value = numberOf(cell(columns.value));
    if (value === null) {
      reject(`"${cell(columns.value)}" is not a number`);
      continue;
    }
    const key = `${measure.id}|${period}`;
    if (seen.has(key)) {
      reject(`A second value for ${measure.ref} in ${period}`);
      continue;
    }
    seen.add(key);
    const comparators = comparatorColumns
      .map(({ name, i }) => ({ name, value: numberOf(cell(i)) }))
      .filter((c): c is { name: string; value: number } => c.value !== null);
    const previous = measure.values.find((v) => v.period === period)?.value ?? null;
    const known = measure.values.some((v) => v.period === period);
    accepted.push({
      row: row.at,
      measureId: measure.id,
      measureRef: measure.ref ?? '',
      measureName: measure.name,
      period,
      value,
      note: cell(columns.note) || null,
      comparators,
      change: !known ? 'new' : previous === value ? 'unchanged' : 'changed',
      previous,
    });
  }
  return { file, accepted, rejected };
}
