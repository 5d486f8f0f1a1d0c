/**
 * What a measure is: its name, definition, unit, polarity, frequency, owner, baseline, interim and final targets
 * (a value, or "TBC"), comparators, and the actions and recommendations it evidences. Managers of the plan set it.
 */
import { z } from 'zod';
import { ValidationError } from '../../db/errors.ts';
import { newId } from '../../db/ids.ts';
import { insertMeasures } from '../../db/repositories/measure.repository.ts';
import { insertMany, tracked } from '../../db/repositories/rows.ts';
import { updateVersioned } from '../../db/repositories/versioned.ts';
import { MEASURE_FREQUENCIES, POLARITIES, TARGET_KINDS } from '../../domain/plan-format.ts';
import { defineCommand, type CommandContext } from '../runner.ts';
import { isoDate, LIMITS, shortText } from './inputs.ts';
import { managedItem } from './structure.commands.ts';
import { authorisedPlan } from './subjects.ts';

const id = z.string().min(1).max(100);
const number = z.number({ error: 'Enter a number' }).finite();

const target = z.object({
  kind: z.enum(TARGET_KINDS, { error: 'Choose interim or final' }),
  value: number.nullable().describe('null: to be confirmed (TBC)'),
  by: isoDate.nullable().default(null),
  text: shortText.nullable().default(null).describe('The target as written'),
});
const comparator = z.object({
  name: shortText.min(1, 'Enter who the comparator is'),
  period: shortText.min(1),
  value: number,
});

const definition = {
  ref: z.string().trim().max(40).nullable(),
  name: z
    .string()
    .trim()
    .min(1, 'Enter the name of the measure')
    .max(LIMITS.name * 5),
  definition: z.string().trim().max(LIMITS.text).nullable(),
  unit: shortText.min(1, 'Enter the unit: %, count, days, rate per 10,000 …'),
  polarity: z.enum(POLARITIES, { error: 'Choose whether higher or lower is better' }),
  frequency: z.enum(MEASURE_FREQUENCIES).nullable(),
  owner: shortText.nullable(),
  baseline: z.object({ value: number.nullable(), period: shortText.nullable().default(null) }).nullable(),
  targets: z.array(target).max(50),
  comparators: z.array(comparator).max(50),
  actionIds: z.array(id).max(200).describe('Actions this measure evidences'),
  recommendationIds: z.array(id).max(200),
};

export const NewMeasureSchema = z
  .object({
    planId: id,
    ref: definition.ref.default(null),
    name: definition.name,
    definition: definition.definition.default(null),
    unit: definition.unit.default('count'),
    polarity: definition.polarity.default('higher_is_better'),
    frequency: definition.frequency.default(null),
    owner: definition.owner.default(null),
    baseline: definition.baseline.default(null),
    targets: definition.targets.default([]),
    comparators: definition.comparators.default([]),
    actionIds: definition.actionIds.default([]),
    recommendationIds: definition.recommendationIds.default([]),
  })
  .strict();

export const MeasureEditSchema = z
  .object({
    version: z.number().int().positive().optional(),
    ...Object.fromEntries(Object.entries(definition).map(([k, v]) => [k, v.optional()])),
  } as { version: z.ZodOptional<z.ZodNumber> } & {
    [K in keyof typeof definition]: z.ZodOptional<(typeof definition)[K]>;
  })
  .strict();

async function inPlan(
  ctx: CommandContext,
  planId: string,
  table: 'actions' | 'recommendations',
  ids: string[],
  field: string,
) {
  if (ids.length === 0) return;
  const known = new Set(
    (
      await ctx.trx
        .selectFrom(table)
        .select('id')
        .where('plan_id', '=', planId)
        .where('id', 'in', ids)
        .execute()
    ).map((r) => r.id),
  );
  const bad = ids.findIndex((x) => !known.has(x));
  if (bad !== -1)
    throw new ValidationError(`${field}[${bad}]: no ${table.slice(0, -1)} "${ids[bad]}" in this plan`, [
      { field: `${field}[${bad}]`, message: `Choose ${table} of this plan` },
    ]);
}

