/**
 * The first schema. Only types both SQLite and PostgreSQL read the same way: text (ids, ISO dates, JSON),
 * integer (versions, 0/1 flags, order) and double precision (measure values).
 */
import type { CreateTableBuilder, Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;
type Table = CreateTableBuilder<string, never>;

/** Tenant, timestamps and version: every row that holds plan data carries them. */
function tracked(table: Table): Table {
  return table
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) =>
      c.notNull().references('organisations.id').onDelete('cascade'),
    )
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1));
}

const planRef = (t: Table) =>
  t.addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id').onDelete('cascade'));

export async function up(db: Kysely<Any>): Promise<void> {
  await db.schema
    .createTable('organisations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  await tracked(db.schema.createTable('people'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('initials', 'text')
    .addColumn('job_title', 'text')
    .addColumn('employer', 'text')
    .addColumn('email', 'text')
    .execute();
  await db.schema.createIndex('people_by_name').on('people').columns(['organisation_id', 'name']).execute();

  await tracked(db.schema.createTable('plans'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('version_label', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('plan_date', 'text')
    .addColumn('inspection_date', 'text')
    .addColumn('approved_date', 'text')
    .addColumn('status_key', 'text', (c) => c.notNull())
    .addColumn('governance', 'text', (c) => c.notNull())
    .addColumn('narrative', 'text', (c) => c.notNull())
    .addColumn('partners', 'text', (c) => c.notNull())
    .addColumn('rag_settings', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('plan_people')
    .addColumn('organisation_id', 'text', (c) => c.notNull())
    .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id').onDelete('cascade'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('ordinal', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('plan_people_pk', ['plan_id', 'person_id'])
    .execute();

  await planRef(tracked(db.schema.createTable('sources')))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('source_date', 'text')
    .addColumn('ordinal', 'integer', (c) => c.notNull())
    .execute();

  await planRef(tracked(db.schema.createTable('sections')))
    .addColumn('parent_id', 'text', (c) => c.references('sections.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('ref', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('lead', 'text')
    .addColumn('objectives', 'text', (c) => c.notNull())
    .addColumn('ordinal', 'integer', (c) => c.notNull())
    .execute();

  await planRef(tracked(db.schema.createTable('recommendations')))
    .addColumn('section_id', 'text', (c) => c.references('sections.id').onDelete('set null'))
    .addColumn('source_id', 'text', (c) => c.references('sources.id').onDelete('set null'))
    .addColumn('ref', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('report_refs', 'text', (c) => c.notNull())
    .addColumn('timeframe', 'text')
    .addColumn('ordinal', 'integer', (c) => c.notNull())
    .execute();

  await planRef(tracked(db.schema.createTable('actions')))
    .addColumn('section_id', 'text', (c) => c.references('sections.id').onDelete('set null'))
    .addColumn('parent_id', 'text', (c) => c.references('actions.id').onDelete('cascade'))
    .addColumn('ref', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('partners', 'text', (c) => c.notNull())
    .addColumn('joint', 'integer', (c) => c.notNull())
    .addColumn('due_raw', 'text')
    .addColumn('due_kind', 'text')
    .addColumn('due_start', 'text')
    .addColumn('due_end', 'text')
    .addColumn('due_recurrence', 'text')
    .addColumn('status_raw', 'text')
    .addColumn('status_state', 'text')
    .addColumn('status_rag', 'text')
    .addColumn('status_set_by', 'text')
    .addColumn('status_set_at', 'text')
    .addColumn('progress', 'text')
    .addColumn('success_criteria', 'text', (c) => c.notNull())
    .addColumn('monitoring', 'text', (c) => c.notNull())
    .addColumn('evidence', 'text', (c) => c.notNull())
    .addColumn('cross_refs', 'text', (c) => c.notNull())
    .addColumn('ordinal', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('actions_by_plan').on('actions').columns(['plan_id', 'ordinal']).execute();
  await db.schema
    .createIndex('actions_by_due')
    .on('actions')
    .columns(['organisation_id', 'due_end'])
    .execute();

  await db.schema
    .createTable('action_leads')
    .addColumn('organisation_id', 'text', (c) => c.notNull())
    .addColumn('action_id', 'text', (c) => c.notNull().references('actions.id').onDelete('cascade'))
    .addColumn('person_id', 'text', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('ordinal', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('action_leads_pk', ['action_id', 'ordinal'])
    .execute();
  await db.schema.createIndex('action_leads_by_person').on('action_leads').column('person_id').execute();

  await db.schema
    .createTable('action_recommendations')
    .addColumn('organisation_id', 'text', (c) => c.notNull())
    .addColumn('action_id', 'text', (c) => c.notNull().references('actions.id').onDelete('cascade'))
    .addColumn('recommendation_id', 'text', (c) =>
      c.notNull().references('recommendations.id').onDelete('cascade'),
    )
    .addColumn('ordinal', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('action_recommendations_pk', ['action_id', 'recommendation_id'])
    .execute();

  await tracked(db.schema.createTable('progress_updates'))
    .addColumn('action_id', 'text', (c) => c.notNull().references('actions.id').onDelete('cascade'))
    .addColumn('update_date', 'text', (c) => c.notNull())
    .addColumn('author', 'text', (c) => c.notNull())
    .addColumn('narrative', 'text', (c) => c.notNull())
    .addColumn('status_raw', 'text')
    .addColumn('status_state', 'text')
    .addColumn('status_rag', 'text')
    .addColumn('evidence', 'text', (c) => c.notNull())
    .addColumn('ordinal', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('updates_by_action')
    .on('progress_updates')
    .columns(['action_id', 'ordinal'])
    .execute();

  await planRef(tracked(db.schema.createTable('measures')))
    .addColumn('ref', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('definition', 'text')
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('polarity', 'text', (c) => c.notNull())
    .addColumn('frequency', 'text')
    .addColumn('has_baseline', 'integer', (c) => c.notNull())
    .addColumn('baseline_value', 'double precision')
    .addColumn('baseline_period', 'text')
    .addColumn('ordinal', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('action_measures')
    .addColumn('organisation_id', 'text', (c) => c.notNull())
    .addColumn('action_id', 'text', (c) => c.notNull().references('actions.id').onDelete('cascade'))
    .addColumn('measure_id', 'text', (c) => c.notNull().references('measures.id').onDelete('cascade'))
    .addColumn('ordinal', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('action_measures_pk', ['action_id', 'measure_id'])
    .execute();

  const measureChild = (name: string) =>
    tracked(db.schema.createTable(name)).addColumn('measure_id', 'text', (c) =>
      c.notNull().references('measures.id').onDelete('cascade'),
    );
  await measureChild('measure_targets')
    .addColumn('value', 'double precision')
    .addColumn('by_date', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('text', 'text')
    .addColumn('ordinal', 'integer', (c) => c.notNull())
    .execute();
  await measureChild('measure_values')
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('value', 'double precision')
    .addColumn('note', 'text')
    .addColumn('entered_by', 'text')
    .addColumn('ordinal', 'integer', (c) => c.notNull())
    .execute();
  await measureChild('measure_comparators')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('value', 'double precision', (c) => c.notNull())
    .addColumn('ordinal', 'integer', (c) => c.notNull())
    .execute();

  await planRef(tracked(db.schema.createTable('findings')))
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('location', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('dismissed_reason', 'text')
    .addColumn('ordinal', 'integer', (c) => c.notNull())
    .execute();

  // Append-only: nothing in the application updates or deletes these rows.
  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) =>
      c.notNull().references('organisations.id').onDelete('cascade'),
    )
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('operation', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('plan_id', 'text')
    .addColumn('before_json', 'text')
    .addColumn('after_json', 'text')
    .execute();
  await db.schema
    .createIndex('audit_by_entity')
    .on('audit_log')
    .columns(['entity_type', 'entity_id'])
    .execute();
}

export async function down(db: Kysely<Any>): Promise<void> {
  for (const table of [
    'audit_log',
    'findings',
    'measure_comparators',
    'measure_values',
    'measure_targets',
    'action_measures',
    'measures',
    'progress_updates',
    'action_recommendations',
    'action_leads',
    'actions',
    'recommendations',
    'sections',
    'sources',
    'plan_people',
    'plans',
    'people',
    'organisations',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
