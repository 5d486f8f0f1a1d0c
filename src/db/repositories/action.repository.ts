import type { Updateable } from 'kysely';
import type { Executor } from '../connection.ts';
import { NotFoundError, StaleVersionError } from '../errors.ts';
import { newId, nowIso } from '../ids.ts';
import type { ActionRow, ActionTable } from '../schema.ts';
import type { ActionDoc, DueDoc, ProgressUpdateDoc, StatusDoc } from '../../domain/plan-format.ts';
import { byDepth, fromJson, insertMany, lookup, nextOrdinal, parentsFirst, toJson, tracked } from './rows.ts';

export interface ActionRefs {
  sections: Map<string, string>;
  recommendations: Map<string, string>;
  measures: Map<string, string>;
  /** Person ids by name, so leads link to people where the plan names them. */
  peopleByName: Map<string, string>;
}

export function dueColumns(due: DueDoc | null) {
  return {
    due_raw: due?.raw ?? null,
    due_kind: due?.kind ?? null,
    due_start: due?.start ?? null,
    due_end: due?.end ?? null,
    due_recurrence: due?.recurrence ?? null,
  };
}

export function statusColumns(status: StatusDoc | null) {
  return {
    status_raw: status?.raw ?? null,
    status_state: status?.state ?? null,
    status_rag: status?.rag ?? null,
    status_set_by: status?.setBy ?? null,
    status_set_at: status?.setAt ?? null,
  };
}

export async function insertActions(
  db: Executor,
  organisationId: string,
  planId: string,
  actions: ActionDoc[],
  refs: ActionRefs & { parents?: Map<string, string> },
  firstOrdinal = 0,
): Promise<Map<string, string>> {
  const ids = new Map(actions.map((a) => [a.id, newId()]));
  const ordinals = new Map(actions.map((a, i) => [a.id, firstOrdinal + i]));
  // A parent already stored (adding a milestone) is named by its stored id.
  const parentIds = new Map([...(refs.parents ?? []), ...ids]);
  const ordered = parentsFirst(actions);
  const rows = ordered.map((action) => ({
    id: ids.get(action.id) as string,
    ...tracked(organisationId),
    plan_id: planId,
    section_id: lookup(refs.sections, action.sectionId),
    parent_id: lookup(parentIds, action.parentId),
    ref: action.ref,
    kind: action.kind,
    text: action.text,
    partners: toJson(action.partners),
    joint: action.joint ? 1 : 0,
    ...dueColumns(action.due),
    ...statusColumns(action.status),
    progress: action.progress,
    success_criteria: toJson(action.successCriteria),
    monitoring: toJson(action.monitoring),
    evidence: toJson(action.evidence),
    cross_refs: toJson(action.crossRefs),
    sign_off_requested_by: action.signOff?.requestedBy ?? null,
    sign_off_requested_at: action.signOff?.requestedAt ?? null,
    ordinal: ordinals.get(action.id) ?? 0,
  }));
  for (const level of byDepth(rows)) await insertMany(db, 'actions', level);

  const link = <T>(make: (action: ActionDoc, actionId: string) => T[]) =>
    ordered.flatMap((action) => make(action, ids.get(action.id) as string));
  const leads = link((action, action_id) =>
    action.leads.map((name, ordinal) => ({
      organisation_id: organisationId,
      action_id,
      person_id: refs.peopleByName.get(name) ?? null,
      name,
      ordinal,
    })),
  );
  const recommendations = link((action, action_id) =>
    action.recommendationIds
      .map((id, ordinal) => ({
        organisation_id: organisationId,
        action_id,
        recommendation_id: lookup(refs.recommendations, id),
        ordinal,
      }))
      .filter((r): r is typeof r & { recommendation_id: string } => r.recommendation_id !== null),
  );
  const measures = link((action, action_id) =>
    action.measureIds
      .map((id, ordinal) => ({
        organisation_id: organisationId,
        action_id,
        measure_id: lookup(refs.measures, id),
        ordinal,
      }))
      .filter((r): r is typeof r & { measure_id: string } => r.measure_id !== null),
  );
  const updates = link((action, actionId) =>
    action.updates.map((u, ordinal) => progressRow(organisationId, actionId, u, ordinal)),
  );
  await insertMany(db, 'action_leads', leads);
  await insertMany(db, 'action_recommendations', recommendations);
  await insertMany(db, 'action_measures', measures);
  await insertMany(db, 'progress_updates', updates);
  return ids;
}

