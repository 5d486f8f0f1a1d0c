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
