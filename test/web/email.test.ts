/**
 * Email through a real SMTP server on loopback, on both databases: an invitation and a password reset arrive with
 * their link to the service, in plain text and HTML; the outbox keeps no link once sent; a message is sent once even
 * when two app processes race to deliver it, and one the server refused is kept to be tried again. Without SMTP, the outbox page keeps it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inviteUser } from '../../src/core/commands/account.commands.ts';
import { createCore } from '../../src/core/index.ts';
import { openMigratedDatabase } from '../../src/db/connection.ts';
import { DEMO_COUNCIL, DEMO_USER } from '../../src/core/demo.ts';
import { dialectsToTest } from '../support/databases.ts';
import { startSmtp, type TestSmtp } from '../support/smtp.ts';
import { Browser, csrfIn, startTestApp, type TestApp } from '../support/web.ts';

const PUBLIC_URL = 'https://ipt.riverside.example';
const FROM = 'Riverside improvement plan <ipt@riverside.example>';

describe.each(dialectsToTest())('email on %s', (dialect) => {
  let smtp: TestSmtp;
  let t: TestApp;

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startTestApp(dialect, { mail: { smtpUrl: smtp.url, from: FROM }, publicUrl: PUBLIC_URL });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('sends an invitation with its link, and keeps only who and what once it has gone', async () => {
    const admin = await new Browser(t.app).signIn();
    const page = await admin.get('/organisation/users');
    const made = await admin.post('/organisation/users/invitations', {
      _csrf: csrfIn(page.body),
      email: 'nadia.new@riverside.example',
      name: 'Nadia New',
      role: 'lead',
    });
    expect(made.statusCode).toBe(303);
    expect(decodeURIComponent(made.headers.location as string)).toContain(
      'Invitation emailed to nadia.new@riverside.example',
    );
    const [mail] = await smtp.waitFor(1);
    expect(mail!.to).toMatchObject({ text: 'nadia.new@riverside.example' });
    expect(mail!.from?.text).toContain('ipt@riverside.example');
    expect(mail!.subject).toBe('You have been invited to Improvement Plan Tracker');
    const link = new RegExp(`${PUBLIC_URL}/invitations/[\\w-]+`).exec(mail!.text ?? '')?.[0];
    expect(link).toBeTruthy();
    expect(mail!.text).toContain(`${DEMO_COUNCIL} has invited you`);
    expect(mail!.html).toContain(`href="${link}"`);
    // The link works: it opens the page to set up the account.
    expect((await new Browser(t.app).get(new URL(link!).pathname)).statusCode).toBe(200);
    const kept = await t.connection.db
      .selectFrom('mail_outbox')
      .selectAll()
      .where('to_address', '=', 'nadia.new@riverside.example')
      .executeTakeFirstOrThrow();
    expect(kept).toMatchObject({ sent_with: 'smtp', text_body: null, html_body: null });
    const outbox = await admin.get('/organisation/outbox');
    expect(outbox.body).toContain('nadia.new@riverside.example');
    expect(outbox.body).not.toContain('/invitations/');
  });

  it('emails a password reset link an administrator makes', async () => {
    const before = smtp.received.length;
    const admin = await new Browser(t.app).signIn();
    const page = await admin.get('/organisation/users');
    const userId = /action="\/organisation\/users\/([^/]+)\/password-reset"/.exec(page.body)?.[1];
    const made = await admin.post(`/organisation/users/${userId}/password-reset`, {
      _csrf: csrfIn(page.body),
    });
    expect(decodeURIComponent(made.headers.location as string)).toContain('Password reset link emailed to');
    const mail = (await smtp.waitFor(before + 1))[before]!;
    expect(mail.subject).toBe('Choose a new password for Improvement Plan Tracker');
    expect(mail.text).toMatch(new RegExp(`${PUBLIC_URL}/password-reset/[\\w-]+`));
  });

  it('sends a message once when two app processes race to deliver it', async () => {
    const before = smtp.received.length;
    const admin = await t.core.actorByEmail(DEMO_USER.email);
    const council = (await t.ops.organisations()).find((o) => o.name === DEMO_COUNCIL)!;
    await t.core.run(inviteUser, admin, {
      organisationId: council.id,
      email: 'omar.once@riverside.example',
      name: 'Omar Once',
      role: 'board',
    });
    // A second app process on the same database races this one for the message.
    const otherConnection = await openMigratedDatabase(t.databaseUrl);
    const other = createCore(otherConnection, {
      mail: { smtpUrl: smtp.url, from: FROM },
      publicUrl: PUBLIC_URL,
    });
    try {
      await Promise.all([
        t.core.mail.deliver(),
        other.mail.deliver(),
        other.mail.deliver(),
        t.core.mail.deliver(),
      ]);
    } finally {
      await other.close();
      await otherConnection.close();
    }
    await smtp.waitFor(before + 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(smtp.received.filter((m) => m.subject && /omar\.once/.test(JSON.stringify(m.to)))).toHaveLength(1);
  });
});

describe('email when the mail server is down, and without SMTP', () => {
  it('keeps a message the server refused, with its error and its body, and tries again after a wait', async () => {
    const smtp = await startSmtp();
    const url = smtp.url;
    await smtp.close();
    const t = await startTestApp('sqlite', { mail: { smtpUrl: url, from: FROM }, publicUrl: PUBLIC_URL });
    try {
      const admin = await t.core.actorByEmail(DEMO_USER.email);
      const council = (await t.ops.organisations()).find((o) => o.name === DEMO_COUNCIL)!;
      await t.core.run(inviteUser, admin, {
        organisationId: council.id,
        email: 'late.letter@riverside.example',
        name: 'Late Letter',
        role: 'board',
      });
      await t.core.mail.deliver();
      const failed = await t.connection.db.selectFrom('mail_outbox').selectAll().executeTakeFirstOrThrow();
      expect(failed.sent_at).toBeNull();
      expect(failed.last_error).toBeTruthy();
      expect(failed.text_body).toContain('/invitations/');
      expect(failed.attempts).toBe(1);
      // Not tried again at once: after a wait that grows with each try.
      await t.core.mail.deliver();
      const waiting = await t.connection.db.selectFrom('mail_outbox').selectAll().executeTakeFirstOrThrow();
      expect(waiting.attempts).toBe(1);
      expect(waiting.claimed_until! > new Date(Date.now() + 60_000).toISOString()).toBe(true);
      await t.connection.db
        .updateTable('mail_outbox')
        .set({ claimed_until: '2000-01-01T00:00:00.000Z' })
        .execute();
      await t.core.mail.deliver();
      expect(
        (await t.connection.db.selectFrom('mail_outbox').selectAll().executeTakeFirstOrThrow()).attempts,
      ).toBe(2);
    } finally {
      await t.close();
    }
  });

  it('keeps the message, link and all, on the outbox page for the admin to pass on', async () => {
    const t = await startTestApp('sqlite');
    try {
      const admin = await new Browser(t.app).signIn();
      const page = await admin.get('/organisation/users');
      const made = await admin.post('/organisation/users/invitations', {
        _csrf: csrfIn(page.body),
        email: 'paul.passon@riverside.example',
        name: 'Paul Passon',
        role: 'lead',
      });
      expect(decodeURIComponent(made.headers.location as string)).toContain('Email is not set up');
      await t.core.mail.deliver();
      const outbox = await admin.get('/organisation/outbox');
      expect(outbox.body).toContain('data-qa="no-smtp"');
      expect(outbox.body).toMatch(/data-qa="message-body">[^<]*http:\/\/localhost:3000\/invitations\/[\w-]+/);
    } finally {
      await t.close();
    }
  });
});
