/**
 * A board pack from a snapshot (or from the plan now, marked DRAFT): the cover, the summary overall and by
 * section with the trend since the last pack, the exception report, what falls due before the next meeting, the
 * scorecard with distance to target, recommendation coverage, re-scheduled actions and every action. The HTML
 * page, the Word document and the PDF are all written from this one model.
 */
import {
  changesBetween,
  totalsOf,
  type SnapshotAction,
  type SnapshotChanges,
  type SnapshotData,
  type SnapshotTotals,
} from './snapshot.ts';

/** A locked snapshot with who locked it, or the plan now (`info` null: a draft). */
export interface Reported {
  info: {
    board: string | null;
    meetingDate: string | null;
    lockedBy: string;
    lockedAt: string;
    correctsId: string | null;
    correctionReason: string | null;
  } | null;
  data: SnapshotData;
}

/** The parts a pack can have, in the order a pack has them unless its organisation's template says otherwise. */
export const PACK_PARTS = [
  'summary',
  'changes',
  'exceptions',
  'due',
  'scorecard',
  'coverage',
  'rescheduled',
  'appendix',
] as const;
export type PackPart = (typeof PACK_PARTS)[number];

export const PACK_PART_NAMES: Record<PackPart, string> = {
  summary: 'Summary',
  changes: 'What changed since the last pack',
  exceptions: 'Exception report',
  due: 'Due before the next meeting',
  scorecard: 'Scorecard',
  coverage: 'Recommendation coverage',
  rescheduled: 'Re-scheduled actions',
  appendix: 'Appendix: every action',
};

/** An organisation's pack: its name for it, the parts it includes in their order, and its logo (a data URI). */
export interface PackTemplate {
  name: string | null;
  parts: PackPart[];
  logo: string | null;
}

export const DEFAULT_TEMPLATE: PackTemplate = { name: null, parts: [...PACK_PARTS], logo: null };

export interface BoardPack {
  draft: boolean;
  template: PackTemplate;
  cover: {
    plan: string;
    board: string | null;
    meetingDate: string | null;
    period: string;
    asOf: string;
    lockedBy: string | null;
    lockedAt: string | null;
    correction: { reason: string | null } | null;
  };
  summary: {
    overall: SnapshotTotals;
    previous: SnapshotTotals | null;
    sections: { title: string; totals: SnapshotTotals }[];
  };
  changes: SnapshotChanges | null;
  exceptions: (SnapshotAction & { why: string[] })[];
  dueBeforeNext: SnapshotAction[];
  /** Until when "due before the next meeting" looks. */
  nextBy: string;
  scorecard: SnapshotData['measures'];
  coverage: { status: string; label: string; count: number }[];
  uncovered: SnapshotData['recommendations'];
  rescheduled: SnapshotData['rescheduled'];
  appendix: SnapshotAction[];
}

const COVERAGE: [string, string][] = [
  ['closed', 'Closed on evidence of impact'],
  ['complete', 'Actions complete, not yet closed'],
  ['in_progress', 'In progress'],
  ['overdue', 'With overdue actions'],
  ['not_started', 'Not started'],
  ['no_actions', 'Without an action'],
];

