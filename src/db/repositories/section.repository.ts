import type { Executor } from '../connection.ts';
import { newId } from '../ids.ts';
import type { SectionDoc } from '../../domain/plan-format.ts';
import { byDepth, fromJson, insertMany, lookup, parentsFirst, toJson, tracked } from './rows.ts';

export async function insertSections(
  db: Executor,
  organisationId: string,
  planId: string,
  sections: SectionDoc[],
) {
  const ids = new Map(sections.map((s) => [s.id, newId()]));
  const ordinals = new Map(sections.map((s, i) => [s.id, i]));
  const rows = parentsFirst(sections).map((section) => ({
    id: ids.get(section.id) as string,
    ...tracked(organisationId),
    plan_id: planId,
    parent_id: lookup(ids, section.parentId),
    kind: section.kind,
    ref: section.ref,
    title: section.title,
    lead: section.lead,
    objectives: toJson(section.objectives),
    ordinal: ordinals.get(section.id) ?? 0,
  }));
  // One statement a tree level, so every parent is stored before its children.
  for (const level of byDepth(rows)) await insertMany(db, 'sections', level);
  return ids;
}

export async function listSections(db: Executor, planId: string): Promise<SectionDoc[]> {
  const rows = await db
    .selectFrom('sections')
    .selectAll()
    .where('plan_id', '=', planId)
    .orderBy('ordinal')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    parentId: r.parent_id,
    kind: r.kind,
    ref: r.ref,
    title: r.title,
    lead: r.lead,
    objectives: fromJson(r.objectives, []),
  }));
}
