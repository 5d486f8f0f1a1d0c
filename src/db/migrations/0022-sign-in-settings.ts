/**
 * How an organisation's users sign in: with their council account (OpenID Connect single sign-on), with local
 * passwords (which can be switched off), whether a second factor is required, and which email domains may make an
 * account of their own (waiting for an administrator to give it a role). Sign-ins under way with the council's
 * provider wait in `oidc_logins` (state, nonce, PKCE verifier), so any app process can finish them.
 */
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

export async function up(db: Kysely<Any>): Promise<void> {
  await db.schema
    .alterTable('organisations')
    .addColumn('local_sign_in', 'integer', (c) => c.notNull().defaultTo(sql`1`))
    .execute();
  await db.schema
    .alterTable('organisations')
    .addColumn('second_factor_required', 'integer', (c) => c.notNull().defaultTo(sql`0`))
    .execute();
  await db.schema.alterTable('organisations').addColumn('sso_new_account_domains', 'text').execute();
  await db.schema
    .alterTable('sessions')
    .addColumn('signed_in_with', 'text', (c) => c.notNull().defaultTo('password'))
    .execute();
  await db.schema
    .createTable('oidc_logins')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('browser_hash', 'text', (c) => c.notNull().unique())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('nonce', 'text', (c) => c.notNull())
    .addColumn('code_verifier', 'text', (c) => c.notNull())
    .addColumn('return_to', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<Any>): Promise<void> {
  await db.schema.dropTable('oidc_logins').execute();
  await db.schema.alterTable('sessions').dropColumn('signed_in_with').execute();
  for (const column of ['sso_new_account_domains', 'second_factor_required', 'local_sign_in'])
    await db.schema.alterTable('organisations').dropColumn(column).execute();
}
