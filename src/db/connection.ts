/**
 * Opens the database named by a URL: `postgres://…` for PostgreSQL, `sqlite:path` for a SQLite file
 * (the default, `sqlite:data/ipt.sqlite`). One schema and the same queries serve both.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteAdapter, SqliteDialect, type Transaction } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';
import { migrateToLatest } from './migrator.ts';

/**
 * SQLite makes and changes tables inside transactions; Kysely's adapter says it does not, so its migrator would run
 * each migration outside one and a process killed part way would leave half a schema behind. Saying so makes every
 * run of migrations one transaction: all of it, or none.
 */
class TransactionalSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}
class TransactionalSqliteDialect extends SqliteDialect {
  override createAdapter() {
    return new TransactionalSqliteAdapter();
  }
}

export type Db = Kysely<Database>;
/** Repositories take either the database or an open transaction: the caller decides the boundary. */
export type Executor = Kysely<Database> | Transaction<Database>;
export type DialectName = 'sqlite' | 'postgres';

export const DEFAULT_DATABASE_URL = 'sqlite:data/ipt.sqlite';

/** A plan's organisation and revision: read on every request, so it has a fast path of its own. */
export interface PlanHeadRow {
  organisation_id: string;
  revision: number;
  structure_revision: number;
}

export interface Connection {
  db: Db;
  dialect: DialectName;
  /**
   * A plan's organisation and revision, read without the query builder: synchronously from SQLite (a prepared
   * statement), by one pooled query from PostgreSQL.
   */
  planHead(planId: string): PlanHeadRow | undefined | Promise<PlanHeadRow | undefined>;
  /** A description safe to print (no password). */
  description: string;
  /** PostgreSQL only: the pool, for the job queue (graphile-worker) to share. */
  pgPool?: pg.Pool;
  /** SQLite only: a consistent copy of the live database in `file`, by SQLite's online backup API. */
  copyTo?(file: string): Promise<void>;
  close(): Promise<void>;
}

export function describeUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

export function openDatabase(url: string = DEFAULT_DATABASE_URL): Connection {
  if (/^postgres(ql)?:\/\//.test(url)) {
    // PostgreSQL returns bigint (count(*)) as text; our counts are small, so read them as numbers.
    pg.types.setTypeParser(20, (value: string) => Number(value));
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    // An idle connection the server ends (a restart, a failover, an administrator) is dropped from the pool and the
    // next query opens another; unheard, the pool's error would stop the process.
    pool.on('error', (error) => console.error(`ipt: a database connection was lost: ${error.message}`));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    const planHead = async (planId: string) =>
      (
        await pool.query<PlanHeadRow>(
          'SELECT organisation_id, revision, structure_revision FROM plans WHERE id = $1',
          [planId],
        )
      ).rows[0];
    return {
      db,
      dialect: 'postgres',
      description: describeUrl(url),
      planHead,
      pgPool: pool,
      close: () => db.destroy(),
    };
  }
  const file = url.startsWith('sqlite:') ? url.slice('sqlite:'.length) : url;
  if (!file) throw new Error(`DATABASE_URL "${url}" names no SQLite file (use sqlite:path/to/file.sqlite)`);
  if (file !== ':memory:') mkdirSync(dirname(resolve(file)), { recursive: true });
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma('journal_mode = WAL');
  // WAL with synchronous=NORMAL is durable against crashes of the app and safe from corruption; much faster commits.
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({
    dialect: new TransactionalSqliteDialect({ database: withStatementCache(sqlite) }),
  });
  // Prepared on first use: the table exists only once the database is migrated.
  let headStatement: SqliteDatabase.Statement<[string], PlanHeadRow> | undefined;
  const planHead = (planId: string) =>
    (headStatement ??= sqlite.prepare<[string], PlanHeadRow>(
      'SELECT organisation_id, revision, structure_revision FROM plans WHERE id = ?',
    )).get(planId);
  const copyTo = async (target: string) => {
    await sqlite.backup(target);
  };
  return {
    db,
    dialect: 'sqlite',
    description: `sqlite:${file}`,
    planHead,
    copyTo,
    close: () => db.destroy(),
  };
}

/**
 * Kysely asks better-sqlite3 to prepare every query afresh; the same SQL comes back again and again (page views,
 * batched inserts of the same size), so prepared statements are kept and reused.
 */
function withStatementCache(sqlite: SqliteDatabase.Database): SqliteDatabase.Database {
  const prepared = new Map<string, SqliteDatabase.Statement>();
  const prepare = sqlite.prepare.bind(sqlite);
  return new Proxy(sqlite, {
    get(target, property, receiver) {
      if (property !== 'prepare') return Reflect.get(target, property, receiver) as unknown;
      return (sql: string) => {
        let statement = prepared.get(sql);
        if (!statement) {
          statement = prepare(sql);
          if (prepared.size >= 500) prepared.clear();
          prepared.set(sql, statement);
        }
        return statement;
      };
    },
  });
}

/** Opens and brings the schema up to date: the CLI and the server both start this way. */
export async function openMigratedDatabase(url?: string): Promise<Connection> {
  const connection = openDatabase(url);
  try {
    await migrateToLatest(connection.db);
  } catch (error) {
    await connection.close();
    throw error;
  }
  return connection;
}
