/**
 * Backups that either database can restore. `writeBackup` takes a consistent copy while the app runs (SQLite: its
 * online backup API into a scratch file, read from there; PostgreSQL: one read-only repeatable-read transaction
 * over every table), and writes it as gzipped JSON lines: a header naming the schema's migrations and each
 * table's row count, then each table's columns and rows in `TABLES_IN_ORDER`, then an end line. `restoreBackup`
 * reads that file into an empty database (or, forced, one it empties first) in one transaction, so a bad or cut
 * file restores nothing. Rows are copied as stored, so the audit log's hash chain verifies afterwards.
 */
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { finished } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import SqliteDatabase from 'better-sqlite3';
import { sql, type Transaction } from 'kysely';
import type { Connection } from './connection.ts';
import type { Database } from './schema.ts';
import { SELF_REFERENCES, TABLES_IN_ORDER } from './tables.ts';

const FORMAT = 'ipt-backup';
const VERSION = 1;

type Value = string | number | null;

interface Header {
  format: typeof FORMAT;
  version: number;
  createdAt: string;
  source: string;
  migrations: string[];
  tables: Record<string, number>;
}

export interface BackupSummary {
  tables: number;
  rows: number;
}

/** A file that is not a backup, or one that is cut short or made by another schema: nothing was changed. */
export class BackupError extends Error {}

/** One table's rows, read from a consistent view of the database. */
interface TableRows {
  table: string;
  columns: string[];
  rows: Value[][];
}

export async function writeBackup(connection: Connection, file: string): Promise<BackupSummary> {
  const out = createWriteStream(file);
  const gzip = createGzip();
  gzip.pipe(out);
  const write = async (value: unknown) => {
    if (!gzip.write(JSON.stringify(value) + '\n')) await once(gzip, 'drain');
  };
  let rows = 0;
  await readConsistently(connection, async (migrations, tables) => {
    const header: Header = {
      format: FORMAT,
      version: VERSION,
      createdAt: new Date().toISOString(),
      source: connection.dialect,
      migrations,
      tables: Object.fromEntries(tables.map((t) => [t.table, t.rows.length])),
    };
    await write(header);
    for (const { table, columns, rows: tableRows } of tables) {
      await write({ table, columns });
      for (const row of parentsFirst(table, columns, tableRows)) await write(row);
      rows += tableRows.length;
    }
    await write({ end: true, rows });
  });
  gzip.end();
  await finished(out);
  return { tables: TABLES_IN_ORDER.length, rows };
}

