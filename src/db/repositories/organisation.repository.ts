import type { Selectable } from 'kysely';
import type { Executor } from '../connection.ts';
import { newId, nowIso } from '../ids.ts';
import type { OrganisationTable } from '../schema.ts';

export type Organisation = Selectable<OrganisationTable>;

export async function findOrganisationByName(db: Executor, name: string): Promise<Organisation | undefined> {
  return db.selectFrom('organisations').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function getOrganisation(db: Executor, id: string): Promise<Organisation | undefined> {
  return db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listOrganisations(db: Executor): Promise<Organisation[]> {
  return db.selectFrom('organisations').selectAll().orderBy('name').execute();
}

export async function insertOrganisation(db: Executor, name: string, kind: string): Promise<Organisation> {
  const at = nowIso();
  const row = {
    id: newId(),
    name,
    kind,
    created_at: at,
    updated_at: at,
    version: 1,
    pack_template: null,
    local_sign_in: 1,
    second_factor_required: 0,
    sso_new_account_domains: null,
  };
  await db.insertInto('organisations').values(row).execute();
  return row;
}
