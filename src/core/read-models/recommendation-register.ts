/**
 * The recommendation register: every recommendation with its source, report references and timeframe, the
 * actions serving it with their roll-up, the measures evidencing it, and the gaps — recommendations no action
 * serves, and actions that serve no recommendation.
 */
import type { MeasureDoc } from '../../domain/plan-format.ts';
import type { ActionView, PlanOverview } from './action-views.ts';

export const REGISTER_STATUSES = [
  'closed',
  'no_actions',
  'complete',
  'overdue',
  'in_progress',
  'not_started',
] as const;
export type RegisterStatus = (typeof REGISTER_STATUSES)[number];

export const REGISTER_STATUS_NAMES: Record<RegisterStatus, string> = {
  closed: 'Closed on evidence of impact',
  no_actions: 'No action serves it',
  complete: 'Every action complete',
  overdue: 'An action is overdue',
  in_progress: 'In progress',
  not_started: 'Not started',
};

export interface RegisterRow {
  id: string;
  ref: string | null;
  kind: string;
  text: string;
  source: { body: string; title: string } | null;
  reportRefs: string[];
  timeframe: string | null;
  section: { id: string; title: string } | null;
  topSectionId: string | null;
  serving: { id: string; ref: string | null; text: string; complete: boolean; overdue: boolean }[];
  rollup: { total: number; complete: number; overdue: number };
  status: RegisterStatus;
  /** Closed on evidence of its impact (its actions' roll-up is kept beside it). */
  closure: { kind: string; detail: string; closedBy: string; closedAt: string } | null;
  measures: { id: string; ref: string | null; name: string }[];
}

export interface RegisterFilter {
  source?: string;
  section?: string;
  status?: string;
  gap?: boolean;
}

function statusOf(rollup: RegisterRow['rollup'], serving: ActionView[]): RegisterStatus {
  if (rollup.total === 0) return 'no_actions';
  if (rollup.complete === rollup.total) return 'complete';
  if (rollup.overdue > 0) return 'overdue';
  return serving.some((v) => v.complete || v.action.status?.state === 'in_progress')
    ? 'in_progress'
    : 'not_started';
}

export function registerOf(doc: PlanOverview, views: ActionView[], measures: MeasureDoc[]) {
  const sections = new Map(doc.sections.map((s) => [s.id, s]));
  const sources = new Map(doc.sources.map((s) => [s.id, s]));
  const top = (id: string | null): string | null => {
    let at = id ? sections.get(id) : undefined;
    // At most as many steps as there are sections: a cycle in stored data cannot hang the page.
    for (let steps = 0; at?.parentId && steps < sections.size; steps++) at = sections.get(at.parentId);
    return at?.id ?? null;
  };
  const rows: RegisterRow[] = doc.recommendations.map((r) => {
    const serving = views.filter((v) => v.action.recommendationIds.includes(r.id));
    const rollup = {
      total: serving.length,
      complete: serving.filter((v) => v.complete).length,
      overdue: serving.filter((v) => v.overdue).length,
    };
    const section = r.sectionId ? sections.get(r.sectionId) : undefined;
    const source = r.sourceId ? sources.get(r.sourceId) : undefined;
    const actionMeasures = new Set(serving.flatMap((v) => v.action.measureIds));
    return {
      id: r.id,
      ref: r.ref,
      kind: r.kind,
      text: r.text,
      source: source ? { body: source.body, title: source.title } : null,
      reportRefs: r.reportRefs,
      timeframe: r.timeframe,
      section: section
        ? {
            id: section.id,
            title: `${section.kind}${section.ref ? ` ${section.ref}` : ''}: ${section.title}`,
          }
        : null,
      topSectionId: top(r.sectionId),
      serving: serving.map((v) => ({
        id: v.action.id,
        ref: v.action.ref,
        text: v.action.text,
        complete: v.complete,
        overdue: v.overdue,
      })),
      rollup,
      // Closed on evidence of impact, whatever its actions say; open, its actions' roll-up decides.
      status: r.closure ? 'closed' : statusOf(rollup, serving),
      closure: r.closure
        ? {
            kind: r.closure.kind,
            detail: r.closure.detail,
            closedBy: r.closure.closedBy,
            closedAt: r.closure.closedAt,
          }
        : null,
      measures: measures
        .filter((m) => m.recommendationIds.includes(r.id) || actionMeasures.has(m.id))
        .map((m) => ({ id: m.id, ref: m.ref, name: m.name })),
    };
  });
  // Work that answers no recommendation: top-level actions linked to none (their milestones follow them).
  const unlinked = views.filter((v) => v.level === 'action' && v.action.recommendationIds.length === 0);
  return { rows, unlinked };
}

export function filterRegister(rows: RegisterRow[], filter: RegisterFilter): RegisterRow[] {
  return rows.filter(
    (r) =>
      (!filter.source || r.source?.body === filter.source) &&
      (!filter.section || r.topSectionId === filter.section || r.section?.id === filter.section) &&
      (!filter.status || r.status === filter.status) &&
      (!filter.gap || r.status === 'no_actions'),
  );
}
