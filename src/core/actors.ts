/** Actors for the command line: the account named by `--as`, or the organisation's first administrator. */
import type { Db, Executor } from '../db/connection.ts';
import { ValidationError } from '../db/errors.ts';
import { ACCOUNT_COLUMNS } from '../db/repositories/account.repository.ts';
import { actorOfAccount, OPERATOR, type Actor, type UserActor } from '../domain/actor.ts';

export async function actorWhereIn(db: Executor, where: { email?: string; organisationId?: string }) {
  let query = db
    .selectFrom('users')
    .innerJoin('organisations', 'organisations.id', 'users.organisation_id')
    .select(ACCOUNT_COLUMNS)
    .where('users.deactivated_at', 'is', null);
  if (where.email) query = query.where('users.email', '=', where.email.trim().toLowerCase());
  if (where.organisationId)
    query = query.where('users.organisation_id', '=', where.organisationId).where('users.role', '=', 'admin');
  const row = await query.orderBy('users.created_at').orderBy('users.id').executeTakeFirst();
  return (row && actorOfAccount(row)) ?? undefined;
}

/** `--as EMAIL`: that active account, or a clear error. */
export async function actorByEmail(db: Db, email: string): Promise<UserActor> {
  const actor = await actorWhereIn(db, { email });
  if (!actor) throw new ValidationError(`--as: no active account for ${email}`);
  return actor;
}

/**
 * Without `--as`: the first administrator of the organisation the command concerns; the operator while that
 * organisation has no account yet (setting it up), so the audit log always says who.
 */
export async function defaultActor(db: Db, organisationId: string | null): Promise<Actor> {
  if (!organisationId) return OPERATOR;
  return (await actorWhereIn(db, { organisationId })) ?? OPERATOR;
}
