/**
 * Background jobs of the shared queue (graphile-worker, PostgreSQL) that failed, with their errors: what is being
 * tried again and what was given up, for an organisation's administrators. None on SQLite, where the work runs in
 * the server's process on a timer (tried again next time) and failures go to its log.
 */
import { sql } from 'kysely';
import type { Connection } from '../../db/connection.ts';
import type { Actor } from '../../domain/actor.ts';
import type { Access } from './access.ts';

export interface FailedJob {
  task: string;
  attempts: number;
  gaveUp: boolean;
  error: string;
  nextTry: string;
}

export function createJobQueries(connection: Connection, access: Access) {
  const { db } = connection;

  async function failed(actor: Actor, organisationId: string): Promise<FailedJob[]> {
    await access.organisation(actor, organisationId, 'organisation.users');
    if (connection.dialect !== 'postgres') return [];
    // The queue's tables exist once a worker has started on this database.
    const { rows: found } = await sql<{
      name: string | null;
    }>`select to_regclass('graphile_worker.jobs')::text as name`.execute(db);
    if (!found[0]?.name) return [];
    const { rows } = await sql<{
      task_identifier: string;
      attempts: number;
      max_attempts: number;
      last_error: string;
      run_at: Date | string;
    }>`select task_identifier, attempts, max_attempts, last_error, run_at from graphile_worker.jobs
       where last_error is not null order by updated_at desc limit 20`.execute(db);
    return rows.map((r) => ({
      task: r.task_identifier,
      attempts: r.attempts,
      gaveUp: r.attempts >= r.max_attempts,
      error: r.last_error.split('\n')[0] ?? '',
      nextTry: new Date(r.run_at).toISOString(),
    }));
  }

  return { failed };
}
