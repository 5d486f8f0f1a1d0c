/**
 * Signing in: local accounts with argon2id password hashes, sessions, and personal access tokens for
 * scripts. Secrets are random, shown once, and stored only as hashes.
 */
import { randomBytes } from 'node:crypto';
import { argon2id, argon2Verify } from 'hash-wasm';
import type { Db } from '../db/connection.ts';
import { ValidationError } from '../db/errors.ts';
import {
  deleteSession,
  findApiToken,
  findSession,
  findUserByEmail,
  insertApiToken,
  insertSession,
  insertUser,
  revokeApiToken,
  touchApiToken,
  type User,
} from '../db/repositories/account.repository.ts';
import { findOrganisationByName } from '../db/repositories/organisation.repository.ts';

export interface SignedInUser {
  userId: string;
  email: string;
  name: string;
  organisationId: string;
  /** Set for browser sessions: every form must send it back. */
  csrfToken: string | null;
}

const SESSION_DAYS = 7;
const secret = () => randomBytes(32).toString('base64url');

// OWASP's recommended argon2id settings (19 MiB, 2 passes, 1 lane).
async function hashPassword(password: string): Promise<string> {
  return argon2id({
    password,
    salt: randomBytes(16),
    parallelism: 1,
    iterations: 2,
    memorySize: 19456,
    hashLength: 32,
    outputType: 'encoded',
  });
}

// Who a session or token belongs to is remembered briefly, so a page view costs no database read for it.
// Signing out and revoking a token take effect at once in this process.
const REMEMBER_MS = 30_000;
const sessionKey = (token: string) => `session|${token}`;

export function createAuthService(db: Db) {
  const remembered = new Map<string, { user: SignedInUser | null; until: number }>();
  const remember = async (key: string, load: () => Promise<SignedInUser | null>) => {
    const found = remembered.get(key);
    if (found && found.until > Date.now()) return found.user;
    const user = await load();
    if (remembered.size > 10_000) remembered.clear();
    remembered.set(key, { user, until: Date.now() + REMEMBER_MS });
    return user;
  };

  async function addUser(input: {
    email: string;
    organisation: string;
    name?: string;
    password: string;
  }): Promise<User> {
    const email = input.email.trim().toLowerCase();
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email))
      throw new ValidationError(`--email: "${input.email}" is not an email address`);
    if (input.password.length < 10) throw new ValidationError('--password: use at least 10 characters');
    const organisation = await findOrganisationByName(db, input.organisation);
    if (!organisation) throw new ValidationError(`--org: no organisation is called "${input.organisation}"`);
    if (await findUserByEmail(db, email))
      throw new ValidationError(`--email: ${email} already has an account`);
    return insertUser(db, {
      organisationId: organisation.id,
      email,
      name: input.name ?? email.split('@')[0] ?? email,
      passwordHash: await hashPassword(input.password),
    });
  }

  /** Returns a new session token when the password matches; null otherwise (the same answer for unknown emails). */
  async function signIn(email: string, password: string): Promise<string | null> {
    const user = await findUserByEmail(db, email.trim());
    const valid = user ? await argon2Verify({ password, hash: user.password_hash }) : false;
    if (!user || !valid) return null;
    const token = secret();
    const expires = new Date(Date.now() + SESSION_DAYS * 86_400_000).toISOString();
    await insertSession(db, token, user, secret(), expires);
    return token;
  }

  /** The user of a session remembered in this process, or undefined when it must be read (see sessionUser). */
  function rememberedSessionUser(token: string): SignedInUser | null | undefined {
    const found = remembered.get(sessionKey(token));
    return found && found.until > Date.now() ? found.user : undefined;
  }

  async function sessionUser(token: string | undefined): Promise<SignedInUser | null> {
    if (!token) return null;
    const user = await remember(sessionKey(token), () => loadSessionUser(token));
    return user;
  }

  async function loadSessionUser(token: string): Promise<SignedInUser | null> {
    const row = await findSession(db, token);
    if (!row || row.expires_at < new Date().toISOString()) return null;
    return {
      userId: row.user_id,
      email: row.email,
      name: row.name,
      organisationId: row.organisation_id,
      csrfToken: row.csrf_token,
    };
  }

  async function tokenUser(token: string | undefined): Promise<SignedInUser | null> {
    if (!token) return null;
    return remember(`token|${token}`, () => loadTokenUser(token));
  }

  async function loadTokenUser(token: string): Promise<SignedInUser | null> {
    const row = await findApiToken(db, token);
    if (!row || row.revoked_at) return null;
    await touchApiToken(db, row.token_id);
    return {
      userId: row.user_id,
      email: row.email,
      name: row.name,
      organisationId: row.organisation_id,
      csrfToken: null,
    };
  }

  async function createToken(
    email: string,
    name = 'personal access token',
  ): Promise<{ id: string; token: string }> {
    const user = await findUserByEmail(db, email);
    if (!user) throw new ValidationError(`--email: no account for ${email}`);
    const token = `ipt_${secret()}`;
    return { id: await insertApiToken(db, token, user, name), token };
  }

  return {
    addUser,
    signIn,
    signOut: async (token: string) => {
      remembered.delete(sessionKey(token));
      await deleteSession(db, token);
    },
    rememberedSessionUser,
    sessionUser,
    tokenUser,
    createToken,
    revokeToken: async (id: string) => {
      await revokeApiToken(db, id);
      // The id does not say which token it was: forget every remembered token.
      for (const key of remembered.keys()) if (key.startsWith('token|')) remembered.delete(key);
    },
  };
}
