/** Changing an action or milestone: editing its fields, recording dated progress. Each rule lives here once. */
import { z } from 'zod';
import { notifySignOffDecision, notifySignOffRequested } from '../notifications.ts';
import { MissingVersionError, NotFoundError, StaleVersionError, ValidationError } from '../../db/errors.ts';
import { nowIso } from '../../db/ids.ts';
import { loadActionFacts, loadPlanFacts } from '../../db/repositories/access.repository.ts';
import {
  dueColumns,
  getActionDoc,
  insertActions,
  insertProgressUpdate,
  nextUpdateOrdinal,
  replaceLeads,
  statusColumns,
  updateActionRow,
} from '../../db/repositories/action.repository.ts';
import { getPlanById } from '../../db/repositories/plan.repository.ts';
import { toJson } from '../../db/repositories/rows.ts';
import { formatLong } from '../../domain/calendar.ts';
import { can } from '../../domain/policies.ts';
import { signOffAfterUpdate } from '../../domain/sign-off.ts';
import { parseTimescale } from '../../domain/timescale.ts';
import { authorisedPlan } from './subjects.ts';
import { keepBaseStatus, statusInKey, statusKeyOf } from './status-of-updates.ts';
import { defineCommand, type CommandContext } from '../runner.ts';
import { evidenceItem, isoDate, LIMITS, shortText } from './inputs.ts';

/** Loads the action with what the policies need, inside the command's transaction, locking its plan. */
async function lockedAction(ctx: CommandContext, actionId: string) {
  const facts = await loadActionFacts(ctx.trx, actionId, (planId) => loadPlanFacts(ctx.trx, planId));
  if (!facts) throw new NotFoundError('action', actionId);
  return facts;
}

/** A change names the version it was made against; a stale one is refused before anything else is checked. */
function requireVersion(version: number | undefined, actionId: string, current: number): number {
  if (version === undefined) throw new MissingVersionError('action', actionId, current);
  if (version !== current) throw new StaleVersionError('action', actionId, version, current);
  return version;
}

/** Links an action to the plan's recommendations or measures named (refusing ones of another plan). */
async function replaceLinks(
  ctx: CommandContext,
  planId: string,
  actionId: string,
  kind: 'recommendations' | 'measures',
  ids: string[] | undefined,
) {
  if (ids === undefined) return;
  const field = kind === 'recommendations' ? 'recommendationIds' : 'measureIds';
  const known = new Set(
    (await ctx.trx.selectFrom(kind).select('id').where('plan_id', '=', planId).execute()).map((r) => r.id),
  );
  const unknown = ids.findIndex((id) => !known.has(id));
  if (unknown !== -1)
    throw new ValidationError(
      `${field}[${unknown}]: no ${kind.slice(0, -1)} "${ids[unknown]}" in this plan`,
      [{ field: `${field}[${unknown}]`, message: `Choose ${kind} of this plan` }],
    );
  const organisationId = (
    await ctx.trx
      .selectFrom('plans')
      .select('organisation_id')
      .where('id', '=', planId)
      .executeTakeFirstOrThrow()
  ).organisation_id;
  if (kind === 'recommendations') {
    await ctx.trx.deleteFrom('action_recommendations').where('action_id', '=', actionId).execute();
    for (const [ordinal, recommendation_id] of [...new Set(ids)].entries())
      await ctx.trx
        .insertInto('action_recommendations')
        .values({ organisation_id: organisationId, action_id: actionId, recommendation_id, ordinal })
        .execute();
  } else {
    await ctx.trx.deleteFrom('action_measures').where('action_id', '=', actionId).execute();
    for (const [ordinal, measure_id] of [...new Set(ids)].entries())
      await ctx.trx
        .insertInto('action_measures')
        .values({ organisation_id: organisationId, action_id: actionId, measure_id, ordinal })
        .execute();
  }
}

export const ActionEditSchema = z
  .object({
    version: z.number().int().positive().optional(),
    text: z.string().trim().min(1, 'Enter the action').max(LIMITS.text).optional(),
    leads: z.array(shortText.min(1)).max(50).optional(),
    partners: z.array(shortText.min(1)).max(50).optional(),
    joint: z.boolean().optional(),
    due: z.string().trim().max(200).optional().describe('The timescale as written; it is parsed again'),
    dueChangeReason: z.string().trim().max(LIMITS.reason).optional(),
    successCriteria: z.array(z.string().trim().max(LIMITS.text)).max(100).optional(),
    ref: z.string().trim().max(40).nullable().optional(),
    monitoring: z.array(z.string().trim().max(LIMITS.text)).max(100).optional(),
    evidence: z.array(evidenceItem).max(100).optional(),
    crossRefs: z.array(shortText.min(1)).max(50).optional().describe('Codes such as "IN 3." as written'),
    recommendationIds: z.array(z.string().min(1).max(100)).max(100).optional(),
    measureIds: z.array(z.string().min(1).max(100)).max(100).optional(),
  })
  .strict();
