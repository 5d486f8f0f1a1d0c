/** Measures: entering values (one, or many from a checked upload) and changing how a measure is judged. */
import { z } from 'zod';
import type { Executor } from '../../db/connection.ts';
import { MissingVersionError, NotFoundError, StaleVersionError, ValidationError } from '../../db/errors.ts';
import { loadPlanFacts } from '../../db/repositories/access.repository.ts';
import {
  listMeasures,
  measureVersion,
  putComparator,
  putValue,
  updateMeasureSettings,
} from '../../db/repositories/measure.repository.ts';
import { parsePeriod } from '../../domain/periods.ts';
import { MEASURE_FREQUENCIES } from '../../domain/plan-format.ts';
import { scorecardOf } from '../queries/measure.queries.ts';
import { authorisedPlan } from './subjects.ts';
import { defineCommand, type CommandContext } from '../runner.ts';
import { shortText } from './inputs.ts';

async function measurePlan(ctx: CommandContext, measureId: string) {
  const row = await ctx.trx
    .selectFrom('measures')
    .select(['plan_id', 'organisation_id', 'version'])
    .where('id', '=', measureId)
    .executeTakeFirst();
  const facts = row ? await loadPlanFacts(ctx.trx, row.plan_id) : undefined;
  if (!row || !facts) throw new NotFoundError('measure', measureId);
  return { ...row, facts };
}

/** A value stored, superseding any earlier one for the period, and its event: one unit of work. */
async function storeValue(
  ctx: CommandContext,
  trx: Executor,
  where: { organisationId: string; planId: string },
  row: { measureId: string; period: string; value: number; note: string | null },
): Promise<void> {
  const { replaced } = await putValue(trx, where.organisationId, row.measureId, {
    period: row.period,
    value: row.value,
    note: row.note,
    enteredBy: ctx.actor.name,
  });
  ctx.record({
    organisationId: where.organisationId,
    operation: replaced === undefined ? 'create' : 'update',
    entityType: 'measure_value',
    entityId: row.measureId,
    planId: where.planId,
    before: replaced === undefined ? undefined : { period: row.period, value: replaced },
    after: { period: row.period, value: row.value, note: row.note },
  });
}

interface Judged {
  colour: string | null;
  statement: string;
  period: string | null;
  name: string;
}

/** How each of the plan's measures is judged now, at its latest value. */
async function judgements(trx: Executor, planId: string): Promise<Map<string, Judged>> {
  const judged = new Map<string, Judged>();
  for (const { measure, latest } of scorecardOf(await listMeasures(trx, planId), false))
    judged.set(measure.id, {
      colour: latest?.colour ?? null,
      statement: latest?.statement ?? 'No values yet',
      period: latest?.period ?? null,
      name: measure.name,
    });
  return judged;
}

/** An event for each measure whose colour the new values changed: its followers hear of it after commit. */
async function recordColourChanges(
  ctx: CommandContext,
  where: { organisationId: string; planId: string },
  before: Map<string, Judged>,
) {
  for (const [measureId, now] of await judgements(ctx.trx, where.planId)) {
    const was = before.get(measureId);
    if (!was || was.colour === now.colour) continue;
    ctx.record({
      organisationId: where.organisationId,
      operation: 'colour',
      entityType: 'measure',
      entityId: measureId,
      planId: where.planId,
      before: { colour: was.colour, statement: was.statement, period: was.period },
      after: { colour: now.colour, statement: now.statement, period: now.period, name: now.name },
    });
  }
}

export const ValueInputSchema = z
  .object({
    period: z
      .string()
      .trim()
      .max(40)
      .refine(
        (p) => parsePeriod(p) !== null,
        'Enter a period such as 2026-10, 2026-Q3, 2025-26 or Summer 2026',
      ),
    value: z.number({ error: 'Enter the value as a number' }).finite(),
    note: z.string().trim().max(500).optional(),
  })
  .strict();
export type ValueInput = z.input<typeof ValueInputSchema>;

