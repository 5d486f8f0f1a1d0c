/**
 * Leads' digests through a real SMTP server on loopback, on both databases, for the demo plan at a fixed date: a lead
 * who asked for daily digests gets one email listing the open actions they lead that are overdue, each linked; the
 * day's run sends it once however often it runs; weekly users wait for Monday; the signed link stops them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDaysIso } from '../../src/domain/calendar.ts';
import { dialectsToTest } from '../support/databases.ts';
import { startMailTestApp, type TestSmtp } from '../support/smtp.ts';
import { Browser, csrfIn, TODAY, type TestApp } from '../support/web.ts';

const PUBLIC_URL = 'https://ipt.riverside.example';
const LEAD = { email: 'daniel.marsh@riverside.example', name: 'Daniel Marsh' };

describe.each(dialectsToTest())('digests on %s', (dialect) => {
  let smtp: TestSmtp;
  let t: TestApp;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ t, smtp, close } = await startMailTestApp(dialect, {
      publicUrl: PUBLIC_URL,
      secretKey: 'a-test-signing-key-of-some-length',
    }));
  });
  afterAll(async () => close?.());

  it('sends a daily lead one digest of the day, listing their overdue actions with links', async () => {
    const lead = await new Browser(t.app).signIn(LEAD.email);
    const account = await lead.get('/account');
    expect(account.body).toMatch(/name="frequency" type="radio" value="weekly" checked/);
    const saved = await lead.post('/account/notifications', {
      _csrf: csrfIn(account.body),
      frequency: 'daily',
    });
    expect(saved.statusCode).toBe(303);

    // TODAY is a Sunday: weekly users (everyone else) get nothing today.
    expect(new Date(`${TODAY}T12:00:00Z`).getUTCDay()).toBe(0);
    await t.core.jobs.sendDigests(TODAY);
    await t.core.jobs.sendDigests(TODAY);
    const [mail] = await smtp.waitFor(1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(smtp.received).toHaveLength(1);
    expect(mail!.to).toMatchObject({ text: LEAD.email });
    expect(mail!.text).toContain(`Dear ${LEAD.name},`);

    const doc = await t.ops.exportDocument(t.planId);
    const overdue = doc.actions.filter(
      (a) =>
        a.leads.includes(LEAD.name) &&
        a.due?.end &&
        a.due.end < TODAY &&
        a.status?.state !== 'complete' &&
        !a.signOff,
    );
    expect(overdue.length).toBeGreaterThan(0);
    const overdueSection = /Overdue:\n((?:- .*\n?)+)/.exec(mail!.text ?? '')?.[1] ?? '';
    const listed = [...overdueSection.matchAll(/\/actions\/([\w-]+)/g)].map((m) => m[1]).sort();
    expect(listed).toEqual(overdue.map((a) => a.id).sort());
    expect(mail!.html).toContain(`href="${PUBLIC_URL}/actions/${overdue[0]!.id}"`);
  });

  it('stops with the signed link at its foot, and not with a changed one', async () => {
    const mail = smtp.received[0]!;
    const link = new RegExp(`${PUBLIC_URL}(/unsubscribe/[\\w-]+/[\\w-]+)`).exec(mail.text ?? '')?.[1];
    expect(link).toBeTruthy();
    const stranger = new Browser(t.app);
    const page = await stranger.get(link!);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Stop these emails');
    const forged = await stranger.post(`${link!.slice(0, -4)}AAAA`, {});
    expect(forged.statusCode).toBe(404);
    const stopped = await stranger.post(link!, {});
    expect(stopped.statusCode).toBe(200);
    expect(stopped.body).toContain('data-qa="unsubscribed"');
    await t.core.jobs.sendDigests(addDaysIso(TODAY, 1));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(smtp.received.filter((m) => JSON.stringify(m.to).includes(LEAD.email))).toHaveLength(1);
  });
});
