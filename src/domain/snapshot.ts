/**
 * A snapshot is the plan "as reported" for a period: each action's and milestone's status, rating and dates, each
 * recommendation's roll-up, each measure's latest evaluation, and the counts, as they stood when it was locked. It
 * never changes. `changesBetween` says what moved from one snapshot to the next (or to now): the board's "what
 * changed since the last meeting".
 */

/** Blue is complete; "awaiting" is marked complete by its lead and waiting for sign-off. */
export type Rating = 'red' | 'amber' | 'green' | 'blue' | 'grey' | 'awaiting' | null;

export interface SnapshotAction {
  id: string;
  ref: string | null;
  text: string;
  level: 'action' | 'milestone';
  parentId: string | null;
  sectionId: string | null;
  topSectionId: string | null;
  leads: string[];
  status: string | null;
  rating: Rating;
  suggested: Rating;
  suggestionReason: string;
  due: { raw: string; end: string | null } | null;
  /** The first date the plan gave, when it has been moved since. */
  originalDue: string | null;
  complete: boolean;
  overdue: boolean;
  lastUpdate: { date: string; narrative: string } | null;
}

export interface SnapshotRecommendation {
  id: string;
  ref: string | null;
  text: string;
  status: string;
  rollup: { total: number; complete: number; overdue: number };
}

export interface SnapshotMeasure {
  id: string;
  ref: string | null;
  name: string;
  unit: string;
  period: string | null;
  value: number | null;
  target: number | null;
  colour: string | null;
  /** value − target, positive above the target whatever the polarity. */
  gap: number | null;
  statement: string;
  /** Every reported value up to the snapshot, oldest first, with the target for its period (charts). Absent in snapshots locked before series were kept. */
  series?: SnapshotReading[];
}

export interface SnapshotReading {
  period: string;
  value: number | null;
  target: number | null;
}

export interface SnapshotSection {
  id: string;
  ref: string | null;
  kind: string;
  title: string;
  parentId: string | null;
}

/** A due date moved after the plan was agreed: from what, to what, why, and who moved it. */
export interface Rescheduling {
  id: string;
  ref: string | null;
  text: string;
  from: string | null;
  to: string | null;
  reason: string;
  by: string;
  at: string;
}

export interface SnapshotData {
  plan: { id: string; title: string; date: string | null; state: string };
  /** The day the figures are worked out for (overdue is relative to it). */
  asOf: string;
  period: string;
  sections: SnapshotSection[];
  actions: SnapshotAction[];
  recommendations: SnapshotRecommendation[];
  measures: SnapshotMeasure[];
  rescheduled: Rescheduling[];
}

export interface SnapshotTotals {
  total: number;
  complete: number;
  overdue: number;
  percentComplete: number;
  /** Green or blue (complete): on track or done. */
  percentOnTrack: number;
  byRating: Record<string, number>;
  measuresAtTarget: number;
  measuresWithTarget: number;
}

const RATINGS = ['blue', 'awaiting', 'green', 'amber', 'red', 'grey'] as const;

/** A rating's place from worst to best, for "up" and "down". */
const RANK: Record<string, number> = { red: 0, amber: 1, green: 2, blue: 3 };

export function totalsOf(actions: SnapshotAction[], measures: SnapshotMeasure[] = []): SnapshotTotals {
  const byRating: Record<string, number> = Object.fromEntries([...RATINGS, 'none'].map((r) => [r, 0]));
  for (const a of actions) byRating[a.complete ? 'blue' : (a.rating ?? 'none')]! += 1;
  const total = actions.length;
  const complete = actions.filter((a) => a.complete).length;
  const percent = (n: number) => (total === 0 ? 0 : Math.round((100 * n) / total));
  const withTarget = measures.filter((m) => m.target !== null && m.value !== null);
  return {
    total,
    complete,
    overdue: actions.filter((a) => a.overdue).length,
    percentComplete: percent(complete),
    percentOnTrack: percent((byRating.green ?? 0) + (byRating.blue ?? 0)),
    byRating,
    measuresAtTarget: withTarget.filter((m) => m.colour === 'green' || m.colour === 'blue').length,
    measuresWithTarget: withTarget.length,
  };
}

export interface ActionChange {
  id: string;
  ref: string | null;
  text: string;
  from?: string | null;
  to?: string | null;
  /** Why, and who decided: for a moved date, the reason given and its approver. */
  note?: string;
}

