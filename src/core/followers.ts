/**
 * Who hears of a change: the accounts of an action's leads, a plan organisation's administrators and managers, and
 * who follows what. Leads and managers follow their actions by default (and a plan's managers its measures); anyone
 * who may read the plan can follow, and anyone can stop, and their choice is kept against the default.
 */
import type { Executor } from '../db/connection.ts';
import { nowIso } from '../db/ids.ts';
import { ACCOUNT_COLUMNS } from '../db/repositories/account.repository.ts';
import { loadPlanFacts } from '../db/repositories/access.repository.ts';
import { actorOfAccount } from '../domain/actor.ts';
import { can } from '../domain/policies.ts';

export interface Recipient {
  id: string;
  email: string;
  name: string;
  muted_kinds: string | null;
}

export type FollowSubject = 'action' | 'plan';

const RECIPIENT = ['users.id', 'users.email', 'users.name', 'users.muted_kinds'] as const;

/** Active accounts, with what an email to them needs: narrowed by the caller. */
export const activeRecipients = (db: Executor) =>
  db.selectFrom('users').select(RECIPIENT).where('deactivated_at', 'is', null);

/** The plan organisation's administrators and managers, and the plan's approver. */
export async function managersOf(
  db: Executor,
  organisationId: string,
  approverId: string | null,
): Promise<Recipient[]> {
  return activeRecipients(db)
    .where((eb) =>
      eb.or([
        eb.and([eb('organisation_id', '=', organisationId), eb('role', 'in', ['admin', 'manager'])]),
        ...(approverId ? [eb('id', '=', approverId)] : []),
      ]),
    )
    .execute();
}

/** The accounts of the action's leads: linked to the person, or of the person's email. */
export async function leadsOf(db: Executor, actionId: string): Promise<Recipient[]> {
  const people = await db
    .selectFrom('action_leads')
    .innerJoin('people', 'people.id', 'action_leads.person_id')
    .select(['people.id', 'people.email'])
    .where('action_leads.action_id', '=', actionId)
    .execute();
  if (people.length === 0) return [];
  const emails = people.map((p) => p.email?.toLowerCase()).filter((e): e is string => Boolean(e));
  return activeRecipients(db)
    .where((eb) =>
      eb.or([
        eb(
          'person_id',
          'in',
          people.map((p) => p.id),
        ),
        ...(emails.length ? [eb('email', 'in', emails)] : []),
      ]),
    )
    .execute();
}

/** The plan a followed thing belongs to, or none when it does not exist. */
export async function planOfSubject(
  db: Executor,
  subject: FollowSubject,
  id: string,
): Promise<{ planId: string; organisationId: string } | undefined> {
  if (subject === 'plan') {
    const plan = await db
      .selectFrom('plans')
      .select(['id', 'organisation_id'])
      .where('id', '=', id)
      .executeTakeFirst();
    return plan && { planId: plan.id, organisationId: plan.organisation_id };
  }
  const action = await db
    .selectFrom('actions')
    .select(['plan_id', 'organisation_id'])
    .where('id', '=', id)
    .executeTakeFirst();
  return action && { planId: action.plan_id, organisationId: action.organisation_id };
}

/** Those who follow it by default: an action's leads and its plan's managers; a plan's managers. */
async function defaultFollowers(db: Executor, subject: FollowSubject, id: string, organisationId: string) {
  const managers = await managersOf(db, organisationId, null);
  return subject === 'action' ? [...(await leadsOf(db, id)), ...managers] : managers;
}

/** The user's own choice about it, if they made one. */
export async function followChoice(
  db: Executor,
  userId: string,
  subject: FollowSubject,
  id: string,
): Promise<boolean | null> {
  const row = await db
    .selectFrom('follows')
    .select('following')
    .where('user_id', '=', userId)
    .where('subject_type', '=', subject)
    .where('subject_id', '=', id)
    .executeTakeFirst();
  return row ? row.following === 1 : null;
}

export async function putFollowChoice(
  db: Executor,
  choice: { userId: string; organisationId: string; subject: FollowSubject; id: string; following: boolean },
) {
  const values = {
    user_id: choice.userId,
    organisation_id: choice.organisationId,
    subject_type: choice.subject,
    subject_id: choice.id,
    following: choice.following ? 1 : 0,
    updated_at: nowIso(),
  };
  await db
    .insertInto('follows')
    .values(values)
    .onConflict((oc) =>
      oc
        .columns(['user_id', 'subject_type', 'subject_id'])
        .doUpdateSet({ following: values.following, updated_at: values.updated_at }),
    )
    .execute();
}

/**
 * Everyone who follows it now: the default followers and those who chose to, less those who chose not to and
 * those who may no longer read its plan (a share withdrawn, a role changed).
 */
export async function followersOf(db: Executor, subject: FollowSubject, id: string): Promise<Recipient[]> {
  const place = await planOfSubject(db, subject, id);
  if (!place) return [];
  const [defaults, choices] = await Promise.all([
    defaultFollowers(db, subject, id, place.organisationId),
    db
      .selectFrom('follows')
      .select(['user_id', 'following'])
      .where('subject_type', '=', subject)
      .where('subject_id', '=', id)
      .execute(),
  ]);
  const stopped = new Set(choices.filter((c) => c.following === 0).map((c) => c.user_id));
  const chose = choices.filter((c) => c.following === 1).map((c) => c.user_id);
  const byId = new Map(defaults.filter((r) => !stopped.has(r.id)).map((r) => [r.id, r]));
  const extra = chose.filter((userId) => !byId.has(userId));

  if (extra.length === 0) return [...byId.values()];
  const [facts, accounts] = await Promise.all([
    loadPlanFacts(db, place.planId),
    db
      .selectFrom('users')
      .innerJoin('organisations', 'organisations.id', 'users.organisation_id')
      .select([...ACCOUNT_COLUMNS, 'users.muted_kinds'])
      .where('users.id', 'in', extra)
      .where('users.deactivated_at', 'is', null)
      .execute(),
  ]);
  for (const account of accounts) {
    const actor = actorOfAccount(account);
    if (facts && actor && can(actor, 'plan.read', { type: 'plan', plan: facts }))
      byId.set(actor.userId, {
        id: actor.userId,
        email: actor.email,
        name: actor.name,
        muted_kinds: account.muted_kinds,
      });
  }
  return [...byId.values()];
}
