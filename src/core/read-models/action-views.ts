/**
 * Where a plan stands: every action with the lead's rating beside the suggested one, and the counts a
 * board reads (by colour, complete, overdue, due soon, recently updated, ratings in question).
 */
import { addDaysIso, daysBetween } from '../../domain/calendar.ts';
import type { ActionSummary } from '../../db/repositories/overview.repository.ts';
import type { PlanDocument } from '../../domain/plan-format.ts';
import { suggestRag, type RagSuggestion } from '../../domain/rag.ts';
import { nextReportingPeriod } from '../../domain/reporting-period.ts';
import { colourOfRag, type Colour } from '../../domain/status.ts';

export interface ActionView {
  action: ActionSummary;
  sectionId: string | null;
  topSectionId: string | null;
  leadColour: Colour | null;
  /** What the plan shows: complete (blue), awaiting sign-off, or the lead's colour. */
  rating: Rating;
  /** Marked complete by its lead; not complete until a manager signs it off. */
  awaitingSignOff: boolean;
  /** Open, and not updated since the reporting period began (the next board's, else the month): its lead owes an update. */
  updateDue: boolean;
  /** When that update is due: a week (or the board's days) before the next meeting; null without one. */
  updateDeadline: string | null;
  suggestion: RagSuggestion;
  lastUpdate: string | null;
  overdue: boolean;
  dueSoon: boolean;
  complete: boolean;
  sourceBodies: string[];
  /** A milestone (or sub-action) of another action, or an action of its own. */
  level: 'action' | 'milestone';
  /** For an action with milestones: how many there are, are complete and are overdue. */
  milestones: { total: number; complete: number; overdue: number } | null;
}

export type Rating = Colour | 'awaiting' | null;

export interface Counts {
  /** Actions and milestones alike: each milestone row is work with its own lead and date. */
  total: number;
  actions: number;
  milestones: number;
  byColour: Record<Colour | 'awaiting' | 'none', number>;
  complete: number;
  awaitingSignOff: number;
  /** Open actions and milestones with no update yet this month. */
  updatesDue: number;
  percentComplete: number;
  overdue: number;
  dueSoon: number;
  recentlyUpdated: number;
  differs: number;
}

export interface ActionFilter {
  lead?: string;
  rag?: string;
  state?: string;
  overdue?: boolean;
  dueBefore?: string;
  source?: string;
  section?: string;
  q?: string;
  /** Due within the plan's "due soon" window and not complete. */
  dueSoon?: boolean;
  /** Updated within the last 30 days. */
  recent?: boolean;
  /** The dates suggest a different rating from the lead's. */
  differs?: boolean;
}

/** What the plan's pages read: the plan without its updates' texts. */
export interface PlanOverview extends Pick<
  PlanDocument,
  'plan' | 'sections' | 'recommendations' | 'sources' | 'people'
> {
  actions: ActionSummary[];
}

/**
 * Every action and milestone with its ratings, actions first in plan order with their milestones after each;
 * `lastUpdates` maps an item's id to the date of its latest update. A milestone is rated on its own dates and
 * status, in its parent's section when it names none.
 */
