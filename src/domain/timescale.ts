/**
 * Timescale parsing: turns what a plan writes in its Timescale / Due / Deadline column ("Immediate",
 * "Within 3 months: 30/09/2010", "Nov-12", "1 March – 31 May 2011", "Termly") into dates a system can
 * act on. The written text is always kept; what cannot be read becomes a finding. It never throws.
 */
import {
  MONTHS,
  addMonthsIso,
  addDaysIso,
  expandYear,
  isRealDate,
  isoDate,
  lastDayOfMonth,
  yearOf,
  type IsoDate,
} from './calendar.ts';
import { finding, type Finding } from './finding.ts';

export const TIMESCALE_KINDS = [
  'date',
  'month',
  'range',
  'relative',
  'immediate',
  'ongoing',
  'recurring',
  'several',
  'complete',
  'to_be_decided',
  'unknown',
] as const;
export type TimescaleKind = (typeof TIMESCALE_KINDS)[number];

export interface DateSpan {
  start: IsoDate;
  end: IsoDate;
  text: string;
}

export interface RelativePeriod {
  amount: number;
  unit: 'days' | 'weeks' | 'months' | 'years';
}

export interface Timescale {
  raw: string;
  kind: TimescaleKind;
  /** First day the work is meant to run from, when known. */
  start: IsoDate | null;
  /** The day it is due by; null when there is no end (ongoing, to be decided). */
  end: IsoDate | null;
  /** Every date or period the text names, in the order written. */
  spans: DateSpan[];
  /** How often it recurs: monthly, quarterly, termly … or an event ("after each audit"). */
  recurrence: string | null;
  /** "Within 3 months" as written beside (or instead of) a date. */
  relative: RelativePeriod | null;
  /** Words that qualify the timescale: immediate, ongoing, review, complete, from, until. */
  qualifiers: string[];
  findings: Finding[];
}

export interface TimescaleContext {
  /** The plan's own date (inspection, notice or approval): anchors "Within 3 months" and two-digit years. */
  planDate?: IsoDate | null;
  /** Used in findings so a person can find the cell. */
  location?: Finding['location'];
}

const MONTH_NAMES =
  'january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec';

// One scanner for every date form; the first alternative that matches at a position wins. The groups are named
// here for reading; the scanner uses their numbers (V8 builds a dictionary of named groups for every match).
const DATE_TOKEN_SOURCE = [
  String.raw`\b(?<iy>\d{4})-(?<im>\d{2})-(?<id>\d{2})\b`,
  String.raw`\b(?<nd>\d{1,2})[/.](?<nm>\d{1,2})[/.](?<ny>\d{4}|\d{2})(?!\d)`,
  String.raw`\b(?<fy1>(?:19|20)\d{2})[/-](?<fy2>\d{1,2})(?![\d/])(?!\s*(?:${MONTH_NAMES})\b)`,
  String.raw`\b(?<dd>\d{1,2})(?:st|nd|rd|th)?[\s-]*(?<dm>${MONTH_NAMES})\b\.?(?:,?\s*(?<dy>\d{4}|'\d{2}|\d{2})(?![\d/]))?`,
  String.raw`\b(?<mm>${MONTH_NAMES})\b\.?(?:\s+(?<my>\d{4}|'?\d{2})(?![\d/])|-(?<my2>\d{2})(?![\d/]|\s*(?:${MONTH_NAMES})\b))?`,
  String.raw`\b(?<yr>(?:19|20)\d{2})\b`,
  String.raw`\b(?<bd>\d{1,2})(?=\s*-\s*\d{1,2}\s*(?:${MONTH_NAMES})\b)`,
].join('|');
const DATE_GROUPS = [...DATE_TOKEN_SOURCE.matchAll(/\(\?<(\w+)>/g)].map((m) => m[1] as string);
// Matched against lower-case text, so no case folding is needed.
const DATE_TOKEN = new RegExp(DATE_TOKEN_SOURCE.replace(/\(\?<\w+>/g, '('), 'g');

type DateGroups = Record<string, string | undefined>;

function dateGroups(match: RegExpExecArray): DateGroups {
  const groups: DateGroups = {};
  for (let i = 0; i < DATE_GROUPS.length; i++) {
    const value = match[i + 1];
    if (value !== undefined) groups[DATE_GROUPS[i] as string] = value;
  }
  return groups;
}

const NUMBER_WORDS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  eighteen: 18,
  'twenty-four': 24,
};

const RECURRENCES: [RegExp, string][] = [
  [/\bhalf[- ]termly\b/, 'half-termly'],
  [/\btermly\b|\beach term\b|\bevery term\b/, 'termly'],
  [/\bbi-?monthly\b/, 'bi-monthly'],
  [/\bsix[- ]monthly\b|\bbi-?annual(ly)?\b|\bhalf[- ]yearly\b/, 'six-monthly'],
  [/\bfortnightly\b|\bbi-?weekly\b/, 'fortnightly'],
  [/\bdaily\b/, 'daily'],
  [/\bweekly\b/, 'weekly'],
  [/\bmonthly\b|\bevery month\b|\beach month\b/, 'monthly'],
  [/\bquarterly\b|\bevery quarter\b|\beach quarter\b/, 'quarterly'],
  [/\bannual(ly)?\b|\byearly\b|\byear on year\b|\bevery year\b/, 'annually'],
];

interface Token {
  index: number;
  endIndex: number;
  text: string;
  /** Start and end of the period the token names; year may be missing and is filled in later. */
  year: number | null;
  startMonth: number;
  startDay: number;
  endMonth: number;
  endDay: number | 'last';
  /** Financial and calendar years span two different years. */
  endYearOffset: number;
  precision: 'day' | 'month' | 'year';
  /** Kept in place (so "1 March - 31 April 2011" is not read as a single date) but never used. */
  impossible?: boolean;
}

const NEEDS_NORMALISING = /[<&\u2012-\u2015\u2212\u2018\u2019\t]| {2}/;

/** Strips Word/HTML fragments and normalises dashes so the scanner sees plain text. */
export function normaliseTimescaleText(raw: string): string {
  if (!NEEDS_NORMALISING.test(raw)) return raw.trim();
  return raw
    .replace(/<\/(p|li|div)>|<br\s*\/?>/gi, '\n')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/[\u2012-\u2015\u2212]/g, '-')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[ \t]+/g, ' ')
    .trim();
}

