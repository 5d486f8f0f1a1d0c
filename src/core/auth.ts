/**
 * Signing in: local accounts with argon2id password hashes, sessions, and personal access tokens for scripts.
 * Secrets are random, shown once, and stored only as hashes. What a session or token resolves to is an actor.
 */
import type { Db } from '../db/connection.ts';
import type { AuditEntry } from '../db/repositories/audit.repository.ts';
import {
  clearSignInFailures,
  countSignInFailures,
  deleteOtherSessions,
  deleteSession,
  findApiToken,
  findSession,
  findPendingSession,
  findUserByEmail,
  getUser,
  insertSession,
  recordSignInFailure,
  touchApiToken,
  touchSession,
} from '../db/repositories/account.repository.ts';
import { actorOfAccount, type AccountRow, type UserActor } from '../domain/actor.ts';
import { newSecret, verifyPassword } from './passwords.ts';
import { acceptedStep, useRecoveryCode } from './second-factor.ts';
import { fromJson } from '../db/repositories/rows.ts';

export interface SignedInUser extends UserActor {
  /** Set for browser sessions: every form must send it back. */
  csrfToken: string | null;
  /** Signed in with a password where the organisation requires a second factor the user has not set up yet. */
  mustSetUpSecondFactor?: boolean;
}

const SESSION_DAYS = 7;
export const DEFAULT_IDLE_MINUTES = 120;
// A hash to check against when the email is unknown, so both answers take as long.
const NOBODY =
  '$argon2id$v=19$m=19456,t=2,p=1$T4NmSdUHf5/UM0oZZjKgHA$cR8pdrYQPF5J3xibSREBuHx0a89cCPUc0OzrUB1nwLs';

// Who a session or token belongs to is remembered for a second, so a burst of requests (a page and its
// re-reads) costs one database read; signing out, ending a session or revoking a token elsewhere takes effect in
// every process within that second, and at once in the process that did it.
const REMEMBER_MS = 1_000;
// A session's last use is written at most this often.
const TOUCH_MS = 60_000;
const sessionKey = (token: string) => `session|${token}`;

function actorOf(row: AccountRow, csrfToken: string | null): SignedInUser | null {
  const actor = actorOfAccount(row);
  return actor ? { ...actor, csrfToken } : null;
}

export type SignInResult =
  | { kind: 'signed-in'; token: string }
  | { kind: 'wrong' }
  /** Too many wrong passwords for the account or from the address: refused, whatever the password, for a while. */
  | { kind: 'locked'; minutes: number }
  /** The password was right; `token` names the session that waits for the second factor's code. */
  | { kind: 'second-factor'; token: string }
  /** The waiting session is gone or past its ten minutes: sign in again. */
  | { kind: 'expired' }
  /** The password was right, but the account's organisation has switched local passwords off. */
  | { kind: 'council-account-only' };

