/**
 * Calendar dates as ISO `YYYY-MM-DD` strings. Plans are about days, not instants, so we never
 * go through a time zone: arithmetic is done on year/month/day numbers.
 */
import { addDays, addMonths, differenceInCalendarDays } from 'date-fns';

export type IsoDate = string;

export const MONTHS: Record<string, number> = {
  jan: 1,
  january: 1,
  feb: 2,
  february: 2,
  mar: 3,
  march: 3,
  apr: 4,
  april: 4,
  may: 5,
  jun: 6,
  june: 6,
  jul: 7,
  july: 7,
  aug: 8,
  august: 8,
  sep: 9,
  sept: 9,
  september: 9,
  oct: 10,
  october: 10,
  nov: 11,
  november: 11,
  dec: 12,
  december: 12,
};

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : (DAYS[month - 1] ?? 0);
}

export function isRealDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

export function isoDate(year: number, month: number, day: number): IsoDate {
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

export function lastDayOfMonth(year: number, month: number): IsoDate {
  return isoDate(year, month, daysInMonth(year, month));
}

const ISO_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(text: string): boolean {
  const m = ISO_PATTERN.exec(text);
  return !!m && isRealDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

function toUtcNoon(date: IsoDate): Date {
  const m = ISO_PATTERN.exec(date);
  if (!m) throw new RangeError(`Not an ISO date: ${date}`);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12));
}

function fromUtc(date: Date): IsoDate {
  return isoDate(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

export function addMonthsIso(date: IsoDate, months: number): IsoDate {
  return fromUtc(addMonths(toUtcNoon(date), months));
}

export function addDaysIso(date: IsoDate, days: number): IsoDate {
  return fromUtc(addDays(toUtcNoon(date), days));
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return differenceInCalendarDays(toUtcNoon(to), toUtcNoon(from));
}

export function yearOf(date: IsoDate): number {
  return Number(date.slice(0, 4));
}

/** Reads a two-digit year in the plan's century (plans written in 2010 mean 2010 by "10"). */
export function expandYear(year: number, century: number): number {
  return year < 100 ? century + year : year;
}

/** Formats a date the way a UK plan would write it: 30 September 2010. */
export function formatLong(date: IsoDate): string {
  const names = [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ];
  const m = ISO_PATTERN.exec(date);
  if (!m) return date;
  return `${Number(m[3])} ${names[Number(m[2]) - 1]} ${m[1]}`;
}