export type ActionEdit = z.infer<typeof ActionEditSchema>;

export const editAction = defineCommand({
  name: 'action.edit',
  input: ActionEditSchema.extend({ actionId: z.string().min(1).max(100) }),
  async handle(ctx, input) {
    const { actionId } = input;
    const facts = await lockedAction(ctx, actionId);
    ctx.authorise('action.edit', { type: 'action', action: facts }, { entity: 'action', id: actionId });
    await ctx.touchPlan(facts.planId);
    const version = requireVersion(input.version, actionId, facts.version);
    const plan = await getPlanById(ctx.trx, facts.planId);
    const before = await getActionDoc(ctx.trx, facts.plan.organisationId, actionId);
    if (!plan || !before) throw new NotFoundError('action', actionId);
    const dueChanged = input.due !== undefined && input.due !== (before.due?.raw ?? '');
    // Re-baselining: once the plan is approved, a new date needs its reason (kept in the history and the reports).
    if (dueChanged && plan.state !== 'draft' && !input.dueChangeReason)
      throw new ValidationError('dueChangeReason: Give a reason for changing the timescale', [
        { field: 'dueChangeReason', message: 'Give a reason for changing the timescale' },
      ]);
    const changes: Parameters<typeof updateActionRow>[4] = {};
    if (input.text !== undefined) changes.text = input.text;
    if (input.partners !== undefined) changes.partners = toJson(input.partners);
    if (input.joint !== undefined) changes.joint = input.joint ? 1 : 0;
    if (input.successCriteria !== undefined) changes.success_criteria = toJson(input.successCriteria);
    if (input.ref !== undefined) changes.ref = input.ref || null;
    if (input.monitoring !== undefined) changes.monitoring = toJson(input.monitoring);
    if (input.evidence !== undefined) changes.evidence = toJson(input.evidence);
    if (input.crossRefs !== undefined) changes.cross_refs = toJson(input.crossRefs);
    if (dueChanged && input.due !== undefined) {
      const parsed = parseTimescale(input.due, { planDate: plan.plan_date });
      Object.assign(
        changes,
        dueColumns({
          raw: input.due,
          kind: parsed.kind,
          start: parsed.start,
          end: parsed.end,
          recurrence: parsed.recurrence,
        }),
      );
    }
    const organisationId = facts.plan.organisationId;
    await updateActionRow(ctx.trx, organisationId, actionId, version, changes);
    if (input.leads !== undefined) {
      const people = await ctx.trx
        .selectFrom('people')
        .select(['id', 'name'])
        .where('organisation_id', '=', organisationId)
        .execute();
      await replaceLeads(
        ctx.trx,
        organisationId,
        actionId,
        input.leads,
        new Map(people.map((p) => [p.name, p.id])),
      );
    }
    await replaceLinks(ctx, facts.planId, actionId, 'recommendations', input.recommendationIds);
    await replaceLinks(ctx, facts.planId, actionId, 'measures', input.measureIds);
    const after = await getActionDoc(ctx.trx, organisationId, actionId);
    ctx.record({
      organisationId,
      operation: 'update',
      entityType: 'action',
      entityId: actionId,
      planId: facts.planId,
      before,
      after: dueChanged ? { ...after, dueChangeReason: input.dueChangeReason } : after,
    });
    return { actionId, planId: facts.planId, version: version + 1 };
  },
});

export const ProgressInputSchema = z
  .object({
    version: z.number().int().positive().optional(),
    date: isoDate.optional().describe('The date of the update (today when left out)'),
    status: z.string().trim().min(1, "Choose a status from the plan's key").max(100),
    narrative: z.string().trim().min(1, 'Describe the progress made').max(LIMITS.text),
    evidence: z.array(evidenceItem).max(20).default([]),
    confirmEarlier: z
      .boolean()
      .optional()
      .describe('Set to store an update dated before the latest one (which stays the current status)'),
  })
  .strict();
