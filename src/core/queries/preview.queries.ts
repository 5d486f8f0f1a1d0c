/** A preview waiting for its owner: nobody else's preview exists for them. */
import type { Db } from '../../db/connection.ts';
import { NotFoundError } from '../../db/errors.ts';
import { nowIso } from '../../db/ids.ts';
import { fromJson } from '../../db/repositories/rows.ts';
import type { Actor } from '../../domain/actor.ts';

export function createPreviewQueries(db: Db) {
  async function preview<T>(actor: Actor, previewId: string, kind: 'import' | 'values', planId?: string) {
    const row = await db.selectFrom('previews').selectAll().where('id', '=', previewId).executeTakeFirst();
    if (
      !row ||
      row.user_id !== actor.userId ||
      row.kind !== kind ||
      row.expires_at < nowIso() ||
      (planId !== undefined && row.plan_id !== planId)
    )
      throw new NotFoundError('preview', previewId);
    return { file: row.file, planId: row.plan_id, payload: fromJson<T | null>(row.payload, null) as T };
  }
  return { preview };
}
