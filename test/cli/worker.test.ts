/**
 * `ipt worker` on its own sends what waits in the outbox, through a real SMTP server on loopback; `ipt serve
 * --no-worker` leaves it to the worker and says so.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { inviteUser } from '../../src/core/commands/account.commands.ts';
import { createCore } from '../../src/core/index.ts';
import { loadDemo, readDemoPlan, DEMO_COUNCIL, DEMO_USER } from '../../src/core/demo.ts';
import { openMigratedDatabase } from '../../src/db/connection.ts';
import { OPERATOR } from '../../src/domain/actor.ts';
import { freshDatabaseUrl } from '../support/databases.ts';
import { startSmtp } from '../support/smtp.ts';

const BIN = new URL('../../bin/ipt.js', import.meta.url).pathname;

function start(args: string[], env: Record<string, string>, until: RegExp) {
  const child = spawn('node', [BIN, ...args], { env: { ...process.env, LOG_LEVEL: 'silent', ...env } });
  let output = '';
  return {
    child,
    ready: new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`not ready: ${output}`)), 20_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (until.test(output)) {
          clearTimeout(timer);
          resolve(output);
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
    }),
  };
}

describe('ipt worker', () => {
  const children: ChildProcess[] = [];
  afterAll(() => children.forEach((c) => c.kill('SIGTERM')));

  it('sends the invitation waiting in the outbox, and serve --no-worker leaves it', async () => {
    const smtp = await startSmtp();
    try {
      const url = await freshDatabaseUrl('sqlite');
      const connection = await openMigratedDatabase(url);
      const core = createCore(connection);
      await core.run(loadDemo, OPERATOR, { document: await readDemoPlan() });
      const admin = await core.actorByEmail(DEMO_USER.email);
      const council = (await core.queries.accounts.organisations()).find((o) => o.name === DEMO_COUNCIL)!;
      await core.run(inviteUser, admin, {
        organisationId: council.id,
        email: 'wanda.worker@riverside.example',
        name: 'Wanda Worker',
        role: 'board',
      });
      // This process has no mail server: once it has kept the message, it is put back to wait for a worker that has.
      await core.mail.deliver();
      await connection.db.updateTable('mail_outbox').set({ sent_at: null, sent_with: null }).execute();
      await core.close();
      await connection.close();

      const env = { SMTP_URL: smtp.url, MAIL_FROM: 'ipt <ipt@riverside.example>', DATABASE_URL: url };
      const server = start(['--database', url, 'serve', '--port', '0', '--no-worker'], env, /--no-worker/);
      children.push(server.child);
      expect(await server.ready).toContain('run `ipt worker` to send emails and digests');
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(smtp.received).toHaveLength(0);

      const worker = start(['--database', url, 'worker'], env, /ipt worker is running/);
      children.push(worker.child);
      expect(await worker.ready).toContain('email by SMTP');
      const [mail] = await smtp.waitFor(1, 15_000);
      expect(mail!.to).toMatchObject({ text: 'wanda.worker@riverside.example' });
    } finally {
      await smtp.close();
    }
  }, 60_000);
});
