/**
 * What the editing pages and the API need beyond the plan's overview: one item with its version (the version an
 * edit must name), what a removal would take with it, and the plan's removed items.
 */
import type { Db } from '../../db/connection.ts';
import { NotFoundError } from '../../db/errors.ts';
import {
  getRemoved,
  listRemoved,
  removalExtent,
  type Removable,
} from '../../db/repositories/removal.repository.ts';
import { fromJson } from '../../db/repositories/rows.ts';
import { activeUsersOf } from '../../db/repositories/account.repository.ts';
import { getPlanById, planHeaderOf } from '../../db/repositories/plan.repository.ts';
import { listMeasures } from '../../db/repositories/measure.repository.ts';
import { auditFor } from '../../db/repositories/audit.repository.ts';
import { ENTITY_OF, type VersionedTable } from '../../db/repositories/versioned.ts';
import { personDocOf } from '../../db/repositories/person.repository.ts';
import type { Actor } from '../../domain/actor.ts';
import type { Access } from './access.ts';

export type ItemTable = 'sections' | 'recommendations' | 'actions' | 'measures' | 'people';
const ENTITY: Record<ItemTable, string> = {
  sections: 'section',
  recommendations: 'recommendation',
  actions: 'action',
  measures: 'measure',
  people: 'person',
};

