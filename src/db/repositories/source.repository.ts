import type { Executor } from '../connection.ts';
import { newId } from '../ids.ts';
import type { SourceDoc } from '../../domain/plan-format.ts';
import { tracked } from './rows.ts';

export async function insertSources(
  db: Executor,
  organisationId: string,
  planId: string,
  sources: SourceDoc[],
) {
  const ids = new Map<string, string>();
  for (const [ordinal, source] of sources.entries()) {
    const id = newId();
    ids.set(source.id, id);
    await db
      .insertInto('sources')
      .values({
        id,
        ...tracked(organisationId),
        plan_id: planId,
        body: source.body,
        title: source.title,
        source_date: source.date,
        ordinal,
      })
      .execute();
  }
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
