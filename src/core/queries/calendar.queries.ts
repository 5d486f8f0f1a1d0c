/**
 * What a calendar feed holds, read as the user who made it (what they may see now, not when they made it): a
 * plan's feed, every dated action and milestone and its boards' meetings and update deadlines; a person's feed,
 * the actions and milestones they lead, the update deadlines of those plans, and the meetings of boards that name
 * them. An unknown or revoked feed, or one whose user can no longer sign in, is not found.
 */
import type { Db } from '../../db/connection.ts';
import { NotFoundError } from '../../db/errors.ts';
import { ACCOUNT_COLUMNS, hashToken } from '../../db/repositories/account.repository.ts';
import { actorOfAccount, type Actor } from '../../domain/actor.ts';
import {
  actionEvents,
  meetingEvents,
  type CalendarEvent,
  type DatedAction,
} from '../../domain/calendar-events.ts';
import type { ActionDoc } from '../../domain/plan-format.ts';
import type { createPeopleQueries } from './people.queries.ts';
import type { createPlanQueries } from './plan.queries.ts';

export function createCalendarQueries(
  db: Db,
  plans: ReturnType<typeof createPlanQueries>,
  people: ReturnType<typeof createPeopleQueries>,
) {
  const versionsOf = async (planId: string) =>
    new Map(
      (await db.selectFrom('actions').select(['id', 'version']).where('plan_id', '=', planId).execute()).map(
        (r) => [r.id, r.version],
      ),
    );
  const planVersion = async (planId: string) =>
    (await db.selectFrom('plans').select('version').where('id', '=', planId).executeTakeFirst())?.version ??
    1;
  type Datable = Pick<ActionDoc, 'id' | 'ref' | 'text' | 'kind' | 'due'>;
  const dated = (actions: Datable[], versions: Map<string, number>): DatedAction[] =>
    actions.map((a) => ({
      id: a.id,
      ref: a.ref,
      text: a.text,
      kind: a.kind === 'milestone' ? 'milestone' : 'action',
      dueEnd: a.due?.end ?? null,
      dueRaw: a.due?.raw ?? null,
      version: versions.get(a.id) ?? 1,
    }));

  async function planFeed(actor: Actor, planId: string, today: string) {
    const read = await plans.dashboard(actor, planId, today);
    const { doc } = read;
    const events = [
      ...actionEvents(doc.plan, dated(doc.actions, await versionsOf(planId))),
      ...meetingEvents(
        { id: planId, title: doc.plan.title, version: await planVersion(planId) },
        doc.plan.governance,
      ),
    ];
    return { name: doc.plan.title, events };
  }

  async function personFeed(actor: Actor & { kind: 'user' }, today: string) {
    const { rows } = await people.mine(actor, today);
    const events: CalendarEvent[] = [];
    const byPlan = new Map<string, Datable[]>();
    for (const row of rows) byPlan.set(row.planId, [...(byPlan.get(row.planId) ?? []), row.view.action]);
    const readable = await plans.list(actor, today);
    for (const plan of readable) {
      const led = byPlan.get(plan.id) ?? [];
      const { doc } = await plans.dashboard(actor, plan.id, today);
      if (led.length) events.push(...actionEvents(doc.plan, dated(led, await versionsOf(plan.id))));
      const version = await planVersion(plan.id);
      const boards = doc.plan.governance.filter((g) => g.members.some((m) => m.name === actor.name));
      const meetings = meetingEvents({ id: plan.id, title: doc.plan.title, version }, boards);
      // Leads are told when updates are due; board members of the meetings themselves (and the deadlines).
      const deadlines = led.length
        ? meetingEvents({ id: plan.id, title: doc.plan.title, version }, doc.plan.governance)
        : [];
      const seen = new Set(events.map((e) => e.uid));
      for (const event of [...meetings, ...deadlines.filter((e) => e.uid.startsWith('deadline-'))])
        if (!seen.has(event.uid)) {
          seen.add(event.uid);
          events.push(event);
        }
    }
    return { name: `${actor.name}: actions and meetings`, events };
  }

  /** The feed behind a secret, as its user may see it today. */
  async function feed(token: string, today: string) {
    const row = await db
      .selectFrom('calendar_feeds')
      .innerJoin('users', 'users.id', 'calendar_feeds.user_id')
      .innerJoin('organisations', 'organisations.id', 'users.organisation_id')
      .select(['calendar_feeds.plan_id', 'calendar_feeds.revoked_at', ...ACCOUNT_COLUMNS])
      .where('calendar_feeds.token_hash', '=', hashToken(token))
      .executeTakeFirst();
    const actor = row && !row.revoked_at ? actorOfAccount(row) : null;
    if (!row || !actor) throw new NotFoundError('calendar feed', 'this link');
    return row.plan_id ? planFeed(actor, row.plan_id, today) : personFeed(actor, today);
  }

  /** The user's own feeds, for their account page (the secrets are never shown again). */
  async function feeds(actor: Actor) {
    if (actor.kind !== 'user') return [];
    return db
      .selectFrom('calendar_feeds')
      .leftJoin('plans', 'plans.id', 'calendar_feeds.plan_id')
      .select([
        'calendar_feeds.id',
        'calendar_feeds.created_at',
        'calendar_feeds.revoked_at',
        'plans.title as plan_title',
      ])
      .where('calendar_feeds.user_id', '=', actor.userId)
      .orderBy('calendar_feeds.created_at', 'desc')
      .execute();
  }

  return { feed, feeds };
}
