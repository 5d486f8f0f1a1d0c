/**
 * Removing part of a plan without losing it: the rows of what is removed (with everything that hangs off it) are
 * kept, table by table, in `removed_items`, then deleted; restoring puts the same rows back under the same ids.
 * The plan's pages and exports read only live rows, so nothing else has to know about removal.
 */
import type { Executor } from '../connection.ts';
import { newId, nowIso } from '../ids.ts';
import type { Database } from '../schema.ts';
import { subtree } from '../../domain/ordering.ts';
import { byDepth, fromJson, insertMany, toJson } from './rows.ts';

export const REMOVABLE = ['section', 'recommendation', 'action', 'measure', 'update'] as const;
export type Removable = (typeof REMOVABLE)[number];

type Table = keyof Database;
type Row = Record<string, unknown>;
/** The tables of one removal, in the order they are put back (parents before what refers to them). */
type Payload = { table: Table; rows: Row[] }[];

const TABLE_OF: Record<
  Removable,
  'sections' | 'recommendations' | 'actions' | 'measures' | 'progress_updates'
> = {
  section: 'sections',
  recommendation: 'recommendations',
  action: 'actions',
  measure: 'measures',
  update: 'progress_updates',
};

const rowsWhere = async (db: Executor, table: Table, column: string, ids: string[]): Promise<Row[]> =>
  ids.length === 0
    ? []
    : await db
        .selectFrom(table)
        .selectAll()
        .where(column as never, 'in', ids as never)
        .execute();

/** Rows of a tree, each after its parent (rows come back from the database in no order of ours). */
function treeOrder(rows: Row[]): Row[] {
  const byId = new Map(rows.map((r) => [r.id as string, r]));
  const depth = (r: Row): number => {
    const parent = byId.get(r.parent_id as string);
    return parent ? depth(parent) + 1 : 0;
  };
  return rows
    .map((r) => ({ r, d: depth(r) }))
    .sort((a, b) => a.d - b.d)
    .map(({ r }) => r);
}