export interface SnapshotChanges {
  newlyComplete: ActionChange[];
  newlyOverdue: ActionChange[];
  ratingUp: ActionChange[];
  ratingDown: ActionChange[];
  dueMoved: ActionChange[];
  addedActions: ActionChange[];
  removedActions: ActionChange[];
  addedRecommendations: ActionChange[];
  removedRecommendations: ActionChange[];
  recommendationStatus: ActionChange[];
  measureColour: ActionChange[];
  measuresReachedTarget: ActionChange[];
  measuresFellBelowTarget: ActionChange[];
  /** Open actions whose latest update is older than the period's start (none for the period). */
  missingUpdates: ActionChange[];
}

const item = (a: { id: string; ref: string | null; text?: string; name?: string }) => ({
  id: a.id,
  ref: a.ref,
  text: a.text ?? a.name ?? '',
});

const ratingOf = (a: SnapshotAction): Rating => (a.complete ? 'blue' : a.rating);
const atTarget = (m: SnapshotMeasure) => m.colour === 'green' || m.colour === 'blue';

/**
 * What changed from one snapshot to another. `periodStart` (YYYY-MM-DD) is when the later one's reporting period
 * began: open actions without an update since then are listed as missing their update.
 */
export function changesBetween(from: SnapshotData, to: SnapshotData, periodStart?: string): SnapshotChanges {
  const before = new Map(from.actions.map((a) => [a.id, a]));
  const after = new Map(to.actions.map((a) => [a.id, a]));
  const changes: SnapshotChanges = {
    newlyComplete: [],
    newlyOverdue: [],
    ratingUp: [],
    ratingDown: [],
    dueMoved: [],
    addedActions: [],
    removedActions: [],
    addedRecommendations: [],
    removedRecommendations: [],
    recommendationStatus: [],
    measureColour: [],
    measuresReachedTarget: [],
    measuresFellBelowTarget: [],
    missingUpdates: [],
  };
  for (const a of to.actions) {
    const was = before.get(a.id);
    if (!was) {
      changes.addedActions.push(item(a));
      continue;
    }
    if (a.complete && !was.complete) changes.newlyComplete.push(item(a));
    if (a.overdue && !was.overdue) changes.newlyOverdue.push(item(a));
    const [r0, r1] = [ratingOf(was), ratingOf(a)];
    const [k0, k1] = [r0 ? RANK[r0] : undefined, r1 ? RANK[r1] : undefined];
    if (k0 !== undefined && k1 !== undefined && k0 !== k1) {
      const change = { ...item(a), from: r0, to: r1 };
      if (k1 > k0) changes.ratingUp.push(change);
      else changes.ratingDown.push(change);
    }
    const [d0, d1] = [was.due?.end ?? null, a.due?.end ?? null];
    if (d0 !== d1 && (d0 || d1)) {
      const move = to.rescheduled.filter((r) => r.id === a.id).at(-1);
      changes.dueMoved.push({
        ...item(a),
        from: was.due?.raw ?? null,
        to: a.due?.raw ?? null,
        ...(move ? { note: `${move.reason} (${move.by}, ${move.at.slice(0, 10)})` } : {}),
      });
    }
  }
  for (const a of from.actions) if (!after.has(a.id)) changes.removedActions.push(item(a));

  const recBefore = new Map(from.recommendations.map((r) => [r.id, r]));
  const recAfter = new Set(to.recommendations.map((r) => r.id));
  for (const r of to.recommendations) {
    const was = recBefore.get(r.id);
    if (!was) changes.addedRecommendations.push(item(r));
    else if (was.status !== r.status)
      changes.recommendationStatus.push({ ...item(r), from: was.status, to: r.status });
  }
  for (const r of from.recommendations) if (!recAfter.has(r.id)) changes.removedRecommendations.push(item(r));

  const measureBefore = new Map(from.measures.map((m) => [m.id, m]));
  for (const m of to.measures) {
    const was = measureBefore.get(m.id);
    if (!was) continue;
    if (was.colour !== m.colour) changes.measureColour.push({ ...item(m), from: was.colour, to: m.colour });
    if (atTarget(m) && !atTarget(was)) changes.measuresReachedTarget.push(item(m));
    if (!atTarget(m) && atTarget(was)) changes.measuresFellBelowTarget.push(item(m));
  }

  if (periodStart)
    for (const a of to.actions)
      if (!a.complete && (!a.lastUpdate || a.lastUpdate.date < periodStart))
        changes.missingUpdates.push({ ...item(a), from: a.lastUpdate?.date ?? null });
  return changes;
}

/** How many things changed, for a summary line. */
export function changeCount(changes: SnapshotChanges): number {
  const kinds = Object.keys(changes) as (keyof SnapshotChanges)[];
  return kinds.reduce((n, kind) => n + changes[kind].length, 0);
}
