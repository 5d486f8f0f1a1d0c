/**
 * No query reads actions by organisation and due date (due dates are filtered in the plan's read model), so the
 * index only cost every import and edit a write. Reminders across plans will add the index their query needs.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

export async function up(db: Kysely<Any>): Promise<void> {
  await db.schema.dropIndex('actions_by_due').execute();
}

export async function down(db: Kysely<Any>): Promise<void> {
  await db.schema
    .createIndex('actions_by_due')
    .on('actions')
    .columns(['organisation_id', 'due_end'])
    .execute();
}
