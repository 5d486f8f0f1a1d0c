/**
 * Builds the same application core the web server uses, for one CLI command, and closes it afterwards. Every
 * change names its actor: the account given by `--as EMAIL`, or the first administrator of the organisation the
 * command concerns (the operator while that organisation has no account yet).
 */
import { readConfig, readingBudget } from '../config.ts';
import { openMigratedDatabase } from '../db/connection.ts';
import { createCore, type Core } from '../core/index.ts';
import type { Actor } from '../domain/actor.ts';

export interface GlobalOptions {
  database?: string;
  as?: string;
}

export interface CliCore {
  core: Core;
  /** The actor for a change to (or a read of) something of this organisation. */
  actor(organisationId: string | null): Promise<Actor>;
  /** The id of the organisation of this name, or null when there is none. */
  organisationId(name: string | undefined): Promise<string | null>;
  planOrganisation(planId: string): Promise<string | null>;
}

export async function withCore<T>(options: GlobalOptions, run: (cli: CliCore) => Promise<T>): Promise<T> {
  const config = readConfig();
  const connection = await openMigratedDatabase(options.database ?? config.DATABASE_URL);
  const core = createCore(connection, { reading: readingBudget(config) });
  try {
    return await run({
      core,
      actor: (organisationId) =>
        options.as ? core.actorByEmail(options.as) : core.defaultActor(organisationId),
      organisationId: (name) => core.queries.lookup.organisationNamed(name),
      planOrganisation: (planId) => core.queries.lookup.organisationOfPlan(planId),
    });
  } finally {
    await core.close();
    await connection.close();
  }
}

/** An error whose message is meant for the person at the terminal, with the exit code to use. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}
