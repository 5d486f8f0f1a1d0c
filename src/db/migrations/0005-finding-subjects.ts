/** What each finding concerns (an action, recommendation, measure or section), so a page can link to it. */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

export async function up(db: Kysely<Any>): Promise<void> {
  await db.schema.alterTable('findings').addColumn('subject_type', 'text').execute();
  await db.schema.alterTable('findings').addColumn('subject_id', 'text').execute();
}

export async function down(db: Kysely<Any>): Promise<void> {
  await db.schema.alterTable('findings').dropColumn('subject_type').execute();
  await db.schema.alterTable('findings').dropColumn('subject_id').execute();
}
