import type { Executor } from '../connection.ts';
import type { PlanRow } from '../schema.ts';
import type { PlanHeader } from '../../domain/plan-format.ts';
import { fromJson, toJson, tracked } from './rows.ts';

export async function insertPlan(
  db: Executor,
  organisationId: string,
  id: string,
  plan: PlanHeader,
): Promise<void> {
  await db
    .insertInto('plans')
    .values({ id, ...tracked(organisationId), ...planColumns(plan) })
    .execute();
}

export function planColumns(plan: PlanHeader) {
  return {
    title: plan.title,
    version_label: plan.version,
    state: plan.state,
    plan_date: plan.date,
    inspection_date: plan.inspectionDate,
    approved_date: plan.approvedDate,
    status_key: toJson(plan.statusKey),
    governance: toJson(plan.governance),
    narrative: toJson(plan.narrative),
    partners: toJson(plan.partners),
    rag_settings: toJson(plan.ragSettings),
  };
}

export function planHeaderOf(row: PlanRow, organisationName: string): PlanHeader {
  return {
    title: row.title,
    organisation: organisationName,
    version: row.version_label,
    state: row.state as PlanHeader['state'],
    date: row.plan_date,
    inspectionDate: row.inspection_date,
    approvedDate: row.approved_date,
    statusKey: fromJson(row.status_key, []),
    governance: fromJson(row.governance, []),
    narrative: fromJson(row.narrative, []),
    partners: fromJson(row.partners, []),
    ragSettings: fromJson(row.rag_settings, { dueSoonDays: 30, staleUpdateDays: 30 }),
  };
}

export async function getPlan(
  db: Executor,
  organisationId: string,
  planId: string,
): Promise<PlanRow | undefined> {
  return db
    .selectFrom('plans')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('id', '=', planId)
    .executeTakeFirst();
}

export async function listPlans(db: Executor, organisationId: string): Promise<PlanRow[]> {
  return db
    .selectFrom('plans')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export interface PlanCounts {
  actions: number;
  complete: number;
  recommendations: number;
  sections: number;
  measures: number;
  openFindings: number;
}

export async function countPlanContents(db: Executor, planId: string): Promise<PlanCounts> {
  const count = async (table: 'actions' | 'recommendations' | 'sections' | 'measures') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('plan_id', '=', planId)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const complete = await db
    .selectFrom('actions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('plan_id', '=', planId)
    .where('status_state', '=', 'complete')
    .executeTakeFirstOrThrow();
  const openFindings = await db
    .selectFrom('findings')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('plan_id', '=', planId)
    .where('state', '=', 'open')
    .executeTakeFirstOrThrow();
  return {
    actions: await count('actions'),
    complete: Number(complete.n),
    recommendations: await count('recommendations'),
    sections: await count('sections'),
    measures: await count('measures'),
    openFindings: Number(openFindings.n),
  };
}

/** A plan by its id alone: callers have authorised the actor against it first. */
export async function getPlanById(db: Executor, planId: string): Promise<PlanRow | undefined> {
  return db.selectFrom('plans').selectAll().where('id', '=', planId).executeTakeFirst();
}

/** The plans an organisation's users reach: its own, those shared with it, and (for advisers) those granted. */
export async function listReachablePlans(
  db: Executor,
  reach: { organisationId: string | null; advisers: boolean },
): Promise<(PlanRow & { organisation_name: string })[]> {
  let query = db
    .selectFrom('plans')
    .innerJoin('organisations', 'organisations.id', 'plans.organisation_id')
    .selectAll('plans')
    .select('organisations.name as organisation_name');
  const org = reach.organisationId;
  if (org !== null)
    query = query.where((eb) =>
      eb.or([
        eb('plans.organisation_id', '=', org),
        eb(
          'plans.id',
          'in',
          eb.selectFrom('plan_shares').select('plan_id').where('partner_organisation_id', '=', org),
        ),
        ...(reach.advisers
          ? [
              eb(
                'plans.organisation_id',
                'in',
                eb
                  .selectFrom('organisation_grants')
                  .select('organisation_id')
                  .where('grantee_organisation_id', '=', org),
              ),
            ]
          : []),
      ]),
    );
  return query.orderBy('plans.created_at', 'desc').orderBy('plans.id', 'desc').execute();
}
