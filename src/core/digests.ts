/**
 * The daily run of leads' digests: for each active user whose setting says today (daily, or weekly on Mondays), the
 * actions and milestones they lead as they may see them, in one email queued once per user and day (the outbox's
 * key), so any number of workers may run it. Then the outbox is delivered.
 */
import type { Db } from '../db/connection.ts';
import { ACCOUNT_COLUMNS } from '../db/repositories/account.repository.ts';
import { actorOfAccount } from '../domain/actor.ts';
import { digestDueOn, digestOf, type Digest, type DigestItem } from '../domain/digest.ts';
import { queueMail, type Mailer } from './mailer.ts';
import { digestMessage } from './messages.ts';
import type { createPeopleQueries } from './queries/people.queries.ts';
import type { createPlanQueries } from './queries/plan.queries.ts';
import { unsubscribePath } from './signed-links.ts';

const SECTIONS: [keyof Digest, string][] = [
  ['overdue', 'Overdue'],
  ['dueSoon', 'Due in the next two weeks'],
  ['updateBeforeBoard', 'Updates needed before the next board'],
  ['noRecentUpdate', 'No update for a while'],
];

export function createDigests(
  db: Db,
  queries: { people: ReturnType<typeof createPeopleQueries>; plans: ReturnType<typeof createPlanQueries> },
  mailer: Mailer,
  settings: { publicUrl: string; secretKey: string },
) {
  /** Queues today's digests (each once) and delivers them; how many were queued by this run. */
  async function send(today: string): Promise<number> {
    const accounts = await db
      .selectFrom('users')
      .innerJoin('organisations', 'organisations.id', 'users.organisation_id')
      .select([...ACCOUNT_COLUMNS, 'users.digest_frequency'])
      .where('users.deactivated_at', 'is', null)
      .execute();
    const staleDays = new Map<string, number>();
    let queued = 0;
    for (const account of accounts) {
      const actor = actorOfAccount(account);
      if (!actor || !digestDueOn(account.digest_frequency, today)) continue;
      const { rows } = await queries.people.mine(actor, today);
      const items: DigestItem[] = [];
      for (const row of rows) {
        if (!staleDays.has(row.planId)) {
          const { doc } = await queries.plans.dashboard(actor, row.planId, today);
          staleDays.set(row.planId, doc.plan.ragSettings.staleUpdateDays);
        }
        const v = row.view;
        items.push({
          actionId: v.action.id,
          planTitle: row.planTitle,
          ref: v.action.ref,
          text: v.action.text,
          due: v.action.due ? { raw: v.action.due.raw, end: v.action.due.end ?? null } : null,
          complete: v.complete,
          overdue: v.overdue,
          lastUpdate: v.lastUpdate,
          updateDue: v.updateDue,
          updateDeadline: v.updateDeadline,
          staleUpdateDays: staleDays.get(row.planId) ?? 30,
        });
      }
      const digest = digestOf(items, today);
      if (!digest) continue;
      const url = (path: string) => `${settings.publicUrl}${path}`;
      const message = digestMessage({
        name: actor.name,
        today,
        sections: SECTIONS.filter(([key]) => digest[key].length > 0).map(([key, title]) => ({
          title,
          items: digest[key].map((i) => ({
            label: `${i.ref ? `${i.ref} ` : ''}${i.text.length > 90 ? `${i.text.slice(0, 87)}…` : i.text}`,
            detail:
              key === 'updateBeforeBoard'
                ? `update by ${i.updateDeadline}, ${i.planTitle}`
                : `${i.due?.raw ? `due ${i.due.raw}` : 'no due date'}, ${i.planTitle}`,
            url: url(`/actions/${i.actionId}`),
          })),
        })),
        myActionsUrl: url('/my-actions'),
        unsubscribeUrl: url(unsubscribePath(settings.secretKey, actor.userId, 'digest')),
        settingsUrl: url('/account#notifications'),
      });
      await queueMail(db, {
        organisationId: actor.organisationId,
        kind: 'digest',
        to: actor.email,
        dedupeKey: `digest|${actor.userId}|${today}`,
        ...message,
      });
      queued += 1;
    }
    await mailer.deliver();
    return queued;
  }

  return { send };
}
