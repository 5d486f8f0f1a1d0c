/**
 * The organisation's audit log for its administrators: entries filtered by who, what and when, newest first, and
 * the verification of its hash chain.
 */
import type { Db } from '../../db/connection.ts';
import { verifyAuditChain } from '../../db/repositories/audit.repository.ts';
import { fromJson } from '../../db/repositories/rows.ts';
import type { Actor } from '../../domain/actor.ts';
import { describeBreak } from '../../domain/audit-chain.ts';
import type { Access } from './access.ts';

export interface AuditFilter {
  /** Part of the actor's name. */
  who?: string;
  /** An operation (update, import, sign-off…) or a kind of thing (action, plan…). */
  what?: string;
  /** Dates (YYYY-MM-DD), inclusive. */
  from?: string;
  to?: string;
  page?: number;
}

export const AUDIT_PAGE_SIZE = 100;

export function createAuditQueries(db: Db, access: Access) {
  async function entries(actor: Actor, organisationId: string, filter: AuditFilter = {}) {
    await access.organisation(actor, organisationId, 'organisation.audit');
    let query = db.selectFrom('audit_log').where('organisation_id', '=', organisationId);
    if (filter.who)
      query = query.where((eb) => eb(eb.fn('lower', ['actor']), 'like', `%${filter.who?.toLowerCase()}%`));
    if (filter.what)
      query = query.where((eb) =>
        eb.or([eb('operation', '=', filter.what ?? ''), eb('entity_type', '=', filter.what ?? '')]),
      );
    if (filter.from) query = query.where('occurred_at', '>=', filter.from);
    // An end date includes the whole of that day.
    if (filter.to) query = query.where('occurred_at', '<', `${filter.to}T99`);
    const page = Math.max(1, filter.page ?? 1);
    const [rows, total, kinds] = await Promise.all([
      query
        .select([
          'id',
          'seq',
          'occurred_at',
          'actor',
          'operation',
          'entity_type',
          'entity_id',
          'plan_id',
          'before_json',
          'after_json',
        ])
        .orderBy('seq', 'desc')
        .orderBy('id', 'desc')
        .limit(AUDIT_PAGE_SIZE)
        .offset((page - 1) * AUDIT_PAGE_SIZE)
        .execute(),
      query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      db
        .selectFrom('audit_log')
        .select(['operation', 'entity_type'])
        .distinct()
        .where('organisation_id', '=', organisationId)
        .execute(),
    ]);
    return {
      entries: rows.map((r) => ({
        id: r.id,
        seq: r.seq === null ? null : Number(r.seq),
        occurredAt: r.occurred_at,
        actor: r.actor,
        operation: r.operation,
        entityType: r.entity_type,
        entityId: r.entity_id,
        planId: r.plan_id,
        changed: changedFields(fromJson(r.before_json, null), fromJson(r.after_json, null)),
      })),
      total: Number(total.n),
      page,
      pages: Math.max(1, Math.ceil(Number(total.n) / AUDIT_PAGE_SIZE)),
      whats: [...new Set(kinds.flatMap((k) => [k.operation, k.entity_type]))].sort(),
    };
  }

  async function verify(actor: Actor, organisationId: string) {
    await access.organisation(actor, organisationId, 'organisation.audit');
    return verification(db, organisationId);
  }

  return { entries, verify };
}

/** The chain's state in words, for the page and the command line alike. */
export async function verification(db: Db, organisationId: string) {
  const report = await verifyAuditChain(db, organisationId);
  return {
    entries: report.entries,
    intact: report.broken === null,
    problem: report.broken ? describeBreak(report.broken) : null,
  };
}

/** The names of the fields an entry changed, for a one-line summary (the values stay in the JSON). */
function changedFields(before: unknown, after: unknown): string[] {
  const keys = (value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value) ? Object.keys(value) : [];
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  return [...new Set([...keys(before), ...keys(after)])].filter(
    (k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]),
  );
}