export const recordValue = defineCommand({
  name: 'measure.value',
  input: ValueInputSchema.extend({ measureId: z.string().min(1).max(100) }),
  async handle(ctx, input) {
    const found = await measurePlan(ctx, input.measureId);
    ctx.authorise(
      'measure.values',
      { type: 'plan', plan: found.facts },
      { entity: 'measure', id: input.measureId },
    );
    // The plan's row is locked until commit: two values for one period queue rather than both become current.
    await ctx.touchPlan(found.plan_id);
    const where = { organisationId: found.organisation_id, planId: found.plan_id };
    const before = await judgements(ctx.trx, found.plan_id);
    await storeValue(ctx, ctx.trx, where, {
      measureId: input.measureId,
      period: input.period,
      value: input.value,
      note: input.note ?? null,
    });
    await recordColourChanges(ctx, where, before);
    return { measureId: input.measureId, planId: found.plan_id };
  },
});

export const applyValues = defineCommand({
  name: 'measure.values-upload',
  input: z.object({
    planId: z.string().min(1).max(100),
    rows: z
      .array(
        z.object({
          measureId: z.string(),
          period: z.string().max(40),
          value: z.number().finite(),
          note: z.string().max(500).nullable(),
          comparators: z.array(z.object({ name: shortText, value: z.number().finite() })).optional(),
        }),
      )
      .max(10_000),
  }),
  async handle(ctx, input) {
    const facts = await authorisedPlan(ctx, 'plan.manage', input.planId);
    await ctx.touchPlan(input.planId);
    const known = new Set((await listMeasures(ctx.trx, input.planId)).map((m) => m.id));
    const unknown = input.rows.find((r) => !known.has(r.measureId));
    if (unknown) throw new ValidationError(`No measure ${unknown.measureId} in this plan`);
    const where = { organisationId: facts.organisationId, planId: input.planId };
    const before = await judgements(ctx.trx, input.planId);
    for (const row of input.rows) {
      await storeValue(ctx, ctx.trx, where, row);
      for (const c of row.comparators ?? [])
        await putComparator(ctx.trx, facts.organisationId, row.measureId, { ...c, period: row.period });
    }
    await recordColourChanges(ctx, where, before);
    return { stored: input.rows.length };
  },
});

export const MeasureSettingsSchema = z
  .object({
    version: z.number().int().positive().optional(),
    tolerance: z
      .number({ error: 'Enter the amber tolerance as a number' })
      .min(0, 'The amber tolerance cannot be negative')
      .nullable(),
    trajectory: z.enum(['stepwise', 'linear'], { error: 'Choose how the targets apply' }),
    heldPeriods: z
      .number({ error: 'Enter how many periods the final target must hold' })
      .int()
      .min(1, 'Enter at least 1 period')
      .max(24),
    frequency: z.enum(MEASURE_FREQUENCIES).nullable(),
    dataSource: z.string().trim().max(200).nullable(),
    owner: z.string().trim().max(200).nullable(),
  })
  .strict();
export type MeasureSettings = z.infer<typeof MeasureSettingsSchema>;

export const updateMeasure = defineCommand({
  name: 'measure.settings',
  input: MeasureSettingsSchema.extend({ measureId: z.string().min(1).max(100) }),
  async handle(ctx, input) {
    const { measureId, version, ...settings } = input;
    const found = await measurePlan(ctx, measureId);
    ctx.authorise('plan.manage', { type: 'plan', plan: found.facts }, { entity: 'measure', id: measureId });
    await ctx.touchPlan(found.plan_id);
    if (version === undefined) throw new MissingVersionError('measure', measureId, found.version);
    const measure = (await listMeasures(ctx.trx, found.plan_id)).find((m) => m.id === measureId);
    if (!measure) throw new NotFoundError('measure', measureId);
    const changed = await updateMeasureSettings(ctx.trx, found.organisation_id, measureId, version, {
      tolerance: settings.tolerance,
      trajectory: settings.trajectory,
      held_periods: settings.heldPeriods,
      frequency: settings.frequency,
      data_source: settings.dataSource || null,
      owner: settings.owner || null,
    });
    if (!changed)
      throw new StaleVersionError(
        'measure',
        measureId,
        version,
        (await measureVersion(ctx.trx, measureId)) ?? 0,
      );
    ctx.record({
      organisationId: found.organisation_id,
      operation: 'update',
      entityType: 'measure',
      entityId: measureId,
      planId: found.plan_id,
      before: {
        tolerance: measure.tolerance,
        trajectory: measure.trajectory,
        heldPeriods: measure.heldPeriods,
        frequency: measure.frequency,
        dataSource: measure.dataSource,
        owner: measure.owner,
      },
      after: settings,
    });
    return { measureId, planId: found.plan_id };
  },
});