export function createAuth(
  db: Db,
  throttle: { maxFailures: number; windowMinutes: number } = { maxFailures: 10, windowMinutes: 15 },
  audit: (entry: AuditEntry) => Promise<void> = async () => {},
  /** How long a session may go unused before it ends. */
  idleMinutes = DEFAULT_IDLE_MINUTES,
) {
  const remembered = new Map<string, { user: SignedInUser | null; until: number }>();
  const remember = async (key: string, load: () => Promise<SignedInUser | null>) => {
    const found = remembered.get(key);
    if (found && found.until > Date.now()) return found.user;
    const user = await load();
    if (remembered.size > 10_000) remembered.clear();
    remembered.set(key, { user, until: Date.now() + REMEMBER_MS });
    return user;
  };

  /**
   * A new session when the password matches an active account. Wrong passwords are counted by account and by
   * address; past the limit in the window, sign-in is refused for both until the window has passed (the real
   * user can still reset their password), and the account's organisation has it in its audit log.
   */
  async function signIn(email: string, password: string, address = 'unknown'): Promise<SignInResult> {
    const keys = [`email:${email.trim().toLowerCase()}`, `address:${address}`];
    const windowStart = new Date(Date.now() - throttle.windowMinutes * 60_000).toISOString();
    const failures = await countSignInFailures(db, keys, windowStart);
    const user = await findUserByEmail(db, email.trim());
    if (Math.max(0, ...failures.values()) >= throttle.maxFailures)
      return { kind: 'locked', minutes: throttle.windowMinutes };
    const valid = await verifyPassword(password, user?.password_hash ?? NOBODY).catch(() => false);
    if (!user || !valid || user.deactivated_at) {
      await recordSignInFailure(db, keys, new Date().toISOString());
      const now = Math.max(0, ...[...failures.values()].map((n) => n + 1));
      if (user && now === throttle.maxFailures)
        await audit({
          organisationId: user.organisation_id,
          actor: 'sign-in throttle',
          operation: 'lock',
          entityType: 'account',
          entityId: user.id,
          after: { failures: now, windowMinutes: throttle.windowMinutes, address },
        });
      return { kind: 'wrong' };
    }
    await clearSignInFailures(db, keys[0] as string, windowStart);
    // Told only to whoever knows the password: the organisation signs its staff in with their council account.
    if ((await organisationOf(user.organisation_id))?.local_sign_in === 0)
      return { kind: 'council-account-only' };
    const token = newSecret();
    if (user.totp_enabled_at) {
      // The password was right; the session waits ten minutes for the code and signs nobody in until then.
      const expires = new Date(Date.now() + 10 * 60_000).toISOString();
      await insertSession(db, token, user, newSecret(), expires, true);
      return { kind: 'second-factor', token };
    }
    const expires = new Date(Date.now() + SESSION_DAYS * 86_400_000).toISOString();
    await insertSession(db, token, user, newSecret(), expires);
    return { kind: 'signed-in', token };
  }

  /**
   * The second step of signing in: the code from the app (each usable once) or a recovery code (used up). Wrong
   * codes count with wrong passwords. A right one ends the waiting session and starts a new one under a new
   * secret, so nothing learnt before the code was given signs anyone in.
   */
  async function completeSecondFactor(
    pendingToken: string,
    code: string,
    address = 'unknown',
  ): Promise<SignInResult> {
    const pending = await findPendingSession(db, pendingToken);
    if (!pending || pending.expires_at < new Date().toISOString()) return { kind: 'expired' };
    const user = await getUser(db, pending.user_id);
    if (!user || user.deactivated_at || !user.totp_secret) return { kind: 'expired' };
    const keys = [`email:${user.email}`, `address:${address}`];
    const windowStart = new Date(Date.now() - throttle.windowMinutes * 60_000).toISOString();
    const failures = await countSignInFailures(db, keys, windowStart);
    if (Math.max(0, ...failures.values()) >= throttle.maxFailures) {
      await deleteSession(db, pendingToken);
      return { kind: 'locked', minutes: throttle.windowMinutes };
    }
    const step = await acceptedStep(user.totp_secret, code, user.totp_last_step);
    const remaining =
      step === null ? useRecoveryCode(fromJson<string[]>(user.recovery_codes ?? null, []), code) : null;
    if (step === null && remaining === null) {
      await recordSignInFailure(db, keys, new Date().toISOString());
      return { kind: 'wrong' };
    }
    await db
      .updateTable('users')
      .set(step !== null ? { totp_last_step: step } : { recovery_codes: JSON.stringify(remaining) })
      .where('id', '=', user.id)
      .execute();
    if (remaining !== null)
      await audit({
        organisationId: user.organisation_id,
        actor: user.name,
        actorId: user.id,
        operation: 'update',
        entityType: 'user',
        entityId: user.id,
        after: { recoveryCodeUsed: true, recoveryCodesLeft: remaining.length },
      });
    await deleteSession(db, pendingToken);
    const token = newSecret();
    const expires = new Date(Date.now() + SESSION_DAYS * 86_400_000).toISOString();
    await insertSession(db, token, user, newSecret(), expires);
    return { kind: 'signed-in', token };
  }

  /** The user of a session remembered in this process, or undefined when it must be read (see sessionUser). */
  function rememberedSessionUser(token: string): SignedInUser | null | undefined {
    const found = remembered.get(sessionKey(token));
    return found && found.until > Date.now() ? found.user : undefined;
  }

  async function sessionUser(token: string | undefined): Promise<SignedInUser | null> {
    if (!token) return null;
    return remember(sessionKey(token), async () => {
      const row = await findSession(db, token);
      const now = Date.now();
      if (!row || row.expires_at < new Date(now).toISOString()) return null;
      const lastSeen = Date.parse(row.last_seen_at ?? row.session_created_at);
      // A session left idle past the limit ends, as if its user had signed out.
      if (now - lastSeen > idleMinutes * 60_000) {
        await deleteSession(db, token);
        return null;
      }
      if (now - lastSeen > TOUCH_MS) await touchSession(db, token, new Date(now).toISOString());
      const user = actorOf(row, row.csrf_token);
      const mustSetUp =
        row.second_factor_required === 1 && !row.totp_enabled_at && row.signed_in_with === 'password';
      return user && mustSetUp ? { ...user, mustSetUpSecondFactor: true } : user;
    });
  }

  async function tokenUser(token: string | undefined): Promise<SignedInUser | null> {
    if (!token) return null;
    return remember(`token|${token}`, async () => {
      const row = await findApiToken(db, token);
      if (!row || row.revoked_at) return null;
      await touchApiToken(db, row.token_id);
      return actorOf(row, null);
    });
  }

  /**
   * A session for an account the council's identity provider vouched for (single sign-on): the provider asked for
   * any second factor, so none is asked here. Null when the account cannot sign in (deactivated, no role yet).
   */
  async function startCouncilSession(userId: string): Promise<string | null> {
    const user = await getUser(db, userId);
    const organisation = user ? await organisationOf(user.organisation_id) : undefined;
    if (!user || !organisation) return null;
    const actor = actorOfAccount({
      user_id: user.id,
      email: user.email,
      name: user.name,
      organisation_id: user.organisation_id,
      organisation_name: organisation.name,
      role: user.role,
      person_id: user.person_id,
      deactivated_at: user.deactivated_at,
    });
    if (!actor) return null;
    const token = newSecret();
    const expires = new Date(Date.now() + SESSION_DAYS * 86_400_000).toISOString();
    await insertSession(db, token, user, newSecret(), expires, false, 'council-account');
    return token;
  }
  const organisationOf = (id: string) =>
    db.selectFrom('organisations').select(['name', 'local_sign_in']).where('id', '=', id).executeTakeFirst();

  return {
    signIn,
    completeSecondFactor,
    startCouncilSession,
    signOut: async (token: string) => {
      remembered.delete(sessionKey(token));
      await deleteSession(db, token);
    },
    /** Ends every other session of this session's account, in every process within a second. */
    endOtherSessions: async (token: string) => {
      const ended = await deleteOtherSessions(db, token);
      remembered.clear();
      return ended;
    },
    rememberedSessionUser,
    sessionUser,
    tokenUser,
    /** After a change to accounts through this process (role, deactivation, a revoked token): read them again. */
    forgetAll: () => remembered.clear(),
  };
}

export type Auth = ReturnType<typeof createAuth>;
