/** A real app on a real database, with a signed-in browser-like client for route tests. */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Connection, DialectName } from '../../src/db/connection.ts';
import { DEMO_USER } from '../../src/core/demo.ts';
import { createCore, type Core, type CoreOptions } from '../../src/core/index.ts';
import { createApp, type AppOptions } from '../../src/web/app.ts';
import { operatorShortcuts, type OperatorShortcuts } from './core.ts';
import { openMigratedDatabase } from '../../src/db/connection.ts';
import { freshDatabaseUrl } from './databases.ts';

export const TODAY = '2026-11-22';

export interface TestApp {
  app: FastifyInstance;
  core: Core;
  /** The same commands and queries, as the operator: for setting up and checking what was stored. */
  ops: OperatorShortcuts;
  connection: Connection;
  /** The database's URL, for the command line to work on the same data. */
  databaseUrl: string;
  planId: string;
  close(): Promise<void>;
}

export async function startTestApp(
  dialect: DialectName = 'sqlite',
  options: Omit<CoreOptions, 'today'> = {},
  appOptions: Omit<AppOptions, 'logLevel'> = {},
): Promise<TestApp> {
  const databaseUrl = await freshDatabaseUrl(dialect);
  const connection = await openMigratedDatabase(databaseUrl);
  const core = createCore(connection, { ...options, today: () => TODAY });
  const ops = operatorShortcuts(core);
  const saved = await ops.loadDemo();
  const app = await createApp(core, { ...appOptions, logLevel: process.env.TEST_LOG_LEVEL ?? 'silent' });
  return {
    app,
    core,
    ops,
    connection,
    databaseUrl,
    planId: saved.planId,
    close: async () => {
      await app.close();
      await core.close();
      await connection.close();
    },
  };
}

export const csrfIn = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

/** The version a form (named by its data-qa) was rendered with: the one its post must name. */
export const versionIn = (html: string, form: string) =>
  new RegExp(`data-qa="${form}"[\\s\\S]*?name="version" value="(\\d+)"`).exec(html)?.[1] ?? '';

/** Keeps cookies between requests like a browser. */
/** One sign-in as a browser at `address` posts it: the form first (for its token), then the post. */
export async function signInFrom(app: FastifyInstance, email: string, password: string, address: string) {
  const page = await app.inject({ method: 'GET', url: '/sign-in', remoteAddress: address });
  const cookie = page.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  return app.inject({
    method: 'POST',
    url: '/sign-in',
    remoteAddress: address,
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({
      _csrf: csrfIn(page.body),
      email,
      password,
      returnTo: '/plans',
    }).toString(),
  });
}

export class Browser {
  cookies = new Map<string, string>();
  constructor(private readonly app: FastifyInstance) {}

  private remember(response: LightMyRequestResponse) {
    for (const c of response.cookies) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    return response;
  }

  get cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async get(url: string) {
    return this.remember(
      await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader } }),
    );
  }

  /** A file sent from a form as a browser sends it (multipart), with the session's CSRF token. */
  async upload(url: string, file: string, content: Buffer) {
    const csrf = csrfIn((await this.get('/plans')).body);
    const boundary = `----ipt${Date.now()}`;
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n`),
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      content,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return this.remember(
      await this.app.inject({
        method: 'POST',
        url,
        headers: { cookie: this.cookieHeader, 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload,
      }),
    );
  }

  /** A form as a browser sends it: a list is one field repeated (checkboxes). */
  async post(url: string, form: Record<string, string | string[]>) {
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(form)) for (const v of [value].flat()) body.append(name, v);
    return this.remember(
      await this.app.inject({
        method: 'POST',
        url,
        headers: { cookie: this.cookieHeader, 'content-type': 'application/x-www-form-urlencoded' },
        payload: body.toString(),
      }),
    );
  }

  /** Posts a form with this session's CSRF token and follows a redirect, as a browser does. */
  async submit(url: string, form: Record<string, string | string[]>) {
    const page = await this.get('/plans');
    const response = await this.post(url, { _csrf: csrfIn(page.body), ...form });
    const html =
      response.statusCode === 303
        ? (await this.get(response.headers.location as string)).body
        : response.body;
    return { status: response.statusCode, html };
  }

  async signIn(email = DEMO_USER.email, password = DEMO_USER.password) {
    const page = await this.get('/sign-in');
    const response = await this.post('/sign-in', {
      _csrf: csrfIn(page.body),
      email,
      password,
      returnTo: '/plans',
    });
    if (response.statusCode !== 303) throw new Error(`sign-in failed: ${response.statusCode}`);
    return this;
  }
}
