/**
 * Before a board's update deadline, the leads who owe updates are reminded; after it, the plan's managers get up to
 * three escalations naming who has not updated. Through a real SMTP server on loopback, on both databases, for the
 * demo plan with a meeting six days after the fixed date and updates due four days before it.
 */
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editPlan } from '../../src/core/commands/plan-settings.commands.ts';
import { OPERATOR } from '../../src/domain/actor.ts';
import { addDaysIso } from '../../src/domain/calendar.ts';
import { dialectsToTest } from '../support/databases.ts';
import { startMailTestApp, type TestSmtp } from '../support/smtp.ts';
import { TODAY, type TestApp } from '../support/web.ts';

const LEAD = { email: 'daniel.marsh@riverside.example', name: 'Daniel Marsh' };
const ADMIN = 'grace.okafor@riverside.example';
const MEETING = addDaysIso(TODAY, 6);
const DEADLINE = addDaysIso(TODAY, 2);

const to = (mail: ParsedMail) => JSON.stringify(mail.to);

describe.each(dialectsToTest())('update deadline reminders on %s', (dialect) => {
  let smtp: TestSmtp;
  let t: TestApp;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ t, smtp, close } = await startMailTestApp(dialect, { publicUrl: 'https://ipt.riverside.example' }));
    const version = (await t.connection.db.selectFrom('plans').select('version').executeTakeFirstOrThrow())
      .version;
    await t.core.run(editPlan, OPERATOR, {
      planId: t.planId,
      version,
      governance: [{ board: 'Riverside Improvement Board', meetings: [MEETING], updateDeadlineDays: 4 }],
    });
  });
  afterAll(async () => close?.());

  /** The lead's open actions with no update since the month began: what they owe for this meeting. */
  async function owedBy(lead: string) {
    const doc = await t.ops.exportDocument(t.planId);
    const since = `${TODAY.slice(0, 7)}-01`;
    return doc.actions
      .filter(
        (a) =>
          a.leads.includes(lead) &&
          a.status?.state !== 'complete' &&
          !a.signOff &&
          !a.updates.some((u) => u.date >= since),
      )
      .map((a) => a.id)
      .sort();
  }

  it('reminds each lead of the actions they owe an update on, once, in the days before the deadline', async () => {
    // Four days before the deadline: too early.
    await t.core.jobs.sendDeadlineReminders(addDaysIso(DEADLINE, -4));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(smtp.received).toHaveLength(0);
    await t.core.jobs.sendDeadlineReminders(TODAY);
    await t.core.jobs.sendDeadlineReminders(addDaysIso(TODAY, 1));
    await smtp.waitFor(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const toLead = smtp.received.filter((m) => to(m).includes(LEAD.email));
    expect(toLead).toHaveLength(1);
    expect(toLead[0]!.subject).toBe(`Updates due by ${DEADLINE} for the Riverside Improvement Board`);
    const listed = [...(toLead[0]!.text ?? '').matchAll(/\/actions\/([\w-]+)/g)].map((m) => m[1]).sort();
    expect(listed).toEqual(await owedBy(LEAD.name));
    expect(listed.length).toBeGreaterThan(0);
  });

  it('escalates to the managers after the deadline, naming who has not updated, at most three times', async () => {
    const before = smtp.received.length;
    await t.core.jobs.sendDeadlineReminders(addDaysIso(DEADLINE, 1));
    await t.core.jobs.sendDeadlineReminders(addDaysIso(DEADLINE, 1));
    await smtp.waitFor(before + 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const escalations = (mails: ParsedMail[]) =>
      mails.filter((m) => to(m).includes(ADMIN) && /have not updated/.test(m.subject ?? ''));
    const first = escalations(smtp.received.slice(before));
    expect(first).toHaveLength(1);
    expect(first[0]!.subject).toContain('(reminder 1 of 3)');
    expect(first[0]!.text).toContain(`${LEAD.name}:`);
    // The second day after, the second; the third, the third; never a fourth, and none once the board has met.
    for (const late of [2, 3, 4, 5]) await t.core.jobs.sendDeadlineReminders(addDaysIso(DEADLINE, late));
    await new Promise((resolve) => setTimeout(resolve, 500));
    const all = escalations(smtp.received).map((m) => /reminder (\d) of 3/.exec(m.subject ?? '')?.[1]);
    expect(all).toEqual(['1', '2', '3']);
  });
});

describe('escalations as the plan sets them', () => {
  it('tells the managers only as many times as the board says', async () => {
    const { t, smtp, close } = await startMailTestApp('sqlite');
    try {
      const version = (await t.connection.db.selectFrom('plans').select('version').executeTakeFirstOrThrow())
        .version;
      await t.core.run(editPlan, OPERATOR, {
        planId: t.planId,
        version,
        governance: [
          {
            board: 'Riverside Improvement Board',
            meetings: [MEETING],
            updateDeadlineDays: 4,
            escalations: 1,
          },
        ],
      });
      for (const late of [1, 2, 3]) await t.core.jobs.sendDeadlineReminders(addDaysIso(DEADLINE, late));
      await smtp.waitFor(1);
      await new Promise((resolve) => setTimeout(resolve, 500));
      const escalations = smtp.received.filter((m) => /have not updated/.test(m.subject ?? ''));
      expect(
        escalations.map((m) =>
          /reminder (\d) of (\d)/
            .exec(m.subject ?? '')
            ?.slice(1)
            .join('/'),
        ),
      ).toEqual(escalations.map(() => '1/1'));
      expect(new Set(escalations.map((m) => JSON.stringify(m.to))).size).toBe(escalations.length);
    } finally {
      await close();
    }
  });
});