export function createStructureQueries(db: Db, access: Access) {
  /** The plan an item belongs to, as the actor reaches it: not found when they may not see it. */
  async function planOf(actor: Actor, table: Exclude<ItemTable, 'people'>, id: string) {
    const row = await db
      .selectFrom(table as 'sections')
      .select('plan_id')
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw new NotFoundError(ENTITY[table], id);
    return access.plan(actor, row.plan_id).catch((error: unknown) => {
      if (error instanceof NotFoundError) throw new NotFoundError(ENTITY[table], id);
      throw error;
    });
  }

  async function section(actor: Actor, id: string) {
    const head = await planOf(actor, 'sections', id);
    const r = await db.selectFrom('sections').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    return {
      head,
      section: {
        id: r.id,
        planId: r.plan_id,
        parentId: r.parent_id,
        kind: r.kind,
        ref: r.ref,
        title: r.title,
        lead: r.lead,
        objectives: fromJson<string[]>(r.objectives, []),
        version: r.version,
      },
    };
  }

  async function recommendation(actor: Actor, id: string) {
    const head = await planOf(actor, 'recommendations', id);
    const r = await db
      .selectFrom('recommendations')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const actions = await db
      .selectFrom('action_recommendations')
      .select('action_id')
      .where('recommendation_id', '=', id)
      .orderBy('ordinal')
      .execute();
    return {
      head,
      recommendation: {
        id: r.id,
        planId: r.plan_id,
        sectionId: r.section_id,
        sourceId: r.source_id,
        ref: r.ref,
        kind: r.kind,
        text: r.text,
        reportRefs: fromJson<string[]>(r.report_refs, []),
        timeframe: r.timeframe,
        actionIds: actions.map((a) => a.action_id),
        version: r.version,
      },
    };
  }

  async function measure(actor: Actor, id: string) {
    const head = await planOf(actor, 'measures', id);
    const found = (await listMeasures(db, head.planId)).find((m) => m.id === id);
    if (!found) throw new NotFoundError('measure', id);
    const row = await db
      .selectFrom('measures')
      .select('version')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const actions = await db
      .selectFrom('action_measures')
      .select('action_id')
      .where('measure_id', '=', id)
      .orderBy('ordinal')
      .execute();
    return { head, measure: { ...found, actionIds: actions.map((a) => a.action_id), version: row.version } };
  }

  /** A person of the plan's organisation, read through a plan the actor may see. */
  async function person(actor: Actor, planId: string, personId: string) {
    const head = await access.plan(actor, planId);
    const r = await db
      .selectFrom('people')
      .selectAll()
      .where('id', '=', personId)
      .where('organisation_id', '=', head.organisationId)
      .executeTakeFirst();
    if (!r) throw new NotFoundError('person', personId);
    return {
      head,
      person: {
        ...personDocOf(r),
        version: r.version,
      },
    };
  }

  /** The plan's own details with the version an edit names. */
  async function settings(actor: Actor, planId: string) {
    const head = await access.plan(actor, planId);
    const row = await getPlanById(db, planId);
    if (!row) throw new NotFoundError('plan', planId);
    return {
      head,
      plan: {
        ...planHeaderOf(row, ''),
        organisation: undefined,
        /** The plan's own version label ("v3.1"); `version` is the one an edit names. */
        versionLabel: row.version_label,
        version: row.version,
        stateChangedAt: row.state_changed_at,
        stateChangedBy: row.state_changed_by,
        signOffApproverId: row.sign_off_approver_id,
      },
      /** Who the plan could name as its approver (the organisation's active accounts), for its managers only. */
      approverChoices: head.can.manage
        ? (await activeUsersOf(db, row.organisation_id)).map((u) => ({
            id: u.id,
            name: u.name,
            role: u.role,
          }))
        : [],
    };
  }

  async function extent(actor: Actor, type: Exclude<Removable, 'update'>, id: string) {
    const table = `${type}s` as 'sections';
    const head = await planOf(actor, table, id);
    return { head, extent: await removalExtent(db, type, id) };
  }

  async function removed(actor: Actor, planId: string) {
    const head = await access.plan(actor, planId);
    return { head, removed: await listRemoved(db, planId) };
  }

  /** The action a progress update belongs to, if the actor may read it. */
  async function actionOfUpdate(actor: Actor, updateId: string) {
    const row = await db
      .selectFrom('progress_updates')
      .innerJoin('actions', 'actions.id', 'progress_updates.action_id')
      .select(['actions.id as actionId', 'actions.plan_id as planId'])
      .where('progress_updates.id', '=', updateId)
      .executeTakeFirst();
    if (!row) throw new NotFoundError('progress update', updateId);
    await access.plan(actor, row.planId).catch((error: unknown) => {
      if (error instanceof NotFoundError) throw new NotFoundError('progress update', updateId);
      throw error;
    });
    return row.actionId;
  }

  /** One removed item, through its plan. */
  async function removedItem(actor: Actor, removedId: string) {
    const item = await getRemoved(db, removedId);
    if (!item) throw new NotFoundError('removed item', removedId);
    await access.plan(actor, item.planId);
    return item;
  }

  /**
   * Who last changed an item and when, for the page that says someone else saved first: read through the plan
   * it belongs to, so nobody learns of a change they could not see. Null when the item is unknown or unseen.
   */
  async function lastChange(actor: Actor, entity: string, id: string) {
    const table = (Object.keys(ENTITY_OF) as VersionedTable[]).find((t) => ENTITY_OF[t] === entity);
    if (!table) return null;
    let planId: string | undefined;
    let actionId: string | null = null;
    if (table === 'plans') planId = id;
    else if (table === 'progress_updates') {
      const row = await db
        .selectFrom('progress_updates')
        .innerJoin('actions', 'actions.id', 'progress_updates.action_id')
        .select(['actions.plan_id', 'actions.id'])
        .where('progress_updates.id', '=', id)
        .executeTakeFirst();
      planId = row?.plan_id;
      actionId = row?.id ?? null;
    } else if (table !== 'people') {
      const row = await db
        .selectFrom(table as 'sections')
        .select('plan_id')
        .where('id', '=', id)
        .executeTakeFirst();
      planId = row?.plan_id;
    }
    let organisationId = 'organisationId' in actor ? actor.organisationId : null;
    if (planId) {
      const head = await access.plan(actor, planId).catch(() => null);
      if (!head) return null;
      organisationId = head.organisationId;
    }
    if (!organisationId) return null;
    const last = (await auditFor(db, organisationId, { entityId: id })).at(-1);
    return {
      planId: planId ?? null,
      actionId,
      changedBy: last?.actor ?? null,
      changedAt: last?.occurredAt ?? null,
    };
  }

  return {
    section,
    recommendation,
    measure,
    person,
    settings,
    extent,
    removed,
    removedItem,
    actionOfUpdate,
    lastChange,
  };
}
