/** `npm start` runs `ipt serve --demo`: on an empty database it must migrate, load the demo and serve it. */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { freshDatabaseUrl } from '../support/databases.ts';

const BIN = new URL('../../bin/ipt.js', import.meta.url).pathname;

function startServer(
  databaseUrl: string,
): Promise<{ child: ChildProcess; base: string; output: () => string }> {
  const child = spawn('node', [BIN, '--database', databaseUrl, 'serve', '--demo', '--port', '0'], {
    env: { ...process.env, LOG_LEVEL: 'silent' },
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running at (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, base: match[1] as string, output: () => output });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited (${code}): ${output}`)));
  });
}

describe('ipt serve --demo', () => {
  const children: ChildProcess[] = [];
  afterAll(() => children.forEach((c) => c.kill('SIGTERM')));

  it('creates the database, loads the demo once, and serves it over HTTP', async () => {
    const url = await freshDatabaseUrl('sqlite');
    const first = await startServer(url);
    children.push(first.child);
    expect(first.output()).toMatch(/Loaded the demo organisation and plan/);
    expect(first.output()).toMatch(/Sign in as grace\.okafor@riverside\.example with the password \S+/);
    expect((await fetch(`${first.base}/health`)).status).toBe(200);
    expect((await fetch(`${first.base}/api/plans`)).status).toBe(401);
    const signIn = await fetch(`${first.base}/sign-in`);
    expect(signIn.status).toBe(200);
    expect(await signIn.text()).toContain('data-qa="sign-in-form"');
    first.child.kill('SIGTERM');
    await new Promise((r) => first.child.once('exit', r));

    // A second start finds the plan already there and does not load it again.
    const second = await startServer(url);
    children.push(second.child);
    expect(second.output()).not.toMatch(/Loaded the demo/);
    expect((await fetch(`${second.base}/health`)).status).toBe(200);
  });

  it('refuses to start in production with the demo or the default signing key, and says why', async () => {
    const url = await freshDatabaseUrl('sqlite');
    const run = (args: string[], secret: string | null = 'a-production-signing-key-for-this-test') =>
      new Promise<{ code: number | null; output: string }>((resolve) => {
        const env: NodeJS.ProcessEnv = {
          ...process.env,
          LOG_LEVEL: 'silent',
          NODE_ENV: 'production',
          DATABASE_URL: url,
        };
        if (secret) env.SECRET_KEY = secret;
        else delete env.SECRET_KEY;
        const child = spawn('node', [BIN, '--database', url, ...args], { env });
        let output = '';
        child.stdout.on('data', (c: Buffer) => (output += c.toString()));
        child.stderr.on('data', (c: Buffer) => (output += c.toString()));
        child.on('exit', (code) => resolve({ code, output }));
      });
    // The development signing key is published in the code: production refuses it.
    const defaultSecret = await run(['serve', '--port', '0'], null);
    expect(defaultSecret.code).not.toBe(0);
    expect(defaultSecret.output).toContain('SECRET_KEY must be set in production');
    const withDemo = await run(['serve', '--demo', '--port', '0']);
    expect(withDemo.code).not.toBe(0);
    expect(withDemo.output).toContain(
      'the demo organisation and its published password are not for a live service',
    );
    // A database that holds the demo accounts is refused too.
    expect((await run(['demo'])).code).toBe(0);
    const onDemoData = await run(['serve', '--port', '0']);
    expect(onDemoData.code).not.toBe(0);
    expect(onDemoData.output).toContain('holds the demo accounts (');
    expect(onDemoData.output).toContain('grace.okafor@riverside.example');
  }, 30_000);
});
