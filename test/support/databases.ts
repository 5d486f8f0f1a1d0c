/**
 * Real databases for tests: a fresh SQLite file, and a fresh database on the PostgreSQL test server.
 * Each test file gets its own, so tests never see each other's rows.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { openMigratedDatabase, type Connection, type DialectName } from '../../src/db/connection.ts';

export const DIALECTS: DialectName[] = ['sqlite', 'postgres'];

export function postgresAvailable(): boolean {
  const reason = inject('postgresSkipReason');
  if (reason) console.warn(`PostgreSQL tests skipped: ${reason}`);
  return inject('postgresUrl') !== null;
}

/** A URL for a brand-new, empty database of the given kind. */
export async function freshDatabaseUrl(dialect: DialectName): Promise<string> {
  const name = `ipt_test_${randomBytes(6).toString('hex')}`;
  if (dialect === 'sqlite')
    return `sqlite:${join(mkdtempSync(join(tmpdir(), 'ipt-sqlite-')), `${name}.sqlite`)}`;
  const adminUrl = inject('postgresUrl');
  if (!adminUrl) throw new Error('No PostgreSQL server for tests');
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function openTestDatabase(dialect: DialectName): Promise<Connection> {
  return openMigratedDatabase(await freshDatabaseUrl(dialect));
}

/** describe.each over the dialects, skipping PostgreSQL (with the reason printed) only where it cannot start. */
export function dialectsToTest(): DialectName[] {
  return postgresAvailable() ? DIALECTS : ['sqlite'];
}
