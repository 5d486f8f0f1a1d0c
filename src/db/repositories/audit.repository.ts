import type { Selectable } from 'kysely';
import type { Executor } from '../connection.ts';
import { newId, nowIso } from '../ids.ts';
import type { AuditTable } from '../schema.ts';
import { fromJson, toJson } from './rows.ts';
import { CHAIN_START, verifyChain, type ChainReport } from '../../domain/audit-chain.ts';
import { chainFields, entryHash, sha256 } from '../audit-hash.ts';

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
    | 'decide-due-change'
    | 'colour';
  entityType: string;
  entityId: string;
  planId?: string | null;
  before?: unknown;
  after?: unknown;
}

/**
 * Called inside the transaction that makes the change, so a change and its record stand or fall together. The
 * entry takes the next place in its organisation's hash chain: raising the head's number first locks the head
 * row until commit, so entries written by several app processes still form one chain.
 */
export async function recordAudit(db: Executor, entry: AuditEntry): Promise<void> {
  if (!db.isTransaction) {
    await db.transaction().execute((trx) => recordAudit(trx, entry));
    return;
  }
  const head = await advanceHead(db, entry.organisationId);
  const row = {
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
  };
  const hash = entryHash({ ...chainFields(row), seq: head.seq, prevHash: head.hash });
  await db
    .insertInto('audit_log')
    .values({ ...row, seq: head.seq, prev_hash: head.hash, hash })
    .execute();
  await db
    .updateTable('audit_heads')
    .set({ hash })
    .where('organisation_id', '=', entry.organisationId)
    .execute();
}

/** The new entry's number and the hash it follows, with the head row locked. */
async function advanceHead(trx: Executor, organisationId: string): Promise<{ seq: number; hash: string }> {
  for (;;) {
    const head = await trx
      .updateTable('audit_heads')
      .set((eb) => ({ seq: eb('seq', '+', 1) }))
      .where('organisation_id', '=', organisationId)
      .returning(['seq', 'hash'])
      .executeTakeFirst();
    if (head) return { seq: Number(head.seq), hash: head.hash };
    await trx
      .insertInto('audit_heads')
      .values({ organisation_id: organisationId, seq: 0, hash: CHAIN_START })
      .onConflict((oc) => oc.column('organisation_id').doNothing())
      .execute();
  }
}

/** Walks an organisation's chain from its first entry. */
export async function verifyAuditChain(db: Executor, organisationId: string): Promise<ChainReport> {
  const [rows, head] = await Promise.all([
    db.selectFrom('audit_log').selectAll().where('organisation_id', '=', organisationId).execute(),
    db
      .selectFrom('audit_heads')
      .select(['seq', 'hash'])
      .where('organisation_id', '=', organisationId)
      .executeTakeFirst(),
  ]);
  const entries = rows.map((row) => ({
    ...chainFields(row),
    seq: row.seq === null ? null : Number(row.seq),
    prevHash: row.prev_hash,
    hash: row.hash,
  }));
  return verifyChain(entries, head ? { seq: Number(head.seq), hash: head.hash } : null, sha256);
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
  const { organisationId: _organisation, beforeJson, afterJson, ...fields } = chainFields(row);
  return { ...fields, before: fromJson(beforeJson, null), after: fromJson(afterJson, null) };
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
