/**
 * Wrong passwords, by the account's email and by the address they came from: the sign-in throttle counts them
 * in the database, so every app process refuses the same guesser.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

export async function up(db: Kysely<Any>): Promise<void> {
  await db.schema
    .createTable('sign_in_failures')
    .addColumn('id', 'text', (c) => c.primaryKey())
    /** `email:…` or `address:…`. */
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('failed_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('sign_in_failures_by_key')
    .on('sign_in_failures')
    .columns(['key', 'failed_at'])
    .execute();
}

export async function down(db: Kysely<Any>): Promise<void> {
  await db.schema.dropTable('sign_in_failures').execute();
}
