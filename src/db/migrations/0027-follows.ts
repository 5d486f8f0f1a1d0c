/**
 * Who follows what (an action's status, a plan's measures), beside those who follow by default (leads, the plan's
 * managers): a row says yes or no, so a default follower can stop. And each reader of the event log's place in it:
 * notifications are made from the events after that place, once each.
 */
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

export async function up(db: Kysely<Any>): Promise<void> {
  await db.schema
    .createTable('follows')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('organisation_id', 'text', (c) =>
      c.notNull().references('organisations.id').onDelete('cascade'),
    )
    .addColumn('following', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('follows_pk', ['user_id', 'subject_type', 'subject_id'])
    .execute();
  await db.schema
    .createIndex('follows_subject')
    .on('follows')
    .columns(['subject_type', 'subject_id'])
    .execute();
  await db.schema
    .createTable('event_cursors')
    .addColumn('consumer', 'text', (c) => c.notNull())
    .addColumn('organisation_id', 'text', (c) =>
      c.notNull().references('organisations.id').onDelete('cascade'),
    )
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('event_cursors_pk', ['consumer', 'organisation_id'])
    .execute();
  // The history so far has been seen: notifications start from the next change.
  await db
    .insertInto('event_cursors')
    .columns(['consumer', 'organisation_id', 'seq'])
    .expression(
      db
        .selectFrom('audit_heads')
        .select([sql.lit('notifications').as('consumer'), 'organisation_id', 'seq']),
    )
    .execute();
}

export async function down(db: Kysely<Any>): Promise<void> {
  await db.schema.dropTable('event_cursors').execute();
  await db.schema.dropTable('follows').execute();
}
