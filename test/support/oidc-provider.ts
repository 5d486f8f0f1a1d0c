/**
 * A real OpenID Connect provider on loopback (oidc-provider), standing in for a council's Microsoft Entra ID: one
 * client (ipt) with PKCE required, accounts the test names with their email and whether it is verified, and its
 * development sign-in form (any password) with consent granted without asking. `signInAt` goes through that form
 * as a browser would and returns where the provider sends the browser back.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface TestAccount {
  email: string;
  email_verified: boolean;
  name: string;
}

export const CLIENT_ID = 'ipt-test';
export const CLIENT_SECRET = 'a-test-client-secret-of-some-length';

export interface TestProvider {
  issuer: string;
  accounts: Map<string, TestAccount>;
  /** Seconds an authorisation code lasts (the provider's default is 60). */
  codeLifetime: { seconds: number };
  /** Signs `accountId` in at the provider from the authorisation URL; the URL it redirects back to. */
  signInAt(authorizationUrl: string, accountId: string): Promise<string>;
  close(): Promise<void>;
}

export async function startOidcProvider(redirectUri: string): Promise<TestProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const accounts = new Map<string, TestAccount>();
  const codeLifetime = { seconds: 60 };
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        redirect_uris: [redirectUri],
        response_types: ['code'],
        grant_types: ['authorization_code'],
      },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    pkce: { required: () => true },
    ttl: { AuthorizationCode: () => codeLifetime.seconds },
    cookies: { keys: ['test-provider-cookie-key'] },
    findAccount: (_ctx, sub) => {
      const account = accounts.get(sub);
      return account ? { accountId: sub, claims: () => ({ sub, ...account }) } : undefined;
    },
    // First-party: the council's own provider does not ask its staff to consent to their own service.
    loadExistingGrant: async (ctx) => {
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client!.clientId,
        accountId: ctx.oidc.session!.accountId!,
      });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
  });
  const handle = provider.callback();
  server.on('request', (request, response) => void handle(request, response));

  async function signInAt(authorizationUrl: string, accountId: string): Promise<string> {
    const jar = new Map<string, string>();
    const send = async (url: string, init: RequestInit = {}) => {
      const response = await fetch(new URL(url, issuer), {
        ...init,
        redirect: 'manual',
        headers: { ...init.headers, cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
      });
      for (const cookie of response.headers.getSetCookie()) {
        const [pair = ''] = cookie.split(';');
        const at = pair.indexOf('=');
        jar.set(pair.slice(0, at), pair.slice(at + 1));
      }
      return response;
    };
    let response = await send(authorizationUrl);
    for (let hops = 0; hops < 10; hops++) {
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        if (!location.startsWith(issuer) && !location.startsWith('/')) return location;
        response = await send(location);
        continue;
      }
      // The sign-in form: any password will do.
      const html = await response.text();
      const action = /<form[^>]+action="([^"]+)"/.exec(html)?.[1];
      if (!action)
        throw new Error(`The provider answered ${response.status} without a form: ${html.slice(0, 300)}`);
      response = await send(action, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ prompt: 'login', login: accountId, password: 'any' }).toString(),
      });
    }
    throw new Error('The provider never sent the browser back');
  }

  return {
    issuer,
    accounts,
    codeLifetime,
    signInAt,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
