/**
 * A plan's own details after import: title, version, dates, partners, narrative, governance, status key and
 * RAG thresholds; and its state, draft → approved → closed, recorded with who moved it and when.
 */
import { z } from 'zod';
import { NotFoundError, ValidationError } from '../../db/errors.ts';
import { nowIso } from '../../db/ids.ts';
import { activeUsersOf } from '../../db/repositories/account.repository.ts';
import { getPlanById, planHeaderOf } from '../../db/repositories/plan.repository.ts';
import { toJson } from '../../db/repositories/rows.ts';
import { updateVersioned } from '../../db/repositories/versioned.ts';
import { PLAN_STATES } from '../../domain/plan-format.ts';
import { COLOURS, STATES } from '../../domain/status.ts';
import { defineCommand } from '../runner.ts';
import { isoDate, LIMITS, shortText } from './inputs.ts';
import { authorisedPlan } from './subjects.ts';

const statusEntry = z.object({
  label: shortText.min(1, 'Enter the label of each status'),
  state: z.enum(STATES, { error: 'Choose what each status means' }),
  colour: z.enum(COLOURS, { error: 'Choose the colour of each status' }),
  description: z.string().trim().max(LIMITS.reason).nullable().default(null),
});

const board = z.object({
  board: shortText.min(1, 'Enter the name of each board'),
  rhythm: shortText.nullable().default(null),
  reportsTo: shortText.nullable().default(null),
  receives: z.string().trim().max(LIMITS.reason).nullable().default(null),
  members: z
    .array(z.object({ name: shortText.min(1), role: shortText.nullable().default(null) }))
    .max(100)
    .default([]),
  meetings: z.array(isoDate).max(200).default([]),
  updateDeadlineDays: z
    .number({
      error: 'Enter the days before each meeting that updates are due as a whole number, for example 7',
    })
    .int('Enter the days before each meeting that updates are due as a whole number, for example 7')
    .min(0, 'Enter the days before each meeting that updates are due as a whole number, for example 7')
    .max(90, 'Updates can be due at most 90 days before a meeting')
    .default(7),
  escalations: z
    .number({ error: 'Choose how many times the managers are told who has not updated' })
    .int()
    .min(0)
    .max(3)
    .default(3),
});

export const PlanEditSchema = z
  .object({
    version: z.number().int().positive().optional(),
    title: z.string().trim().min(1, 'Enter the title of the plan').max(1_000).optional(),
    versionLabel: shortText.nullable().optional(),
    date: isoDate.nullable().optional().describe("The plan's own date"),
    inspectionDate: isoDate.nullable().optional(),
    partners: z.array(shortText.min(1)).max(100).optional(),
    narrative: z
      .array(z.object({ title: shortText, text: z.string().trim().max(LIMITS.text) }))
      .max(50)
      .optional()
      .describe('Vision, strengths, areas of concern, approach … in order'),
    governance: z.array(board).max(30).optional(),
    statusKey: z
      .array(statusEntry)
      .min(1, 'Keep at least one status in the key')
      .max(30)
      .optional()
      .describe('In the order it is shown'),
    ragSettings: z
      .object({
        dueSoonDays: z.number().int().min(0, 'Enter 0 or more days').max(365),
        staleUpdateDays: z.number().int().min(0, 'Enter 0 or more days').max(365),
      })
      .optional(),
    signOffApproverId: z
      .string()
      .max(100)
      .nullable()
      .optional()
      .describe(
        "The user who may sign off completed work beside the plan's managers (a Director, say); null for none",
      ),
  })
  .strict();
export type PlanEdit = z.input<typeof PlanEditSchema>;

