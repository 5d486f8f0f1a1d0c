import type { Executor } from '../connection.ts';
import { newId } from '../ids.ts';
import type { SourceDoc } from '../../domain/plan-format.ts';
import { insertMany, tracked } from './rows.ts';

export async function insertSources(
  db: Executor,
  organisationId: string,
  planId: string,
  sources: SourceDoc[],
) {
  const ids = new Map(sources.map((s) => [s.id, newId()]));
  const rows = sources.map((source, ordinal) => ({
    id: ids.get(source.id) as string,
    ...tracked(organisationId),
    plan_id: planId,
    body: source.body,
    title: source.title,
    source_date: source.date,
    ordinal,
  }));
  await insertMany(db, 'sources', rows);
  return ids;
}

export async function listSources(db: Executor, planId: string): Promise<SourceDoc[]> {
  const rows = await db
    .selectFrom('sources')
    .selectAll()
    .where('plan_id', '=', planId)
    .orderBy('ordinal')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    body: r.body as SourceDoc['body'],
    title: r.title,
    date: r.source_date,
  }));
}