async function readConsistently(
  connection: Connection,
  use: (migrations: string[], tables: TableRows[]) => Promise<void>,
): Promise<void> {
  if (connection.copyTo) {
    const dir = await mkdtemp(join(tmpdir(), 'ipt-backup-'));
    try {
      const copy = join(dir, 'copy.sqlite');
      await connection.copyTo(copy);
      const sqlite = new SqliteDatabase(copy, { readonly: true });
      try {
        const migrations = sqlite
          .prepare<[], { name: string }>('SELECT name FROM kysely_migration ORDER BY name')
          .all()
          .map((r) => r.name);
        const tables = TABLES_IN_ORDER.map((table) => {
          const statement = sqlite.prepare(`SELECT * FROM "${table}"`).raw(true);
          return {
            table,
            columns: statement.columns().map((c) => c.name),
            rows: statement.all() as Value[][],
          };
        });
        await use(migrations, tables);
      } finally {
        sqlite.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    return;
  }
  await connection.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (trx) => {
      const migrations = (
        await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(trx)
      ).rows.map((r) => r.name);
      const schema = new Map((await trx.introspection.getTables()).map((t) => [t.name, t]));
      const tables: TableRows[] = [];
      for (const table of TABLES_IN_ORDER) {
        const found = schema.get(table);
        if (!found) throw new BackupError(`the database has no table ${table}: is its schema up to date?`);
        const columns = found.columns.map((c) => c.name);
        const result = await sql<Record<string, Value>>`SELECT * FROM ${sql.table(table)}`.execute(trx);
        tables.push({ table, columns, rows: result.rows.map((r) => columns.map((c) => r[c] ?? null)) });
      }
      await use(migrations, tables);
    });
}

/** Rows of a table that refers to itself, each after the row it refers to, so they can be inserted in order. */
export function parentsFirst(table: string, columns: string[], rows: Value[][]): Value[][] {
  const column = SELF_REFERENCES[table as keyof typeof SELF_REFERENCES];
  if (!column) return rows;
  const id = columns.indexOf('id');
  const parent = columns.indexOf(column);
  const children = new Map<Value, Value[][]>();
  for (const row of rows) {
    const key = row[parent] ?? null;
    children.set(key, [...(children.get(key) ?? []), row]);
  }
  const ordered: Value[][] = [];
  const queue = [...(children.get(null) ?? [])];
  while (queue.length > 0) {
    const row = queue.shift() as Value[];
    ordered.push(row);
    queue.push(...(children.get(row[id] ?? null) ?? []));
  }
  // Rows whose parent is missing (or in a loop) still go in, last: the database will say what is wrong.
  const placed = new Set(ordered);
  return [...ordered, ...rows.filter((r) => !placed.has(r))];
}

export interface RestoreSummary {
  rows: number;
  createdAt: string;
  source: string;
}

export async function restoreBackup(
  connection: Connection,
  file: string,
  options: { force?: boolean } = {},
): Promise<RestoreSummary> {
  await expectGzip(file);
  const lines = createInterface({
    input: createReadStream(file).pipe(createGunzip()),
    crlfDelay: Infinity,
  })[Symbol.asyncIterator]();
  const next = async (): Promise<unknown> => {
    let line: IteratorResult<string>;
    try {
      line = await lines.next();
    } catch {
      throw new BackupError(`${file} is damaged or cut short: it could not be read to its end`);
    }
    if (line.done) return undefined;
    try {
      return JSON.parse(line.value) as unknown;
    } catch {
      throw new BackupError(`${file} holds a line that is not JSON: it is damaged`);
    }
  };
  const header = (await next()) as Partial<Header> | undefined;
  if (header?.format !== FORMAT || header.version !== VERSION || !header.tables || !header.migrations)
    throw new BackupError(`${file} is not a backup written by ipt backup`);
  const { db } = connection;
  const migrations = (
    await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(db)
  ).rows
    .map((r) => r.name)
    .join(', ');
  if (header.migrations.join(', ') !== migrations)
    throw new BackupError(
      `${file} was made with another version of ipt's schema (${header.migrations.at(-1) ?? 'none'}; this database is at ${migrations.split(', ').at(-1)}): restore it with the version that made it`,
    );
  const expected = header.tables;
  let restored = 0;
  await db.transaction().execute(async (trx) => {
    const occupied = await occupiedTables(trx);
    if (occupied.length > 0 && !options.force)
      throw new BackupError(
        `${connection.description} is not empty (it holds ${occupied.slice(0, 3).join(', ')}${occupied.length > 3 ? ' and more' : ''}): restore into an empty database, or add --force to replace everything in it`,
      );
    for (const table of [...TABLES_IN_ORDER].reverse())
      await sql`DELETE FROM ${sql.table(table)}`.execute(trx);
    let table: string | null = null;
    let columns: string[] = [];
    let batch: Value[][] = [];
    let tableRows = 0;
    const flush = async () => {
      if (!table || batch.length === 0) return;
      const values = batch.map((row) => Object.fromEntries(columns.map((c, i) => [c, row[i] ?? null])));
      try {
        await trx
          .insertInto(table as keyof Database)
          .values(values)
          .execute();
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new BackupError(
          `${file} is damaged: its ${table} rows do not fit the database (${reason}); nothing was restored`,
        );
      }
      batch = [];
    };
    const closeTable = async () => {
      await flush();
      if (table && tableRows !== expected[table])
        throw new BackupError(
          `${file} is damaged: ${table} has ${tableRows} rows, its header says ${expected[table]}`,
        );
    };
    for (;;) {
      const item = await next();
      if (item === undefined)
        throw new BackupError(`${file} is cut short: it ends before its last line; nothing was restored`);
      if (Array.isArray(item)) {
        if (!table) throw new BackupError(`${file} is damaged: a row comes before any table`);
        if (item.length !== columns.length)
          throw new BackupError(
            `${file} is damaged: a row of ${table} has ${item.length} values for ${columns.length} columns`,
          );
        batch.push(item as Value[]);
        tableRows++;
        restored++;
        if (batch.length >= Math.min(1000, Math.floor(30_000 / columns.length))) await flush();
        continue;
      }
      const marker = item as { table?: string; columns?: string[]; end?: boolean; rows?: number };
      await closeTable();
      if (marker.end) {
        if (marker.rows !== restored)
          throw new BackupError(`${file} is damaged: it holds ${restored} rows, its end says ${marker.rows}`);
        break;
      }
      if (!marker.table || !TABLES_IN_ORDER.includes(marker.table as never) || !marker.columns)
        throw new BackupError(`${file} names a table this version does not have: ${marker.table}`);
      table = marker.table;
      columns = marker.columns;
      tableRows = 0;
    }
  });
  return { rows: restored, createdAt: header.createdAt ?? '', source: header.source ?? '' };
}

/** The tables that hold rows, for a clear refusal. */
async function occupiedTables(trx: Transaction<Database>): Promise<string[]> {
  const occupied: string[] = [];
  for (const table of TABLES_IN_ORDER) {
    const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(trx);
    const n = Number(rows[0]?.n ?? 0);
    if (n > 0) occupied.push(`${n} ${table.replaceAll('_', ' ')}`);
  }
  return occupied;
}

async function expectGzip(file: string): Promise<void> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch {
    throw new BackupError(`${file}: no such file`);
  }
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    if (bytesRead < 2 || buffer[0] !== 0x1f || buffer[1] !== 0x8b)
      throw new BackupError(`${file} is not a backup written by ipt backup`);
  } finally {
    await handle.close();
  }
}
