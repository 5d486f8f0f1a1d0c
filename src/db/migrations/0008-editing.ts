/**
 * Editing a plan after import: what was removed (kept whole so it can be restored), who moved the plan to its
 * state and when, and the status an action had before anyone recorded progress in ipt (so withdrawing every
 * update gives it back).
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

export async function up(db: Kysely<Any>): Promise<void> {
  await db.schema
    .createTable('removed_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) =>
      c.notNull().references('organisations.id').onDelete('cascade'),
    )
    .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id').onDelete('cascade'))
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('removed_by', 'text', (c) => c.notNull())
    .addColumn('removed_by_id', 'text')
    .addColumn('removed_at', 'text', (c) => c.notNull())
    .addColumn('restored_at', 'text')
    .addColumn('payload', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('removed_items_plan').on('removed_items').columns(['plan_id']).execute();
  await db.schema.alterTable('plans').addColumn('state_changed_at', 'text').execute();
  await db.schema.alterTable('plans').addColumn('state_changed_by', 'text').execute();
  await db.schema.alterTable('actions').addColumn('base_status', 'text').execute();
}

export async function down(db: Kysely<Any>): Promise<void> {
  await db.schema.alterTable('actions').dropColumn('base_status').execute();
  await db.schema.alterTable('plans').dropColumn('state_changed_by').execute();
  await db.schema.alterTable('plans').dropColumn('state_changed_at').execute();
  await db.schema.dropTable('removed_items').execute();
}
