/**
 * Every table of the schema, in an order where each table comes after the tables it refers to: backups are
 * written and restored in this order. A test checks it against the schema, so a new table cannot be forgotten.
 */
export const TABLES_IN_ORDER = [
  'organisations',
  'users',
  'sessions',
  'api_tokens',
  'password_resets',
  'oidc_logins',
  'sign_in_failures',
  'organisation_partners',
  'organisation_grants',
  'invitations',
  'people',
  'plans',
  'plan_people',
  'plan_members',
  'plan_shares',
  'calendar_feeds',
  'mail_outbox',
  'follows',
  'event_cursors',
  'sources',
  'sections',
  'recommendations',
  'actions',
  'action_leads',
  'action_recommendations',
  'measures',
  'measure_targets',
  'measure_values',
  'measure_comparators',
  'measure_recommendations',
  'action_measures',
  'progress_updates',
  'findings',
  'snapshots',
  'due_change_requests',
  'removed_items',
  'previews',
  'import_mappings',
  'audit_log',
  'audit_heads',
] as const;

/** Columns that refer to a row of their own table: such rows are written parents first. */
export const SELF_REFERENCES: Partial<Record<(typeof TABLES_IN_ORDER)[number], string>> = {
  sections: 'parent_id',
  actions: 'parent_id',
  snapshots: 'corrects_id',
};
