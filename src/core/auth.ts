/**
 * Signing in: local accounts with argon2id password hashes, sessions, and personal access tokens for scripts.
 * Secrets are random, shown once, and stored only as hashes. What a session or token resolves to is an actor.
 */
import type { Db } from '../db/connection.ts';
import {
  deleteSession,
  findApiToken,
  findSession,
  findUserByEmail,
  insertSession,
  touchApiToken,
} from '../db/repositories/account.repository.ts';
import { actorOfAccount, type AccountRow, type UserActor } from '../domain/actor.ts';
import { newSecret, verifyPassword } from './passwords.ts';

export interface SignedInUser extends UserActor {
  /** Set for browser sessions: every form must send it back. */
  csrfToken: string | null;
}

const SESSION_DAYS = 7;
// A hash to check against when the email is unknown, so both answers take as long.
const NOBODY =
  '$argon2id$v=19$m=19456,t=2,p=1$T4NmSdUHf5/UM0oZZjKgHA$cR8pdrYQPF5J3xibSREBuHx0a89cCPUc0OzrUB1nwLs';

// Who a session or token belongs to is remembered briefly, so a page view costs no database read for it.
// Signing out and revoking a token take effect at once in this process.
const REMEMBER_MS = 30_000;
const sessionKey = (token: string) => `session|${token}`;

function actorOf(row: AccountRow, csrfToken: string | null): SignedInUser | null {
  const actor = actorOfAccount(row);
  return actor ? { ...actor, csrfToken } : null;
}

export function createAuth(db: Db) {
  const remembered = new Map<string, { user: SignedInUser | null; until: number }>();
  const remember = async (key: string, load: () => Promise<SignedInUser | null>) => {
    const found = remembered.get(key);
    if (found && found.until > Date.now()) return found.user;
    const user = await load();
    if (remembered.size > 10_000) remembered.clear();
    remembered.set(key, { user, until: Date.now() + REMEMBER_MS });
    return user;
  };

  /** Returns a new session token when the password matches an active account; null otherwise. */
  async function signIn(email: string, password: string): Promise<string | null> {
    const user = await findUserByEmail(db, email.trim());
    const valid = await verifyPassword(password, user?.password_hash ?? NOBODY).catch(() => false);
    if (!user || !valid || user.deactivated_at) return null;
    const token = newSecret();
    const expires = new Date(Date.now() + SESSION_DAYS * 86_400_000).toISOString();
    await insertSession(db, token, user, newSecret(), expires);
    return token;
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
      if (!row || row.expires_at < new Date().toISOString()) return null;
      return actorOf(row, row.csrf_token);
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

  return {
    signIn,
    signOut: async (token: string) => {
      remembered.delete(sessionKey(token));
      await deleteSession(db, token);
    },
    rememberedSessionUser,
    sessionUser,
    tokenUser,
    /** After a change to accounts through this process (role, deactivation, a revoked token): read them again. */
    forgetAll: () => remembered.clear(),
  };
}

export type Auth = ReturnType<typeof createAuth>;
