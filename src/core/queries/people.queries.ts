/** People as leads: a person's page and "My actions", across the plans the actor may read. */
import type { Db } from '../../db/connection.ts';
import { NotFoundError } from '../../db/errors.ts';
import type { Actor } from '../../domain/actor.ts';
import type { ActionView } from '../read-models/action-views.ts';
import type { Access } from './access.ts';
import type { createPlanQueries } from './plan.queries.ts';

export interface PersonSummary {
  id: string;
  name: string;
  job_title: string | null;
  /** The organisation the person works for, when the plan says (a partner agency's lead). */
  employer: string | null;
  email: string | null;
}

export interface LedAction {
  view: ActionView;
  planId: string;
  planTitle: string;
}

const PERSON_COLUMNS = ['id', 'name', 'job_title', 'employer', 'email'] as const;

/** Which revision of each plan a person's list was read from: a page made from it is good while these hold. */
const revisionsOf = (seen: Map<string, number>) =>
  [...seen]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([plan, revision]) => `${plan}:${revision}`)
    .join(',');

export function createPeopleQueries(db: Db, access: Access, plans: ReturnType<typeof createPlanQueries>) {
  /** The actions a person leads in the plans the actor may read, overdue first, then by due date. */
  async function actionsOf(
    actor: Actor,
    person: PersonSummary,
    today: string,
    seen: Map<string, number> = new Map(),
  ): Promise<LedAction[]> {
    const links = await db
      .selectFrom('action_leads')
      .innerJoin('actions', 'actions.id', 'action_leads.action_id')
      .select(['actions.id', 'actions.plan_id'])
      .where('action_leads.person_id', '=', person.id)
      .execute();
    const byPlan = new Map<string, Set<string>>();
    for (const l of links) byPlan.set(l.plan_id, (byPlan.get(l.plan_id) ?? new Set()).add(l.id));
    const rows: LedAction[] = [];
    for (const [planId, ids] of byPlan) {
      // The plan's views are worked out once per revision and day (the dashboard's), not for each person.
      const read = await plans.dashboard(actor, planId, today).catch((error: unknown) => {
        if (error instanceof NotFoundError) return null;
        throw error;
      });
      if (!read) continue;
      seen.set(planId, read.head.revision);
      for (const view of read.views)
        if (ids.has(view.action.id)) rows.push({ view, planId, planTitle: read.doc.plan.title });
    }
    return rows.sort(
      (a, b) =>
        Number(b.view.overdue) - Number(a.view.overdue) ||
        (a.view.action.due?.end ?? '9999').localeCompare(b.view.action.due?.end ?? '9999'),
    );
  }

  /** A person the actor may know of: one of their organisation's, or named in a plan they may read. */
  async function person(actor: Actor, personId: string, today: string) {
    const found = await db
      .selectFrom('people')
      .select([...PERSON_COLUMNS, 'organisation_id'])
      .where('id', '=', personId)
      .executeTakeFirst();
    if (!found) throw new NotFoundError('person', personId);
    const { organisation_id, ...summary } = found;
    const seen = new Map<string, number>();
    const rows = await actionsOf(actor, summary, today, seen);
    const own = actor.kind === 'operator' || actor.organisationId === organisation_id;
    if (!own && rows.length === 0) throw new NotFoundError('person', personId);
    return { person: summary, rows, revisions: revisionsOf(seen) };
  }

  /** The signed-in user's own actions: the person linked to the account, or of the same email. */
  async function mine(actor: Actor, today: string) {
    if (actor.kind !== 'user') return { person: null, rows: [], revisions: '' };
    const found = await db
      .selectFrom('people')
      .select(PERSON_COLUMNS)
      .where((eb) =>
        actor.personId
          ? eb.or([eb('id', '=', actor.personId), eb('email', '=', actor.email)])
          : eb('email', '=', actor.email),
      )
      .orderBy('id')
      .execute();
    const person = found.find((p) => p.id === actor.personId) ?? found[0] ?? null;
    const seen = new Map<string, number>();
    const rows = (await Promise.all(found.map((p) => actionsOf(actor, p, today, seen)))).flat();
    return { person, rows, revisions: revisionsOf(seen) };
  }

  return { person, mine, access };
}