export type ProgressInput = z.input<typeof ProgressInputSchema>;

export const recordProgress = defineCommand({
  name: 'action.progress',
  input: ProgressInputSchema.extend({ actionId: z.string().min(1).max(100) }),
  async handle(ctx, input) {
    const { actionId } = input;
    const facts = await lockedAction(ctx, actionId);
    ctx.authorise('action.progress', { type: 'action', action: facts }, { entity: 'action', id: actionId });
    // Only this action's row and its updates change: other actions' pages, the measures and the facts stay.
    await ctx.touchPlan(facts.planId, { progressOnly: true });
    const version = requireVersion(input.version, actionId, facts.version);
    const plan = await getPlanById(ctx.trx, facts.planId);
    if (!plan) throw new NotFoundError('plan', facts.planId);
    const date = input.date ?? ctx.today;
    if (date > ctx.today)
      throw new ValidationError('date: Date of the update must be today or in the past', [
        { field: 'date', message: 'Date of the update must be today or in the past' },
      ]);
    const status = statusInKey(plan.status_key, input.status, ctx.actor.name, nowIso());
    // The current status is the latest-dated update's: one dated earlier is kept in the history, once confirmed.
    const latest = (
      await ctx.trx
        .selectFrom('progress_updates')
        .select((eb) => eb.fn.max<string>('update_date').as('date'))
        .where('action_id', '=', actionId)
        .executeTakeFirst()
    )?.date;
    const earlier = latest !== undefined && latest !== null && date < latest;
    if (earlier && !input.confirmEarlier) {
      const message = `This update is dated before the latest one (${formatLong(latest)}): check the date, or confirm that it is right`;
      throw new ValidationError(`confirmEarlier: ${message}`, [{ field: 'confirmEarlier', message }]);
    }
    const warnings: string[] = [];
    if (earlier) warnings.push(`The update of ${formatLong(latest)} stays the current status`);
    if (plan.plan_date && date < plan.plan_date)
      warnings.push(`The update is dated before the plan's own date (${formatLong(plan.plan_date)})`);
    // Work a lead marks complete waits for a manager's sign-off, and needs its evidence.
    const signOff = signOffAfterUpdate({
      state: status?.state ?? null,
      evidence: input.evidence,
      mayApprove: can(ctx.actor, 'plan.manage', { type: 'plan', plan: facts.plan }),
      by: ctx.actor.name,
      at: nowIso(),
    });
    if (signOff.refusal)
      throw new ValidationError(`${signOff.refusal.field}: ${signOff.refusal.message}`, [signOff.refusal]);
    if (signOff.awaiting)
      warnings.push('It is complete once a manager of the plan or its named approver signs it off');
    const organisationId = facts.plan.organisationId;
    const before = await getActionDoc(ctx.trx, organisationId, actionId);
    await keepBaseStatus(ctx.trx, actionId, before?.status ?? null);
    await updateActionRow(
      ctx.trx,
      organisationId,
      actionId,
      version,
      earlier
        ? {}
        : {
            ...statusColumns(status),
            sign_off_requested_by: signOff.awaiting?.requestedBy ?? null,
            sign_off_requested_at: signOff.awaiting?.requestedAt ?? null,
          },
    );
    const update = {
      date,
      author: ctx.actor.name,
      narrative: input.narrative,
      status,
      evidence: input.evidence,
    };
    await insertProgressUpdate(
      ctx.trx,
      organisationId,
      actionId,
      update,
      await nextUpdateOrdinal(ctx.trx, actionId),
    );
    ctx.record({
      organisationId,
      operation: 'progress',
      entityType: 'action',
      entityId: actionId,
      planId: facts.planId,
      before: { status: before?.status ?? null },
      // What the action's status is now: an update dated before the latest leaves it as it was.
      after: { status, update, currentStatus: earlier ? (before?.status?.raw ?? null) : status.raw },
    });
    const awaitingSignOff = !earlier && signOff.awaiting !== null;
    if (awaitingSignOff) await notifySignOffRequested(ctx, actionId);
    return {
      actionId,
      planId: facts.planId,
      version: version + 1,
      warnings,
      awaitingSignOff,
    };
  },
});

