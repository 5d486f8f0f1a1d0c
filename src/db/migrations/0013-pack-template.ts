/** An organisation's board pack template: its name for the pack, the parts and their order, its logo (JSON). */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

export async function up(db: Kysely<Any>): Promise<void> {
  await db.schema.alterTable('organisations').addColumn('pack_template', 'text').execute();
}

export async function down(db: Kysely<Any>): Promise<void> {
  await db.schema.alterTable('organisations').dropColumn('pack_template').execute();
}
