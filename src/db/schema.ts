/**
 * Row types of every table (Kysely's view of the database). Dates are ISO text, JSON is text and
 * booleans are 0/1, so one schema serves SQLite and PostgreSQL alike.
 */
import type { Generated, Insertable, Selectable } from 'kysely';

/** Columns every stored row has: its tenant, when it was made and changed, and its version. */
interface Tracked {
  id: string;
  organisation_id: string;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface OrganisationTable {
  id: string;
  name: string;
  kind: string;
  created_at: string;
  updated_at: string;
  version: number;
  /** Its board pack template (JSON), or null for the standard pack. */
  pack_template: string | null;
  /** 1 while its users may sign in with a local password; 0 when only the council account (single sign-on) will do. */
  local_sign_in: Generated<number>;
  /** 1 when every local-password user must set up a second factor before anything else. */
  second_factor_required: Generated<number>;
  /** JSON list of email domains whose verified council accounts may make an account here, waiting for a role. */
  sso_new_account_domains: string | null;
}

export interface PersonTable extends Tracked {
  name: string;
  initials: string | null;
  job_title: string | null;
  employer: string | null;
  email: string | null;
}

export interface PlanTable extends Tracked {
  title: string;
  version_label: string | null;
  state: string;
  plan_date: string | null;
  inspection_date: string | null;
  approved_date: string | null;
  status_key: string;
  governance: string;
  narrative: string;
  partners: string;
  rag_settings: string;
  state_changed_at: string | null;
  state_changed_by: string | null;
  /** The user named to sign off completed work, beside the plan's managers. */
  sign_off_approver_id: string | null;
  /** Raised by every change to the plan, in the change's transaction: caches in every process key on it. */
  revision: Generated<number>;
  /** Raised by every change but one confined to an action's own progress: what does not show progress keys on it. */
  structure_revision: Generated<number>;
}

export interface PlanPersonTable {
  organisation_id: string;
  plan_id: string;
  person_id: string;
  ordinal: number;
}

export interface SourceTable extends Tracked {
  plan_id: string;
  body: string;
  title: string;
  source_date: string | null;
  ordinal: number;
}

export interface SectionTable extends Tracked {
  plan_id: string;
  parent_id: string | null;
  kind: string;
  ref: string | null;
  title: string;
  lead: string | null;
  objectives: string;
  ordinal: number;
}

export interface RecommendationTable extends Tracked {
  plan_id: string;
  section_id: string | null;
  source_id: string | null;
  /** Other sources of the same recommendation (JSON list of source ids); null for none. */
  also_from: string | null;
  ref: string | null;
  kind: string;
  text: string;
  report_refs: string;
  timeframe: string | null;
  ordinal: number;
  /** Closed on evidence of impact (JSON), or null while it is open. */
  closure: string | null;
}

export interface ActionTable extends Tracked {
  plan_id: string;
  section_id: string | null;
  parent_id: string | null;
  ref: string | null;
  kind: string;
  text: string;
  partners: string;
  joint: number;
  due_raw: string | null;
  due_kind: string | null;
  due_start: string | null;
  due_end: string | null;
  due_recurrence: string | null;
  status_raw: string | null;
  status_state: string | null;
  status_rag: string | null;
  status_set_by: string | null;
  status_set_at: string | null;
  progress: string | null;
  success_criteria: string;
  monitoring: string;
  evidence: string;
  cross_refs: string;
  ordinal: number;
  /** The status (JSON) before the first update recorded in ipt; "null" when it had none. */
  base_status: string | null;
  /** A lead marked it complete: it waits for a manager's sign-off (null when it does not). */
  sign_off_requested_by: string | null;
  sign_off_requested_at: string | null;
}

export interface ActionLeadTable {
  organisation_id: string;
  action_id: string;
  person_id: string | null;
  name: string;
  ordinal: number;
}

export interface ActionRecommendationTable {
  organisation_id: string;
  action_id: string;
  recommendation_id: string;
  ordinal: number;
}

export interface MeasureRecommendationTable {
  organisation_id: string;
  measure_id: string;
  recommendation_id: string;
  ordinal: number;
}

export interface ActionMeasureTable {
  organisation_id: string;
  action_id: string;
  measure_id: string;
  ordinal: number;
}

export interface ProgressUpdateTable extends Tracked {
  action_id: string;
  update_date: string;
  author: string;
  narrative: string;
  status_raw: string | null;
  status_state: string | null;
  status_rag: string | null;
  evidence: string;
  ordinal: number;
}

export interface MeasureTable extends Tracked {
  plan_id: string;
  ref: string | null;
  name: string;
  definition: string | null;
  unit: string;
  polarity: string;
  frequency: string | null;
  has_baseline: number;
  baseline_value: number | null;
  baseline_period: string | null;
  ordinal: number;
  tolerance: number | null;
  trajectory: Generated<string>;
  held_periods: Generated<number>;
  data_source: string | null;
  owner: string | null;
}

export interface MeasureTargetTable extends Tracked {
  measure_id: string;
  value: number | null;
  by_date: string | null;
  kind: string;
  text: string | null;
  ordinal: number;
}

export interface MeasureValueTable extends Tracked {
  measure_id: string;
  period: string;
  value: number | null;
  note: string | null;
  entered_by: string | null;
  ordinal: number;
  /** 1 once a correction has replaced this value; kept for the history. */
  superseded: Generated<number>;
}

export interface MeasureComparatorTable extends Tracked {
  measure_id: string;
  name: string;
  period: string;
  value: number;
  ordinal: number;
}

export interface FindingTable extends Tracked {
  plan_id: string;
  severity: string;
  code: string;
  message: string;
  location: string | null;
  state: string;
  dismissed_reason: string | null;
  ordinal: number;
  subject_type: string | null;
  subject_id: string | null;
}

export interface AuditTable {
  id: string;
  organisation_id: string;
  occurred_at: string;
  actor: string;
  operation: string;
  entity_type: string;
  entity_id: string;
  plan_id: string | null;
  before_json: string | null;
  after_json: string | null;
  /** The acting user's id; null only for the operator at the command line before any account exists. */
  actor_id: string | null;
  /** The entry's place in its organisation's hash chain, the previous entry's hash and its own (audit-chain.ts). */
  seq: number | null;
  prev_hash: string | null;
  hash: string | null;
}

/** Each organisation's last audit entry: the row every new entry locks, so the chain has one order. */
export interface AuditHeadTable {
  organisation_id: string;
  seq: number;
  hash: string;
}

export interface UserTable {
  id: string;
  organisation_id: string;
  email: string;
  name: string;
  password_hash: string;
  created_at: string;
  updated_at: string;
  version: number;
  role: Generated<string>;
  person_id: string | null;
  deactivated_at: string | null;
  /** 'weekly' (the default), 'daily' or 'off': how often the user gets a digest of the actions they lead. */
  digest_frequency: Generated<string>;
  /** JSON list of the kinds of email the user has turned off (see EMAIL_KINDS). */
  muted_kinds: string | null;
  /** The second factor (TOTP): its base32 secret once confirmed, the one awaiting its first code, since when. */
  totp_secret?: string | null;
  totp_pending_secret?: string | null;
  totp_enabled_at?: string | null;
  /** JSON: the SHA-256 of each unused recovery code. */
  recovery_codes?: string | null;
  /** The last TOTP time step accepted: a code works once. */
  totp_last_step?: number | null;
}

export interface OrganisationPartnerTable {
  organisation_id: string;
  partner_organisation_id: string;
  created_at: string;
}

export interface PlanShareTable {
  organisation_id: string;
  plan_id: string;
  partner_organisation_id: string;
  access: string;
  created_at: string;
  updated_at: string;
}

export interface OrganisationGrantTable {
  organisation_id: string;
  grantee_organisation_id: string;
  created_at: string;
}

export interface PlanMemberTable {
  organisation_id: string;
  plan_id: string;
  user_id: string;
  created_at: string;
}

export interface InvitationTable {
  id: string;
  organisation_id: string;
  email: string;
  name: string;
  role: string;
  token_hash: string;
  invited_by: string | null;
  created_at: string;
  expires_at: string;
  accepted_at: string | null;
}

export interface PreviewTable {
  id: string;
  organisation_id: string;
  user_id: string;
  kind: string;
  plan_id: string | null;
  file: string;
  payload: string;
  created_at: string;
  expires_at: string;
}

export interface ImportMappingTable {
  id: string;
  organisation_id: string;
  /** The layout it is for: the document's tables' first rows (see import/index.ts). */
  signature: string;
  mapping: string;
  /** The file it was made for, to name it when it is offered again. */
  file: string;
  saved_by: string;
  saved_at: string;
}

/** A wrong password: keyed `email:…` or `address:…`, counted by the sign-in throttle. */
export interface SignInFailureTable {
  id: string;
  key: string;
  failed_at: string;
}

export interface SessionTable {
  id: string;
  token_hash: string;
  user_id: string;
  organisation_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  /** Written at most once a minute while the session is used; null until then (created_at counts). */
  last_seen_at: string | null;
  /** 1 while the password was right but the second factor's code has not yet been given: it signs nobody in. */
  awaiting_second_factor: Generated<number>;
  /** 'password' or 'council-account' (single sign-on): a required second factor is asked of passwords only. */
  signed_in_with: Generated<string>;
}

/** An email waiting to be sent, or sent (its body gone once SMTP has it), or kept for the outbox page. */
export interface MailOutboxTable {
  id: string;
  organisation_id: string;
  kind: string;
  to_address: string;
  subject: string;
  text_body: string | null;
  html_body: string | null;
  created_at: string;
  /** A process delivering it holds it until then; past it, another may try. */
  claimed_until: string | null;
  attempts: Generated<number>;
  sent_at: string | null;
  /** 'smtp' or 'log' (no SMTP set up: written to the log and kept for the outbox page). */
  sent_with: string | null;
  last_error: string | null;
  /** Set for a message that must be queued once (a user's digest of a day): a second queueing is ignored. */
  dedupe_key: string | null;
}

/** A private calendar feed: a person's (plan_id null) or a plan's, found by the hashed secret in its URL. */
export interface CalendarFeedTable {
  id: string;
  organisation_id: string;
  user_id: string;
  plan_id: string | null;
  token_hash: string;
  created_at: string;
  revoked_at: string | null;
}

/** A user's choice to follow (1) or not (0) an action's status or a plan's measures, against the default. */
export interface FollowTable {
  user_id: string;
  subject_type: string;
  subject_id: string;
  organisation_id: string;
  following: number;
  updated_at: string;
}

/** How far a reader of the event log (the notifier) has got in an organisation's chain. */
export interface EventCursorTable {
  consumer: string;
  organisation_id: string;
  seq: number;
}

/** A sign-in with the council's OpenID provider under way: found again by the browser's cookie (hashed). */
export interface OidcLoginTable {
  id: string;
  browser_hash: string;
  state: string;
  nonce: string;
  code_verifier: string;
  return_to: string;
  created_at: string;
  expires_at: string;
}

export interface PasswordResetTable {
  id: string;
  user_id: string;
  organisation_id: string;
  token_hash: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface ApiTokenTable {
  id: string;
  token_hash: string;
  user_id: string;
  organisation_id: string;
  name: string;
  created_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
}

/** Something removed from a plan, kept whole (its rows, table by table) so it can be put back. */
/** A plan as reported for a period: written once, never updated. */
export interface SnapshotTable {
  id: string;
  organisation_id: string;
  plan_id: string;
  board: string | null;
  meeting_date: string | null;
  period: string;
  as_of: string;
  locked_at: string;
  locked_by: string;
  locked_by_id: string | null;
  corrects_id: string | null;
  correction_reason: string | null;
  payload: string;
}

/** A lead's request to move an action's due date, and a manager's decision on it. */
export interface DueChangeRequestTable {
  id: string;
  organisation_id: string;
  plan_id: string;
  action_id: string;
  due_raw: string;
  reason: string;
  requested_by: string;
  requested_by_id: string | null;
  requested_at: string;
  state: string;
  decided_by: string | null;
  decided_at: string | null;
  note: string | null;
}

export interface RemovedItemTable {
  id: string;
  organisation_id: string;
  plan_id: string;
  entity_type: string;
  entity_id: string;
  label: string;
  reason: string;
  removed_by: string;
  removed_by_id: string | null;
  removed_at: string;
  restored_at: string | null;
  payload: string;
}

export interface Database {
  users: UserTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  password_resets: PasswordResetTable;
  oidc_logins: OidcLoginTable;
  calendar_feeds: CalendarFeedTable;
  follows: FollowTable;
  event_cursors: EventCursorTable;
  mail_outbox: MailOutboxTable;
  organisations: OrganisationTable;
  people: PersonTable;
  plans: PlanTable;
  plan_people: PlanPersonTable;
  sources: SourceTable;
  sections: SectionTable;
  recommendations: RecommendationTable;
  actions: ActionTable;
  action_leads: ActionLeadTable;
  action_recommendations: ActionRecommendationTable;
  action_measures: ActionMeasureTable;
  measure_recommendations: MeasureRecommendationTable;
  progress_updates: ProgressUpdateTable;
  measures: MeasureTable;
  measure_targets: MeasureTargetTable;
  measure_values: MeasureValueTable;
  measure_comparators: MeasureComparatorTable;
  findings: FindingTable;
  audit_log: AuditTable;
  audit_heads: AuditHeadTable;
  organisation_partners: OrganisationPartnerTable;
  plan_shares: PlanShareTable;
  organisation_grants: OrganisationGrantTable;
  plan_members: PlanMemberTable;
  invitations: InvitationTable;
  previews: PreviewTable;
  import_mappings: ImportMappingTable;
  sign_in_failures: SignInFailureTable;
  removed_items: RemovedItemTable;
  snapshots: SnapshotTable;
  due_change_requests: DueChangeRequestTable;
}

export type PlanRow = Selectable<PlanTable>;
export type ActionRow = Selectable<ActionTable>;
export type NewAudit = Insertable<AuditTable>;
// Kept for later tables with database-made columns.
export type { Generated };
