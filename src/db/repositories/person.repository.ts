import type { Selectable } from 'kysely';
import type { Executor } from '../connection.ts';
import type { Database } from '../schema.ts';
import { newId, nowIso } from '../ids.ts';
import type { PersonDoc } from '../../domain/plan-format.ts';
import { insertMany, tracked } from './rows.ts';

/**
 * People belong to the organisation, not to one plan, so a lead's actions can be found across plans.
 * A plan lists the people it names; an existing person with the same name is reused.
 */
type Details = Pick<Selectable<Database['people']>, 'initials' | 'job_title' | 'employer' | 'email'>;
type StoredPerson = Details & { id: string; version: number };

/**
 * What a new plan says about a known person that the record lacks or states differently. A plan that is
 * silent about a job title or email leaves the one already held; null when nothing changes.
 */
function detailsAdded(known: Details, stated: Details): Partial<Details> | null {
  const added: Partial<Details> = {};
  let any = false;
  for (const key of ['initials', 'job_title', 'employer', 'email'] as const) {
    const value = stated[key];
    if (value !== null && value !== known[key]) {
      added[key] = value;
      any = true;
    }
  }
  return any ? added : null;
}

export async function attachPeople(
  db: Executor,
  organisationId: string,
  planId: string,
  people: PersonDoc[],
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  if (people.length === 0) return ids;
  const existing = new Map<string, StoredPerson>();
  const names = [...new Set(people.map((p) => p.name))];
  for (let i = 0; i < names.length; i += 500) {
    const rows = await db
      .selectFrom('people')
      .select(['id', 'name', 'initials', 'job_title', 'employer', 'email', 'version'])
      .where('organisation_id', '=', organisationId)
      .where('name', 'in', names.slice(i, i + 500))
      .execute();
    for (const row of rows) existing.set(row.name, row);
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
      const added = detailsAdded(known, columns(person));
      if (added) {
        await db
          .updateTable('people')
          .set({ ...added, updated_at: nowIso(), version: known.version + 1 })
          .where('id', '=', known.id)
          .execute();
      }
      ids.set(person.id, known.id);
    } else {
      const id = newId();
      existing.set(person.name, { id, version: 1, ...columns(person) });
      fresh.push({ id, ...tracked(organisationId), ...columns(person) });
      ids.set(person.id, id);
    }
  }
  await insertMany(db, 'people', fresh);
  const links = [...new Set(people.map((p) => ids.get(p.id) as string))].map((person_id, ordinal) => ({
    organisation_id: organisationId,
    plan_id: planId,
    person_id,
    ordinal,
  }));
  await insertMany(db, 'plan_people', links);
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
  return rows.map(personDocOf);
}

/** A stored person as the plan model names its fields. */
export function personDocOf(
  r: Pick<Selectable<Database['people']>, 'id' | 'name' | keyof Details>,
): PersonDoc {
  return {
    id: r.id,
    name: r.name,
    initials: r.initials,
    jobTitle: r.job_title,
    organisation: r.employer,
    email: r.email,
  };
}

export async function findPersonByName(db: Executor, organisationId: string, name: string) {
  return db
    .selectFrom('people')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('name', '=', name)
    .executeTakeFirst();
}