export const NewActionSchema = z
  .object({
    planId: z.string().min(1).max(100),
    parentId: z.string().min(1).max(100).optional().describe('Set for a milestone: the action it belongs to'),
    sectionId: z.string().min(1).max(100).optional().describe("The section (a milestone takes its action's)"),
    ref: z.string().trim().max(40).optional(),
    text: z.string().trim().min(1, 'Enter the action').max(LIMITS.text),
    leads: z.array(shortText.min(1)).max(50).default([]),
    partners: z.array(shortText.min(1)).max(50).default([]),
    joint: z.boolean().default(false),
    due: z.string().trim().max(200).optional().describe('The timescale as written'),
    successCriteria: z.array(z.string().trim().max(LIMITS.text)).max(100).default([]),
    recommendationIds: z.array(z.string().min(1).max(100)).max(100).default([]),
  })
  .strict();
export type NewAction = z.input<typeof NewActionSchema>;

/** Adds an action to a section, or a milestone to an action, after the others there. */
export const createAction = defineCommand({
  name: 'action.create',
  input: NewActionSchema,
  async handle(ctx, input) {
    const facts = await authorisedPlan(ctx, 'plan.manage', input.planId);
    await ctx.touchPlan(input.planId);
    const plan = await getPlanById(ctx.trx, input.planId);
    if (!plan) throw new NotFoundError('plan', input.planId);
    const inPlan = (table: 'actions' | 'sections' | 'recommendations', id: string) =>
      ctx.trx
        .selectFrom(table)
        .select(['id', 'ordinal'])
        .where('id', '=', id)
        .where('plan_id', '=', input.planId)
        .executeTakeFirst();
    const parent = input.parentId
      ? await ctx.trx
          .selectFrom('actions')
          .select(['id', 'section_id', 'ordinal', 'parent_id'])
          .where('id', '=', input.parentId)
          .where('plan_id', '=', input.planId)
          .executeTakeFirst()
      : undefined;
    if (input.parentId && !parent)
      throw new ValidationError(`parentId: no action "${input.parentId}" in this plan`, [
        { field: 'parentId', message: 'Choose an action of this plan for the milestone' },
      ]);
    const sectionId = input.sectionId ?? parent?.section_id ?? null;
    if (sectionId && !(await inPlan('sections', sectionId)))
      throw new ValidationError(`sectionId: no section "${sectionId}" in this plan`, [
        { field: 'sectionId', message: 'Choose a section of this plan' },
      ]);
    if (!sectionId && !parent)
      throw new ValidationError('sectionId: Choose the section the action belongs to', [
        { field: 'sectionId', message: 'Choose the section the action belongs to' },
      ]);
    for (const [i, id] of input.recommendationIds.entries())
      if (!(await inPlan('recommendations', id)))
        throw new ValidationError(`recommendationIds[${i}]: no recommendation "${id}" in this plan`, [
          { field: `recommendationIds[${i}]`, message: 'Choose recommendations of this plan' },
        ]);
    // Placed after the last of its siblings (a milestone after its action's milestones), the rest moving down one.
    const siblings = await ctx.trx
      .selectFrom('actions')
      .select((eb) => eb.fn.max<number>('ordinal').as('max'))
      .where('plan_id', '=', input.planId)
      .where((eb) =>
        parent
          ? eb.or([eb('id', '=', parent.id), eb('parent_id', '=', parent.id)])
          : eb('section_id', '=', sectionId as string),
      )
      .executeTakeFirst();
    const last =
      siblings?.max ??
      (
        await ctx.trx
          .selectFrom('actions')
          .select((eb) => eb.fn.max<number>('ordinal').as('max'))
          .where('plan_id', '=', input.planId)
          .executeTakeFirst()
      )?.max ??
      -1;
    await ctx.trx
      .updateTable('actions')
      .set((eb) => ({ ordinal: eb('ordinal', '+', 1) }))
      .where('plan_id', '=', input.planId)
      .where('ordinal', '>', last)
      .execute();
    const people = await ctx.trx
      .selectFrom('people')
      .select(['id', 'name'])
      .where('organisation_id', '=', facts.organisationId)
      .execute();
    const parsed = input.due ? parseTimescale(input.due, { planDate: plan.plan_date }) : null;
    const docId = 'new';
    const identity = (ids: (string | null | undefined)[]) =>
      new Map(ids.filter((id): id is string => !!id).map((id) => [id, id]));
    const ids = await insertActions(
      ctx.trx,
      facts.organisationId,
      input.planId,
      [
        {
          id: docId,
          ref: input.ref || null,
          kind: parent ? 'milestone' : 'action',
          sectionId,
          parentId: parent ? parent.id : null,
          signOff: null,
          recommendationIds: input.recommendationIds,
          text: input.text,
          leads: input.leads,
          partners: input.partners,
          joint: input.joint,
          due:
            input.due && parsed
              ? {
                  raw: input.due,
                  kind: parsed.kind,
                  start: parsed.start,
                  end: parsed.end,
                  recurrence: parsed.recurrence,
                }
              : null,
          status: null,
          progress: null,
          successCriteria: input.successCriteria,
          monitoring: [],
          evidence: [],
          crossRefs: [],
          measureIds: [],
          updates: [],
        },
      ],
      {
        sections: identity([sectionId]),
        recommendations: identity(input.recommendationIds),
        measures: new Map(),
        peopleByName: new Map(people.map((p) => [p.name, p.id])),
        parents: identity([parent?.id]),
      },
      last + 1,
    );
    const actionId = ids.get(docId) as string;
    ctx.record({
      organisationId: facts.organisationId,
      operation: 'create',
      entityType: 'action',
      entityId: actionId,
      planId: input.planId,
      after: await getActionDoc(ctx.trx, facts.organisationId, actionId),
    });
    return { actionId, planId: input.planId, version: 1 };
  },
});