/** Replaces the measure's targets, comparators or links where the input names them. */
async function replaceParts(
  ctx: CommandContext,
  organisationId: string,
  planId: string,
  measureId: string,
  input: Partial<{
    targets: z.infer<typeof target>[];
    comparators: z.infer<typeof comparator>[];
    actionIds: string[];
    recommendationIds: string[];
  }>,
) {
  const child = (ordinal: number) => ({
    id: newId(),
    ...tracked(organisationId),
    measure_id: measureId,
    ordinal,
  });
  if (input.targets) {
    await ctx.trx.deleteFrom('measure_targets').where('measure_id', '=', measureId).execute();
    await insertMany(
      ctx.trx,
      'measure_targets',
      input.targets.map((t, i) => ({
        ...child(i),
        kind: t.kind,
        value: t.value,
        by_date: t.by,
        text: t.text,
      })),
    );
  }
  if (input.comparators) {
    await ctx.trx.deleteFrom('measure_comparators').where('measure_id', '=', measureId).execute();
    await insertMany(
      ctx.trx,
      'measure_comparators',
      input.comparators.map((c, i) => ({ ...child(i), name: c.name, period: c.period, value: c.value })),
    );
  }
  if (input.actionIds) {
    await inPlan(ctx, planId, 'actions', input.actionIds, 'actionIds');
    await ctx.trx.deleteFrom('action_measures').where('measure_id', '=', measureId).execute();
    await insertMany(
      ctx.trx,
      'action_measures',
      [...new Set(input.actionIds)].map((action_id, ordinal) => ({
        organisation_id: organisationId,
        action_id,
        measure_id: measureId,
        ordinal,
      })),
    );
  }
  if (input.recommendationIds) {
    await inPlan(ctx, planId, 'recommendations', input.recommendationIds, 'recommendationIds');
    await ctx.trx.deleteFrom('measure_recommendations').where('measure_id', '=', measureId).execute();
    await insertMany(
      ctx.trx,
      'measure_recommendations',
      [...new Set(input.recommendationIds)].map((recommendation_id, ordinal) => ({
        organisation_id: organisationId,
        recommendation_id,
        measure_id: measureId,
        ordinal,
      })),
    );
  }
}

export const createMeasure = defineCommand({
  name: 'measure.create',
  input: NewMeasureSchema,
  async handle(ctx, input) {
    const facts = await authorisedPlan(ctx, 'plan.manage', input.planId);
    await ctx.touchPlan(input.planId);
    const count = await ctx.trx
      .selectFrom('measures')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('plan_id', '=', input.planId)
      .executeTakeFirstOrThrow();
    const ids = await insertMeasures(ctx.trx, facts.organisationId, input.planId, [
      {
        id: 'new',
        ref: input.ref || null,
        name: input.name,
        definition: input.definition || null,
        unit: input.unit,
        polarity: input.polarity,
        frequency: input.frequency,
        baseline: input.baseline,
        targets: [],
        comparators: [],
        values: [],
        tolerance: null,
        trajectory: 'stepwise',
        heldPeriods: 3,
        dataSource: null,
        owner: input.owner || null,
        recommendationIds: [],
      } as never,
    ]);
    const measureId = ids.get('new') as string;
    await ctx.trx
      .updateTable('measures')
      .set({ ordinal: Number(count.n) })
      .where('id', '=', measureId)
      .execute();
    await replaceParts(ctx, facts.organisationId, input.planId, measureId, input);
    ctx.record({
      organisationId: facts.organisationId,
      operation: 'create',
      entityType: 'measure',
      entityId: measureId,
      planId: input.planId,
      after: { ...input, planId: undefined },
    });
    return { measureId, planId: input.planId, version: 1 };
  },
});

export const editMeasureDefinition = defineCommand({
  name: 'measure.edit',
  input: MeasureEditSchema.extend({ measureId: id }),
  async handle(ctx, input) {
    const { measureId, version, targets, comparators, actionIds, recommendationIds, baseline, ...fields } =
      input;
    const { planId, organisationId } = await managedItem(ctx, 'measures', measureId);
    const before = await ctx.trx
      .selectFrom('measures')
      .selectAll()
      .where('id', '=', measureId)
      .executeTakeFirstOrThrow();
    const changes: Record<string, unknown> = {};
    if (fields.ref !== undefined) changes.ref = fields.ref || null;
    if (fields.name !== undefined) changes.name = fields.name;
    if (fields.definition !== undefined) changes.definition = fields.definition || null;
    if (fields.unit !== undefined) changes.unit = fields.unit;
    if (fields.polarity !== undefined) changes.polarity = fields.polarity;
    if (fields.frequency !== undefined) changes.frequency = fields.frequency;
    if (fields.owner !== undefined) changes.owner = fields.owner || null;
    if (baseline !== undefined)
      Object.assign(changes, {
        has_baseline: baseline ? 1 : 0,
        baseline_value: baseline?.value ?? null,
        baseline_period: baseline?.period ?? null,
      });
    const next = await updateVersioned(ctx.trx, 'measures', measureId, version, changes);
    await replaceParts(ctx, organisationId, planId, measureId, {
      targets,
      comparators,
      actionIds,
      recommendationIds,
    });
    ctx.record({
      organisationId,
      operation: 'update',
      entityType: 'measure',
      entityId: measureId,
      planId,
      before,
      after: { ...changes, targets, comparators, actionIds, recommendationIds },
    });
    return { measureId, planId, version: next };
  },
});
