/**
 * Emails about an action's sign-off, through a real SMTP server on loopback, on both databases: a lead marks work
 * complete and the plan's managers are asked to sign it off (never the lead themself); the manager returns it and the
 * lead is told what is missing; signed off, the lead is told so.
 */
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideDueChange, requestDueChange } from '../../src/core/commands/due-change.commands.ts';
import { DEMO_ACCOUNTS, DEMO_USER } from '../../src/core/demo.ts';
import { dialectsToTest } from '../support/databases.ts';
import { settleMail, startMailTestApp, type TestSmtp } from '../support/smtp.ts';
import { Browser, csrfIn, versionIn, type TestApp } from '../support/web.ts';

const lead = DEMO_ACCOUNTS.find((a) => a.role === 'lead')!;
const to = (mail: ParsedMail) => JSON.stringify(mail.to);

describe.each(dialectsToTest())('sign-off emails on %s', (dialect) => {
  let smtp: TestSmtp;
  let t: TestApp;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ t, smtp, close } = await startMailTestApp(dialect, { publicUrl: 'https://ipt.riverside.example' }));
  });
  afterAll(async () => close?.());

  it('asks the managers to sign off, and tells the lead the answer', async () => {
    const leadBrowser = await new Browser(t.app).signIn(lead.email, DEMO_USER.password);
    const manager = await new Browser(t.app).signIn();
    const doc = await t.ops.exportDocument(t.planId);
    const action = doc.actions.find(
      (a) => a.leads.includes(lead.name) && a.status?.state !== 'complete' && !a.joint,
    )!;
    const markComplete = async () => {
      const page = await leadBrowser.get(`/actions/${action.id}`);
      await leadBrowser.submit(`/actions/${action.id}/progress`, {
        version: versionIn(page.body, 'progress-form'),
        status: 'Complete',
        narrative: 'All practice weeks held',
        evidence: 'https://example.org/report.pdf',
      });
    };
    await markComplete();
    await smtp.waitFor(1);
    await settleMail(t.core);
    const asked = smtp.received.filter((m) => /^Sign-off requested/.test(m.subject ?? ''));
    expect(asked.some((m) => to(m).includes(DEMO_USER.email))).toBe(true);
    expect(asked.some((m) => to(m).includes(lead.email))).toBe(false);
    expect(asked[0]!.text).toContain(`https://ipt.riverside.example/actions/${action.id}`);

    const sign = async (decision: string, reason?: string) => {
      const page = await manager.get(`/actions/${action.id}`);
      await manager.submit(`/actions/${action.id}/sign-off`, {
        version: versionIn(page.body, 'sign-off-form'),
        decision,
        ...(reason ? { reason } : {}),
      });
    };
    const before = smtp.received.length;
    await sign('return', 'The report does not cover the East locality');
    await settleMail(t.core);
    const returned = smtp.received.slice(before).find((m) => to(m).includes(lead.email));
    expect(to(returned!)).toContain(lead.email);
    expect(returned!.subject).toMatch(/^Returned without sign-off/);
    expect(returned!.text).toContain('What is missing: The report does not cover the East locality');

    await markComplete();
    await settleMail(t.core);
    const count = smtp.received.length;
    await sign('approve');
    await settleMail(t.core);
    const signed = smtp.received.slice(count).find((m) => to(m).includes(lead.email));
    expect(signed?.subject).toMatch(/^Signed off/);
  });

  it('tells the managers of a due date change to approve, and the lead of the answer', async () => {
    const doc = await t.ops.exportDocument(t.planId);
    const action = doc.actions.find(
      (a) => a.leads.includes(lead.name) && a.status?.state !== 'complete' && !a.joint,
    )!;
    const leadActor = await t.core.actorByEmail(lead.email);
    const before = smtp.received.length;
    const { requestId } = await t.core.run(requestDueChange, leadActor, {
      actionId: action.id,
      due: '31 March 2027',
      reason: 'The training provider moved the course',
    });
    await settleMail(t.core);
    const asked = smtp.received.slice(before);
    expect(
      asked.some((m) => to(m).includes(DEMO_USER.email) && /awaits your approval/.test(m.subject ?? '')),
    ).toBe(true);
    expect(asked.find((m) => to(m).includes(DEMO_USER.email))?.text).toContain(
      'The training provider moved the course',
    );
    await settleMail(t.core);
    const count = smtp.received.length;
    await t.core.run(decideDueChange, await t.core.actorByEmail(DEMO_USER.email), {
      requestId,
      decision: 'refuse',
      note: 'The board needs it by January',
    });
    await settleMail(t.core);
    const answer = smtp.received.slice(count).find((m) => to(m).includes(lead.email));
    expect(answer?.subject).toMatch(/^New due date refused/);
    expect(answer?.text).toContain('The board needs it by January');

    // The link at its foot stops this kind for the lead; the next answer is not emailed to them.
    const stop = /Stop emails of this kind: https:\/\/ipt\.riverside\.example(\/unsubscribe\/\S+)/.exec(
      answer?.text ?? '',
    )?.[1];
    expect(stop).toContain('kind=due-change');
    const stranger = new Browser(t.app);
    expect((await stranger.get(stop!)).body).toContain('Due date changes to approve');
    expect((await stranger.post(stop!, {})).body).toContain('data-qa="unsubscribed"');
    const again = await t.core.run(requestDueChange, leadActor, {
      actionId: action.id,
      due: '30 April 2027',
      reason: 'Still moved',
    });
    await settleMail(t.core);
    const later = smtp.received.length;
    await t.core.run(decideDueChange, await t.core.actorByEmail(DEMO_USER.email), {
      requestId: again.requestId,
      decision: 'approve',
    });
    await settleMail(t.core);
    expect(smtp.received.slice(later).filter((m) => to(m).includes(lead.email))).toHaveLength(0);
    // Turned on again on the account page, it comes again.
    const leadBrowser = await new Browser(t.app).signIn(lead.email, DEMO_USER.password);
    const account = await leadBrowser.get('/account');
    expect(account.body).not.toMatch(/name="on" type="checkbox" value="due-change" checked/);
    await leadBrowser.post('/account/emails', {
      _csrf: csrfIn(account.body),
      on: ['deadline-reminder', 'sign-off-decision', 'due-change'],
    });
    expect((await leadBrowser.get('/account')).body).toMatch(
      /name="on" type="checkbox" value="due-change" checked/,
    );
  });
});
