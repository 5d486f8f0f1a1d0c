/** A real SMTP server on loopback (smtp-server) that keeps what arrives, parsed (mailparser). */
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { DialectName } from '../../src/db/connection.ts';
import { startTestApp, type TestApp } from './web.ts';

export interface TestSmtp {
  url: string;
  received: ParsedMail[];
  /** Resolves once `count` messages have arrived (or fails after `ms`). */
  waitFor(count: number, ms?: number): Promise<ParsedMail[]>;
  close(): Promise<void>;
}

export async function startSmtp(): Promise<TestSmtp> {
  const received: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push(mail);
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    async waitFor(count, ms = 5_000) {
      const until = Date.now() + ms;
      while (received.length < count) {
        if (Date.now() > until) throw new Error(`${received.length} of ${count} emails arrived`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      return received;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Until the event log is read and the outbox sent: a run already under way when asked may have begun before the
 * last change, so each is asked twice. An email the SMTP server accepted is in `received` by then.
 */
export async function settleMail(core: TestApp['core']): Promise<void> {
  for (let i = 0; i < 2; i += 1) {
    await core.jobs.notifyFollowers();
    await core.mail.deliver();
  }
}

/** The app on `dialect` with email through a fresh SMTP server on loopback; both closed together. */
export async function startMailTestApp(
  dialect: DialectName,
  options: { publicUrl?: string; secretKey?: string } = {},
): Promise<{ t: TestApp; smtp: TestSmtp; close: () => Promise<void> }> {
  const smtp = await startSmtp();
  const t = await startTestApp(dialect, {
    mail: { smtpUrl: smtp.url, from: 'ipt <ipt@riverside.example>' },
    publicUrl: options.publicUrl ?? 'https://ipt.riverside.example',
    secretKey: options.secretKey,
  });
  return {
    t,
    smtp,
    close: async () => {
      await t.close();
      await smtp.close();
    },
  };
}
