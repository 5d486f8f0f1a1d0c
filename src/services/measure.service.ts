/**
 * Measures and targets: the scorecard of a plan, one measure's series, and entering values (one at a time
 * or from a file) with every change kept in the value history and the audit log.
 */
import { z } from 'zod';
import type { Db, Executor } from '../db/connection.ts';
import { NotFoundError, StaleVersionError, ValidationError } from '../db/errors.ts';
import { recordAudit } from '../db/repositories/audit.repository.ts';
import {
  listMeasures,
  measureVersion,
  putComparator,
  putValue,
  updateMeasureSettings,
  valueHistory,
} from '../db/repositories/measure.repository.ts';
import { getPlan } from '../db/repositories/plan.repository.ts';
import {
  DEFAULT_TOLERANCE,
  evaluateMeasure,
  evaluateSeries,
  type Evaluation,
  type MeasureSpec,
} from '../domain/measure-evaluation.ts';
import { comparePeriods, parsePeriod } from '../domain/periods.ts';
import { createPlanCache, type PlanCache } from './plan-cache.ts';
import type { MeasureDoc } from '../domain/plan-format.ts';

export function specOf(measure: MeasureDoc): MeasureSpec {
  return {
    unit: measure.unit,
    polarity: measure.polarity,
    baseline: measure.baseline,
    targets: measure.targets.map((t) => ({ value: t.value, by: t.by, kind: t.kind })),
    tolerance: measure.tolerance ?? DEFAULT_TOLERANCE(measure.unit),
    trajectory: measure.trajectory,
    heldPeriods: measure.heldPeriods,
  };
}

export interface ScorecardRow {
  measure: MeasureDoc;
  latest: Evaluation | null;
  series: Evaluation[];
  comparator: { name: string; period: string; value: number } | null;
}

export const ValueInputSchema = z
  .object({
    period: z
      .string()
      .trim()
      .refine(
        (p) => parsePeriod(p) !== null,
        'Enter a period such as 2026-10, 2026-Q3, 2025-26 or Summer 2026',
      ),
    value: z.number({ error: 'Enter the value as a number' }).finite(),
    note: z.string().trim().max(500).optional(),
  })
  .strict();
export type ValueInput = z.input<typeof ValueInputSchema>;

export const MeasureSettingsSchema = z
  .object({
    version: z.number().int().positive(),
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
    frequency: z.enum(['weekly', 'monthly', 'quarterly', 'termly', 'annual', 'academic year']).nullable(),
    dataSource: z.string().trim().max(200).nullable(),
    owner: z.string().trim().max(200).nullable(),
  })
  .strict();
export type MeasureSettings = z.infer<typeof MeasureSettingsSchema>;

/** A value stored, superseding any earlier one for the period, and its audit record: one unit of work. */
async function storeValue(
  trx: Executor,
  who: { organisationId: string; planId: string; actor: string },
  row: { measureId: string; period: string; value: number; note: string | null },
): Promise<void> {
  const { replaced } = await putValue(trx, who.organisationId, row.measureId, {
    period: row.period,
    value: row.value,
    note: row.note,
    enteredBy: who.actor,
  });
  await recordAudit(trx, {
    organisationId: who.organisationId,
    actor: who.actor,
    operation: replaced === undefined ? 'create' : 'update',
    entityType: 'measure_value',
    entityId: row.measureId,
    planId: who.planId,
    before: replaced === undefined ? undefined : { period: row.period, value: replaced },
    after: { period: row.period, value: row.value, note: row.note },
  });
}

