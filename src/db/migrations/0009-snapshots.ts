/**
 * Snapshots: the plan as reported to a board for a period, locked by its manager and never changed afterwards.
 * A correction is a new snapshot naming the one it corrects and why. The figures are kept whole as JSON so a
 * snapshot reads the same long after the plan has moved on.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

export async function up(db: Kysely<Any>): Promise<void> {
  await db.schema
    .createTable('snapshots')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) =>
      c.notNull().references('organisations.id').onDelete('cascade'),
    )
    .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id').onDelete('cascade'))
    .addColumn('board', 'text')
    .addColumn('meeting_date', 'text')
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('as_of', 'text', (c) => c.notNull())
    .addColumn('locked_at', 'text', (c) => c.notNull())
    .addColumn('locked_by', 'text', (c) => c.notNull())
    .addColumn('locked_by_id', 'text')
    .addColumn('corrects_id', 'text', (c) => c.references('snapshots.id'))
    .addColumn('correction_reason', 'text')
    .addColumn('payload', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('snapshots_plan').on('snapshots').columns(['plan_id', 'locked_at']).execute();
}

export async function down(db: Kysely<Any>): Promise<void> {
  await db.schema.dropTable('snapshots').execute();
}