export function parseTimescale(raw: string | null | undefined, context: TimescaleContext = {}): Timescale {
  const text = raw ?? '';
  try {
    return parse(text, context);
  } catch (error) {
    // A parser bug must never lose the user's text or stop an import: report it instead.
    return blank(text, 'unknown', [
      finding(
        'error',
        'timescale.internal',
        `Could not read timescale "${text}": ${String(error)}`,
        context.location,
      ),
    ]);
  }
}

function blank(raw: string, kind: TimescaleKind, findings: Finding[] = []): Timescale {
  return {
    raw,
    kind,
    start: null,
    end: null,
    spans: [],
    recurrence: null,
    relative: null,
    qualifiers: [],
    findings,
  };
}

function parse(raw: string, context: TimescaleContext): Timescale {
  const written = normaliseTimescaleText(raw);
  // Lower case for matching; `written` keeps the plan's own spelling for messages (same positions).
  const text = written.toLowerCase();
  const loc = { ...context.location, text: raw };
  if (!/[a-z0-9]/.test(text)) {
    return blank(
      raw,
      'unknown',
      text ? [finding('info', 'timescale.blank', `No timescale given ("${raw}")`, loc)] : [],
    );
  }
  const planDate = context.planDate ?? null;
  const century = planDate ? Math.floor(yearOf(planDate) / 100) * 100 : 2000;
  const findings: Finding[] = [];

  const tokens = scanTokens(text, written, century, findings, loc);
  const words = removeTokens(text, tokens);
  const qualifiers = readQualifiers(words);
  const recurrence = readRecurrence(words);
  const relative = readRelative(words);
  fillMissingYears(tokens, planDate, findings, loc);
  const spans = linkSpans(text, tokens, findings, loc);

  const result: Timescale = { ...blank(raw, 'unknown'), recurrence, relative, qualifiers, spans, findings };
  if (planDate) {
    for (const span of spans) {
      if (span.end < planDate) {
        findings.push(
          finding(
            'warning',
            'timescale.before_plan_date',
            `"${span.text}" is before the plan's date ${planDate}`,
            loc,
          ),
        );
      }
    }
  }
  return decideKind(result, planDate, words, loc);
}

