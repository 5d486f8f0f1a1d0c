/**
 * The plan as a tree: section → subsection … → recommendation → action → milestones, in the plan's order, each
 * level with its counts. An action serving several recommendations of a section is listed under the first; actions
 * serving none of their section's recommendations come after them.
 */
import type { ActionView, PlanOverview } from './action-views.ts';

export interface TreeAction {
  view: ActionView;
  milestones: ActionView[];
}

export interface TreeSection {
  id: string;
  kind: string;
  ref: string | null;
  title: string;
  lead: string | null;
  recommendations: { id: string; ref: string | null; text: string; actions: TreeAction[] }[];
  otherActions: TreeAction[];
  children: TreeSection[];
  counts: { actions: number; complete: number; overdue: number };
}

/** Refs in the order people count them: 1.5.2 before 1.5.10, 2a before 2b, 10 after 9. */
export function naturalKey(ref: string | null | undefined): string {
  return (ref ?? '').toLowerCase().replace(/\d+/g, (n) => n.padStart(8, '0'));
}

export function structureTree(doc: PlanOverview, views: ActionView[]): TreeSection[] {
  const byParent = new Map<string, ActionView[]>();
  for (const v of views)
    if (v.action.parentId) byParent.set(v.action.parentId, [...(byParent.get(v.action.parentId) ?? []), v]);
  const withMilestones = (v: ActionView): TreeAction => ({
    view: v,
    milestones: byParent.get(v.action.id) ?? [],
  });
  const top = views.filter((v) => v.level === 'action');

  const build = (sectionId: string): TreeSection => {
    const section = doc.sections.find((s) => s.id === sectionId)!;
    const here = top.filter((v) => v.sectionId === sectionId);
    const placed = new Set<string>();
    const recommendations = doc.recommendations
      .filter((r) => r.sectionId === sectionId)
      .map((r) => {
        const actions = here.filter(
          (v) => !placed.has(v.action.id) && v.action.recommendationIds.includes(r.id),
        );
        for (const v of actions) placed.add(v.action.id);
        return { id: r.id, ref: r.ref, text: r.text, actions: actions.map(withMilestones) };
      });
    const children = doc.sections.filter((s) => s.parentId === sectionId).map((s) => build(s.id));
    const otherActions = here.filter((v) => !placed.has(v.action.id)).map(withMilestones);
    const mine = [...recommendations.flatMap((r) => r.actions), ...otherActions].flatMap((a) => [
      a.view,
      ...a.milestones,
    ]);
    const counts = {
      actions: mine.length + children.reduce((n, c) => n + c.counts.actions, 0),
      complete: mine.filter((v) => v.complete).length + children.reduce((n, c) => n + c.counts.complete, 0),
      overdue: mine.filter((v) => v.overdue).length + children.reduce((n, c) => n + c.counts.overdue, 0),
    };
    return {
      id: section.id,
      kind: section.kind,
      ref: section.ref,
      title: section.title,
      lead: section.lead,
      recommendations,
      otherActions,
      children,
      counts,
    };
  };
  return doc.sections.filter((s) => s.parentId === null).map((s) => build(s.id));
}
