import type { Db } from '../db/connection.ts';
import { auditFor } from '../db/repositories/audit.repository.ts';
import {
  findOrganisationByName,
  getOrganisation,
  insertOrganisation,
  listOrganisations,
} from '../db/repositories/organisation.repository.ts';

export function createOrganisationService(db: Db) {
  return {
    list: () => listOrganisations(db),
    get: (organisationId: string) => getOrganisation(db, organisationId),
    findByName: (name: string) => findOrganisationByName(db, name),
    ensure: async (name: string, kind = 'local_authority') =>
      (await findOrganisationByName(db, name)) ?? insertOrganisation(db, name, kind),
    audit: (organisationId: string, filter: Parameters<typeof auditFor>[2] = {}) =>
      auditFor(db, organisationId, filter),
  };
}
