/** Helpers shared by the repositories: JSON text columns and the tracked columns of a new row. */
import { nowIso } from '../ids.ts';

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
 */
export async function insertMany<T extends Record<string, unknown>>(
  insert: (rows: T[]) => Promise<unknown>,
  rows: T[],
): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0] as object).length;
  const size = Math.max(1, Math.floor(30_000 / Math.max(1, columns)));
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
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
