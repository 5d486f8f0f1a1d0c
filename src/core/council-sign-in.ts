/**
 * Signing in with the council's account: OpenID Connect (authorisation code with PKCE) against the provider the
 * settings name (Microsoft Entra ID, say), found by issuer discovery. The state, nonce and PKCE verifier of a
 * sign-in under way wait in the database, found again by a secret in the browser's cookie, so any app process can
 * finish it and each is used once. openid-client checks the state, exchanges the code, validates the ID token
 * (issuer, audience, signature, expiry) and its nonce; only a verified email is matched to an account.
 */
import * as client from 'openid-client';
import type { OidcSettings } from '../config.ts';
import type { Db } from '../db/connection.ts';
import { newId, nowIso } from '../db/ids.ts';
import { hashToken } from '../db/repositories/account.repository.ts';
import { newSecret } from './passwords.ts';

/** A sign-in at the provider may take this long (entering a password, a second factor there). */
const LOGIN_MINUTES = 10;

export type CouncilSignInResult =
  | { kind: 'verified'; email: string; name: string | null; returnTo: string }
  /** The provider vouched for the person but not for their email address. */
  | { kind: 'unverified' }
  /** Anything else: no sign-in under way for this browser, a changed state, a bad or expired code, a wrong nonce. */
  | { kind: 'failed'; reason: string };

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

export function createCouncilSignIn(db: Db, settings: OidcSettings | null) {
  let configuration: Promise<client.Configuration> | null = null;
  // Discovered once and kept; a failed discovery is tried again on the next sign-in.
  const discover = () =>
    (configuration ??= client
      .discovery(new URL(settings!.issuer), settings!.clientId, settings!.clientSecret, undefined, {
        // A provider on this machine (the tests' own) may speak plain HTTP; any other must use HTTPS.
        execute: LOOPBACK.has(new URL(settings!.issuer).hostname) ? [client.allowInsecureRequests] : [],
      })
      .catch((error: unknown) => {
        configuration = null;
        throw error;
      }));

  /** Where to send the browser, and the secret its cookie keeps to come back with. */
  async function begin(options: { returnTo: string }) {
    const config = await discover();
    const browserSecret = newSecret();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const verifier = client.randomPKCECodeVerifier();
    const now = new Date();
    await db.deleteFrom('oidc_logins').where('expires_at', '<', now.toISOString()).execute();
    await db
      .insertInto('oidc_logins')
      .values({
        id: newId(),
        browser_hash: hashToken(browserSecret),
        state,
        nonce,
        code_verifier: verifier,
        return_to: options.returnTo,
        created_at: nowIso(),
        expires_at: new Date(now.getTime() + LOGIN_MINUTES * 60_000).toISOString(),
      })
      .execute();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: settings!.redirectUrl,
      scope: 'openid email profile',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url: url.href, browserSecret };
  }

  /** The provider's answer at the redirect URL, for the browser holding `browserSecret`. */
  async function finish(browserSecret: string | undefined, callback: URL): Promise<CouncilSignInResult> {
    if (!browserSecret) return { kind: 'failed', reason: 'no sign-in was under way in this browser' };
    // Used once, whatever happens next.
    const login = await db
      .deleteFrom('oidc_logins')
      .where('browser_hash', '=', hashToken(browserSecret))
      .returningAll()
      .executeTakeFirst();
    if (!login || login.expires_at < nowIso())
      return { kind: 'failed', reason: 'the sign-in took too long or was already used' };
    try {
      const config = await discover();
      // The provider answers at the configured redirect URL; what matters of the request is its query.
      const currentUrl = new URL(settings!.redirectUrl);
      currentUrl.search = callback.search;
      const tokens = await client.authorizationCodeGrant(config, currentUrl, {
        pkceCodeVerifier: login.code_verifier,
        expectedState: login.state,
        expectedNonce: login.nonce,
        idTokenExpected: true,
      });
      const idToken = tokens.claims();
      if (!idToken) return { kind: 'failed', reason: 'no ID token' };
      // Some providers put the email in the ID token (Entra ID), others only at the userinfo endpoint.
      const claims =
        typeof idToken.email === 'string'
          ? idToken
          : await client.fetchUserInfo(config, tokens.access_token, idToken.sub);
      const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : '';
      if (!email || claims.email_verified !== true) return { kind: 'unverified' };
      const name = typeof claims.name === 'string' ? claims.name : null;
      return { kind: 'verified', email, name, returnTo: login.return_to };
    } catch (error) {
      return { kind: 'failed', reason: error instanceof Error ? error.message : String(error) };
    }
  }

  return { enabled: settings !== null, begin, finish };
}

export type CouncilSignIn = ReturnType<typeof createCouncilSignIn>;
