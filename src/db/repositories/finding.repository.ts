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
  }));
  await insertMany((chunk) => db.insertInto('findings').values(chunk).execute(), rows);
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
    const base = { severity: r.severity as FindingDoc['severity'], code: r.code, message: r.message };
    return location ? { ...base, location } : base;
  });
}
