/** Helpers shared by the repositories: JSON text columns and the tracked columns of a new row. */
import { CompiledQuery, type Insertable } from 'kysely';
import type { Executor } from '../connection.ts';
import { nowIso } from '../ids.ts';
import type { Database } from '../schema.ts';

export const toJson = (value: unknown): string => JSON.stringify(value ?? null);

export function fromJson<T>(text: string | null | undefined, fallback: T): T {
  if (text === null || text === undefined || text === '') return fallback;
  return JSON.parse(text) as T;
}

export function tracked(organisationId: string, at: string = nowIso()) {
  return { organisation_id: organisationId, created_at: at, updated_at: at, version: 1 };
}

/** Orders a tree so every parent comes before its children (foreign keys are checked row by row). */
export function parentsFirst<T extends { id: string; parentId: string | null }>(items: T[]): T[] {
  const byId = new Map(items.map((item) => [item.id, item]));
  const placed = new Set<string>();
  const ordered: T[] = [];
  const place = (item: T) => {
    if (placed.has(item.id)) return;
    placed.add(item.id);
    const parent = item.parentId ? byId.get(item.parentId) : undefined;
    if (parent) place(parent);
    ordered.push(item);
  };
  items.forEach(place);
  return ordered;
}

/** Maps a document id to the stored id; a missing reference maps to null. */
export const lookup = (ids: Map<string, string>, docId: string | null): string | null =>
  docId === null ? null : (ids.get(docId) ?? null);

/**
 * Inserts rows in a few multi-row statements rather than one statement a row: a whole plan is stored in
 * milliseconds. Chunks stay under the bound-parameter limits of SQLite (32,766) and PostgreSQL (65,535).
 * Kysely compiles one row to learn the dialect's quoting and placeholders; the other rows are appended as
 * plain parameters, because compiling thousands of values through the query builder cost more than storing them.
 * A column that some rows leave out is stored as NULL in them, not as the column's default.
 */
export async function insertMany<T extends keyof Database>(
  db: Executor,
  table: T,
  rows: Insertable<Database[T]>[],
): Promise<void> {
  if (rows.length === 0) return;
  const columns = columnsOf(rows);
  const template = db
    .insertInto(table)
    .values(Object.fromEntries(columns.map((c) => [c, null])) as Insertable<Database[T]>)
    .compile();
  const numbered = template.sql.includes('$1');
  const head = template.sql.slice(0, template.sql.lastIndexOf(' values ') + ' values '.length);
  const size = Math.max(1, Math.floor(30_000 / columns.length));
  for (let i = 0; i < rows.length; i += size) {
    const chunk = rows.slice(i, i + size) as Record<string, unknown>[];
    const parameters: unknown[] = new Array(chunk.length * columns.length);
    let k = 0;
    for (const row of chunk) for (const column of columns) parameters[k++] = row[column] ?? null;
    await db.executeQuery(
      CompiledQuery.raw(head + valueGroups(chunk.length, columns.length, numbered), parameters),
    );
  }
}

/** Every column any row names, in the order the first row names them. */
function columnsOf(rows: Record<string, unknown>[]): string[] {
  const columns = Object.keys(rows[0] as object);
  const known = new Set(columns);
  for (const row of rows) {
    for (const key in row) {
      if (!known.has(key)) {
        known.add(key);
        columns.push(key);
      }
    }
  }
  return columns;
}

/** "(?, ?), (?, ?)" for SQLite; "($1, $2), ($3, $4)" for PostgreSQL. */
function valueGroups(rowCount: number, columnCount: number, numbered: boolean): string {
  if (!numbered)
    return new Array(rowCount).fill(`(${new Array(columnCount).fill('?').join(', ')})`).join(', ');
  const groups: string[] = [];
  for (let row = 0, n = 1; row < rowCount; row++) {
    const marks: string[] = [];
    for (let column = 0; column < columnCount; column++) marks.push(`$${n++}`);
    groups.push(`(${marks.join(', ')})`);
  }
  return groups.join(', ');
}

/** Splits rows of a tree (already parents first) into levels: roots, their children, and so on. */
export function byDepth<T extends { id: string; parent_id: string | null }>(rows: T[]): T[][] {
  const depth = new Map<string, number>();
  const levels: T[][] = [];
  for (const row of rows) {
    const d = row.parent_id === null ? 0 : (depth.get(row.parent_id) ?? -1) + 1;
    depth.set(row.id, d);
    (levels[d] ??= []).push(row);
  }
  return levels.filter(Boolean);
}

/** The ordinal after the largest one a list holds (0 for an empty list), from a `max(ordinal)` row. */
export const nextOrdinal = (row: { max: number | null } | undefined): number =>
  row?.max === null || row?.max === undefined ? 0 : Number(row.max) + 1;
