/**
 * Who may do what: roles on accounts, partner organisations, plan shares, adviser grants, contributors assigned
 * to plans, invitations, previews kept in the database, a per-plan revision for caches, the acting user's id in
 * the audit log, and at most one current value per measure and period.
 */
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

export async function up(db: Kysely<Any>): Promise<void> {
  await db
    .updateTable('organisations')
    .set({ kind: 'council' })
    .where('kind', '=', 'local_authority')
    .execute();
  // Accounts made before roles could do everything: they keep that as admins.
  await db.schema
    .alterTable('users')
    .addColumn('role', 'text', (c) => c.notNull().defaultTo('admin'))
    .execute();
  await db.schema.alterTable('users').addColumn('person_id', 'text').execute();
  await db.schema.alterTable('users').addColumn('deactivated_at', 'text').execute();
  await db.schema
    .alterTable('plans')
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('audit_log').addColumn('actor_id', 'text').execute();

  await db.schema
    .createTable('organisation_partners')
    .addColumn('organisation_id', 'text', (c) =>
      c.notNull().references('organisations.id').onDelete('cascade'),
    )
    .addColumn('partner_organisation_id', 'text', (c) =>
      c.notNull().references('organisations.id').onDelete('cascade'),
    )
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('organisation_partners_pk', ['organisation_id', 'partner_organisation_id'])
    .execute();

  await db.schema
    .createTable('plan_shares')
    .addColumn('organisation_id', 'text', (c) =>
      c.notNull().references('organisations.id').onDelete('cascade'),
    )
    .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id').onDelete('cascade'))
    .addColumn('partner_organisation_id', 'text', (c) =>
      c.notNull().references('organisations.id').onDelete('cascade'),
    )
    .addColumn('access', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('plan_shares_pk', ['plan_id', 'partner_organisation_id'])
    .execute();
  await db.schema
    .createIndex('plan_shares_by_partner')
    .on('plan_shares')
    .columns(['partner_organisation_id'])
    .execute();

  await db.schema
    .createTable('organisation_grants')
    .addColumn('organisation_id', 'text', (c) =>
      c.notNull().references('organisations.id').onDelete('cascade'),
    )
    .addColumn('grantee_organisation_id', 'text', (c) =>
      c.notNull().references('organisations.id').onDelete('cascade'),
    )
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('organisation_grants_pk', ['organisation_id', 'grantee_organisation_id'])
    .execute();

  await db.schema
    .createTable('plan_members')
    .addColumn('organisation_id', 'text', (c) => c.notNull())
    .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('plan_members_pk', ['plan_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('invitations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) =>
      c.notNull().references('organisations.id').onDelete('cascade'),
    )
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('invited_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('accepted_at', 'text')
    .execute();

  await db.schema
    .createTable('previews')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) =>
      c.notNull().references('organisations.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('plan_id', 'text')
    .addColumn('file', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('previews_by_user').on('previews').columns(['user_id']).execute();

  // Two current values for one measure and period cannot both be true: the database refuses the second.
  await sql`CREATE UNIQUE INDEX measure_values_one_current ON measure_values (measure_id, period) WHERE superseded = 0`.execute(
    db,
  );
}

export async function down(db: Kysely<Any>): Promise<void> {
  await sql`DROP INDEX IF EXISTS measure_values_one_current`.execute(db);
  for (const table of [
    'previews',
    'invitations',
    'plan_members',
    'organisation_grants',
    'plan_shares',
    'organisation_partners',
  ])
    await db.schema.dropTable(table).ifExists().execute();
  await db.schema.alterTable('audit_log').dropColumn('actor_id').execute();
  await db.schema.alterTable('plans').dropColumn('revision').execute();
  for (const column of ['deactivated_at', 'person_id', 'role'])
    await db.schema.alterTable('users').dropColumn(column).execute();
}
