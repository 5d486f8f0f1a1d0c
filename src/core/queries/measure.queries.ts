/** Measures and targets: the scorecard of a plan, and one measure's series with its value history. */
import type { Db } from '../../db/connection.ts';
import { NotFoundError } from '../../db/errors.ts';
import { listMeasures, measureVersion, valueHistory } from '../../db/repositories/measure.repository.ts';
import type { Actor } from '../../domain/actor.ts';
import {
  DEFAULT_TOLERANCE,
  evaluateMeasure,
  evaluateSeries,
  type Evaluation,
  type MeasureSpec,
} from '../../domain/measure-evaluation.ts';
import { comparePeriods } from '../../domain/periods.ts';
import type { MeasureDoc } from '../../domain/plan-format.ts';
import type { PlanCache } from '../plan-cache.ts';
import type { Access } from './access.ts';

/**
 * A target set as a comparator's average ("in line with the statistical neighbour average") is that comparator's
 * latest value, once the plan has one; until then it is to be confirmed.
 */
function comparatorTarget(text: string | null, comparators: MeasureDoc['comparators']): number | null {
  const named =
    /\b(England|national|statistical neighbour|regional|London|core cit(?:y|ies))\w*\s+average/i.exec(
      text ?? '',
    );
  if (!named) return null;
  const word = (named[1] ?? '').toLowerCase();
  const matching = comparators
    .filter((c) => c.name.toLowerCase().includes(word))
    .sort((a, b) => a.period.localeCompare(b.period));
  return matching.at(-1)?.value ?? null;
}

export function specOf(measure: MeasureDoc): MeasureSpec {
  return {
    unit: measure.unit,
    polarity: measure.polarity,
    baseline: measure.baseline,
    targets: measure.targets.map((t) => ({
      value: t.value ?? comparatorTarget(t.text, measure.comparators),
      by: t.by,
      kind: t.kind,
    })),
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

export function createMeasureQueries(db: Db, cache: PlanCache, access: Access) {
  async function measuresOf(actor: Actor, planId: string): Promise<MeasureDoc[]> {
    const head = await access.plan(actor, planId);
    return measuresAt(planId, head.structureRevision);
  }

  // An action's progress changes nothing of the measures: they are read once per structure revision.
  const measuresAt = (planId: string, structureRevision: number) =>
    cache.read(planId, structureRevision, 'measures', () => listMeasures(db, planId), true);

  /** With `series: false` only the latest evaluation is worked out (the dashboard needs no trend). */
  async function scorecard(
    actor: Actor,
    planId: string,
    options: { series?: boolean } = {},
  ): Promise<ScorecardRow[]> {
    const series = options.series !== false;
    const head = await access.plan(actor, planId);
    // The measures are read once per structure revision, for the scorecard with its trends and the dashboard's.
    return cache.read(
      planId,
      head.structureRevision,
      `scorecard|${series}`,
      async () => scorecardOf(await measuresAt(planId, head.structureRevision), series),
      true,
    );
  }

  async function detail(actor: Actor, measureId: string) {
    const row = await db
      .selectFrom('measures')
      .select(['plan_id'])
      .where('id', '=', measureId)
      .executeTakeFirst();
    if (!row) throw new NotFoundError('measure', measureId);
    const head = await access.plan(actor, row.plan_id).catch((error: unknown) => {
      if (error instanceof NotFoundError) throw new NotFoundError('measure', measureId);
      throw error;
    });
    const measure = (await listMeasures(db, row.plan_id)).find((m) => m.id === measureId);
    if (!measure) throw new NotFoundError('measure', measureId);
    const spec = specOf(measure);
    return {
      head,
      planId: row.plan_id,
      measure,
      spec,
      latest: evaluateMeasure(spec, measure.values),
      series: evaluateSeries(spec, measure.values),
      history: await valueHistory(db, measureId),
      version: (await measureVersion(db, measureId)) ?? 0,
    };
  }

  return { measuresOf, scorecard, detail };
}

/** Each measure with its latest evaluation (and its series, when asked). */
export function scorecardOf(measures: MeasureDoc[], withSeries: boolean): ScorecardRow[] {
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