function scanTokens(
  text: string,
  written: string,
  century: number,
  findings: Finding[],
  loc: Finding['location'],
): Token[] {
  const tokens: Token[] = [];
  DATE_TOKEN.lastIndex = 0;
  for (let match = DATE_TOKEN.exec(text); match; match = DATE_TOKEN.exec(text)) {
    const g = dateGroups(match);
    const base = { index: match.index, endIndex: match.index + match[0].length, text: match[0] };
    const token = toToken(g, base, century);
    if (token === 'impossible') {
      const asWritten = written.slice(base.index, base.endIndex);
      findings.push(finding('error', 'timescale.impossible_date', `"${asWritten}" is not a real date`, loc));
      tokens.push(
        tokenAt(base, {
          year: null,
          startMonth: 0,
          startDay: 0,
          endMonth: 0,
          endDay: 0,
          endYearOffset: 0,
          precision: 'day',
          impossible: true,
        }),
      );
      continue;
    }
    if (token) tokens.push(token);
  }
  return tokens;
}

type TokenBase = Pick<Token, 'index' | 'endIndex' | 'text'>;
type Period = Omit<Token, 'index' | 'endIndex' | 'text'>;

/** Fields copied one by one: an object spread here made the whole parser twice as slow. */
function tokenAt(base: TokenBase, period: Period): Token {
  const token: Token = {
    index: base.index,
    endIndex: base.endIndex,
    text: base.text,
    year: period.year,
    startMonth: period.startMonth,
    startDay: period.startDay,
    endMonth: period.endMonth,
    endDay: period.endDay,
    endYearOffset: period.endYearOffset,
    precision: period.precision,
  };
  if (period.impossible) token.impossible = true;
  return token;
}

function dayToken(base: TokenBase, year: number | null, month: number, day: number): Token | 'impossible' {
  if (month < 1 || month > 12 || day < 1 || day > 31) return 'impossible';
  if (!isRealDate(year ?? 2000, month, day)) return 'impossible';
  return tokenAt(base, {
    year,
    startMonth: month,
    startDay: day,
    endMonth: month,
    endDay: day,
    endYearOffset: 0,
    precision: 'day',
  });
}

function readYear(year: string | undefined, century: number): number | null {
  return year ? expandYear(Number(year.replace("'", '')), century) : null;
}

function toToken(g: DateGroups, base: TokenBase, century: number): Token | 'impossible' | null {
  if (g.iy) return dayToken(base, Number(g.iy), Number(g.im), Number(g.id));
  if (g.nd) return dayToken(base, readYear(g.ny, century), Number(g.nm), Number(g.nd));
  if (g.fy1) {
    const first = Number(g.fy1);
    const second = Number(g.fy2);
    const next = first + 1;
    // "2012/3" and "2012-13" are financial years (April to March); anything else is not.
    if (second !== next % 10 && second !== next % 100) return null;
    return tokenAt(base, {
      year: first,
      startMonth: 4,
      startDay: 1,
      endMonth: 3,
      endDay: 31,
      endYearOffset: 1,
      precision: 'year',
    });
  }
  if (g.dd && g.dm) return dayToken(base, readYear(g.dy, century), MONTHS[g.dm] ?? 0, Number(g.dd));
  if (g.mm) {
    const year = readYear(g.my ?? g.my2, century);
    // "may" is also an ordinary word: only a month when a year or a range makes it one.
    if (g.mm === 'may' && year === null) return null;
    const month = MONTHS[g.mm] ?? 0;
    return tokenAt(base, {
      year,
      startMonth: month,
      startDay: 1,
      endMonth: month,
      endDay: 'last',
      endYearOffset: 0,
      precision: 'month',
    });
  }
  if (g.yr) {
    return tokenAt(base, {
      year: Number(g.yr),
      startMonth: 1,
      startDay: 1,
      endMonth: 12,
      endDay: 31,
      endYearOffset: 0,
      precision: 'year',
    });
  }
  if (g.bd) {
    // "1- 31 Dec 2011": the month and year come from the date that closes the range.
    const day = Number(g.bd);
    if (day < 1 || day > 31) return 'impossible';
    return tokenAt(base, {
      year: null,
      startMonth: 0,
      startDay: day,
      endMonth: 0,
      endDay: day,
      endYearOffset: 0,
      precision: 'day',
    });
  }
  return null;
}

