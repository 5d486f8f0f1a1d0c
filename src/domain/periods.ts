/**
 * Reporting periods as measures are reported: a month ("2026-10"), a quarter ("2026-Q3"), a financial year
 * ("2025-26"), an academic year ("AY 2025/26"), a school term ("Summer 2026"), a calendar year, or a date.
 */
import { isoDate, isRealDate, lastDayOfMonth, type IsoDate } from './calendar.ts';

export type PeriodKind = 'day' | 'month' | 'quarter' | 'term' | 'financial_year' | 'academic_year' | 'year';

export interface Period {
  label: string;
  kind: PeriodKind;
  start: IsoDate;
  end: IsoDate;
}

const TERMS: Record<string, [number, number]> = { autumn: [9, 12], spring: [1, 4], summer: [5, 7] };

// Labels repeat endlessly (every measure reports "2026-10"): remember what each one means.
const known = new Map<string, Period | null>();

/** Reads a period label; null when it is not one this system knows. */
export function parsePeriod(label: string): Period | null {
  const cached = known.get(label);
  if (cached !== undefined) return cached;
  const period = readPeriod(label);
  if (known.size > 10_000) known.clear();
  known.set(label, period);
  return period;
}

function readPeriod(label: string): Period | null {
  const text = label.trim();
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text))) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return isRealDate(y, mo, d) ? { label: text, kind: 'day', start: text, end: text } : null;
  }
  // "2026-10" is a month; "2025-26" (no month 26) is a financial year, read below.
  if ((m = /^(\d{4})-(\d{2})$/.exec(text)) && Number(m[2]) >= 1 && Number(m[2]) <= 12) {
    const [y, mo] = [Number(m[1]), Number(m[2])];
    return { label: text, kind: 'month', start: isoDate(y, mo, 1), end: lastDayOfMonth(y, mo) };
  }
  if ((m = /^(?:(\d{4})[- ]?Q([1-4])|Q([1-4])[- ](\d{4}))$/i.exec(text))) {
    const year = Number(m[1] ?? m[4]);
    const quarter = Number(m[2] ?? m[3]);
    return {
      label: text,
      kind: 'quarter',
      start: isoDate(year, quarter * 3 - 2, 1),
      end: lastDayOfMonth(year, quarter * 3),
    };
  }
  if ((m = /^AY\s?(\d{4})[/-](\d{2}|\d{4})$/i.exec(text)) && followsYear(m[1], m[2])) {
    const year = Number(m[1]);
    return { label: text, kind: 'academic_year', start: isoDate(year, 9, 1), end: isoDate(year + 1, 8, 31) };
  }
  if ((m = /^(?:FY\s?)?(\d{4})[/-](\d{2}|\d{4})$/i.exec(text)) && followsYear(m[1], m[2])) {
    const year = Number(m[1]);
    return { label: text, kind: 'financial_year', start: isoDate(year, 4, 1), end: isoDate(year + 1, 3, 31) };
  }
  if ((m = /^(autumn|spring|summer)(?: term)?\s+(\d{4})$/i.exec(text))) {
    const [from, to] = TERMS[(m[1] as string).toLowerCase()] as [number, number];
    const year = Number(m[2]);
    return { label: text, kind: 'term', start: isoDate(year, from, 1), end: lastDayOfMonth(year, to) };
  }
  if ((m = /^(\d{4})$/.exec(text))) {
    const year = Number(m[1]);
    return { label: text, kind: 'year', start: isoDate(year, 1, 1), end: isoDate(year, 12, 31) };
  }
  return null;
}

function followsYear(first: string | undefined, second: string | undefined): boolean {
  const next = Number(first) + 1;
  return second !== undefined && (Number(second) === next || Number(second) === next % 100);
}

/** The same period a year earlier, written the same way ("2026-Q3" → "2025-Q3", "2025-26" → "2024-25"). */
export function yearBefore(label: string): string | null {
  const period = parsePeriod(label);
  if (!period) return null;
  const year = (digits: string) => String(Number(digits) - 1);
  switch (period.kind) {
    case 'financial_year':
    case 'academic_year':
      // Both years move back: "2025-26" → "2024-25", "AY 2025/2026" → "AY 2024/2025".
      return label.replace(
        /(\d{4})([/-])(\d{2,4})$/,
        (_, first: string, sep: string, second: string) =>
          `${year(first)}${sep}${second.length === 4 ? year(second) : String((Number(second) + 99) % 100).padStart(2, '0')}`,
      );
    case 'day': {
      const [y, m, d] = label.split('-').map(Number) as [number, number, number];
      return isoDate(y - 1, m, Math.min(d, Number(lastDayOfMonth(y - 1, m).slice(8))));
    }
    default:
      // Month, quarter, term and year labels hold one four-digit year.
      return label.replace(/\d{4}/, year);
  }
}

/** Orders period labels by when they end (unknown labels last, in their given order). */
export function comparePeriods(a: string, b: string): number {
  const pa = parsePeriod(a);
  const pb = parsePeriod(b);
  if (!pa || !pb) return pa ? -1 : pb ? 1 : 0;
  return pa.end.localeCompare(pb.end) || pa.start.localeCompare(pb.start);
}
