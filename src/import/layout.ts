/**
 * Layout detection: which column of a table holds what. Headings are matched by meaning, tolerant of
 * wording, punctuation and case; where a table has no heading row, what the cells hold decides.
 */
import type { Row } from './model.ts';
import { cellText } from './model.ts';
import { parseTimescale } from '../domain/timescale.ts';
import { readStatus } from '../domain/status.ts';

export const ROLES = [
  'ref',
  'section',
  'recommendation',
  'report_ref',
  'source',
  'action',
  'milestone',
  'due',
  'lead',
  'partners',
  'status',
  'progress',
  'success',
  'kpi',
  'monitoring',
  'evidence',
  // A written timescale ("Within 3 months") beside a column of dates: kept as written, the dates from the other.
  'timescale',
] as const;
export type Role = (typeof ROLES)[number];

// Order matters: the first pattern that matches a heading decides its role.
const HEADING_PATTERNS: [Role, RegExp][] = [
  ['report_ref', /\b(ofsted|report|inspection|para(graph)?)\s*ref|^report reference|^para(graph)?s?$/],
  ['source', /^(origin|response to|source|raised by|from report)\b/],
  ['ref', /^(no|ref|number|item|id|#|action no|action ref|ref no)$/],
  ['section', /^(theme|priority|pillar|workstream|work stream|strand|area|outcome area|key area)s?$/],
  [
    'recommendation',
    /recommendation|^recs?\b|issue raised|objective|what needs to improve|area(s)? for (improvement|development)|area of concern|finding|requirement/,
  ],
  ['milestone', /milestone|sub[- ]action|key step/],
  [
    'action',
    /^actions?\b|action(s)? (required|to be taken|planned)|what (we will|will we) do|^tasks?$|^activity/,
  ],
  [
    'due',
    /timescale|^due|deliver(ed)? by|delivery date|target date|end date|date due|implementation date|deadline|by when|completion date|^date$|^when$|^timeframe/,
  ],
  ['lead', /^leads?\b|^who\b|by whom|responsib|delivery leads?|officer|owner|accountable|^lead officer/],
  ['partners', /^partners?|agenc(y|ies) involved|^with$/],
  ['status', /^b?rag|\bb?rag\b|^status|progress\s*\(?rag|^(current )?rating$/],
  ['progress', /progress|update|commentary|position|^comments?$|^notes?$|^remarks$/],
  [
    'kpi',
    /target(s)? (&|and) measures|key performance|\bkpis?\b|measures? of success|^measures?$|performance indicator/,
  ],
  ['success', /success|^outcomes?$|impact|what good looks like|expected outcome/],
  ['monitoring', /monitoring|evaluation|assurance/],
  ['evidence', /evidence/],
];

export function normaliseHeading(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9&#/ ]+/g, ' ')
    .replace(/\s*\/\s*/g, ' / ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A column's role in a mapping: one of the roles, or `ignore` for a column the plan should not read. */
export type MappedRole = Role | 'ignore';

export function roleOfHeading(text: string, mapping: Record<string, MappedRole> = {}): Role | null {
  const normal = normaliseHeading(text);
  if (!normal) return null;
  for (const [heading, role] of Object.entries(mapping))
    if (normaliseHeading(heading) === normal) return role === 'ignore' ? null : role;
  for (const [role, pattern] of HEADING_PATTERNS) {
    if (!pattern.test(normal)) continue;
    // "Timescale – start", "Start date": when work begins is not when it is due.
    return role === 'due' && /\b(start|starting|begin|beginning|commence)\b/.test(normal) ? null : role;
  }
  return null;
}

const SUB_HEADING = /^[A-Za-z][A-Za-z/&()' -]{0,29}$/;

/**
 * A heading row with a second row under it ("Timescale" over "Start" and "End"): each sub-heading is read with the
 * heading above it or, under a blank, with the nearest heading to its left that spans it. Null when the row below is
 * not headings (an action, a date, a number).
 */
export function twoRowHeadings(
  header: Row,
  below: Row,
  mapping: Record<string, MappedRole> = {},
): Layout | null {
  const top = header.cells.map((c) => cellText(c).replace(/\s+/g, ' ').trim());
  const sub = below.cells.map((c) => cellText(c).replace(/\s+/g, ' ').trim());
  const filled = sub.filter(Boolean);
  // Sub-headings come two or more together ("Start", "End"); one cell alone is a heading across the table.
  if (filled.length < 2 || !filled.every((t) => SUB_HEADING.test(t) && t.split(' ').length <= 3)) return null;
  if (filled.some((t) => parseTimescale(t).kind !== 'unknown' || readStatus(t, [])?.colour != null))
    return null;
  const first = layoutFromHeader(header, mapping);
  if (!first) return null;
  // The row below gives work's own columns nothing: under the action it is blank.
  if (first.columns.some((role, i) => (role === 'action' || role === 'recommendation') && sub[i]))
    return null;
  let group = '';
  const headings = Array.from({ length: Math.max(top.length, sub.length) }, (_, i) => {
    if (top[i]) group = top[i];
    const above = top[i] || group;
    return sub[i] ? `${above} ${sub[i]}`.trim() : (top[i] ?? '');
  });
  const combined = layoutFromHeader(
    { at: header.at, cells: headings.map((h) => ({ paragraphs: h ? [h] : [] })) },
    mapping,
  );
  return combined ? { ...combined, headings } : null;
}

export interface Layout {
  columns: (Role | null)[];
  /** The heading text of each column, as written. */
  headings: string[];
  guessed: boolean;
}

/** A heading row names at least two known roles, and most of its filled cells are headings. */
export function layoutFromHeader(row: Row, mapping: Record<string, MappedRole> = {}): Layout | null {
  const headings = row.cells.map((c) => cellText(c).replace(/\n/g, ' ').trim());
  const filled = headings.filter((h) => h !== '');
  if (filled.length < 2 || filled.some((h) => h.length > 80)) return null;
  const columns = headings.map((h) => roleOfHeading(h, mapping));
  const known = columns.filter((c) => c !== null).length;
  if (known < 2 || known < filled.length / 2) return null;
  const hasWork = columns.some((c) => c === 'action' || c === 'recommendation' || c === 'milestone');
  return hasWork ? { columns: dedupe(columns), headings, guessed: false } : null;
}

/**
 * A second column with a role already taken becomes an unnamed column rather than overwriting the first; a
 * second date-like column is the written timescale beside the dates (which is which is decided by their cells).
 */
function dedupe(columns: (Role | null)[]): (Role | null)[] {
  const seen = new Set<Role>();
  return columns.map((role) => {
    if (role === null || !seen.has(role)) {
      if (role) seen.add(role);
      return role;
    }
    if (role === 'due' && !seen.has('timescale')) {
      seen.add('timescale');
      return 'timescale';
    }
    return null;
  });
}

/**
 * Of a table's two date-like columns, the dates come from the one whose cells name days more often; the other is
 * the written timescale. Returns the layout to use and, when the columns were swapped or chosen, what was chosen.
 */
export function chooseDueColumn(layout: Layout, rows: Row[], planDate: string | null): Layout {
  const due = layout.columns.indexOf('due');
  const timescale = layout.columns.indexOf('timescale');
  if (due < 0 || timescale < 0) return layout;
  const exact = (column: number) =>
    rows.filter((r) => {
      const text = cellText(r.cells[column]).trim();
      return text !== '' && parseTimescale(text, { planDate }).kind === 'date';
    }).length;
  if (exact(timescale) <= exact(due)) return layout;
  const columns = [...layout.columns];
  columns[due] = 'timescale';
  columns[timescale] = 'due';
  return { ...layout, columns };
}

const REF = /^\(?[A-Z]{0,3}\s?\d+(\.\d+)*\.?\)?$/;
const PERSON = /^([A-Z][a-z'’-]+\s){1,2}[A-Z][a-z'’-]+$|^[A-Z]{2,3}$/;

/** For a table without a heading row: decide each column's role from what its cells hold. */
export function guessLayout(rows: Row[]): Layout | null {
  const width = Math.max(0, ...rows.map((r) => r.cells.length));
  if (width < 2 || rows.length < 2) return null;
  const share = (column: number, test: (text: string) => boolean) => {
    const values = rows.map((r) => cellText(r.cells[column]).trim()).filter((t) => t !== '');
    return values.length === 0 ? 0 : values.filter(test).length / values.length;
  };
  const columns: (Role | null)[] = Array.from({ length: width }, () => null);
  const lengths = columns.map(
    (_, c) => rows.reduce((sum, r) => sum + cellText(r.cells[c]).length, 0) / Math.max(1, rows.length),
  );
  for (let c = 0; c < width; c++) {
    if (share(c, (t) => REF.test(t)) > 0.6) columns[c] = 'ref';
    else if (share(c, (t) => parseTimescale(t).kind !== 'unknown' && t.length < 60) > 0.6) columns[c] = 'due';
    else if (share(c, (t) => readStatus(t, [])?.colour != null) > 0.6) columns[c] = 'status';
    else if (share(c, (t) => t.split(/[\n/,&]| and /).every((p) => PERSON.test(p.trim()))) > 0.6)
      columns[c] = 'lead';
  }
  const free = columns.map((role, c) => (role === null ? c : -1)).filter((c) => c >= 0);
  const longest = free.sort((a, b) => (lengths[b] ?? 0) - (lengths[a] ?? 0))[0];
  if (longest === undefined) return null;
  columns[longest] = 'action';
  if (!columns.includes('due') && !columns.includes('lead')) return null;
  return { columns, headings: columns.map(() => ''), guessed: true };
}
