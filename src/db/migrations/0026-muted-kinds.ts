/** The kinds of email each user has turned off (JSON list), beside how often they get a digest. */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

export async function up(db: Kysely<Any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('muted_kinds', 'text').execute();
}

export async function down(db: Kysely<Any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('muted_kinds').execute();
}
