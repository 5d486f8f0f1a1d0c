/**
 * An action cell with several paragraphs: when it is several actions, and what the timescale, lead and rating
 * cells beside it give each of them. The row filer (`rows.ts`) makes the actions.
 */
import { parseTimescale } from '../domain/timescale.ts';
import { crossRefsIn, isOnlyCrossRefs } from './references.ts';

export const LEADING_REF = /^(\d+(?:\.\d+)+|\d+)[.)]?\s+(?=\S)/;
// A lead cell naming one person or team ("Sarah Daly", "Head of QA"), not several ("JB/ Amanda Radley").
const ONE_LEAD = /^(?![^]*(?:[/,&;+]|\band\b))\S+(?:\s+\S+){0,3}$/;
// A number that reads as an action's own ("1.3 Establish …", "2) Agree …"), not a year or a count ("12 months").
const ACTION_NUMBER = /^(?:\d{1,2}(?:\.\d{1,2})+\.?|\d{1,2}[.)])\s+(?=\S)/;

export type SharedRole = 'due' | 'lead' | 'status';

/** A paragraph of an action cell, with the cross-reference codes written on their own under it. */
export interface ActionUnit {
  text: string;
  refs: string[];
}

export const stepsWith = (cell: string[] | undefined, count: number): boolean =>
  !!cell && cell.length === count;

/** The paragraphs of an action cell; a paragraph of codes only ("IN 3. O 14.") belongs to the one above. */
export function actionUnits(paragraphs: string[]): ActionUnit[] {
  const units: ActionUnit[] = [];
  for (const paragraph of paragraphs) {
    const last = units[units.length - 1];
    if (isOnlyCrossRefs(paragraph) && last) last.refs.push(...crossRefsIn(paragraph));
    else units.push({ text: paragraph, refs: [] });
  }
  return units;
}

/**
 * The actions a cell holds, as groups of its paragraphs: one each when every paragraph has its own ref or the
 * timescale or lead cell steps with them; by action number when at least two paragraphs carry one; else one action
 * that keeps all its paragraphs. The timescale cell comes back split by month when it names one month per action.
 */
export function groupActionUnits(
  units: ActionUnit[],
  due: string[] | undefined,
  lead: string[] | undefined,
  planDate: string | null,
): { groups: ActionUnit[][]; due: string[] | undefined } {
  const dueByUnit = due ? dueInStep(due, units.length, planDate) : undefined;
  if (
    units.length > 1 &&
    (units.every((u) => LEADING_REF.test(u.text)) ||
      stepsWith(dueByUnit, units.length) ||
      stepsWith(lead, units.length))
  ) {
    return { groups: units.map((u) => [u]), due: dueByUnit };
  }
  const groups = numberedGroups(units);
  return { groups, due: due && groups.length > 1 ? dueInStep(due, groups.length, planDate) : dueByUnit };
}

/**
 * Numbered paragraphs in one action cell ("1.2.2 …", "1.3 …") are actions of their own; an unnumbered paragraph
 * belongs to the numbered one above it, and any before the first number stay together. Fewer than two numbers:
 * one action that keeps all its paragraphs.
 */
function numberedGroups(units: ActionUnit[]): ActionUnit[][] {
  if (units.filter((u) => ACTION_NUMBER.test(u.text)).length < 2) return [units];
  const groups: ActionUnit[][] = [];
  for (const unit of units) {
    const current = groups[groups.length - 1];
    if (current && !ACTION_NUMBER.test(unit.text)) current.push(unit);
    else groups.push([unit]);
  }
  return groups;
}

/** One timescale paragraph naming one month per action ("Nov 2019 Jun 2019 Jan 2019") steps with them. */
export function dueInStep(due: string[], count: number, planDate: string | null): string[] {
  if (due.length !== 1 || count < 2) return due;
  const raw = due[0] as string;
  const spans = parseTimescale(raw, { planDate }).spans;
  if (spans.length !== count) return due;
  const lower = raw.toLowerCase();
  let from = 0;
  return spans.map((span) => {
    const at = lower.indexOf(span.text, from);
    if (at < 0) return span.text;
    from = at + span.text.length;
    return raw.slice(at, from);
  });
}

/**
 * One lead, or two ("HR/all managers", "Jo Bloggs and the Head of QA"), written once beside several actions leads
 * them all; a longer run of names in one paragraph is a list that lost its line breaks, and must step.
 */
function sharedLead(text: string): boolean {
  if (ONE_LEAD.test(text)) return true;
  const parts = text.split(/\s*(?:[/,&;+]|\band\b)\s*/).filter((p) => p.trim() !== '');
  return parts.length <= 2 && parts.every((p) => p.trim().split(/\s+/).length <= 4);
}

/** One timescale, one name or one rating beside several actions is theirs in common; anything else must step. */
export function sharedByAll(role: SharedRole, cell: string[], planDate: string | null): boolean {
  if (cell.length !== 1) return false;
  if (role === 'status') return true;
  if (role === 'lead') return sharedLead(cell[0] as string);
  return parseTimescale(cell[0], { planDate }).spans.length <= 1;
}

/**
 * What a cell beside `count` actions gives the action at `index`: its own line, or the shared value. Dates and
 * leads that do not step with the actions (4 dates for 6 actions) are the row's: each action keeps all of them
 * as written (due by the last), which the caller reports, rather than none. A status that does not step is left.
 */
export function cellFor(
  role: SharedRole,
  cell: string[] | undefined,
  count: number,
  index: number,
  planDate: string | null,
): string[] | undefined {
  if (!cell || count === 1) return cell;
  if (stepsWith(cell, count)) return [cell[index] as string];
  return role !== 'status' || sharedByAll(role, cell, planDate) ? cell : undefined;
}
