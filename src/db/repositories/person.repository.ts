import type { Executor } from '../connection.ts';
import { newId } from '../ids.ts';
import type { PersonDoc } from '../../domain/plan-format.ts';
import { tracked } from './rows.ts';

/**
 * People belong to the organisation, not to one plan, so a lead's actions can be found across plans.
 * A plan lists the people it names; an existing person with the same name is reused.
 */
export async function attachPeople(
  db: Executor,
  organisationId: string,
  planId: string,
  people: PersonDoc[],
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const [ordinal, person] of people.entries()) {
    const existing = await db
      .selectFrom('people')
      .select('id')
      .where('organisation_id', '=', organisationId)
      .where('name', '=', person.name)
      .executeTakeFirst();
    const id = existing?.id ?? newId();
    const columns = {
      name: person.name,
      initials: person.initials,
      job_title: person.jobTitle,
      employer: person.organisation,
      email: person.email,
    };
    if (existing) await db.updateTable('people').set(columns).where('id', '=', id).execute();
    else
      await db
        .insertInto('people')
        .values({ id, ...tracked(organisationId), ...columns })
        .execute();
    await db
      .insertInto('plan_people')
      .values({ organisation_id: organisationId, plan_id: planId, person_id: id, ordinal })
      .execute();
    ids.set(person.id, id);
  }
  return ids;
}

export async function listPlanPeople(db: Executor, planId: string): Promise<PersonDoc[]> {
  const rows = await db
    .selectFrom('plan_people')
    .innerJoin('people', 'people.id', 'plan_people.person_id')
    .select([
      'people.id',
      'people.name',
      'people.initials',
      'people.job_title',
      'people.employer',
      'people.email',
    ])
    .where('plan_people.plan_id', '=', planId)
    .orderBy('plan_people.ordinal')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    initials: r.initials,
    jobTitle: r.job_title,
    organisation: r.employer,
    email: r.email,
  }));
}

export async function findPersonByName(db: Executor, organisationId: string, name: string) {
  return db
    .selectFrom('people')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('name', '=', name)
    .executeTakeFirst();
}
