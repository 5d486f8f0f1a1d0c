/**
 * Changing an action: editing its fields and recording progress. Every change names the version it was
 * made against (stale versions are refused) and is written to the audit log in the same transaction.
 */
import { z } from 'zod';
import type { Db } from '../db/connection.ts';
import { NotFoundError } from '../db/errors.ts';
import { nowIso } from '../db/ids.ts';
import {
  dueColumns,
  getAction,
  getActionDoc,
  insertProgressUpdate,
  nextUpdateOrdinal,
  replaceLeads,
  statusColumns,
  updateActionRow,
} from '../db/repositories/action.repository.ts';
import { recordAudit } from '../db/repositories/audit.repository.ts';
import { getPlan } from '../db/repositories/plan.repository.ts';
import { fromJson, toJson } from '../db/repositories/rows.ts';
import { isIsoDate } from '../domain/calendar.ts';
import type { ActionDoc, StatusDoc } from '../domain/plan-format.ts';
import { DEFAULT_STATUS_KEY, ragOf, readStatus, type StatusKeyEntry } from '../domain/status.ts';
import { parseTimescale } from '../domain/timescale.ts';
import { createPlanCache, type PlanCache } from './plan-cache.ts';

const isoDate = z.string().refine(isIsoDate, 'must be a real date written YYYY-MM-DD');

export const ActionEditSchema = z
  .object({
    version: z.number().int().positive(),
    text: z.string().trim().min(1, 'Enter the action').optional(),
    leads: z.array(z.string().trim().min(1)).optional(),
    partners: z.array(z.string().trim().min(1)).optional(),
    joint: z.boolean().optional(),
    due: z.string().trim().optional().describe('The timescale as written; it is parsed again'),
    dueChangeReason: z.string().trim().optional(),
    successCriteria: z.array(z.string()).optional(),
  })
  .strict();
export type ActionEdit = z.infer<typeof ActionEditSchema>;

export const ProgressInputSchema = z
  .object({
    version: z.number().int().positive().optional(),
    date: isoDate.optional(),
    status: z.string().trim().min(1, "Choose a status from the plan's key"),
    narrative: z.string().trim().min(1, 'Describe the progress made'),
    evidence: z.array(z.string().trim().min(1)).default([]),
  })
  .strict();
export type ProgressInput = z.input<typeof ProgressInputSchema>;

export function createActionService(db: Db, cache: PlanCache = createPlanCache(0)) {
  async function get(organisationId: string, actionId: string): Promise<ActionDoc> {
    const doc = await getActionDoc(db, organisationId, actionId);
    if (!doc) throw new NotFoundError('action', actionId);
    return doc;
  }

  /** The action with the version a change must name (optimistic concurrency). */
  async function getVersioned(
    organisationId: string,
    actionId: string,
  ): Promise<ActionDoc & { version: number }> {
    const [doc, row] = await Promise.all([
      get(organisationId, actionId),
      getAction(db, organisationId, actionId),
    ]);
    return { ...doc, version: row?.version ?? 0 };
  }

  async function planOf(organisationId: string, actionId: string) {
    const action = await getAction(db, organisationId, actionId);
    if (!action) throw new NotFoundError('action', actionId);
    const plan = await getPlan(db, organisationId, action.plan_id);
    if (!plan) throw new NotFoundError('plan', action.plan_id);
    return { action, plan };
  }

  async function edit(
    organisationId: string,
    actionId: string,
    input: ActionEdit,
    actor: string,
  ): Promise<ActionDoc> {
    const edit = ActionEditSchema.parse(input);
    const { plan } = await planOf(organisationId, actionId);
    return db.transaction().execute(async (trx) => {
      const before = await getActionDoc(trx, organisationId, actionId);
      const changes: Parameters<typeof updateActionRow>[4] = {};
      if (edit.text !== undefined) changes.text = edit.text;
      if (edit.partners !== undefined) changes.partners = toJson(edit.partners);
      if (edit.joint !== undefined) changes.joint = edit.joint ? 1 : 0;
      if (edit.successCriteria !== undefined) changes.success_criteria = toJson(edit.successCriteria);
      if (edit.due !== undefined) {
        const parsed = parseTimescale(edit.due, { planDate: plan.plan_date });
        Object.assign(
          changes,
          dueColumns({
            raw: edit.due,
            kind: parsed.kind,
            start: parsed.start,
            end: parsed.end,
            recurrence: parsed.recurrence,
          }),
        );
      }
      await updateActionRow(trx, organisationId, actionId, edit.version, changes);
      if (edit.leads !== undefined) {
        const people = await trx
          .selectFrom('people')
          .select(['id', 'name'])
          .where('organisation_id', '=', organisationId)
          .execute();
        await replaceLeads(
          trx,
          organisationId,
          actionId,
          edit.leads,
          new Map(people.map((p) => [p.name, p.id])),
        );
      }
      const after = await getActionDoc(trx, organisationId, actionId);
      await recordAudit(trx, {
        organisationId,
        actor,
        operation: 'update',
        entityType: 'action',
        entityId: actionId,
        planId: plan.id,
        before,
        after: edit.dueChangeReason ? { ...after, dueChangeReason: edit.dueChangeReason } : after,
      });
      cache.changed(plan.id);
      return after as ActionDoc;
    });
  }

  /** Records dated progress and makes its status the action's current status. */
  async function recordProgress(
    organisationId: string,
    actionId: string,
    input: ProgressInput,
    actor: string,
  ) {
    const progress = ProgressInputSchema.parse(input);
    const { action, plan } = await planOf(organisationId, actionId);
    const key = fromJson<StatusKeyEntry[]>(plan.status_key, []);
    const read = readStatus(progress.status, key.length > 0 ? key : DEFAULT_STATUS_KEY);
    const setAt = nowIso();
    const status: StatusDoc = {
      raw: progress.status,
      state: read?.state ?? null,
      rag: ragOf(read),
      setBy: actor,
      setAt,
    };
    const date = progress.date ?? setAt.slice(0, 10);
    return db.transaction().execute(async (trx) => {
      const before = await getActionDoc(trx, organisationId, actionId);
      await updateActionRow(
        trx,
        organisationId,
        actionId,
        progress.version ?? action.version,
        statusColumns(status),
      );
      const update = {
        date,
        author: actor,
        narrative: progress.narrative,
        status,
        evidence: progress.evidence,
      };
      await insertProgressUpdate(
        trx,
        organisationId,
        actionId,
        update,
        await nextUpdateOrdinal(trx, actionId),
      );
      const after = await getActionDoc(trx, organisationId, actionId);
      await recordAudit(trx, {
        organisationId,
        actor,
        operation: 'progress',
        entityType: 'action',
        entityId: actionId,
        planId: plan.id,
        before: { status: before?.status ?? null },
        after: { status, update },
      });
      cache.changed(plan.id);
      return after as ActionDoc;
    });
  }

  // An action never moves to another plan, so where it lives is remembered.
  const planOfAction = new Map<string, string>();

  /** The plan an action belongs to. */
  async function planIdOf(organisationId: string, actionId: string): Promise<string> {
    const key = `${organisationId}|${actionId}`;
    const known = planOfAction.get(key);
    if (known) return known;
    const planId = (await planOf(organisationId, actionId)).plan.id;
    if (planOfAction.size > 100_000) planOfAction.clear();
    planOfAction.set(key, planId);
    return planId;
  }

  return { get, getVersioned, edit, recordProgress, planIdOf };
}

export type ActionService = ReturnType<typeof createActionService>;
