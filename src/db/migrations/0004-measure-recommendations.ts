/** The recommendations (and Improvement Notice targets) a measure evidences. */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

export async function up(db: Kysely<Any>): Promise<void> {
  await db.schema
    .createTable('measure_recommendations')
    .addColumn('organisation_id', 'text', (c) => c.notNull())
    .addColumn('measure_id', 'text', (c) => c.notNull().references('measures.id').onDelete('cascade'))
    .addColumn('recommendation_id', 'text', (c) =>
      c.notNull().references('recommendations.id').onDelete('cascade'),
    )
    .addColumn('ordinal', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('measure_recommendations_pk', ['measure_id', 'recommendation_id'])
    .execute();
}

export async function down(db: Kysely<Any>): Promise<void> {
  await db.schema.dropTable('measure_recommendations').ifExists().execute();
}
