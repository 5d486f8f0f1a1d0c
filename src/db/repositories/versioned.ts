/**
 * Optimistic concurrency for any tracked row: a change applies only to the version the caller read, and a stale
 * or missing version is refused naming the one stored, so nobody overwrites another's change unseen.
 */
import type { Executor } from '../connection.ts';
import { MissingVersionError, NotFoundError, StaleVersionError } from '../errors.ts';
import { nowIso } from '../ids.ts';
import type { Database } from '../schema.ts';

export type VersionedTable =
  'sections' | 'recommendations' | 'actions' | 'measures' | 'people' | 'plans' | 'progress_updates';

/** The entity's name in messages ("section", "progress update"). */
export const ENTITY_OF: Record<VersionedTable, string> = {
  sections: 'section',
  recommendations: 'recommendation',
  actions: 'action',
  measures: 'measure',
  people: 'person',
  plans: 'plan',
  progress_updates: 'progress update',
};

export async function currentVersion(
  db: Executor,
  table: VersionedTable,
  id: string,
): Promise<number | undefined> {
  const row = await db
    .selectFrom(table as 'sections')
    .select('version')
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.version;
}

/** Checks the version named against the stored one before anything is changed. */
export async function checkVersion(
  db: Executor,
  table: VersionedTable,
  id: string,
  version: number | undefined,
): Promise<number> {
  const current = await currentVersion(db, table, id);
  if (current === undefined) throw new NotFoundError(ENTITY_OF[table], id);
  if (version === undefined) throw new MissingVersionError(ENTITY_OF[table], id, current);
  if (version !== current) throw new StaleVersionError(ENTITY_OF[table], id, version, current);
  return current;
}

/** Applies the change to that version only, raising it by one. */
export async function updateVersioned<T extends VersionedTable>(
  db: Executor,
  table: T,
  id: string,
  version: number | undefined,
  changes: Partial<Record<keyof Database[T], unknown>>,
): Promise<number> {
  const expected = await checkVersion(db, table, id, version);
  const result = await db
    .updateTable(table as 'sections')
    .set({ ...(changes as object), updated_at: nowIso(), version: expected + 1 })
    .where('id', '=', id)
    .where('version', '=', expected)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0)
    throw new StaleVersionError(ENTITY_OF[table], id, expected, (await currentVersion(db, table, id)) ?? 0);
  return expected + 1;
}
