import type { Selectable } from 'kysely';
import type { Executor } from '../connection.ts';
import { newId, nowIso } from '../ids.ts';
import type { AuditTable } from '../schema.ts';
import { fromJson, toJson } from './rows.ts';

export interface AuditEntry {
  organisationId: string;
  /** The actor's name as shown in history. */
  actor: string;
  /** The acting user's id (null for the operator at the command line). */
  actorId?: string | null;
  operation:
    | 'create'
    | 'update'
    | 'delete'
    | 'import'
    | 'progress'
    | 'move'
    | 'remove'
    | 'restore'
    | 'merge'
    | 'state'
    | 'correct-update'
    | 'withdraw-update'
    | 'lock'
    | 'sign-off'
    | 'request-due-change'
    | 'decide-due-change';
  entityType: string;
  entityId: string;
  planId?: string | null;
  before?: unknown;
  after?: unknown;
}

/** Called inside the transaction that makes the change, so a change and its record stand or fall together. */
export async function recordAudit(db: Executor, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      id: newId(),
      organisation_id: entry.organisationId,
      occurred_at: nowIso(),
      actor: entry.actor,
      actor_id: entry.actorId ?? null,
      operation: entry.operation,
      entity_type: entry.entityType,
      entity_id: entry.entityId,
      plan_id: entry.planId ?? null,
      before_json: entry.before === undefined ? null : toJson(entry.before),
      after_json: entry.after === undefined ? null : toJson(entry.after),
    })
    .execute();
}

export interface AuditRecord {
  id: string;
  occurredAt: string;
  actor: string;
  actorId: string | null;
  operation: string;
  entityType: string;
  entityId: string;
  planId: string | null;
  before: unknown;
  after: unknown;
}

function present(row: Selectable<AuditTable>): AuditRecord {
  return {
    id: row.id,
    occurredAt: row.occurred_at,
    actor: row.actor,
    actorId: row.actor_id,
    operation: row.operation,
    entityType: row.entity_type,
    entityId: row.entity_id,
    planId: row.plan_id,
    before: fromJson(row.before_json, null),
    after: fromJson(row.after_json, null),
  };
}

export async function auditFor(
  db: Executor,
  organisationId: string,
  filter: { entityType?: string; entityId?: string; planId?: string } = {},
): Promise<AuditRecord[]> {
  let query = db.selectFrom('audit_log').selectAll().where('organisation_id', '=', organisationId);
  if (filter.entityType) query = query.where('entity_type', '=', filter.entityType);
  if (filter.entityId) query = query.where('entity_id', '=', filter.entityId);
  if (filter.planId) query = query.where('plan_id', '=', filter.planId);
  const rows = await query.orderBy('id').execute();
  return rows.map(present);
}
