/**
 * Before a board: in the three days up to its update deadline, each lead who owes updates for it gets one reminder
 * listing those actions; after the deadline and before the meeting, the plan's managers get up to three escalations
 * (one, two and three days after) naming who has still not updated. Each message is queued once (the
 * outbox's key), so any number of workers may run it daily. Either kind can be turned off by whoever gets it.
 */
import type { Db } from '../db/connection.ts';
import { OPERATOR } from '../domain/actor.ts';
import { daysBetween } from '../domain/calendar.ts';
import { nextReportingPeriod } from '../domain/reporting-period.ts';
import { queueMail, type Mailer } from './mailer.ts';
import { escalationMessage, reminderMessage } from './messages.ts';
import type { createPlanQueries } from './queries/plan.queries.ts';
import { unsubscribePath } from './signed-links.ts';
import { fromJson } from '../db/repositories/rows.ts';

export const REMINDER_DAYS = 3;

interface Account {
  id: string;
  email: string;
  name: string;
  role: string;
  muted_kinds: string | null;
  organisation_id: string;
  person_id: string | null;
}
const muted = (account: { muted_kinds: string | null }, kind: string) =>
  fromJson<string[]>(account.muted_kinds, []).includes(kind);
export const ESCALATION_DAYS = [1, 2, 3] as const;

export function createDeadlineReminders(
  db: Db,
  plans: ReturnType<typeof createPlanQueries>,
  mailer: Mailer,
  settings: { publicUrl: string; secretKey: string },
) {
  const url = (path: string) => `${settings.publicUrl}${path}`;

  async function send(today: string): Promise<{ reminders: number; escalations: number }> {
    let reminders = 0;
    let escalations = 0;
    const planRows = await db.selectFrom('plans').select(['id', 'organisation_id']).execute();
    // Read once per run, when a plan first needs them.
    let accounts: Account[] | undefined;
    for (const planRow of planRows) {
      const read = await plans.dashboard(OPERATOR, planRow.id, today);
      const { board, period } = nextReportingPeriod(read.doc.plan.governance, today);
      if (!board || !period.meeting || !period.deadline) continue;
      const owing = read.views.filter((v) => v.updateDue);
      if (owing.length === 0) continue;
      const toDeadline = daysBetween(today, period.deadline);
      const late = -toDeadline;
      // The plan says how many escalations (three unless it says fewer).
      const allowed = board.escalations ?? ESCALATION_DAYS.length;
      const step = ESCALATION_DAYS.slice(0, allowed).filter((d) => late >= d).length;
      if (toDeadline > REMINDER_DAYS || (toDeadline < 0 && (step === 0 || today >= period.meeting))) continue;

      // The account of each lead the plan names: the one linked to the person, else the one of their email.
      accounts ??= await db
        .selectFrom('users')
        .select(['id', 'email', 'name', 'role', 'muted_kinds', 'organisation_id', 'person_id'])
        .where('deactivated_at', 'is', null)
        .execute();
      const accountOf = new Map<string, Account>();
      for (const person of read.doc.people) {
        const account =
          accounts.find((a) => a.person_id === person.id) ??
          accounts.find((a) => person.email && a.email === person.email.toLowerCase());
        if (account) accountOf.set(person.name, account);
      }
      const byLead = new Map<string, typeof owing>();
      for (const view of owing)
        for (const lead of view.action.leads) byLead.set(lead, [...(byLead.get(lead) ?? []), view]);
      const key = `${planRow.id}|${board.board}|${period.meeting}`;
      const item = (v: (typeof owing)[number]) => ({
        label: `${v.action.ref ? `${v.action.ref} ` : ''}${v.action.text.length > 90 ? `${v.action.text.slice(0, 87)}…` : v.action.text}`,
        url: url(`/actions/${v.action.id}`),
      });

      if (toDeadline >= 0) {
        for (const [lead, views] of byLead) {
          const account = accountOf.get(lead);
          if (!account || muted(account, 'deadline-reminder')) continue;
          await queueMail(db, {
            organisationId: account.organisation_id,
            kind: 'deadline-reminder',
            to: account.email,
            dedupeKey: `reminder|${key}|${account.id}`,
            ...reminderMessage({
              name: account.name,
              plan: read.doc.plan.title,
              board: board.board,
              meeting: period.meeting,
              deadline: period.deadline,
              items: views.map(item),
              unsubscribeUrl: url(unsubscribePath(settings.secretKey, account.id, 'deadline-reminder')),
            }),
          });
          reminders += 1;
        }
        continue;
      }

      const managers = accounts.filter(
        (a) =>
          a.organisation_id === planRow.organisation_id &&
          (a.role === 'manager' || a.role === 'admin') &&
          !muted(a, 'deadline-escalation'),
      );
      const behind = [...byLead].map(([lead, views]) => ({
        lead,
        hasAccount: accountOf.has(lead),
        items: views.map(item),
      }));
      for (const manager of managers) {
        await queueMail(db, {
          organisationId: planRow.organisation_id,
          kind: 'deadline-escalation',
          to: manager.email,
          dedupeKey: `escalation|${key}|${step}|${manager.id}`,
          ...escalationMessage({
            name: manager.name,
            plan: read.doc.plan.title,
            board: board.board,
            meeting: period.meeting,
            deadline: period.deadline,
            step,
            of: allowed,
            behind,
            updatesDueUrl: url(`/plans/${planRow.id}/updates-due`),
            unsubscribeUrl: url(unsubscribePath(settings.secretKey, manager.id, 'deadline-escalation')),
          }),
        });
        escalations += 1;
      }
    }
    await mailer.deliver();
    return { reminders, escalations };
  }

  return { send };
}