/** What is removed with an item: a section takes its subsections, their recommendations and their actions. */
async function collect(db: Executor, type: Removable, id: string): Promise<Payload> {
  const planOf = async (table: Table) =>
    (
      (await db
        .selectFrom(table)
        .select('plan_id' as never)
        .where('id' as never, '=', id as never)
        .executeTakeFirst()) as { plan_id: string } | undefined
    )?.plan_id;
  const payload: Payload = [];
  // One entry a table, in the order tables are first met (so links follow what they link).
  const add = (table: Table, rows: Row[]) => {
    if (rows.length === 0) return;
    const entry = payload.find((p) => p.table === table);
    if (entry) entry.rows.push(...rows);
    else payload.push({ table, rows });
  };
  const actionTree = async (roots: Row[]) => {
    if (roots.length === 0) return;
    const planId = roots[0]!.plan_id as string;
    const all = await db
      .selectFrom('actions')
      .select(['id', 'parent_id'])
      .where('plan_id', '=', planId)
      .execute();
    const parents = new Map(all.map((a) => [a.id, a.parent_id]));
    const ids = new Set<string>();
    for (const root of roots) for (const a of subtree(root.id as string, parents)) ids.add(a);
    const rows = await rowsWhere(db, 'actions', 'id', [...ids]);
    add('actions', treeOrder(rows));
    for (const table of [
      'action_leads',
      'action_recommendations',
      'action_measures',
      'progress_updates',
    ] as const)
      add(table, await rowsWhere(db, table, 'action_id', [...ids]));
  };
  const recommendationLinks = async (ids: string[]) => {
    add('action_recommendations', await rowsWhere(db, 'action_recommendations', 'recommendation_id', ids));
    add('measure_recommendations', await rowsWhere(db, 'measure_recommendations', 'recommendation_id', ids));
  };
  if (type === 'update') add('progress_updates', await rowsWhere(db, 'progress_updates', 'id', [id]));
  if (type === 'action') await actionTree(await rowsWhere(db, 'actions', 'id', [id]));
  if (type === 'recommendation') {
    add('recommendations', await rowsWhere(db, 'recommendations', 'id', [id]));
    await recommendationLinks([id]);
  }
  if (type === 'measure') {
    add('measures', await rowsWhere(db, 'measures', 'id', [id]));
    for (const table of ['measure_targets', 'measure_values', 'measure_comparators'] as const)
      add(table, await rowsWhere(db, table, 'measure_id', [id]));
    add('action_measures', await rowsWhere(db, 'action_measures', 'measure_id', [id]));
    add('measure_recommendations', await rowsWhere(db, 'measure_recommendations', 'measure_id', [id]));
  }
  if (type === 'section') {
    const planId = await planOf('sections');
    if (!planId) return [];
    const all = await db
      .selectFrom('sections')
      .select(['id', 'parent_id'])
      .where('plan_id', '=', planId)
      .execute();
    const ids = [...subtree(id, new Map(all.map((s) => [s.id, s.parent_id])))];
    const sections = await rowsWhere(db, 'sections', 'id', ids);
    add('sections', treeOrder(sections));
    const recommendations = await rowsWhere(db, 'recommendations', 'section_id', ids);
    add('recommendations', recommendations);
    await actionTree((await rowsWhere(db, 'actions', 'section_id', ids)).filter((a) => a.parent_id === null));
    await recommendationLinks(recommendations.map((r) => r.id as string));
  }
  // A link row can be reached twice (an action of the section serving a recommendation of it): keep it once.
  const seen = new Set<string>();
  return payload.map(({ table, rows }) => ({
    table,
    rows: rows.filter((row) => {
      const key = `${table}|${JSON.stringify(row)}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    }),
  }));
}

/** How many of each kind of thing a removal takes with it, for the page that asks to confirm it. */
export async function removalExtent(
  db: Executor,
  type: Removable,
  id: string,
): Promise<Record<string, number>> {
  const payload = await collect(db, type, id);
  return Object.fromEntries(payload.map(({ table, rows }) => [table, rows.length]));
}

export async function removeItem(
  db: Executor,
  item: {
    organisationId: string;
    planId: string;
    type: Removable;
    id: string;
    label: string;
    reason: string;
    by: { name: string; id: string | null };
  },
): Promise<{ removedId: string; extent: Record<string, number> }> {
  const payload = await collect(db, item.type, item.id);
  const removedId = newId();
  await db
    .insertInto('removed_items')
    .values({
      id: removedId,
      organisation_id: item.organisationId,
      plan_id: item.planId,
      entity_type: item.type,
      entity_id: item.id,
      label: item.label,
      reason: item.reason,
      removed_by: item.by.name,
      removed_by_id: item.by.id,
      removed_at: nowIso(),
      restored_at: null,
      payload: toJson(payload),
    })
    .execute();
  // Deleting the top rows cascades to links and children; rows that only point at them (set null) go explicitly.
  for (const { table, rows } of [...payload].reverse())
    if (['sections', 'recommendations', 'actions', 'measures', 'progress_updates'].includes(table))
      await db
        .deleteFrom(table as 'actions')
        .where(
          'id',
          'in',
          rows.map((r) => r.id as string),
        )
        .execute();
  return {
    removedId,
    extent: Object.fromEntries(payload.map(({ table, rows }) => [table, rows.length])),
  };
}

export interface RemovedItem {
  id: string;
  planId: string;
  organisationId: string;
  type: Removable;
  entityId: string;
  label: string;
  reason: string;
  removedBy: string;
  removedAt: string;
  restoredAt: string | null;
}

const removedOf = (row: Database['removed_items']): RemovedItem => ({
  id: row.id,
  planId: row.plan_id,
  organisationId: row.organisation_id,
  type: row.entity_type as Removable,
  entityId: row.entity_id,
  label: row.label,
  reason: row.reason,
  removedBy: row.removed_by,
  removedAt: row.removed_at,
  restoredAt: row.restored_at,
});

export async function listRemoved(db: Executor, planId: string): Promise<RemovedItem[]> {
  const rows = await db
    .selectFrom('removed_items')
    .selectAll()
    .where('plan_id', '=', planId)
    .where('restored_at', 'is', null)
    .orderBy('removed_at', 'desc')
    .execute();
  return rows.map(removedOf);
}

export async function getRemoved(db: Executor, removedId: string): Promise<RemovedItem | undefined> {
  const row = await db.selectFrom('removed_items').selectAll().where('id', '=', removedId).executeTakeFirst();
  return row ? removedOf(row) : undefined;
}

/** What must still be there for each kind of row to go back, by the column naming it. */
const REQUIRED: Partial<Record<Table, [string, Table][]>> = {
  sections: [['parent_id', 'sections']],
  recommendations: [['section_id', 'sections']],
  actions: [
    ['parent_id', 'actions'],
    ['section_id', 'sections'],
  ],
  progress_updates: [['action_id', 'actions']],
};
/** Links are put back only where their other end still exists. */
const LINKS: Partial<Record<Table, [string, Table][]>> = {
  action_leads: [['action_id', 'actions']],
  action_recommendations: [
    ['action_id', 'actions'],
    ['recommendation_id', 'recommendations'],
  ],
  action_measures: [
    ['action_id', 'actions'],
    ['measure_id', 'measures'],
  ],
  measure_recommendations: [
    ['measure_id', 'measures'],
    ['recommendation_id', 'recommendations'],
  ],
};

const exists = async (db: Executor, table: Table, id: string) =>
  !!(await db
    .selectFrom(table)
    .select('id' as never)
    .where('id' as never, '=', id as never)
    .executeTakeFirst());

/**
 * Puts a removal back. Refused, naming what is missing, when what it belonged to has since been removed itself
 * (restore that first). Returns what it put back.
 */
export async function restoreItem(
  db: Executor,
  removedId: string,
): Promise<{ missing: { kind: string; id: string; label: string | null } | null }> {
  const row = await db.selectFrom('removed_items').selectAll().where('id', '=', removedId).executeTakeFirst();
  if (!row) return { missing: { kind: 'removal', id: removedId, label: null } };
  const payload = fromJson<Payload>(row.payload, []);
  const restored = new Set<string>();
  for (const { table, rows } of payload) {
    const kept: Row[] = [];
    for (const r of rows) {
      for (const [column, target] of REQUIRED[table] ?? []) {
        const ref = r[column] as string | null;
        if (ref !== null && ref !== undefined && !restored.has(ref) && !(await exists(db, target, ref))) {
          // Named by the removal that took it (its own, or its parent's), so the message says what to restore.
          const removal = await db
            .selectFrom('removed_items')
            .select('label')
            .where('plan_id', '=', row.plan_id)
            .where('restored_at', 'is', null)
            .where((eb) => eb.or([eb('entity_id', '=', ref), eb('payload', 'like', `%"${ref}"%`)]))
            .orderBy('removed_at', 'desc')
            .executeTakeFirst();
          return {
            missing: {
              kind: target.replace(/s$/, '').replace('_', ' '),
              id: ref,
              label: removal?.label ?? null,
            },
          };
        }
      }
      let linked = true;
      for (const [column, target] of LINKS[table] ?? []) {
        const ref = r[column] as string;
        if (!restored.has(ref) && !(await exists(db, target, ref))) linked = false;
      }
      if (linked) kept.push(r);
      if (typeof r.id === 'string') restored.add(r.id);
    }
    if (table === 'sections' || table === 'actions')
      for (const level of byDepth(kept as { id: string; parent_id: string | null }[]))
        await insertMany(db, table, level as never[]);
    else await insertMany(db, table, kept as never[]);
  }
  await db.updateTable('removed_items').set({ restored_at: nowIso() }).where('id', '=', removedId).execute();
  return { missing: null };
}

export const tableOf = (type: Removable) => TABLE_OF[type];
