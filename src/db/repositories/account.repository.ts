/** Users, sessions and personal access tokens. Tokens and session ids are stored as SHA-256 hashes. */
import { createHash } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Executor } from '../connection.ts';
import { newId, nowIso } from '../ids.ts';
import type { UserTable } from '../schema.ts';

export type User = Selectable<UserTable>;

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** What an actor is made from (an AccountRow), in a query joining users to their organisation. */
export const ACCOUNT_COLUMNS = [
  'users.id as user_id',
  'users.email',
  'users.name',
  'users.organisation_id',
  'organisations.name as organisation_name',
  'users.role',
  'users.person_id',
  'users.deactivated_at',
] as const;

export const findUserByEmail = (db: Executor, email: string) =>
  db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();

export const getUser = (db: Executor, id: string) =>
  db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();

export async function insertSession(
  db: Executor,
  token: string,
  user: User,
  csrf: string,
  expiresAt: string,
  awaitingSecondFactor = false,
  signedInWith: 'password' | 'council-account' = 'password',
) {
  await db
    .insertInto('sessions')
    .values({
      id: newId(),
      token_hash: hashToken(token),
      user_id: user.id,
      organisation_id: user.organisation_id,
      csrf_token: csrf,
      created_at: nowIso(),
      expires_at: expiresAt,
      awaiting_second_factor: awaitingSecondFactor ? 1 : 0,
      signed_in_with: signedInWith,
    })
    .execute();
}

/** A session waiting for its second factor's code. */
export const findPendingSession = (db: Executor, token: string) =>
  db
    .selectFrom('sessions')
    .select(['user_id', 'expires_at'])
    .where('token_hash', '=', hashToken(token))
    .where('awaiting_second_factor', '=', 1)
    .executeTakeFirst();

export async function findSession(db: Executor, token: string) {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .innerJoin('organisations', 'organisations.id', 'users.organisation_id')
    .select([
      'sessions.csrf_token',
      'sessions.expires_at',
      'sessions.created_at as session_created_at',
      'sessions.last_seen_at',
      ...ACCOUNT_COLUMNS,
      'organisations.second_factor_required',
      'users.totp_enabled_at',
      'sessions.signed_in_with',
    ])
    .where('sessions.token_hash', '=', hashToken(token))
    .where('sessions.awaiting_second_factor', '=', 0)
    .executeTakeFirst();
}

export const touchSession = (db: Executor, token: string, at: string) =>
  db.updateTable('sessions').set({ last_seen_at: at }).where('token_hash', '=', hashToken(token)).execute();

/** Every other session of the same account ends: "sign me out everywhere else". */
export async function deleteOtherSessions(db: Executor, token: string): Promise<number> {
  const own = await db
    .selectFrom('sessions')
    .select('user_id')
    .where('token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (!own) return 0;
  const result = await db
    .deleteFrom('sessions')
    .where('user_id', '=', own.user_id)
    .where('token_hash', '!=', hashToken(token))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export const deleteSession = (db: Executor, token: string) =>
  db.deleteFrom('sessions').where('token_hash', '=', hashToken(token)).execute();

export async function insertApiToken(db: Executor, token: string, user: User, name: string): Promise<string> {
  const id = newId();
  await db
    .insertInto('api_tokens')
    .values({
      id,
      token_hash: hashToken(token),
      user_id: user.id,
      organisation_id: user.organisation_id,
      name,
      created_at: nowIso(),
      revoked_at: null,
      last_used_at: null,
    })
    .execute();
  return id;
}

export async function findApiToken(db: Executor, token: string) {
  return db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .innerJoin('organisations', 'organisations.id', 'users.organisation_id')
    .select(['api_tokens.id as token_id', 'api_tokens.revoked_at', ...ACCOUNT_COLUMNS])
    .where('api_tokens.token_hash', '=', hashToken(token))
    .executeTakeFirst();
}

export const revokeApiToken = (db: Executor, id: string) =>
  db.updateTable('api_tokens').set({ revoked_at: nowIso() }).where('id', '=', id).execute();

export const touchApiToken = (db: Executor, id: string) =>
  db.updateTable('api_tokens').set({ last_used_at: nowIso() }).where('id', '=', id).execute();

/** The organisation's active accounts, by name: the users a plan may name (as its approver, say). */
export async function activeUsersOf(db: Executor, organisationId: string) {
  return db
    .selectFrom('users')
    .select(['id', 'name', 'email', 'role'])
    .where('organisation_id', '=', organisationId)
    .where('deactivated_at', 'is', null)
    .orderBy('name')
    .execute();
}

/** How many wrong passwords each key has had since `since`. */
export async function countSignInFailures(db: Executor, keys: string[], since: string) {
  const rows = await db
    .selectFrom('sign_in_failures')
    .select(['key', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('key', 'in', keys)
    .where('failed_at', '>=', since)
    .groupBy('key')
    .execute();
  return new Map(rows.map((r) => [r.key, Number(r.n)]));
}

export async function recordSignInFailure(db: Executor, keys: string[], at: string): Promise<void> {
  await db
    .insertInto('sign_in_failures')
    .values(keys.map((key) => ({ id: newId(), key, failed_at: at })))
    .execute();
}

export async function clearSignInFailures(db: Executor, key: string, before: string): Promise<void> {
  await db.deleteFrom('sign_in_failures').where('key', '=', key).execute();
  // Old failures of every key go too: the table holds only the throttle's window.
  await db.deleteFrom('sign_in_failures').where('failed_at', '<', before).execute();
}
