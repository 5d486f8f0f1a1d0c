import type { Executor } from '../connection.ts';
import { newId } from '../ids.ts';
import type { RecommendationDoc } from '../../domain/plan-format.ts';
import { fromJson, insertMany, lookup, toJson, tracked } from './rows.ts';

export async function insertRecommendations(
  db: Executor,
  organisationId: string,
  planId: string,
  recommendations: RecommendationDoc[],
  refs: { sections: Map<string, string>; sources: Map<string, string> },
) {
  const ids = new Map(recommendations.map((r) => [r.id, newId()]));
  const rows = recommendations.map((rec, ordinal) => ({
    id: ids.get(rec.id) as string,
    ...tracked(organisationId),
    plan_id: planId,
    section_id: lookup(refs.sections, rec.sectionId),
    source_id: lookup(refs.sources, rec.sourceId),
    also_from: toJson(
      rec.alsoFrom.map((s) => lookup(refs.sources, s)).filter((s): s is string => s !== null),
    ),
    ref: rec.ref,
    kind: rec.kind,
    text: rec.text,
    report_refs: toJson(rec.reportRefs),
    timeframe: rec.timeframe,
    // A measure named by its id in another plan's file is not this plan's: the closure keeps its words only.
    closure: rec.closure ? toJson({ ...rec.closure, measureId: null }) : null,
    ordinal,
  }));
  await insertMany(db, 'recommendations', rows);
  return ids;
}

export async function listRecommendations(db: Executor, planId: string): Promise<RecommendationDoc[]> {
  const rows = await db
    .selectFrom('recommendations')
    .selectAll()
    .where('plan_id', '=', planId)
    .orderBy('ordinal')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    ref: r.ref,
    sectionId: r.section_id,
    kind: r.kind as RecommendationDoc['kind'],
    text: r.text,
    sourceId: r.source_id,
    alsoFrom: fromJson<string[]>(r.also_from, []),
    reportRefs: fromJson(r.report_refs, []),
    timeframe: r.timeframe,
    closure: fromJson<RecommendationDoc['closure']>(r.closure, null),
  }));
}