/** A day a number of days after another (YYYY-MM-DD). */
function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function boardPackOf(
  reported: Reported,
  previous: Reported | null,
  options: { nextMeeting?: string | null; template?: PackTemplate } = {},
): BoardPack {
  const { data, info } = reported;
  const sectionTitle = new Map(
    data.sections.map((s) => [s.id, `${s.kind}${s.ref ? ` ${s.ref}` : ''}: ${s.title}`]),
  );
  const moved = new Set(data.rescheduled.map((r) => r.id));
  const exceptions = data.actions
    .filter((a) => !a.complete && (a.rating === 'red' || a.overdue || moved.has(a.id)))
    .map((a) => ({
      ...a,
      why: [
        ...(a.rating === 'red' ? ['rated red'] : []),
        ...(a.overdue ? ['overdue'] : []),
        ...(moved.has(a.id) ? ['re-scheduled'] : []),
      ],
    }));
  const nextBy = options.nextMeeting ?? addDays(data.asOf, 31);
  return {
    draft: info === null,
    template: options.template ?? DEFAULT_TEMPLATE,
    cover: {
      plan: data.plan.title,
      board: info?.board ?? null,
      meetingDate: info?.meetingDate ?? null,
      period: data.period,
      asOf: data.asOf,
      lockedBy: info?.lockedBy ?? null,
      lockedAt: info?.lockedAt ?? null,
      correction: info?.correctsId ? { reason: info.correctionReason } : null,
    },
    summary: {
      overall: totalsOf(data.actions, data.measures),
      previous: previous ? totalsOf(previous.data.actions, previous.data.measures) : null,
      sections: data.sections
        .filter((s) => s.parentId === null)
        .map((s) => ({
          title: sectionTitle.get(s.id) ?? s.title,
          totals: totalsOf(data.actions.filter((a) => a.topSectionId === s.id)),
        })),
    },
    changes: previous ? changesBetween(previous.data, data, `${data.period}-01`) : null,
    exceptions,
    dueBeforeNext: data.actions.filter(
      (a) => !a.complete && a.due?.end && a.due.end > data.asOf && a.due.end <= nextBy,
    ),
    nextBy,
    scorecard: data.measures,
    coverage: COVERAGE.map(([status, label]) => ({
      status,
      label,
      count: data.recommendations.filter((r) => r.status === status).length,
    })),
    uncovered: data.recommendations.filter((r) => r.status === 'no_actions'),
    rescheduled: data.rescheduled,
    appendix: data.actions,
  };
}

/** Names of the ratings as a board reads them. */
export const RATING_NAMES: Record<string, string> = {
  blue: 'Complete',
  awaiting: 'Complete, awaiting sign-off',
  green: 'Green',
  amber: 'Amber',
  red: 'Red',
  grey: 'Grey',
  none: 'Not rated',
};

/** The pack's sentences, the same in every format: the cover's lines, the summary and the changes. */
export function packWords(pack: BoardPack) {
  const { cover, summary } = pack;
  const o = summary.overall;
  const p = summary.previous;
  const trend = (now: number, before: number | undefined, unit = '') =>
    before === undefined ? '' : ` (${now >= before ? '+' : ''}${now - before}${unit} since the last pack)`;
  const c = pack.changes;
  return {
    title: `${pack.draft ? 'DRAFT – ' : ''}${cover.plan}`,
    meeting: [
      cover.board,
      cover.meetingDate ? `meeting of ${cover.meetingDate}` : null,
      `period ${cover.period}`,
    ]
      .filter(Boolean)
      .join(', '),
    locked: pack.draft
      ? `Provisional: the plan as it stood on ${cover.asOf}, not locked.`
      : `Locked by ${cover.lockedBy ?? ''} on ${cover.lockedAt?.slice(0, 10) ?? ''}; figures as at ${cover.asOf}.`,
    correction: cover.correction
      ? `This pack corrects an earlier one: ${cover.correction.reason ?? ''}`
      : null,
    summary: `${o.complete} of ${o.total} actions and milestones complete (${o.percentComplete}%)${trend(o.percentComplete, p?.percentComplete, ' points')}; ${o.percentOnTrack}% complete or on track; ${o.overdue} overdue${trend(o.overdue, p?.overdue)}.${o.byRating.awaiting ? ` ${o.byRating.awaiting} complete, awaiting sign-off.` : ''}`,
    measures: `${o.measuresAtTarget} of ${o.measuresWithTarget} measures with a target are at or above it.`,
    changes: c
      ? `Newly complete: ${c.newlyComplete.length}. Newly overdue: ${c.newlyOverdue.length}. Rated up: ${c.ratingUp.length}. Rated down: ${c.ratingDown.length}. Dates moved: ${c.dueMoved.length}. No update this period: ${c.missingUpdates.length}.`
      : null,
  };
}
