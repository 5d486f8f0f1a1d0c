/**
 * Measures in full: how a measure is judged (amber tolerance, stepwise or straight-line trajectory, periods
 * a met final target must hold), where its data comes from, and value history (corrections supersede).
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

export async function up(db: Kysely<Any>): Promise<void> {
  await db.schema.alterTable('measures').addColumn('tolerance', 'double precision').execute();
  await db.schema
    .alterTable('measures')
    .addColumn('trajectory', 'text', (c) => c.notNull().defaultTo('stepwise'))
    .execute();
  await db.schema
    .alterTable('measures')
    .addColumn('held_periods', 'integer', (c) => c.notNull().defaultTo(3))
    .execute();
  await db.schema.alterTable('measures').addColumn('data_source', 'text').execute();
  await db.schema.alterTable('measures').addColumn('owner', 'text').execute();
  await db.schema
    .alterTable('measure_values')
    .addColumn('superseded', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex('measure_values_current')
    .on('measure_values')
    .columns(['measure_id', 'superseded', 'period'])
    .execute();
}

export async function down(db: Kysely<Any>): Promise<void> {
  await db.schema.dropIndex('measure_values_current').execute();
  for (const column of ['tolerance', 'trajectory', 'held_periods', 'data_source', 'owner']) {
    await db.schema.alterTable('measures').dropColumn(column).execute();
  }
  await db.schema.alterTable('measure_values').dropColumn('superseded').execute();
}
