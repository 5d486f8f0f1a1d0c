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
