/** People as leads: finding a person, and the actions they lead across the organisation's plans. */
import type { Db } from '../db/connection.ts';

export interface PersonSummary {
  id: string;
  name: string;
  job_title: string | null;
  /** The organisation the person works for, when the plan says (a partner agency's lead). */
  employer: string | null;
  email: string | null;
}

export function createPeopleService(db: Db) {
  return {
    get: (organisationId: string, personId: string): Promise<PersonSummary | undefined> =>
      db
        .selectFrom('people')
        .select(['id', 'name', 'job_title', 'employer', 'email'])
        .where('organisation_id', '=', organisationId)
        .where('id', '=', personId)
        .executeTakeFirst(),

    /** The person a signed-in account is, matched by email or by name as plans write it. */
    forAccount: (organisationId: string, account: { email: string; name: string }) =>
      db
        .selectFrom('people')
        .select(['id', 'name', 'job_title', 'employer', 'email'])
        .where('organisation_id', '=', organisationId)
        .where((eb) => eb.or([eb('email', '=', account.email), eb('name', '=', account.name)]))
        .executeTakeFirst(),

    /** The actions a person leads (linked to them, or naming them), as action id and plan id. */
    ledActions: (organisationId: string, person: { id: string; name: string }) =>
      db
        .selectFrom('action_leads')
        .innerJoin('actions', 'actions.id', 'action_leads.action_id')
        .select(['actions.id', 'actions.plan_id'])
        .where('action_leads.organisation_id', '=', organisationId)
        .where((eb) =>
          eb.or([eb('action_leads.person_id', '=', person.id), eb('action_leads.name', '=', person.name)]),
        )
        .execute(),
  };
}
