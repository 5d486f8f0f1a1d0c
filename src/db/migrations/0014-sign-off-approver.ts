/** A plan's named approver: the user (a Director, say) who may sign off completed work beside its managers. */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

export async function up(db: Kysely<Any>): Promise<void> {
  await db.schema.alterTable('plans').addColumn('sign_off_approver_id', 'text').execute();
}

export async function down(db: Kysely<Any>): Promise<void> {
  await db.schema.alterTable('plans').dropColumn('sign_off_approver_id').execute();
}
