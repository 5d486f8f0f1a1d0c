/** The facts the policies decide on: a plan's organisation, shares, adviser grants and contributors; an action's leads. */
import type { Executor } from '../connection.ts';
import { fromJson } from './rows.ts';
import type { ActionFacts, OrganisationFacts, PlanFacts } from '../../domain/policies.ts';
import type { ShareAccess } from '../../domain/actor.ts';

export async function loadPlanFacts(db: Executor, planId: string): Promise<PlanFacts | undefined> {
  const plan = await db
    .selectFrom('plans')
    .select(['id', 'organisation_id', 'sign_off_approver_id'])
    .where('id', '=', planId)
    .executeTakeFirst();
  if (!plan) return undefined;
  const [shares, grants, members] = await Promise.all([
    db
      .selectFrom('plan_shares')
      .select(['partner_organisation_id', 'access'])
      .where('plan_id', '=', planId)
      .execute(),
    db
      .selectFrom('organisation_grants')
      .select('grantee_organisation_id')
      .where('organisation_id', '=', plan.organisation_id)
      .execute(),
    db.selectFrom('plan_members').select('user_id').where('plan_id', '=', planId).execute(),
  ]);
  return {
    planId,
    organisationId: plan.organisation_id,
    shares: new Map(shares.map((s) => [s.partner_organisation_id, s.access as ShareAccess])),
    grantees: new Set(grants.map((g) => g.grantee_organisation_id)),
    members: new Set(members.map((m) => m.user_id)),
    approverId: plan.sign_off_approver_id,
  };
}

export async function loadActionFacts(
  db: Executor,
  actionId: string,
  plan: (planId: string) => Promise<PlanFacts | undefined>,
): Promise<(ActionFacts & { planId: string; version: number; familyVersion: number }) | undefined> {
  const row = await db
    .selectFrom('actions')
    .select(['plan_id', 'joint', 'partners', 'version'])
    // Each change to the action or one of its milestones raises one of their versions: the sum changes with any.
    .select((eb) =>
      eb
        .selectFrom('actions as milestones')
        .select((m) => m.fn.coalesce(m.fn.sum<number>('milestones.version'), m.lit(0)).as('total'))
        .whereRef('milestones.parent_id', '=', 'actions.id')
        .as('milestone_versions'),
    )
    .where('id', '=', actionId)
    .executeTakeFirst();
  if (!row) return undefined;
  const [facts, leads] = await Promise.all([
    plan(row.plan_id),
    db
      .selectFrom('action_leads')
      .leftJoin('people', 'people.id', 'action_leads.person_id')
      .select(['action_leads.person_id', 'people.email', 'people.employer'])
      .where('action_leads.action_id', '=', actionId)
      .execute(),
  ]);
  if (!facts) return undefined;
  return {
    planId: row.plan_id,
    version: row.version,
    familyVersion: row.version + Number(row.milestone_versions ?? 0),
    plan: facts,
    joint: row.joint === 1,
    partners: fromJson<string[]>(row.partners, []),
    leads: leads.map((l) => ({
      personId: l.person_id,
      email: l.email ?? null,
      employer: l.employer ?? null,
    })),
  };
}

export async function loadOrganisationFacts(
  db: Executor,
  organisationId: string,
): Promise<OrganisationFacts | undefined> {
  const organisation = await db
    .selectFrom('organisations')
    .select('id')
    .where('id', '=', organisationId)
    .executeTakeFirst();
  if (!organisation) return undefined;
  const sponsors = await db
    .selectFrom('organisation_partners')
    .select('organisation_id')
    .where('partner_organisation_id', '=', organisationId)
    .execute();
  return { organisationId, partnerOf: new Set(sponsors.map((s) => s.organisation_id)) };
}

/**
 * Locks the plan's row for the rest of the transaction and raises its revision: changes to one plan queue. A change
 * confined to an action's own progress (`progressOnly`) leaves the structure revision as it is.
 */
export async function touchPlan(db: Executor, planId: string, progressOnly = false): Promise<boolean> {
  const result = await db
    .updateTable('plans')
    .set((eb) =>
      progressOnly
        ? { revision: eb('revision', '+', 1) }
        : { revision: eb('revision', '+', 1), structure_revision: eb('structure_revision', '+', 1) },
    )
    .where('id', '=', planId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
