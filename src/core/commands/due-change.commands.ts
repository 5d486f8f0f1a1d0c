/**
 * Re-baselining an approved plan: a lead asks for an action's due date to move, with a reason; a manager of the
 * plan approves it (the date moves through `action.edit`, so the history keeps the original and the reason names
 * who asked and who approved) or refuses it with a note.
 */
import { z } from 'zod';
import { notifyDueChangeDecided, notifyDueChangeRequested } from '../notifications.ts';
import { NotFoundError, ValidationError } from '../../db/errors.ts';
import { newId, nowIso } from '../../db/ids.ts';
import { loadActionFacts, loadPlanFacts } from '../../db/repositories/access.repository.ts';
import { parseTimescale } from '../../domain/timescale.ts';
import { defineCommand } from '../runner.ts';
import { editAction } from './action.commands.ts';
import { LIMITS } from './inputs.ts';
import { authorisedPlan } from './subjects.ts';

const id = z.string().min(1).max(100);

const invalid = (field: string, message: string) =>
  new ValidationError(`${field}: ${message}`, [{ field, message }]);

export const DueChangeRequestSchema = z
  .object({
    actionId: id,
    due: z.string().trim().min(1, 'Enter the new date').max(200).describe('The new timescale as written'),
    reason: z
      .string({ error: 'Say why the date needs to move' })
      .trim()
      .min(1, 'Say why the date needs to move')
      .max(LIMITS.reason),
  })
  .strict();

export const requestDueChange = defineCommand({
  name: 'action.request-due-change',
  input: DueChangeRequestSchema,
  async handle(ctx, input) {
    const facts = await loadActionFacts(ctx.trx, input.actionId, (planId) => loadPlanFacts(ctx.trx, planId));
    if (!facts) throw new NotFoundError('action', input.actionId);
    // Those who record progress on the action may ask; a manager would move the date themselves.
    ctx.authorise(
      'action.progress',
      { type: 'action', action: facts },
      { entity: 'action', id: input.actionId },
    );
    if (parseTimescale(input.due).kind === 'unknown')
      throw invalid('due', 'Write the new date as the plan would, for example 31 March 2027 or June 2027');
    const pending = await ctx.trx
      .selectFrom('due_change_requests')
      .select('id')
      .where('action_id', '=', input.actionId)
      .where('state', '=', 'pending')
      .executeTakeFirst();
    if (pending) throw invalid('due', 'A request to move its date is already waiting for a decision');
    await ctx.touchPlan(facts.planId);
    const requestId = newId();
    await ctx.trx
      .insertInto('due_change_requests')
      .values({
        id: requestId,
        organisation_id: facts.plan.organisationId,
        plan_id: facts.planId,
        action_id: input.actionId,
        due_raw: input.due,
        reason: input.reason,
        requested_by: ctx.actor.name,
        requested_by_id: ctx.actor.userId,
        requested_at: nowIso(),
        state: 'pending',
        decided_by: null,
        decided_at: null,
        note: null,
      })
      .execute();
    ctx.record({
      organisationId: facts.plan.organisationId,
      operation: 'request-due-change',
      entityType: 'action',
      entityId: input.actionId,
      planId: facts.planId,
      after: { requestId, due: input.due, reason: input.reason },
    });
    await notifyDueChangeRequested(ctx, input.actionId, input.due, input.reason);
    return { requestId, actionId: input.actionId, planId: facts.planId };
  },
});

export const DueChangeDecisionSchema = z
  .object({
    requestId: id,
    decision: z.enum(['approve', 'refuse'], { error: 'Choose whether to approve the new date or refuse it' }),
    note: z.string().trim().max(LIMITS.reason).optional().describe('Needed to refuse: why'),
  })
  .strict();

export const decideDueChange = defineCommand({
  name: 'action.decide-due-change',
  input: DueChangeDecisionSchema,
  async handle(ctx, input) {
    const request = await ctx.trx
      .selectFrom('due_change_requests')
      .selectAll()
      .where('id', '=', input.requestId)
      .executeTakeFirst();
    if (!request) throw new NotFoundError('request', input.requestId);
    const facts = await authorisedPlan(ctx, 'plan.manage', request.plan_id, {
      entity: 'request',
      id: input.requestId,
    });
    if (request.state !== 'pending') throw invalid('decision', `It has already been ${request.state}`);
    if (input.decision === 'refuse' && !input.note) throw invalid('note', 'Say why the date stays as it is');
    if (input.decision === 'approve') {
      const action = await ctx.trx
        .selectFrom('actions')
        .select('version')
        .where('id', '=', request.action_id)
        .executeTakeFirstOrThrow();
      await ctx.run(editAction, {
        actionId: request.action_id,
        version: action.version,
        due: request.due_raw,
        dueChangeReason: `${request.reason} (asked by ${request.requested_by}; approved by ${ctx.actor.name})`,
      });
    }
    const state = input.decision === 'approve' ? 'approved' : 'refused';
    await ctx.trx
      .updateTable('due_change_requests')
      .set({ state, decided_by: ctx.actor.name, decided_at: nowIso(), note: input.note ?? null })
      .where('id', '=', input.requestId)
      .execute();
    await ctx.touchPlan(request.plan_id);
    ctx.record({
      organisationId: facts.organisationId,
      operation: 'decide-due-change',
      entityType: 'action',
      entityId: request.action_id,
      planId: request.plan_id,
      before: { due: request.due_raw, reason: request.reason, requestedBy: request.requested_by },
      after: { decision: state, note: input.note ?? null },
    });
    await notifyDueChangeDecided(ctx, request.action_id, request.requested_by_id, state, input.note);
    return { requestId: input.requestId, actionId: request.action_id, state };
  },
});
