/**
 * `ipt backup --out FILE` and `ipt restore FILE [--force]` on both databases and from SQLite to PostgreSQL: the
 * round trip is exact (every row of every table) and the audit chain verifies after it; a database with data is
 * refused without --force; a damaged or foreign file restores nothing.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { openMigratedDatabase, type DialectName } from '../../src/db/connection.ts';
import { SELF_REFERENCES, TABLES_IN_ORDER } from '../../src/db/tables.ts';
import { parentsFirst } from '../../src/db/backup.ts';
import { dialectsToTest, freshDatabaseUrl, postgresAvailable } from '../support/databases.ts';

async function ipt(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['node', 'ipt', ...args], { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const dir = mkdtempSync(join(tmpdir(), 'ipt-backup-test-'));
let files = 0;
const newFile = () => join(dir, `backup-${++files}.ipt.gz`);

/** Every row of every table, each table's rows in a fixed order: what "exact" is measured against. */
async function everything(url: string) {
  const connection = await openMigratedDatabase(url);
  try {
    const tables: Record<string, string[]> = {};
    for (const table of TABLES_IN_ORDER) {
      const { rows } = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table)}`.execute(
        connection.db,
      );
      tables[table] = rows
        .map((r) =>
          JSON.stringify(Object.fromEntries(Object.entries(r).sort(([a], [b]) => a.localeCompare(b)))),
        )
        .sort();
    }
    return tables;
  } finally {
    await connection.close();
  }
}

/** A database with the demo plan, its organisations, accounts and audit log. */
async function populated(dialect: DialectName) {
  const url = await freshDatabaseUrl(dialect);
  expect((await ipt('--database', url, 'demo')).code).toBe(0);
  return url;
}

describe.each(dialectsToTest())('backup and restore on %s', (dialect) => {
  it('restores every row exactly into an empty database, and the audit chain verifies', async () => {
    const source = await populated(dialect);
    const file = newFile();
    const backup = await ipt('--database', source, 'backup', '--out', file);
    expect(backup.code).toBe(0);
    expect(backup.out).toMatch(/^Backed up \d+ rows of \d+ tables from /);

    const target = await freshDatabaseUrl(dialect);
    const restore = await ipt('--database', target, 'restore', file);
    expect(restore).toMatchObject({ code: 0 });
    expect(restore.out).toContain(`backed up from ${dialect}`);
    const before = await everything(source);
    expect(before.actions!.length).toBeGreaterThan(5);
    expect(before.audit_log!.length).toBeGreaterThan(5);
    expect(await everything(target)).toEqual(before);
    expect(await ipt('--database', target, 'audit', 'verify')).toMatchObject({ code: 0 });
  });

  it('refuses a database that holds data unless forced, and a forced restore replaces it all', async () => {
    const source = await populated(dialect);
    const file = newFile();
    await ipt('--database', source, 'backup', '--out', file);
    const other = await populated(dialect);
    const refused = await ipt('--database', other, 'restore', file);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(
      /is not empty \(it holds 3 organisations, \d+ users, .*add --force to replace/,
    );
    const forced = await ipt('--database', other, 'restore', file, '--force');
    expect(forced.code).toBe(0);
    expect(await everything(other)).toEqual(await everything(source));
  });

  it('restores nothing from a cut, damaged or foreign file, and says which', async () => {
    const source = await populated(dialect);
    const file = newFile();
    await ipt('--database', source, 'backup', '--out', file);
    const lines = gunzipSync(readFileSync(file)).toString('utf8').trimEnd().split('\n');
    const target = await freshDatabaseUrl(dialect);
    const empty = await everything(target);

    const cut = newFile();
    writeFileSync(cut, gzipSync(lines.slice(0, Math.floor(lines.length / 2)).join('\n') + '\n'));
    expect(await ipt('--database', target, 'restore', cut)).toMatchObject({
      code: 1,
      err: `ipt: ${cut} is cut short: it ends before its last line; nothing was restored`,
    });
    const truncatedGzip = newFile();
    const bytes = readFileSync(file);
    writeFileSync(truncatedGzip, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    expect((await ipt('--database', target, 'restore', truncatedGzip)).err).toMatch(
      /damaged or cut short|cut short/,
    );
    const markerDropped = newFile();
    const usersMarker = lines.findIndex((l) => l.startsWith('{"table":"users"'));
    writeFileSync(markerDropped, gzipSync(lines.filter((_, i) => i !== usersMarker).join('\n') + '\n'));
    expect((await ipt('--database', target, 'restore', markerDropped)).err).toMatch(
      /is damaged: (a row of organisations has \d+ values for \d+ columns|its organisations rows do not fit)/,
    );
    // A whole table taken out, its heading line and rows: the end line's count shows it.
    const tableDropped = newFile();
    const headsAt = lines.findIndex((l) => l.startsWith('{"table":"audit_heads"'));
    writeFileSync(tableDropped, gzipSync([...lines.slice(0, headsAt), lines.at(-1)].join('\n') + '\n'));
    expect((await ipt('--database', target, 'restore', tableDropped)).err).toMatch(
      /is damaged: it holds \d+ rows, its end says \d+/,
    );
    const rowDropped = newFile();
    const lastRow = lines.length - 2;
    expect(lines[lastRow]).toMatch(/^\[/);
    const withoutOne = lines.filter((_, i) => i !== lastRow);
    writeFileSync(rowDropped, gzipSync(withoutOne.join('\n') + '\n'));
    expect((await ipt('--database', target, 'restore', rowDropped)).err).toMatch(
      /is damaged: \w+ has \d+ rows, its header says/,
    );
    const foreign = newFile();
    writeFileSync(foreign, 'id,text\n1,not a backup\n');
    expect(await ipt('--database', target, 'restore', foreign)).toMatchObject({
      code: 1,
      err: `ipt: ${foreign} is not a backup written by ipt backup`,
    });
    expect(await everything(target)).toEqual(empty);
  });

  it('backs up a database while the app has it open and is writing to it', async () => {
    const source = await populated(dialect);
    const app = await openMigratedDatabase(source);
    const file = newFile();
    try {
      let writing = true;
      const writes = (async () => {
        let n = 0;
        while (writing) {
          await app.db
            .insertInto('sign_in_failures')
            .values({ id: `f${n}`, key: `email:x${n++}@example.org`, failed_at: new Date().toISOString() })
            .execute();
          await new Promise((r) => setTimeout(r, 1));
        }
        return n;
      })();
      const backup = await ipt('--database', source, 'backup', '--out', file);
      writing = false;
      expect(await writes).toBeGreaterThan(0);
      expect(backup.code).toBe(0);
    } finally {
      await app.close();
    }
    const target = await freshDatabaseUrl(dialect);
    expect((await ipt('--database', target, 'restore', file)).code).toBe(0);
    expect(await ipt('--database', target, 'audit', 'verify')).toMatchObject({ code: 0 });
  });
});

describe.skipIf(!postgresAvailable())('moving up from SQLite to PostgreSQL', () => {
  it('restores a SQLite backup into PostgreSQL exactly, and back again', async () => {
    const sqlite = await populated('sqlite');
    const file = newFile();
    await ipt('--database', sqlite, 'backup', '--out', file);
    const postgres = await freshDatabaseUrl('postgres');
    expect((await ipt('--database', postgres, 'restore', file)).code).toBe(0);
    expect(await everything(postgres)).toEqual(await everything(sqlite));
    expect(await ipt('--database', postgres, 'audit', 'verify')).toMatchObject({ code: 0 });

    const back = newFile();
    await ipt('--database', postgres, 'backup', '--out', back);
    const again = await freshDatabaseUrl('sqlite');
    expect((await ipt('--database', again, 'restore', back)).code).toBe(0);
    expect(await everything(again)).toEqual(await everything(sqlite));
  });
});

describe('the table order backups use', () => {
  it('names every table of the schema, each after the tables it refers to', async () => {
    const url = await freshDatabaseUrl('sqlite');
    await (await openMigratedDatabase(url)).close();
    const sqlite = new SqliteDatabase(url.slice('sqlite:'.length), { readonly: true });
    const tables = sqlite
      .prepare<[], { name: string }>(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'kysely_%'",
      )
      .all()
      .map((t) => t.name);
    expect([...TABLES_IN_ORDER].sort()).toEqual(tables.sort());
    for (const [index, table] of TABLES_IN_ORDER.entries())
      for (const fk of sqlite
        .prepare<[], { table: string; from: string }>(`PRAGMA foreign_key_list(${table})`)
        .all()) {
        if (fk.table === table) expect(SELF_REFERENCES[table], `${table}.${fk.from}`).toBe(fk.from);
        else expect(TABLES_IN_ORDER.indexOf(fk.table as never), `${table} → ${fk.table}`).toBeLessThan(index);
      }
    sqlite.close();
  });
});

describe('rows that refer to their own table', () => {
  it('are written parents first, whatever order they are stored in (a restore inserts them in batches)', () => {
    const columns = ['id', 'parent_id'];
    const rows = [
      ['c', 'b'],
      ['b', 'a'],
      ['d', null],
      ['a', null],
      ['loop1', 'loop2'],
      ['loop2', 'loop1'],
    ];
    const ordered = parentsFirst('sections', columns, rows).map((r) => r[0]);
    expect(ordered.slice(0, 4)).toEqual(['d', 'a', 'b', 'c']);
    expect(ordered.slice(4).sort()).toEqual(['loop1', 'loop2']);
    expect(parentsFirst('people', columns, rows)).toBe(rows);
  });
});