export async function replaceLeads(
  db: Executor,
  organisationId: string,
  actionId: string,
  leads: string[],
  peopleByName: Map<string, string>,
): Promise<void> {
  await db.deleteFrom('action_leads').where('action_id', '=', actionId).execute();
  for (const [ordinal, name] of leads.entries()) {
    await db
      .insertInto('action_leads')
      .values({
        organisation_id: organisationId,
        action_id: actionId,
        person_id: peopleByName.get(name) ?? null,
        name,
        ordinal,
      })
      .execute();
  }
}

function progressRow(organisationId: string, actionId: string, update: ProgressUpdateDoc, ordinal: number) {
  return {
    id: newId(),
    ...tracked(organisationId),
    action_id: actionId,
    update_date: update.date,
    author: update.author,
    narrative: update.narrative,
    status_raw: update.status?.raw ?? null,
    status_state: update.status?.state ?? null,
    status_rag: update.status?.rag ?? null,
    evidence: toJson(update.evidence),
    ordinal,
  };
}

export async function insertProgressUpdate(
  db: Executor,
  organisationId: string,
  actionId: string,
  update: ProgressUpdateDoc,
  ordinal: number,
): Promise<string> {
  const row = progressRow(organisationId, actionId, update, ordinal);
  await db.insertInto('progress_updates').values(row).execute();
  return row.id;
}

export async function nextUpdateOrdinal(db: Executor, actionId: string): Promise<number> {
  const row = await db
    .selectFrom('progress_updates')
    .select((eb) => eb.fn.max<number>('ordinal').as('max'))
    .where('action_id', '=', actionId)
    .executeTakeFirst();
  return nextOrdinal(row);
}

export async function getAction(
  db: Executor,
  organisationId: string,
  actionId: string,
): Promise<ActionRow | undefined> {
  return db
    .selectFrom('actions')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('id', '=', actionId)
    .executeTakeFirst();
}

/**
 * Optimistic concurrency: the update only applies to the version the caller read. A stale version is
 * refused, naming the version that is now stored, so nobody silently overwrites another's change.
 */
export async function updateActionRow(
  db: Executor,
  organisationId: string,
  actionId: string,
  expectedVersion: number,
  changes: Updateable<ActionTable>,
): Promise<ActionRow> {
  const result = await db
    .updateTable('actions')
    .set({ ...changes, updated_at: nowIso(), version: expectedVersion + 1 })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', actionId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) {
    const current = await getAction(db, organisationId, actionId);
    if (!current) throw new NotFoundError('action', actionId);
    throw new StaleVersionError('action', actionId, expectedVersion, current.version);
  }
  return (await getAction(db, organisationId, actionId)) as ActionRow;
}

interface ActionLinks {
  leads: Map<string, string[]>;
  recommendations: Map<string, string[]>;
  measures: Map<string, string[]>;
  updates: Map<string, ProgressUpdateDoc[]>;
}

const group = <T>(rows: T[], key: (row: T) => string) => {
  const map = new Map<string, T[]>();
  for (const row of rows) map.set(key(row), [...(map.get(key(row)) ?? []), row]);
  return map;
};

