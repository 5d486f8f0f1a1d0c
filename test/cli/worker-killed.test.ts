/**
 * A worker killed (SIGKILL) while it is sending a message leaves it to the next: on both databases, two `ipt worker`
 * processes, one message, one email. The mail server holds the first worker's message unanswered; the worker is
 * killed; the second takes the message once the first one's claim has passed and sends it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, describe, expect, it } from 'vitest';
import { inviteUser } from '../../src/core/commands/account.commands.ts';
import { DEMO_COUNCIL, DEMO_USER, loadDemo, readDemoPlan } from '../../src/core/demo.ts';
import { createCore } from '../../src/core/index.ts';
import { openMigratedDatabase } from '../../src/db/connection.ts';
import { OPERATOR } from '../../src/domain/actor.ts';
import { dialectsToTest, freshDatabaseUrl } from '../support/databases.ts';

const BIN = new URL('../../bin/ipt.js', import.meta.url).pathname;

/** An SMTP server that can be told to hold messages unanswered; the messages it accepted, parsed. */
async function stallingSmtp() {
  const accepted: ParsedMail[] = [];
  const state = { holding: true, started: 0 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, callback) {
      state.started += 1;
      if (state.holding) {
        // Read and never answer: the sender waits, as for a slow mail server.
        stream.resume();
        return;
      }
      simpleParser(stream)
        .then((mail) => {
          accepted.push(mail);
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, accepted, state, close: () => server.close() };
}

const until = async (check: () => boolean, ms: number, what: string) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

describe.each(dialectsToTest())('a worker killed mid-send on %s', (dialect) => {
  const children: ChildProcess[] = [];
  afterAll(() => children.forEach((c) => c.kill('SIGKILL')));

  it('leaves the message to the next worker, which sends it once', async () => {
    const smtp = await stallingSmtp();
    try {
      const url = await freshDatabaseUrl(dialect);
      const connection = await openMigratedDatabase(url);
      // No mail server for this process: the invitation waits in the outbox for a worker.
      const core = createCore(connection, {
        mail: { smtpUrl: 'smtp://127.0.0.1:1', from: 'ipt <ipt@x.example>' },
      });
      await core.run(loadDemo, OPERATOR, { document: await readDemoPlan() });
      const council = (await core.queries.accounts.organisations()).find((o) => o.name === DEMO_COUNCIL)!;
      await core.run(inviteUser, await core.actorByEmail(DEMO_USER.email), {
        organisationId: council.id,
        email: 'kim.killed@riverside.example',
        name: 'Kim Killed',
        role: 'board',
      });
      await core.mail.deliver();
      await connection.db
        .updateTable('mail_outbox')
        .set({ claimed_until: null, attempts: 0, last_error: null })
        .execute();
      await core.close();
      await connection.close();

      const env = {
        ...process.env,
        LOG_LEVEL: 'silent',
        DATABASE_URL: url,
        SMTP_URL: smtp.url,
        MAIL_FROM: 'ipt <ipt@riverside.example>',
        MAIL_CLAIM_SECONDS: '2',
        WORKER_INTERVAL_SECONDS: '1',
      };
      const first = spawn('node', [BIN, '--database', url, 'worker'], { env });
      children.push(first);
      await until(() => smtp.state.started === 1, 20_000, 'the first worker to start sending');
      first.kill('SIGKILL');
      smtp.state.holding = false;

      const second = spawn('node', [BIN, '--database', url, 'worker'], { env });
      children.push(second);
      await until(() => smtp.accepted.length === 1, 20_000, 'the second worker to send');
      // Long enough for a second claim to pass: nothing more arrives.
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      expect(smtp.accepted).toHaveLength(1);
      expect(smtp.accepted[0]!.to).toMatchObject({ text: 'kim.killed@riverside.example' });
    } finally {
      smtp.close();
    }
  }, 60_000);
});
