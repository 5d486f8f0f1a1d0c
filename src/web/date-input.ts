/** Reading a GOV.UK date input (three fields: day, month, year) from a posted form. */
import { isIsoDate } from '../domain/calendar.ts';

/**
 * A GOV.UK date input (`date-day`, `date-month`, `date-year`): blank means `fallback`; otherwise it must be a
 * whole, real date. The error completes "Date of the update …", as the design system words them.
 */
export function readDateInput(
  body: Record<string, string | undefined>,
  name: string,
  fallback: string,
): { date: string | null; error: string | null } {
  const parts = (['day', 'month', 'year'] as const).map((p) => body[`${name}-${p}`]?.trim() ?? '');
  const [day, month, year] = parts as [string, string, string];
  if (parts.every((p) => p === '')) return { date: fallback, error: null };
  const missing = (['day', 'month', 'year'] as const).filter((_, i) => parts[i] === '');
  if (missing.length > 0) return { date: null, error: `must include a ${missing.join(' and ')}` };
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year))
    return { date: null, error: 'must be a real date, for example 20 11 2026' };
  const date = isoFromParts(day, month, year);
  return date ? { date, error: null } : { date: null, error: 'must be a real date' };
}

/** Day, month and year as written ("3", "11", "2026") → 2026-11-03, or null when that is no real date. */
export function isoFromParts(day: string, month: string, year: string): string | null {
  const date = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  return isIsoDate(date) ? date : null;
}
