/**
 * Correcting or withdrawing a progress update. The original stays in the audit log (a correction) or among the
 * plan's removed items (a withdrawal, which can be restored); the action's status is worked out again from its
 * latest-dated update either way.
 */
import { z } from 'zod';
import { NotFoundError, ValidationError } from '../../db/errors.ts';
import { nowIso } from '../../db/ids.ts';
import { loadActionFacts, loadPlanFacts } from '../../db/repositories/access.repository.ts';
import { getPlanById } from '../../db/repositories/plan.repository.ts';
import { removeItem } from '../../db/repositories/removal.repository.ts';
import { fromJson, toJson } from '../../db/repositories/rows.ts';
import { checkVersion, updateVersioned } from '../../db/repositories/versioned.ts';
import { defineCommand, type CommandContext } from '../runner.ts';
import { evidenceItem, isoDate, LIMITS } from './inputs.ts';
import { recomputeStatus, statusInKey } from './status-of-updates.ts';

const id = z.string().min(1).max(100);

/** The update with its action, authorised as recording progress on that action is. */
async function authorisedUpdate(ctx: CommandContext, updateId: string) {
  const update = await ctx.trx
    .selectFrom('progress_updates')
    .selectAll()
    .where('id', '=', updateId)
    .executeTakeFirst();
  if (!update) throw new NotFoundError('progress update', updateId);
  const facts = await loadActionFacts(ctx.trx, update.action_id, (planId) => loadPlanFacts(ctx.trx, planId));
  if (!facts) throw new NotFoundError('progress update', updateId);
  ctx.authorise(
    'action.progress',
    { type: 'action', action: facts },
    { entity: 'progress update', id: updateId },
  );
  await ctx.touchPlan(facts.planId);
  return { update, facts };
}

const snapshot = (u: {
  update_date: string;
  narrative: string;
  status_raw: string | null;
  evidence: string;
}) => ({
  date: u.update_date,
  narrative: u.narrative,
  status: u.status_raw,
  evidence: fromJson<string[]>(u.evidence, []),
});

export const UpdateCorrectionSchema = z
  .object({
    version: z.number().int().positive().optional(),
    date: isoDate.optional(),
    status: z.string().trim().min(1, "Choose a status from the plan's key").max(100).optional(),
    narrative: z.string().trim().min(1, 'Describe the progress made').max(LIMITS.text).optional(),
    evidence: z.array(evidenceItem).max(20).optional(),
    reason: z
      .string({ error: 'Enter what the correction puts right' })
      .trim()
      .min(1, 'Enter what the correction puts right')
      .max(LIMITS.reason),
  })
  .strict();

/** The action's status before a correction or withdrawal works it out again (the notifier compares the two). */
async function currentStatusOf(ctx: CommandContext, actionId: string): Promise<string | null> {
  const row = await ctx.trx
    .selectFrom('actions')
    .select('status_raw')
    .where('id', '=', actionId)
    .executeTakeFirstOrThrow();
  return row.status_raw;
}

export const correctUpdate = defineCommand({
  name: 'update.correct',
  input: UpdateCorrectionSchema.extend({ updateId: id }),
  async handle(ctx, input) {
    const { update, facts } = await authorisedUpdate(ctx, input.updateId);
    const plan = await getPlanById(ctx.trx, facts.planId);
    if (!plan) throw new NotFoundError('plan', facts.planId);
    if (input.date !== undefined && input.date > ctx.today)
      throw new ValidationError('date: Date of the update must be today or in the past', [
        { field: 'date', message: 'Date of the update must be today or in the past' },
      ]);
    const changes: Record<string, unknown> = {};
    if (input.date !== undefined) changes.update_date = input.date;
    if (input.narrative !== undefined) changes.narrative = input.narrative;
    if (input.evidence !== undefined) changes.evidence = toJson(input.evidence);
    if (input.status !== undefined) {
      const status = statusInKey(plan.status_key, input.status, ctx.actor.name, nowIso());
      Object.assign(changes, { status_raw: status.raw, status_state: status.state, status_rag: status.rag });
    }
    const version = await updateVersioned(
      ctx.trx,
      'progress_updates',
      input.updateId,
      input.version,
      changes,
    );
    const previous = await currentStatusOf(ctx, update.action_id);
    const status = await recomputeStatus(ctx.trx, update.action_id);
    const after = await ctx.trx
      .selectFrom('progress_updates')
      .selectAll()
      .where('id', '=', input.updateId)
      .executeTakeFirstOrThrow();
    ctx.record({
      organisationId: facts.plan.organisationId,
      operation: 'correct-update',
      entityType: 'action',
      entityId: update.action_id,
      planId: facts.planId,
      before: { ...snapshot(update), currentStatus: previous },
      after: { ...snapshot(after), reason: input.reason, currentStatus: status?.raw ?? null },
    });
    return { updateId: input.updateId, actionId: update.action_id, planId: facts.planId, version };
  },
});

export const UpdateWithdrawalSchema = z
  .object({
    version: z.number().int().positive().optional(),
    reason: z
      .string({ error: 'Enter why the update is being withdrawn' })
      .trim()
      .min(1, 'Enter why the update is being withdrawn')
      .max(LIMITS.reason),
  })
  .strict();

export const withdrawUpdate = defineCommand({
  name: 'update.withdraw',
  input: UpdateWithdrawalSchema.extend({ updateId: id }),
  async handle(ctx, input) {
    const { update, facts } = await authorisedUpdate(ctx, input.updateId);
    await checkVersion(ctx.trx, 'progress_updates', input.updateId, input.version);
    const label = `Update of ${update.update_date} by ${update.author}`;
    const { removedId } = await removeItem(ctx.trx, {
      organisationId: facts.plan.organisationId,
      planId: facts.planId,
      type: 'update',
      id: input.updateId,
      label,
      reason: input.reason,
      by: { name: ctx.actor.name, id: ctx.actor.userId },
    });
    const previous = await currentStatusOf(ctx, update.action_id);
    const status = await recomputeStatus(ctx.trx, update.action_id);
    ctx.record({
      organisationId: facts.plan.organisationId,
      operation: 'withdraw-update',
      entityType: 'action',
      entityId: update.action_id,
      planId: facts.planId,
      before: { ...snapshot(update), currentStatus: previous },
      after: { reason: input.reason, removedId, currentStatus: status?.raw ?? null },
    });
    return { removedId, actionId: update.action_id, planId: facts.planId };
  },
});
