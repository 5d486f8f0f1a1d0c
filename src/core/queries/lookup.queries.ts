/**
 * Where things belong, for the command line to choose its default actor (the organisation's first
 * administrator). They say only which organisation: nothing of the thing itself.
 */
import type { Db } from '../../db/connection.ts';

export function createLookupQueries(db: Db) {
  const first = async (query: Promise<{ organisation_id: string } | undefined>) =>
    (await query)?.organisation_id ?? null;
  return {
    organisationNamed: async (name: string | undefined) =>
      name
        ? ((await db.selectFrom('organisations').select('id').where('name', '=', name).executeTakeFirst())
            ?.id ?? null)
        : null,
    organisationOfPlan: (planId: string) =>
      first(db.selectFrom('plans').select('organisation_id').where('id', '=', planId).executeTakeFirst()),
    organisationOfSnapshot: (snapshotId: string) =>
      first(
        db.selectFrom('snapshots').select('organisation_id').where('id', '=', snapshotId).executeTakeFirst(),
      ),
    organisationOfAction: (actionId: string) =>
      first(db.selectFrom('actions').select('organisation_id').where('id', '=', actionId).executeTakeFirst()),
    organisationOfAccount: (email: string) =>
      first(
        db
          .selectFrom('users')
          .select('organisation_id')
          .where('email', '=', email.trim().toLowerCase())
          .executeTakeFirst(),
      ),
    /** Whether the database answers: for the health check. */
    healthy: async () => {
      await db.selectFrom('organisations').select('id').limit(1).execute();
      return true;
    },
  };
}
