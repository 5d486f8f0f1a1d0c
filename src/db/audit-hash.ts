/** SHA-256 of an audit entry's chain content: the one hash the log is written and verified with. */
import { createHash } from 'node:crypto';
import { chainContent, type ChainedEntry } from '../domain/audit-chain.ts';
import type { AuditTable } from './schema.ts';

export const sha256 = (content: string): string => createHash('sha256').update(content).digest('hex');

export const entryHash = (entry: ChainedEntry): string => sha256(chainContent(entry));

/** An audit row's stored fields under the chain's names (all but its place in the chain). */
export function chainFields(row: Omit<AuditTable, 'seq' | 'prev_hash' | 'hash'>) {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    occurredAt: row.occurred_at,
    actor: row.actor,
    actorId: row.actor_id,
    operation: row.operation,
    entityType: row.entity_type,
    entityId: row.entity_id,
    planId: row.plan_id,
    beforeJson: row.before_json,
    afterJson: row.after_json,
  };
}