export function createMeasureService(db: Db, cache: PlanCache = createPlanCache(0)) {
  async function measuresOf(organisationId: string, planId: string): Promise<MeasureDoc[]> {
    if (!(await getPlan(db, organisationId, planId))) throw new NotFoundError('plan', planId);
    return listMeasures(db, planId);
  }

  /** With `series: false` only the latest evaluation is worked out (the dashboard needs no trend). */
  async function scorecard(
    organisationId: string,
    planId: string,
    options: { series?: boolean } = {},
  ): Promise<ScorecardRow[]> {
    const series = options.series !== false;
    return cache.read(planId, `scorecard|${organisationId}|${series}`, () =>
      loadScorecard(organisationId, planId, series),
    );
  }

  async function loadScorecard(
    organisationId: string,
    planId: string,
    withSeries: boolean,
  ): Promise<ScorecardRow[]> {
    const measures = await measuresOf(organisationId, planId);
    return measures.map((measure) => {
      const spec = specOf(measure);
      const comparators = [...measure.comparators].sort((a, b) => comparePeriods(a.period, b.period));
      return {
        measure,
        latest: evaluateMeasure(spec, measure.values),
        series: withSeries ? evaluateSeries(spec, measure.values) : [],
        comparator: comparators[comparators.length - 1] ?? null,
      };
    });
  }

  async function locate(organisationId: string, measureId: string) {
    const row = await db
      .selectFrom('measures')
      .select(['plan_id'])
      .where('organisation_id', '=', organisationId)
      .where('id', '=', measureId)
      .executeTakeFirst();
    if (!row) throw new NotFoundError('measure', measureId);
    const measure = (await listMeasures(db, row.plan_id)).find((m) => m.id === measureId) as MeasureDoc;
    return { planId: row.plan_id, measure };
  }

  async function detail(organisationId: string, measureId: string) {
    const { planId, measure } = await locate(organisationId, measureId);
    const spec = specOf(measure);
    return {
      planId,
      measure,
      spec,
      latest: evaluateMeasure(spec, measure.values),
      series: evaluateSeries(spec, measure.values),
      history: await valueHistory(db, measureId),
    };
  }

  async function recordValue(organisationId: string, measureId: string, input: ValueInput, actor: string) {
    const value = ValueInputSchema.parse(input);
    const { planId } = await locate(organisationId, measureId);
    await db
      .transaction()
      .execute((trx) =>
        storeValue(
          trx,
          { organisationId, planId, actor },
          { measureId, period: value.period, value: value.value, note: value.note ?? null },
        ),
      );
    cache.changed(planId);
    return detail(organisationId, measureId);
  }

  /** Applies checked rows (from a previewed upload) in one transaction: all or none. */
  async function applyValues(
    organisationId: string,
    planId: string,
    rows: {
      measureId: string;
      period: string;
      value: number;
      note: string | null;
      comparators?: { name: string; value: number }[];
    }[],
    actor: string,
  ) {
    const measures = await measuresOf(organisationId, planId);
    const known = new Set(measures.map((m) => m.id));
    const unknown = rows.find((r) => !known.has(r.measureId));
    if (unknown) throw new ValidationError(`No measure ${unknown.measureId} in this plan`);
    await db.transaction().execute(async (trx) => {
      for (const row of rows) {
        await storeValue(trx, { organisationId, planId, actor }, row);
        for (const c of row.comparators ?? [])
          await putComparator(trx, organisationId, row.measureId, { ...c, period: row.period });
      }
    });
    cache.changed(planId);
  }

  async function updateSettings(
    organisationId: string,
    measureId: string,
    input: MeasureSettings,
    actor: string,
  ) {
    const settings = MeasureSettingsSchema.parse(input);
    const { planId, measure } = await locate(organisationId, measureId);
    await db.transaction().execute(async (trx) => {
      const changed = await updateMeasureSettings(trx, organisationId, measureId, settings.version, {
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
          settings.version,
          (await measureVersion(trx, measureId)) ?? 0,
        );
      const before = {
        tolerance: measure.tolerance,
        trajectory: measure.trajectory,
        heldPeriods: measure.heldPeriods,
        frequency: measure.frequency,
        dataSource: measure.dataSource,
        owner: measure.owner,
      };
      const { version: _version, ...after } = settings;
      await recordAudit(trx, {
        organisationId,
        actor,
        operation: 'update',
        entityType: 'measure',
        entityId: measureId,
        planId,
        before,
        after,
      });
    });
    cache.changed(planId);
    return detail(organisationId, measureId);
  }

  return {
    scorecard,
    detail,
    recordValue,
    applyValues,
    measuresOf,
    updateSettings,
    version: (measureId: string) => measureVersion(db, measureId),
  };
}

export type MeasureService = ReturnType<typeof createMeasureService>;
