/**
 * An action's current status is the latest-dated update's (not the last one typed). Corrections and withdrawals
 * work it out again; with no update left it goes back to the status the action had before any was recorded here.
 */
import { sql } from 'kysely';
import type { Executor } from '../../db/connection.ts';
import { ValidationError } from '../../db/errors.ts';
import { statusColumns } from '../../db/repositories/action.repository.ts';
import { fromJson, toJson } from '../../db/repositories/rows.ts';
import type { StatusDoc } from '../../domain/plan-format.ts';
import { DEFAULT_STATUS_KEY, ragOf, readStatus, type StatusKeyEntry } from '../../domain/status.ts';

/** The plan's status key as stored (JSON), or the default key when it has none of its own. */
export function statusKeyOf(statusKeyJson: string): StatusKeyEntry[] {
  const stored = fromJson<StatusKeyEntry[]>(statusKeyJson, []);
  return stored.length > 0 ? stored : DEFAULT_STATUS_KEY;
}

/** The key entry a status names (case and spacing aside), or a refusal that lists the key. */
export function statusInKey(statusKeyJson: string, wanted: string, setBy: string, setAt: string): StatusDoc {
  const key = statusKeyOf(statusKeyJson);
  const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');
  const entry = key.find((k) => norm(k.label) === norm(wanted));
  const read = entry ? readStatus(entry.label, key) : null;
  if (!entry || !read) {
    const message = `Choose a status from the plan's key (${key.map((k) => k.label).join(', ')})`;
    throw new ValidationError(`status: ${message}`, [{ field: 'status', message }]);
  }
  return { raw: entry.label, state: read.state, rag: ragOf(read), setBy, setAt };
}

/** Before the first update recorded here, keeps the status the action had (once: later updates leave it). */
export async function keepBaseStatus(
  db: Executor,
  actionId: string,
  current: StatusDoc | null,
): Promise<void> {
  await db
    .updateTable('actions')
    .set({ base_status: toJson(current) })
    .where('id', '=', actionId)
    .where('base_status', 'is', null)
    .execute();
}

/** Sets the action's status from its latest-dated update, raising its version (its page is now out of date). */
export async function recomputeStatus(db: Executor, actionId: string): Promise<StatusDoc | null> {
  const latest = await db
    .selectFrom('progress_updates')
    .select(['status_raw', 'status_state', 'status_rag', 'author', 'updated_at'])
    .where('action_id', '=', actionId)
    .where('status_raw', 'is not', null)
    .orderBy('update_date', 'desc')
    .orderBy('ordinal', 'desc')
    .executeTakeFirst();
  const action = await db
    .selectFrom('actions')
    .select(['base_status'])
    .where('id', '=', actionId)
    .executeTakeFirstOrThrow();
  let status: StatusDoc | null;
  if (latest?.status_raw)
    status = {
      raw: latest.status_raw,
      state: latest.status_state as StatusDoc['state'],
      rag: latest.status_rag as StatusDoc['rag'],
      setBy: latest.author,
      setAt: latest.updated_at,
    };
  else if (action.base_status !== null) status = fromJson<StatusDoc | null>(action.base_status, null);
  else return null;
  // A status that is no longer complete no longer waits for sign-off.
  const openAgain =
    status?.state !== 'complete' ? { sign_off_requested_by: null, sign_off_requested_at: null } : {};
  await db
    .updateTable('actions')
    .set({ ...statusColumns(status), ...openAgain, version: sql<number>`version + 1` })
    .where('id', '=', actionId)
    .execute();
  return status;
}
