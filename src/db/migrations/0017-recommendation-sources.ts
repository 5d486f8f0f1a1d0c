/** A recommendation more than one report made ("Ofsted Safeguarding (Aug '10) CQC (Aug '10)"): its other sources (JSON). */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

export async function up(db: Kysely<Any>): Promise<void> {
  await db.schema.alterTable('recommendations').addColumn('also_from', 'text').execute();
}

export async function down(db: Kysely<Any>): Promise<void> {
  await db.schema.alterTable('recommendations').dropColumn('also_from').execute();
}
