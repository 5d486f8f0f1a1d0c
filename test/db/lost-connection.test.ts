/**
 * PostgreSQL ends an idle connection of the pool (a restart, a failover, an administrator's pg_terminate_backend):
 * the process goes on, and the next query is answered on a new connection.
 */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { openMigratedDatabase } from '../../src/db/connection.ts';
import { freshDatabaseUrl, postgresAvailable } from '../support/databases.ts';

describe.runIf(postgresAvailable())('a lost database connection on postgres', () => {
  it('is dropped from the pool without stopping the process', async () => {
    const url = await freshDatabaseUrl('postgres');
    const connection = await openMigratedDatabase(url);
    const admin = new pg.Client({ connectionString: inject('postgresUrl')! });
    await admin.connect();
    try {
      // Two idle connections in the pool.
      await Promise.all([
        connection.db.selectFrom('organisations').select('id').execute(),
        connection.db.selectFrom('plans').select('id').execute(),
      ]);
      const ended = await admin.query<{ ended: boolean }>(
        'SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE datname = $1',
        [new URL(url).pathname.slice(1)],
      );
      expect(ended.rows.length).toBeGreaterThanOrEqual(1);
      expect(ended.rows.every((r) => r.ended)).toBe(true);
      // The pool hears of it (an error event) a moment later.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const plans = await connection.db.selectFrom('plans').select('id').execute();
      expect(plans).toEqual([]);
    } finally {
      await admin.end();
      await connection.close();
    }
  });
});
