/** Builds the same services the web server uses, for one CLI command, and closes them afterwards. */
import { readConfig } from '../config.ts';
import { openMigratedDatabase } from '../db/connection.ts';
import { createServices, type Services } from '../services/index.ts';

export interface GlobalOptions {
  database?: string;
}

export async function withServices<T>(
  options: GlobalOptions,
  run: (services: Services) => Promise<T>,
): Promise<T> {
  const config = readConfig();
  const connection = await openMigratedDatabase(options.database ?? config.DATABASE_URL);
  try {
    return await run(createServices(connection));
  } finally {
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