function removeTokens(text: string, tokens: Token[]): string {
  let rest = '';
  let at = 0;
  for (const token of tokens) {
    rest += text.slice(at, token.index) + ' ';
    at = token.endIndex;
  }
  return (rest + text.slice(at)).replace(/\s+/g, ' ').trim();
}

const QUALIFIERS: [string, RegExp][] = [
  ['immediate', /\bimmediate(ly)?\b|\basap\b|\bwith immediate effect\b/],
  ['ongoing', /\bon-?going\b|\brolling\b|\bcontinuous(ly)?\b/],
  ['complete', /\bcomplete(d)?\b|\bachieved\b|\bdone\b/],
  ['to_be_decided', /\bt\.?b\.?[acd]\b|\bto be (confirmed|agreed|decided|determined|arranged|advised)\b/],
  ['review', /\breview/],
  ['from', /\b(from|commenc\w*|start\w*|begin\w*)\b/],
  ['until', /\b(until|till|up to)\b/],
];

function readQualifiers(words: string): string[] {
  const found: string[] = [];
  for (const [name, pattern] of QUALIFIERS) if (pattern.test(words)) found.push(name);
  return found;
}

function readRecurrence(words: string): string | null {
  for (const [pattern, name] of RECURRENCES) if (pattern.test(words)) return name;
  const every = /\b(after|following) (each|every) ([a-z]+(?: [a-z]+)?)/.exec(words);
  if (every) return `after each ${every[3]}`;
  const everyN = /\bevery (\d+|[a-z]+) (week|month)s?\b/.exec(words);
  if (everyN) return `every ${everyN[1]} ${everyN[2]}s`;
  return null;
}

function readRelative(words: string): RelativePeriod | null {
  const match = /\b(?:within|in|over|by|next)?\s*(\d+|[a-z-]+) (day|week|month|year)s?\b/.exec(words);
  if (!match) return null;
  const amount = /^\d+$/.test(match[1] ?? '') ? Number(match[1]) : NUMBER_WORDS[match[1] ?? ''];
  if (!amount) return null;
  return { amount, unit: `${match[2]}s` as RelativePeriod['unit'] };
}

/** The year of the nearest token after (step 1) or before (step -1) the one at `at` that has a year. */
function neighbourYear(tokens: Token[], at: number, step: 1 | -1): number | null {
  for (let i = at + step; i >= 0 && i < tokens.length; i += step) {
    const year = (tokens[i] as Token).year;
    if (year !== null) return year;
  }
  return null;
}

/** Gives each yearless token ("1 March - 30 April 2011") the year of its neighbour, else the plan's year. */
function fillMissingYears(
  tokens: Token[],
  planDate: IsoDate | null,
  findings: Finding[],
  loc: Finding['location'],
) {
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    if (token.impossible) continue;
    if (token.startMonth === 0) {
      const closing = tokens[i + 1];
      token.startMonth = closing?.startMonth ?? 0;
      token.endMonth = token.startMonth;
    }
    if (token.year !== null) continue;
    const year =
      neighbourYear(tokens, i, 1) ??
      neighbourYear(tokens, i, -1) ??
      (planDate ? yearAfter(planDate, token) : null);
    if (year === null) {
      findings.push(finding('warning', 'timescale.year_missing', `"${token.text}" has no year`, loc));
      continue;
    }
    token.year = year;
    if (token.precision === 'day' && !isRealDate(year, token.startMonth, token.startDay)) {
      findings.push(
        finding('error', 'timescale.impossible_date', `"${token.text} ${year}" is not a real date`, loc),
      );
      token.year = null;
    }
  }
}

/** The plan's year, or the next one when the plan's year would put the date before the plan. */
function yearAfter(planDate: IsoDate, token: Token): number {
  const year = yearOf(planDate);
  const end =
    token.endDay === 'last'
      ? lastDayOfMonth(year, token.endMonth)
      : isoDate(year, token.endMonth, token.endDay);
  return end < planDate ? year + 1 : year;
}

function tokenStart(token: Token): IsoDate {
  return isoDate(token.year ?? 0, token.startMonth, token.startDay);
}

function tokenEnd(token: Token): IsoDate {
  const year = (token.year ?? 0) + token.endYearOffset;
  return token.endDay === 'last'
    ? lastDayOfMonth(year, token.endMonth)
    : isoDate(year, token.endMonth, token.endDay);
}

const usable = (t: Token) => !t.impossible && t.year !== null && t.startMonth > 0;

