/**
 * Who is acting: a signed-in user (browser, token or `--as` at the command line), or the operator at the command
 * line before any account exists. Every command and query takes one; the audit log names it by user id.
 */
export const ROLES = ['admin', 'manager', 'lead', 'contributor', 'board', 'partner', 'adviser'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_NAMES: Record<Role, string> = {
  admin: 'Administrator',
  manager: 'Plan manager',
  lead: 'Action lead',
  contributor: 'Contributor',
  board: 'Board member',
  partner: 'Partner agency',
  adviser: 'Adviser',
};

export const ORGANISATION_KINDS = [
  'council',
  'health',
  'police',
  'education',
  'partnership',
  'voluntary',
  'government',
] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export const SHARE_ACCESS = ['read', 'joint'] as const;
export type ShareAccess = (typeof SHARE_ACCESS)[number];

export interface UserActor {
  kind: 'user';
  userId: string;
  name: string;
  email: string;
  organisationId: string;
  /** The organisation's name: partners' joint actions name it. */
  organisationName: string;
  role: Role;
  /** The person in the organisation's people this user is linked to explicitly, if any. */
  personId: string | null;
}

/** Whoever runs `ipt` on the server with the database in hand: only before the organisation has an account. */
export interface OperatorActor {
  kind: 'operator';
  userId: null;
  name: string;
}

export type Actor = UserActor | OperatorActor;

export const OPERATOR: OperatorActor = {
  kind: 'operator',
  userId: null,
  name: 'ipt command line (operator)',
};

/**
 * The role of an account made by single sign-on for an organisation that lets its staff make their own: it signs
 * in to nothing until an administrator gives it a role.
 */
export const PENDING_ROLE = 'pending';

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** An account as stored, with its organisation's name: what an actor is made from. */
export interface AccountRow {
  user_id: string;
  email: string;
  name: string;
  organisation_id: string;
  organisation_name: string;
  role: string;
  person_id: string | null;
  deactivated_at: string | null;
}

/** The actor an account acts as; none for a deactivated account or one whose role is not known. */
export function actorOfAccount(row: AccountRow): UserActor | null {
  if (row.deactivated_at || !isRole(row.role)) return null;
  return {
    kind: 'user',
    userId: row.user_id,
    email: row.email,
    name: row.name,
    organisationId: row.organisation_id,
    organisationName: row.organisation_name,
    role: row.role,
    personId: row.person_id,
  };
}