export const SignOffSchema = z
  .object({
    version: z.number().int().positive().optional(),
    decision: z.enum(['approve', 'return'], { error: 'Choose whether to sign it off or return it' }),
    reason: z.string().trim().max(LIMITS.reason).optional().describe('Needed to return it: what is missing'),
  })
  .strict();

/**
 * A manager signs off work its lead marked complete (it then counts as complete), or returns it with a reason
 * (recorded as a progress update that opens it again, so the lead sees why).
 */
export const signOffAction = defineCommand({
  name: 'action.sign-off',
  input: SignOffSchema.extend({ actionId: z.string().min(1).max(100) }),
  async handle(ctx, input) {
    const { actionId } = input;
    const facts = await lockedAction(ctx, actionId);
    ctx.authorise('action.signOff', { type: 'action', action: facts }, { entity: 'action', id: actionId });
    await ctx.touchPlan(facts.planId);
    const version = requireVersion(input.version, actionId, facts.version);
    const organisationId = facts.plan.organisationId;
    const row = await ctx.trx
      .selectFrom('actions')
      .select(['sign_off_requested_by', 'sign_off_requested_at'])
      .where('id', '=', actionId)
      .executeTakeFirstOrThrow();
    if (!row.sign_off_requested_at)
      throw new ValidationError('decision: It is not waiting for sign-off', [
        { field: 'decision', message: 'It is not waiting for sign-off' },
      ]);
    if (input.decision === 'return' && !input.reason)
      throw new ValidationError('reason: Say what is missing before it can be signed off', [
        { field: 'reason', message: 'Say what is missing before it can be signed off' },
      ]);
    if (input.decision === 'approve') {
      await updateActionRow(ctx.trx, organisationId, actionId, version, {
        sign_off_requested_by: null,
        sign_off_requested_at: null,
      });
    } else {
      // Returned: open again, with the manager's reason as the latest update.
      const plan = await getPlanById(ctx.trx, facts.planId);
      if (!plan) throw new NotFoundError('plan', facts.planId);
      const key = statusKeyOf(plan.status_key);
      const open = key.find((k) => k.state === 'in_progress') ?? key.find((k) => k.state !== 'complete');
      const status = open ? statusInKey(plan.status_key, open.label, ctx.actor.name, nowIso()) : null;
      await updateActionRow(ctx.trx, organisationId, actionId, version, {
        ...statusColumns(status),
        sign_off_requested_by: null,
        sign_off_requested_at: null,
      });
      await insertProgressUpdate(
        ctx.trx,
        organisationId,
        actionId,
        {
          date: ctx.today,
          author: ctx.actor.name,
          narrative: `Returned without sign-off: ${input.reason ?? ''}`,
          status,
          evidence: [],
        },
        await nextUpdateOrdinal(ctx.trx, actionId),
      );
    }
    ctx.record({
      organisationId,
      operation: 'sign-off',
      entityType: 'action',
      entityId: actionId,
      planId: facts.planId,
      before: { requestedBy: row.sign_off_requested_by, requestedAt: row.sign_off_requested_at },
      after: { decision: input.decision, reason: input.reason ?? null },
    });
    await notifySignOffDecision(ctx, actionId, input.decision, input.reason);
    return { actionId, planId: facts.planId, version: version + 1, decision: input.decision };
  },
});
