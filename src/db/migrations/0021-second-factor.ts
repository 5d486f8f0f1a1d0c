/**
 * An optional second factor for local accounts: a TOTP secret (pending until its first code is confirmed), hashed
 * recovery codes, and the last time step used (a code works once). A session made by a right password for an
 * account with a second factor waits for the code before it signs anyone in.
 */
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

export async function up(db: Kysely<Any>): Promise<void> {
  for (const column of ['totp_secret', 'totp_pending_secret', 'totp_enabled_at', 'recovery_codes'])
    await db.schema.alterTable('users').addColumn(column, 'text').execute();
  await db.schema.alterTable('users').addColumn('totp_last_step', 'integer').execute();
  await db.schema
    .alterTable('sessions')
    .addColumn('awaiting_second_factor', 'integer', (c) => c.notNull().defaultTo(sql`0`))
    .execute();
}

export async function down(db: Kysely<Any>): Promise<void> {
  await db.schema.alterTable('sessions').dropColumn('awaiting_second_factor').execute();
  for (const column of [
    'totp_last_step',
    'recovery_codes',
    'totp_enabled_at',
    'totp_pending_secret',
    'totp_secret',
  ])
    await db.schema.alterTable('users').dropColumn(column).execute();
}
