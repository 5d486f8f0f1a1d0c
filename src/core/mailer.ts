/**
 * Delivering the outbox: after a change commits, any process takes the messages waiting, each claimed for a minute
 * so two processes never send the same one at once, and sends them by SMTP (nodemailer; SMTP_URL, MAIL_FROM). A
 * sent message loses its body (its links are secrets). Without SMTP_URL each is written to the log and kept, body
 * and all, for the organisation's outbox page. A failure is kept with its error and tried again after a growing
 * wait, up to five times; then it stays failed, with its error, on the outbox page.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import type { Db, Executor } from '../db/connection.ts';
import { newId, nowIso } from '../db/ids.ts';
import type { Message } from './messages.ts';

export interface MailSettings {
  smtpUrl: string | null;
  from: string;
  /** How long a process holds a message it is sending (default 60 s): past it, another may send it. */
  claimSeconds?: number;
}
const MAX_ATTEMPTS = 5;

/** Puts a message in the outbox, in the caller's transaction: it goes only if the change commits. */
export async function queueMail(
  db: Executor,
  mail: { organisationId: string; kind: string; to: string; dedupeKey?: string } & Message,
): Promise<string> {
  const id = newId();
  await db
    .insertInto('mail_outbox')
    .values({
      id,
      organisation_id: mail.organisationId,
      kind: mail.kind,
      to_address: mail.to,
      subject: mail.subject,
      text_body: mail.text,
      html_body: mail.html,
      created_at: nowIso(),
      claimed_until: null,
      sent_at: null,
      sent_with: null,
      last_error: null,
      dedupe_key: mail.dedupeKey ?? null,
    })
    // A message already queued under the same key stays as it is.
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .execute();
  return id;
}

export function createMailer(
  db: Db,
  settings: MailSettings,
  log: (message: string, detail: Record<string, unknown>) => void = () => {},
) {
  const transport: Transporter | null = settings.smtpUrl
    ? nodemailer.createTransport(settings.smtpUrl)
    : null;
  let running: Promise<number> | null = null;

  /** Claims one waiting message for this process, or none when another has it (or it is done). */
  async function claim(id: string): Promise<boolean> {
    const now = new Date();
    const result = await db
      .updateTable('mail_outbox')
      .set((eb) => ({
        claimed_until: new Date(now.getTime() + (settings.claimSeconds ?? 60) * 1000).toISOString(),
        attempts: eb('attempts', '+', 1),
      }))
      .where('id', '=', id)
      .where('sent_at', 'is', null)
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now.toISOString())]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async function deliverWaiting(): Promise<number> {
    const waiting = await db
      .selectFrom('mail_outbox')
      .selectAll()
      .where('sent_at', 'is', null)
      .where('attempts', '<', MAX_ATTEMPTS)
      .orderBy('created_at')
      .limit(100)
      .execute();
    let sent = 0;
    for (const mail of waiting) {
      if (!(await claim(mail.id))) continue;
      try {
        if (transport) {
          await transport.sendMail({
            from: settings.from,
            to: mail.to_address,
            subject: mail.subject,
            text: mail.text_body ?? '',
            html: mail.html_body ?? undefined,
            // The same id on a second try lets a mail system drop the copy.
            messageId: `<${mail.id}@ipt>`,
          });
        } else {
          log('email not sent (no SMTP_URL): kept on the outbox page', {
            to: mail.to_address,
            subject: mail.subject,
          });
        }
        await db
          .updateTable('mail_outbox')
          .set({
            sent_at: nowIso(),
            sent_with: transport ? 'smtp' : 'log',
            claimed_until: null,
            last_error: null,
            ...(transport ? { text_body: null, html_body: null } : {}),
          })
          .where('id', '=', mail.id)
          .execute();
        sent += 1;
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        log('email could not be sent; it will be tried again', { to: mail.to_address, error: reason });
        // Tried again after a growing wait: 2, 4, 8, 16 minutes; after the fifth try it stays failed, on the outbox page.
        const wait = 2 ** (mail.attempts + 1) * 60_000;
        await db
          .updateTable('mail_outbox')
          .set({
            last_error: reason.slice(0, 1000),
            claimed_until: new Date(Date.now() + wait).toISOString(),
          })
          .where('id', '=', mail.id)
          .execute();
      }
    }
    return sent;
  }

  return {
    smtp: transport !== null,
    /** Sends what waits; a call while a delivery runs waits for it and then looks again. */
    deliver: async (): Promise<number> => {
      while (running) await running.catch(() => 0);
      running = deliverWaiting();
      try {
        return await running;
      } finally {
        running = null;
      }
    },
    close: () => transport?.close(),
  };
}

export type Mailer = ReturnType<typeof createMailer>;
