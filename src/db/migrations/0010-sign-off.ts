/**
 * Completion sign-off: an action a lead marks complete waits for a manager's sign-off. Who asked and when are kept
 * on the action until it is signed off or returned.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

export async function up(db: Kysely<Any>): Promise<void> {
  await db.schema.alterTable('actions').addColumn('sign_off_requested_by', 'text').execute();
  await db.schema.alterTable('actions').addColumn('sign_off_requested_at', 'text').execute();
}

export async function down(db: Kysely<Any>): Promise<void> {
  await db.schema.alterTable('actions').dropColumn('sign_off_requested_at').execute();
  await db.schema.alterTable('actions').dropColumn('sign_off_requested_by').execute();
}
