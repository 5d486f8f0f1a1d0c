import type { Executor } from '../connection.ts';
import { newId } from '../ids.ts';
import type { PlanDocument } from '../../domain/plan-format.ts';
import { fromJson, insertMany, toJson, tracked } from './rows.ts';

type FindingDoc = PlanDocument['findings'][number];

export async function insertFindings(
  db: Executor,
  organisationId: string,
  planId: string,
  findings: FindingDoc[],
  subjectIds: Partial<Record<NonNullable<FindingDoc['subject']>['type'], Map<string, string>>> = {},
) {
  const rows = findings.map((f, ordinal) => ({
    id: newId(),
    ...tracked(organisationId),
    plan_id: planId,
    severity: f.severity,
    code: f.code,
    message: f.message,
    location: f.location ? toJson(f.location) : null,
    state: 'open',
    dismissed_reason: null,
    ordinal,
    subject_type: f.subject?.type ?? null,
    subject_id: f.subject ? (subjectIds[f.subject.type]?.get(f.subject.id) ?? null) : null,
  }));
  await insertMany(db, 'findings', rows);
}

export async function listFindings(db: Executor, planId: string): Promise<FindingDoc[]> {
  const rows = await db
    .selectFrom('findings')
    .selectAll()
    .where('plan_id', '=', planId)
    .orderBy('ordinal')
    .execute();
  return rows.map((r) => {
    const location = fromJson<FindingDoc['location'] | null>(r.location, null);
    const base: FindingDoc = {
      severity: r.severity as FindingDoc['severity'],
      code: r.code,
      message: r.message,
    };
    if (r.subject_type && r.subject_id)
      base.subject = { type: r.subject_type as NonNullable<FindingDoc['subject']>['type'], id: r.subject_id };
    return location ? { ...base, location } : base;
  });
}

export interface StoredFinding {
  id: string;
  severity: FindingDoc['severity'];
  code: string;
  message: string;
  location: FindingDoc['location'] | null;
  state: string;
  dismissedReason: string | null;
  version: number;
  subject: FindingDoc['subject'] | null;
}

export async function listStoredFindings(
  db: Executor,
  organisationId: string,
  planId: string,
): Promise<StoredFinding[]> {
  const rows = await db
    .selectFrom('findings')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('plan_id', '=', planId)
    .orderBy('ordinal')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    severity: r.severity as FindingDoc['severity'],
    code: r.code,
    message: r.message,
    location: fromJson<FindingDoc['location'] | null>(r.location, null),
    state: r.state,
    dismissedReason: r.dismissed_reason,
    version: r.version,
    subject:
      r.subject_type && r.subject_id
        ? { type: r.subject_type as NonNullable<FindingDoc['subject']>['type'], id: r.subject_id }
        : null,
  }));
}

export async function dismissStoredFinding(
  db: Executor,
  organisationId: string,
  planId: string,
  findingId: string,
  reason: string,
) {
  return db
    .updateTable('findings')
    .set((eb) => ({
      state: 'dismissed',
      dismissed_reason: reason,
      updated_at: new Date().toISOString(),
      version: eb('version', '+', 1),
    }))
    .where('organisation_id', '=', organisationId)
    .where('plan_id', '=', planId)
    .where('id', '=', findingId)
    .where('state', '=', 'open')
    .executeTakeFirst();
}
