import type { Executor } from '../connection.ts';
import { newId } from '../ids.ts';
import type { PersonDoc } from '../../domain/plan-format.ts';
import { insertMany, tracked } from './rows.ts';

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
  if (people.length === 0) return ids;
  const existing = new Map<string, string>();
  const names = [...new Set(people.map((p) => p.name))];
  for (let i = 0; i < names.length; i += 500) {
    const rows = await db
      .selectFrom('people')
      .select(['id', 'name'])
      .where('organisation_id', '=', organisationId)
      .where('name', 'in', names.slice(i, i + 500))
      .execute();
    for (const row of rows) existing.set(row.name, row.id);
  }
  const columns = (person: PersonDoc) => ({
    name: person.name,
    initials: person.initials,
    job_title: person.jobTitle,
    employer: person.organisation,
    email: person.email,
  });
  const fresh: (ReturnType<typeof columns> & ReturnType<typeof tracked> & { id: string })[] = [];
  for (const person of people) {
    const known = existing.get(person.name);
    if (known) {
      await db.updateTable('people').set(columns(person)).where('id', '=', known).execute();
      ids.set(person.id, known);
    } else {
      const id = newId();
      existing.set(person.name, id);
      fresh.push({ id, ...tracked(organisationId), ...columns(person) });
      ids.set(person.id, id);
    }
  }
  await insertMany((chunk) => db.insertInto('people').values(chunk).execute(), fresh);
  const links = [...new Set(people.map((p) => ids.get(p.id) as string))].map((person_id, ordinal) => ({
    organisation_id: organisationId,
    plan_id: planId,
    person_id,
    ordinal,
  }));
  await insertMany((chunk) => db.insertInto('plan_people').values(chunk).execute(), links);
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
