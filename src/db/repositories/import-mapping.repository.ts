/** Saved import mappings: one per organisation and layout, the latest choice replacing the one before. */
import type { Executor } from '../connection.ts';
import { newId, nowIso } from '../ids.ts';

export async function findImportMapping(db: Executor, organisationId: string, signature: string) {
  return db
    .selectFrom('import_mappings')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('signature', '=', signature)
    .executeTakeFirst();
}

export async function saveImportMapping(
  db: Executor,
  row: { organisationId: string; signature: string; mapping: string; file: string; savedBy: string },
): Promise<void> {
  await db
    .deleteFrom('import_mappings')
    .where('organisation_id', '=', row.organisationId)
    .where('signature', '=', row.signature)
    .execute();
  await db
    .insertInto('import_mappings')
    .values({
      id: newId(),
      organisation_id: row.organisationId,
      signature: row.signature,
      mapping: row.mapping,
      file: row.file,
      saved_by: row.savedBy,
      saved_at: nowIso(),
    })
    .execute();
}
