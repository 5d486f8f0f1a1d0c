/**
 * The audit log becomes a hash chain per organisation (see domain/audit-chain.ts): each entry gets its number in
 * the chain, the hash of the entry before and its own hash, and `audit_heads` keeps each organisation's last
 * number and hash (so removing the newest entries shows too). Entries already written are chained in id order.
 */
import type { Kysely } from 'kysely';
import { CHAIN_START } from '../../domain/audit-chain.ts';
import { chainFields, entryHash } from '../audit-hash.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

interface OldEntry {
  id: string;
  organisation_id: string;
  occurred_at: string;
  actor: string;
  actor_id: string | null;
  operation: string;
  entity_type: string;
  entity_id: string;
  plan_id: string | null;
  before_json: string | null;
  after_json: string | null;
}

export async function up(db: Kysely<Any>): Promise<void> {
  await db.schema.alterTable('audit_log').addColumn('seq', 'integer').execute();
  await db.schema.alterTable('audit_log').addColumn('prev_hash', 'text').execute();
  await db.schema.alterTable('audit_log').addColumn('hash', 'text').execute();
  await db.schema
    .createIndex('audit_chain_order')
    .on('audit_log')
    .columns(['organisation_id', 'seq'])
    .execute();
  await db.schema
    .createTable('audit_heads')
    .addColumn('organisation_id', 'text', (c) =>
      c.primaryKey().references('organisations.id').onDelete('cascade'),
    )
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();

  const rows = (await db.selectFrom('audit_log').selectAll().orderBy('id').execute()) as OldEntry[];
  const heads = new Map<string, { seq: number; hash: string }>();
  for (const row of rows) {
    const head = heads.get(row.organisation_id) ?? { seq: 0, hash: CHAIN_START };
    const seq = head.seq + 1;
    const hash = entryHash({ ...chainFields(row), seq, prevHash: head.hash });
    await db
      .updateTable('audit_log')
      .set({ seq, prev_hash: head.hash, hash })
      .where('id', '=', row.id)
      .execute();
    heads.set(row.organisation_id, { seq, hash });
  }
  for (const [organisationId, head] of heads)
    await db
      .insertInto('audit_heads')
      .values({ organisation_id: organisationId, ...head })
      .execute();
}

export async function down(db: Kysely<Any>): Promise<void> {
  await db.schema.dropTable('audit_heads').execute();
  await db.schema.dropIndex('audit_chain_order').execute();
  for (const column of ['hash', 'prev_hash', 'seq'])
    await db.schema.alterTable('audit_log').dropColumn(column).execute();
}