async function loadLinks(db: Executor, actionIds: string[]): Promise<ActionLinks> {
  if (actionIds.length === 0)
    return { leads: new Map(), recommendations: new Map(), measures: new Map(), updates: new Map() };
  const [leads, recs, measures, updates] = await Promise.all([
    db
      .selectFrom('action_leads')
      .selectAll()
      .where('action_id', 'in', actionIds)
      .orderBy('ordinal')
      .execute(),
    db
      .selectFrom('action_recommendations')
      .selectAll()
      .where('action_id', 'in', actionIds)
      .orderBy('ordinal')
      .execute(),
    db
      .selectFrom('action_measures')
      .selectAll()
      .where('action_id', 'in', actionIds)
      .orderBy('ordinal')
      .execute(),
    db
      .selectFrom('progress_updates')
      .selectAll()
      .where('action_id', 'in', actionIds)
      .orderBy('ordinal')
      .execute(),
  ]);
  const mapValues = <T, U>(map: Map<string, T[]>, f: (t: T) => U) =>
    new Map([...map].map(([k, v]) => [k, v.map(f)] as const));
  return {
    leads: mapValues(
      group(leads, (r) => r.action_id),
      (r) => r.name,
    ),
    recommendations: mapValues(
      group(recs, (r) => r.action_id),
      (r) => r.recommendation_id,
    ),
    measures: mapValues(
      group(measures, (r) => r.action_id),
      (r) => r.measure_id,
    ),
    updates: mapValues(
      group(updates, (r) => r.action_id),
      (r) => ({
        id: r.id,
        version: r.version,
        date: r.update_date,
        author: r.author,
        narrative: r.narrative,
        status:
          r.status_raw === null
            ? null
            : {
                raw: r.status_raw,
                state: r.status_state as StatusDoc['state'],
                rag: r.status_rag as StatusDoc['rag'],
                setBy: null,
                setAt: null,
              },
        evidence: fromJson<string[]>(r.evidence, []),
      }),
    ),
  };
}

export function actionDocOf(row: ActionRow, links: ActionLinks): ActionDoc {
  return {
    id: row.id,
    ref: row.ref,
    kind: row.kind as ActionDoc['kind'],
    sectionId: row.section_id,
    parentId: row.parent_id,
    recommendationIds: links.recommendations.get(row.id) ?? [],
    text: row.text,
    leads: links.leads.get(row.id) ?? [],
    partners: fromJson(row.partners, []),
    joint: row.joint === 1,
    due:
      row.due_raw === null
        ? null
        : {
            raw: row.due_raw,
            kind: (row.due_kind ?? undefined) as DueDoc['kind'],
            start: row.due_start,
            end: row.due_end,
            recurrence: row.due_recurrence,
          },
    status:
      row.status_raw === null
        ? null
        : {
            raw: row.status_raw,
            state: row.status_state as StatusDoc['state'],
            rag: row.status_rag as StatusDoc['rag'],
            setBy: row.status_set_by,
            setAt: row.status_set_at,
          },
    progress: row.progress,
    successCriteria: fromJson(row.success_criteria, []),
    monitoring: fromJson(row.monitoring, []),
    evidence: fromJson(row.evidence, []),
    crossRefs: fromJson(row.cross_refs, []),
    measureIds: links.measures.get(row.id) ?? [],
    signOff:
      row.sign_off_requested_at === null
        ? null
        : { requestedBy: row.sign_off_requested_by ?? '', requestedAt: row.sign_off_requested_at },
    updates: links.updates.get(row.id) ?? [],
  };
}

export async function listActionDocs(db: Executor, planId: string): Promise<ActionDoc[]> {
  const rows = await db
    .selectFrom('actions')
    .selectAll()
    .where('plan_id', '=', planId)
    .orderBy('ordinal')
    .execute();
  const links = await loadLinks(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((row) => actionDocOf(row, links));
}

export async function getActionDoc(
  db: Executor,
  organisationId: string,
  actionId: string,
): Promise<ActionDoc | undefined> {
  const row = await getAction(db, organisationId, actionId);
  if (!row) return undefined;
  return actionDocOf(row, await loadLinks(db, [row.id]));
}
