/** One action or milestone as its page and the API show it: the whole record, its version, who may do what. */
import type { Db } from '../../db/connection.ts';
import { NotFoundError } from '../../db/errors.ts';
import { getActionDoc } from '../../db/repositories/action.repository.ts';
import type { Actor } from '../../domain/actor.ts';
import type { ActionDoc } from '../../domain/plan-format.ts';
import type { Access } from './access.ts';

export interface ActionRecord extends ActionDoc {
  planId: string;
  version: number;
}

export function createActionQueries(db: Db, access: Access) {
  async function action(actor: Actor, actionId: string) {
    const found = await access.action(actor, actionId);
    const doc = await getActionDoc(db, found.head.organisationId, actionId);
    if (!doc) throw new NotFoundError('action', actionId);
    const record: ActionRecord = { ...doc, planId: found.head.planId, version: found.facts.version };
    return { head: found.head, can: found.can, action: record };
  }
  /** A lead's request to move the action's date that waits for a manager, if there is one. */
  async function pendingDueChange(actor: Actor, actionId: string) {
    await access.action(actor, actionId);
    const row = await db
      .selectFrom('due_change_requests')
      .select(['id', 'due_raw', 'reason', 'requested_by', 'requested_at'])
      .where('action_id', '=', actionId)
      .where('state', '=', 'pending')
      .executeTakeFirst();
    return row
      ? {
          id: row.id,
          due: row.due_raw,
          reason: row.reason,
          requestedBy: row.requested_by,
          requestedAt: row.requested_at,
        }
      : null;
  }
  return { action, pendingDueChange };
}
