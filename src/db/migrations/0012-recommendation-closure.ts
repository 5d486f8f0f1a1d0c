/** Closing a recommendation on evidence of its impact: the evidence, who closed it and when (JSON; null while open). */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

export async function up(db: Kysely<Any>): Promise<void> {
  await db.schema.alterTable('recommendations').addColumn('closure', 'text').execute();
}

export async function down(db: Kysely<Any>): Promise<void> {
  await db.schema.alterTable('recommendations').dropColumn('closure').execute();
}
