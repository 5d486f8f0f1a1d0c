/**
 * Leads' digests: how often each user wants one (weekly by default, daily, or off), and a key on the outbox so the
 * same digest (one user, one day) is queued once however many workers run the schedule.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

export async function up(db: Kysely<Any>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('digest_frequency', 'text', (c) => c.notNull().defaultTo('weekly'))
    .execute();
  await db.schema.alterTable('mail_outbox').addColumn('dedupe_key', 'text').execute();
  await db.schema.createIndex('mail_outbox_dedupe').on('mail_outbox').column('dedupe_key').unique().execute();
}

export async function down(db: Kysely<Any>): Promise<void> {
  await db.schema.dropIndex('mail_outbox_dedupe').execute();
  await db.schema.alterTable('mail_outbox').dropColumn('dedupe_key').execute();
  await db.schema.alterTable('users').dropColumn('digest_frequency').execute();
}