export function viewActions(
  doc: Pick<PlanOverview, 'plan' | 'sections' | 'recommendations' | 'sources' | 'actions'>,
  today: string,
  lastUpdates: ReadonlyMap<string, string>,
): ActionView[] {
  const sections = new Map(doc.sections.map((s) => [s.id, s]));
  const top = (id: string | null): string | null => {
    let at = id ? sections.get(id) : undefined;
    // At most as many steps as there are sections: a cycle in stored data cannot hang the page.
    for (let steps = 0; at?.parentId && steps < sections.size; steps++) at = sections.get(at.parentId);
    return at?.id ?? null;
  };
  const recommendations = new Map(doc.recommendations.map((r) => [r.id, r]));
  const sources = new Map(doc.sources.map((s) => [s.id, s]));
  const settings = doc.plan.ragSettings;
  const byId = new Map(doc.actions.map((a) => [a.id, a]));
  const { period } = nextReportingPeriod(doc.plan.governance, today);
  const views = doc.actions.map((action) => {
    const parent = action.parentId ? byId.get(action.parentId) : undefined;
    const sectionId = action.sectionId ?? parent?.sectionId ?? null;
    const recommendationIds =
      action.recommendationIds.length > 0 ? action.recommendationIds : (parent?.recommendationIds ?? []);
    const lastUpdate = lastUpdates.get(action.id) ?? null;
    const leadColour = colourOfRag(action.status?.rag ?? null);
    const awaitingSignOff = !!action.signOff;
    const complete =
      !awaitingSignOff && (action.status?.state === 'complete' || action.due?.kind === 'complete');
    const due = action.due?.end ?? null;
    const rating: Rating = complete ? 'blue' : awaitingSignOff ? 'awaiting' : leadColour;
    // Work awaiting sign-off is judged as work still open: its dates, not the lead's "complete".
    const state = complete ? 'complete' : awaitingSignOff ? 'in_progress' : (action.status?.state ?? null);
    const suggestion = suggestRag(
      { due, state, leadColour: awaitingSignOff ? null : leadColour, lastUpdate, today },
      settings,
    );
    const sourceBodies = recommendationIds
      .map((id) => sources.get(recommendations.get(id)?.sourceId ?? '')?.body)
      .filter((b): b is NonNullable<typeof b> => !!b);
    return {
      action,
      sectionId,
      topSectionId: top(sectionId),
      leadColour,
      rating,
      awaitingSignOff,
      updateDue: !complete && !awaitingSignOff && (lastUpdate === null || lastUpdate < period.since),
      updateDeadline: period.deadline,
      suggestion,
      lastUpdate,
      overdue: !complete && due !== null && due < today,
      dueSoon: !complete && due !== null && due >= today && due <= addDaysIso(today, settings.dueSoonDays),
      complete,
      sourceBodies,
      level: action.parentId ? ('milestone' as const) : ('action' as const),
      milestones: null as ActionView['milestones'],
    };
  });
  // Each action's roll-up of its milestones: "3 of 5 milestones complete, 1 overdue".
  const viewOf = new Map(views.map((v) => [v.action.id, v]));
  for (const v of views) {
    const parent = v.action.parentId ? viewOf.get(v.action.parentId) : undefined;
    if (!parent) continue;
    parent.milestones ??= { total: 0, complete: 0, overdue: 0 };
    parent.milestones.total += 1;
    if (v.complete) parent.milestones.complete += 1;
    if (v.overdue) parent.milestones.overdue += 1;
  }
  return views;
}

export function countActions(views: ActionView[], today: string): Counts {
  const byColour: Counts['byColour'] = { red: 0, amber: 0, green: 0, blue: 0, grey: 0, awaiting: 0, none: 0 };
  for (const v of views) byColour[v.rating ?? 'none'] += 1;
  const complete = views.filter((v) => v.complete).length;
  const milestones = views.filter((v) => v.level === 'milestone').length;
  return {
    total: views.length,
    actions: views.length - milestones,
    milestones,
    byColour,
    complete,
    awaitingSignOff: views.filter((v) => v.awaitingSignOff).length,
    updatesDue: views.filter((v) => v.updateDue).length,
    percentComplete: views.length === 0 ? 0 : Math.round((100 * complete) / views.length),
    overdue: views.filter((v) => v.overdue).length,
    dueSoon: views.filter((v) => v.dueSoon).length,
    recentlyUpdated: views.filter((v) => v.lastUpdate !== null && daysBetween(v.lastUpdate, today) <= 30)
      .length,
    differs: views.filter((v) => v.suggestion.differsFromLead).length,
  };
}

export function filterActions(views: ActionView[], filter: ActionFilter, today: string): ActionView[] {
  const q = filter.q?.trim().toLowerCase();
  return views.filter((v) => {
    if (filter.lead && !v.action.leads.includes(filter.lead)) return false;
    if (filter.rag && (v.rating ?? 'none') !== filter.rag) return false;
    if (filter.state && (v.action.status?.state ?? 'none') !== filter.state) return false;
    if (filter.overdue && !v.overdue) return false;
    if (filter.dueBefore && !(v.action.due?.end && v.action.due.end < filter.dueBefore)) return false;
    if (filter.source && !v.sourceBodies.includes(filter.source)) return false;
    if (filter.section && v.topSectionId !== filter.section && v.sectionId !== filter.section) return false;
    if (q && !`${v.action.ref ?? ''} ${v.action.text} ${v.action.leads.join(' ')}`.toLowerCase().includes(q))
      return false;
    if (filter.dueSoon && !v.dueSoon) return false;
    if (filter.recent && !(v.lastUpdate !== null && daysBetween(v.lastUpdate, today) <= 30)) return false;
    if (filter.differs && !v.suggestion.differsFromLead) return false;
    return true;
  });
}

/** The dashboard's read model: every top-level action's view, the counts overall and per top-level section. */
export function dashboardOf(doc: PlanOverview, lastUpdate: ReadonlyMap<string, string>, today: string) {
  const views = viewActions(doc, today, lastUpdate);
  const sections = doc.sections
    .filter((s) => s.parentId === null)
    .map((section) => ({
      section,
      counts: countActions(
        views.filter((v) => v.topSectionId === section.id),
        today,
      ),
    }));
  return { doc, views, counts: countActions(views, today), sections };
}

export type Dashboard = ReturnType<typeof dashboardOf>;