export const editPlan = defineCommand({
  name: 'plan.edit',
  input: PlanEditSchema.extend({ planId: z.string().min(1).max(100) }),
  async handle(ctx, input) {
    const { planId, version, ...fields } = input;
    const facts = await authorisedPlan(ctx, 'plan.manage', planId);
    await ctx.touchPlan(planId);
    const before = await getPlanById(ctx.trx, planId);
    if (!before) throw new NotFoundError('plan', planId);
    if (fields.statusKey) {
      const labels = fields.statusKey.map((s) => s.label.toLowerCase());
      const twice = labels.findIndex((l, i) => labels.indexOf(l) !== i);
      if (twice !== -1)
        throw new ValidationError(`statusKey[${twice}].label: Each status needs a label of its own`, [
          { field: `statusKey[${twice}].label`, message: 'Each status needs a label of its own' },
        ]);
    }
    const changes: Record<string, unknown> = {};
    if (fields.signOffApproverId !== undefined) {
      const approver = fields.signOffApproverId
        ? (await activeUsersOf(ctx.trx, facts.organisationId)).find((u) => u.id === fields.signOffApproverId)
        : null;
      if (fields.signOffApproverId && !approver)
        throw new ValidationError(
          'signOffApproverId: Choose someone with an active account in the organisation',
          [
            {
              field: 'signOffApproverId',
              message: 'Choose someone with an active account in the organisation',
            },
          ],
        );
      changes.sign_off_approver_id = approver?.id ?? null;
    }
    if (fields.title !== undefined) changes.title = fields.title;
    if (fields.versionLabel !== undefined) changes.version_label = fields.versionLabel || null;
    if (fields.date !== undefined) changes.plan_date = fields.date;
    if (fields.inspectionDate !== undefined) changes.inspection_date = fields.inspectionDate;
    for (const key of ['partners', 'narrative', 'governance', 'statusKey'] as const)
      if (fields[key] !== undefined) changes[key === 'statusKey' ? 'status_key' : key] = toJson(fields[key]);
    if (fields.ragSettings !== undefined) changes.rag_settings = toJson(fields.ragSettings);
    const next = await updateVersioned(ctx.trx, 'plans', planId, version, changes);
    const after = await getPlanById(ctx.trx, planId);
    ctx.record({
      organisationId: facts.organisationId,
      operation: 'update',
      entityType: 'plan',
      entityId: planId,
      planId,
      before: { ...planHeaderOf(before, ''), signOffApproverId: before.sign_off_approver_id },
      after: after ? { ...planHeaderOf(after, ''), signOffApproverId: after.sign_off_approver_id } : null,
    });
    return { planId, version: next };
  },
});

/** The moves a plan's state may make: approval, closing, and reopening a closed or approved plan as a draft. */
const NEXT: Record<(typeof PLAN_STATES)[number], readonly string[]> = {
  draft: ['approved'],
  approved: ['closed', 'draft'],
  closed: ['approved'],
};

export const PlanStateSchema = z
  .object({
    version: z.number().int().positive().optional(),
    state: z.enum(PLAN_STATES, { error: 'Choose draft, approved or closed' }),
    date: isoDate.optional().describe('When it was approved or closed (today when left out)'),
  })
  .strict();

export const setPlanState = defineCommand({
  name: 'plan.state',
  input: PlanStateSchema.extend({ planId: z.string().min(1).max(100) }),
  async handle(ctx, input) {
    const facts = await authorisedPlan(ctx, 'plan.manage', input.planId);
    await ctx.touchPlan(input.planId);
    const plan = await getPlanById(ctx.trx, input.planId);
    if (!plan) throw new NotFoundError('plan', input.planId);
    const from = plan.state as (typeof PLAN_STATES)[number];
    if (!NEXT[from].includes(input.state)) {
      const message = `${from === 'approved' ? 'An' : 'A'} ${from} plan can become ${NEXT[from].join(' or ')}, not ${input.state}`;
      throw new ValidationError(`state: ${message}`, [{ field: 'state', message }]);
    }
    const date = input.date ?? ctx.today;
    if (date > ctx.today)
      throw new ValidationError('date: The date must be today or in the past', [
        { field: 'date', message: 'The date must be today or in the past' },
      ]);
    const next = await updateVersioned(ctx.trx, 'plans', input.planId, input.version, {
      state: input.state,
      approved_date: input.state === 'approved' ? date : input.state === 'draft' ? null : plan.approved_date,
      state_changed_at: nowIso(),
      state_changed_by: ctx.actor.name,
    });
    ctx.record({
      organisationId: facts.organisationId,
      operation: 'state',
      entityType: 'plan',
      entityId: input.planId,
      planId: input.planId,
      before: { state: from },
      after: { state: input.state, date },
    });
    return { planId: input.planId, state: input.state, version: next };
  },
});
