/**
 * A plan's second counter: raised by every change except a progress update (one confined to an action's own row and
 * updates; a correction or withdrawal of an update raises it too). What does not show an action's progress (the measures, the plan's facts, other
 * actions' pages) is kept in memory per this counter, so a lead's update does not make the whole plan be read again.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

export async function up(db: Kysely<Any>): Promise<void> {
  await db.schema
    .alterTable('plans')
    .addColumn('structure_revision', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<Any>): Promise<void> {
  await db.schema.alterTable('plans').dropColumn('structure_revision').execute();
}