const RANGE_JOIN = /^(-|to|until|till|through|and ending)$/;

/** Joins "A - B" and "A to B" into one span; every other token is a span of its own. */
function linkSpans(text: string, tokens: Token[], findings: Finding[], loc: Finding['location']): DateSpan[] {
  const spans: DateSpan[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const first = tokens[i] as Token;
    const next = tokens[i + 1];
    const gap = next
      ? text
          .slice(first.endIndex, next.index)
          .replace(/\([^)]*\)/g, '')
          .trim()
      : '';
    if (next && RANGE_JOIN.test(gap)) {
      i++;
      // A range with an unreadable end (or start) is not a date at all: never shorten it silently.
      if (!usable(first) || !usable(next)) continue;
      // "1 May – 1 March 2013": a borrowed year that puts the start after the end belongs to the year before.
      if (first.precision !== 'year' && tokenStart(first) > tokenEnd(next) && first.year === next.year) {
        first.year = (first.year ?? 0) - 1;
      }
      const span = {
        start: tokenStart(first),
        end: tokenEnd(next),
        text: text.slice(first.index, next.endIndex),
      };
      if (span.start > span.end) {
        findings.push(
          finding('warning', 'timescale.range_reversed', `"${span.text}" ends before it starts`, loc),
        );
      }
      spans.push(span);
    } else if (usable(first)) {
      spans.push({ start: tokenStart(first), end: tokenEnd(first), text: first.text });
    }
  }
  return spans;
}

function decideKind(
  result: Timescale,
  planDate: IsoDate | null,
  words: string,
  loc: Finding['location'],
): Timescale {
  const { spans, qualifiers, recurrence, relative } = result;

  if (spans.length === 0) {
    if (qualifiers.includes('complete')) return settle(result, 'complete', null, null);
    if (qualifiers.includes('to_be_decided')) return settle(result, 'to_be_decided', null, null);
    if (qualifiers.includes('immediate') && qualifiers.includes('ongoing'))
      return settle(result, 'ongoing', planDate, null);
    if (qualifiers.includes('immediate')) return settle(result, 'immediate', planDate, planDate);
    if (recurrence) return settle(result, 'recurring', planDate, null);
    if (qualifiers.includes('ongoing')) return settle(result, 'ongoing', planDate, null);
    if (relative)
      return settle(result, 'relative', planDate, planDate ? addRelative(planDate, relative) : null);
    if (!result.findings.some((f) => f.severity === 'error')) {
      result.findings.push(
        finding('warning', 'timescale.not_understood', `Timescale "${result.raw}" was not understood`, loc),
      );
    }
    return settle(result, 'unknown', null, null);
  }

  const first = spans[0] as DateSpan;
  const last = spans[spans.length - 1] as DateSpan;
  if (recurrence && (qualifiers.includes('until') || /\buntil\b/.test(words)))
    return settle(result, 'recurring', planDate, last.end);
  if (spans.length > 1) {
    const starts = spans.map((s) => s.start).sort();
    const ends = spans.map((s) => s.end).sort();
    return settle(result, 'several', starts[0] ?? null, ends[ends.length - 1] ?? null);
  }
  if (
    qualifiers.includes('ongoing') ||
    (qualifiers.includes('from') && first.start === first.end && /\bfrom\b/.test(words))
  ) {
    return settle(result, 'ongoing', first.start, null);
  }
  if (first.start === first.end) return settle(result, 'date', first.start, first.end);
  const isWholeMonth =
    first.start.slice(0, 7) === first.end.slice(0, 7) &&
    first.start.endsWith('-01') &&
    first.end === lastDayOfMonth(yearOf(first.end), Number(first.end.slice(5, 7)));
  return settle(result, isWholeMonth ? 'month' : 'range', first.start, first.end);
}

function settle(
  result: Timescale,
  kind: TimescaleKind,
  start: IsoDate | null,
  end: IsoDate | null,
): Timescale {
  result.kind = kind;
  result.start = start;
  result.end = end;
  return result;
}

function addRelative(date: IsoDate, period: RelativePeriod): IsoDate {
  switch (period.unit) {
    case 'days':
      return addDaysIso(date, period.amount);
    case 'weeks':
      return addDaysIso(date, period.amount * 7);
    case 'months':
      return addMonthsIso(date, period.amount);
    case 'years':
      return addMonthsIso(date, period.amount * 12);
  }
}
