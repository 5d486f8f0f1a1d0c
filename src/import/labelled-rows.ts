/**
 * Rows that name what they hold in their first cell: "Lead officer | Claire Dunmore", "Recommendation 2 | Improve …".
 * Councils write a plan this way as a form, one small table per action, or as a card: a recommendation's labelled
 * rows (its source, its senior lead, what success will look like) above and below the grid of its actions.
 * A label must be one of the wordings plans use for a field, in full, so an action cell that only starts with
 * one of those words ("Lead officer training") is never taken for a label.
 */
import { cellText, type Row } from './model.ts';
import { normaliseHeading, type Role } from './layout.ts';

export interface LabelledRow {
  role: Role;
  /** The label as written, without a final colon. */
  label: string;
  /** The number a recommendation's label gives it ("Recommendation 2"). */
  number: string | null;
  value: string[];
}

// Each label, normalised (lower case, punctuation gone), in full.
const LABELS: [Role, RegExp][] = [
  [
    'recommendation',
    /^(?:(?:ofsted |inspection )?recommendations?|rec|finding|requirement|issue|area of concern)(?: (?:no )?(\d+[a-z]?|[a-z]|[ivx]+))?$/,
  ],
  ['ref', /^(?:action |milestone )?(?:ref|reference|ref no|no|number|id)$/],
  [
    'action',
    /^(?:actions?|action to be taken|actions? (?:required|planned|agreed)|what we will do|what will we do|how we will do it|tasks?|activity)$/,
  ],
  ['milestone', /^(?:milestones?|key milestones?|sub actions?)$/],
  [
    'source',
    /^(?:source|origin|response to|raised by|from report|source of recommendation|recommendation source)$/,
  ],
  [
    'lead',
    /^(?:leads?|lead officers?|lead person|lead manager|lead agency|delivery lead|responsible(?: officer| lead| person| manager)?|accountable (?:officer|lead|manager)|senior responsible (?:officer|owner)|sro|owner|action owner|by whom|who)$/,
  ],
  ['partners', /^(?:partners?|partner agencies|agencies involved|supported by)$/],
  [
    'due',
    /^(?:timescales?|due|due date|target date|target completion date|deadline|by when|when|completion date|delivery date|end date|timeframe)$/,
  ],
  ['status', /^(?:(?:current |overall )?(?:b?rag|status|rating)(?: rating| status)?)$/],
  [
    'progress',
    /^(?:progress(?: update| to date| so far)?|update|latest update|comments?|commentary|current position|position)$/,
  ],
  [
    'success',
    /^(?:success criteria|success measures?|measures? of success|what success (?:will )?looks? like|what good looks like|expected outcomes?|intended impact|impact|how (?:we|will we) (?:will )?know)$/,
  ],
  [
    'kpi',
    /^(?:kpis?|key performance indicators?|performance (?:measures?|indicators?)|measures?|targets?|targets? (?:and|&) measures)$/,
  ],
  [
    'monitoring',
    /^(?:monitoring|monitoring arrangements|how (?:it )?will be monitored|assurance|evaluation)$/,
  ],
  ['evidence', /^(?:evidence|evidence of (?:progress|impact|completion))$/],
];

function labelOf(text: string): { role: Role; number: string | null } | null {
  if (text.length > 60 || text.includes('\n')) return null;
  const normal = normaliseHeading(text);
  if (!normal || normal.split(' ').length > 7) return null;
  for (const [role, pattern] of LABELS) {
    const match = pattern.exec(normal);
    if (match) return { role, number: match[1] ?? null };
  }
  return null;
}

/**
 * A row of a label and its value: the label in the first cell, the value in one other cell (the rest empty or
 * merged into it). A value that is itself a label ("Lead | Timescale") makes a heading row, not a labelled one.
 */
export function labelledRow(row: Row): LabelledRow | null {
  const first = row.cells[0];
  if (!first || first.paragraphs.length !== 1) return null;
  const filled = row.cells.filter((c) => c.paragraphs.some((p) => p.trim() !== ''));
  if (filled.length !== 2 || filled[0] !== first) return null;
  const label = labelOf(first.paragraphs[0] as string);
  if (!label) return null;
  const value = (filled[1] as (typeof filled)[number]).paragraphs.map((p) => p.trim()).filter(Boolean);
  if (value.length === 1 && labelOf(value[0] as string)) return null;
  return {
    role: label.role,
    label: cellText(first).trim().replace(/\s*:$/, ''),
    number: label.number,
    value,
  };
}
