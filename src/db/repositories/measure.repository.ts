import type { Executor } from '../connection.ts';
import { newId } from '../ids.ts';
import type { MeasureDoc } from '../../domain/plan-format.ts';
import { insertMany, nextOrdinal, tracked } from './rows.ts';

export async function insertMeasures(
  db: Executor,
  organisationId: string,
  planId: string,
  measures: MeasureDoc[],
  recommendationIds: Map<string, string> = new Map(),
) {
  const ids = new Map(measures.map((m) => [m.id, newId()]));
  const measureRows = measures.map((measure, ordinal) => ({
    id: ids.get(measure.id) as string,
    ...tracked(organisationId),
    plan_id: planId,
    ref: measure.ref,
    name: measure.name,
    definition: measure.definition,
    unit: measure.unit,
    polarity: measure.polarity,
    frequency: measure.frequency,
    has_baseline: measure.baseline ? 1 : 0,
    baseline_value: measure.baseline?.value ?? null,
    baseline_period: measure.baseline?.period ?? null,
    ordinal,
    tolerance: measure.tolerance,
    trajectory: measure.trajectory,
    held_periods: measure.heldPeriods,
    data_source: measure.dataSource,
    owner: measure.owner,
  }));
  const child = (measure: MeasureDoc, i: number) => ({
    id: newId(),
    ...tracked(organisationId),
    measure_id: ids.get(measure.id) as string,
    ordinal: i,
  });
  const targets = measures.flatMap((m) =>
    m.targets.map((t, i) => ({ ...child(m, i), value: t.value, by_date: t.by, kind: t.kind, text: t.text })),
  );
  const values = measures.flatMap((m) =>
    m.values.map((v, i) => ({
      ...child(m, i),
      period: v.period,
      value: v.value,
      note: v.note,
      entered_by: null,
    })),
  );
  const comparators = measures.flatMap((m) =>
    m.comparators.map((c, i) => ({ ...child(m, i), name: c.name, period: c.period, value: c.value })),
  );
  await insertMany(db, 'measures', measureRows);
  await insertMany(db, 'measure_targets', targets);
  await insertMany(db, 'measure_values', values);
  await insertMany(db, 'measure_comparators', comparators);
  const links = measures.flatMap((m) =>
    m.recommendationIds
      .map((id, ordinal) => ({
        organisation_id: organisationId,
        measure_id: ids.get(m.id) as string,
        recommendation_id: recommendationIds.get(id) ?? '',
        ordinal,
      }))
      .filter((l) => l.recommendation_id !== ''),
  );
  await insertMany(db, 'measure_recommendations', links);
  return ids;
}

export async function listMeasures(db: Executor, planId: string): Promise<MeasureDoc[]> {
  const rows = await db
    .selectFrom('measures')
    .selectAll()
    .where('plan_id', '=', planId)
    .orderBy('ordinal')
    .execute();
  if (rows.length === 0) return [];
  const measureIds = rows.map((r) => r.id);
  const [targets, values, comparators, links] = await Promise.all([
    db
      .selectFrom('measure_targets')
      .selectAll()
      .where('measure_id', 'in', measureIds)
      .orderBy('ordinal')
      .execute(),
    db
      .selectFrom('measure_values')
      .selectAll()
      .where('measure_id', 'in', measureIds)
      .where('superseded', '=', 0)
      .orderBy('ordinal')
      .execute(),
    db
      .selectFrom('measure_comparators')
      .selectAll()
      .where('measure_id', 'in', measureIds)
      .orderBy('ordinal')
      .execute(),
    db
      .selectFrom('measure_recommendations')
      .selectAll()
      .where('measure_id', 'in', measureIds)
      .orderBy('ordinal')
      .execute(),
  ]);
  return rows.map((r) => ({
    id: r.id,
    ref: r.ref,
    name: r.name,
    definition: r.definition,
    unit: r.unit,
    polarity: r.polarity as MeasureDoc['polarity'],
    frequency: r.frequency as MeasureDoc['frequency'],
    baseline: r.has_baseline ? { value: r.baseline_value, period: r.baseline_period } : null,
    targets: targets
      .filter((t) => t.measure_id === r.id)
      .map((t) => ({ value: t.value, by: t.by_date, kind: t.kind as 'interim' | 'final', text: t.text })),
    values: values
      .filter((v) => v.measure_id === r.id)
      .map((v) => ({ period: v.period, value: v.value, note: v.note })),
    comparators: comparators
      .filter((c) => c.measure_id === r.id)
      .map((c) => ({ name: c.name, period: c.period, value: c.value })),
    tolerance: r.tolerance,
    trajectory: r.trajectory as MeasureDoc['trajectory'],
    heldPeriods: r.held_periods,
    dataSource: r.data_source,
    owner: r.owner,
    recommendationIds: links.filter((l) => l.measure_id === r.id).map((l) => l.recommendation_id),
  }));
}

export interface ValueEntry {
  id: string;
  period: string;
  value: number | null;
  note: string | null;
  enteredBy: string | null;
  enteredAt: string;
  superseded: boolean;
}

/** Every value ever entered for a measure, corrections included, oldest first. */
export async function valueHistory(db: Executor, measureId: string): Promise<ValueEntry[]> {
  const rows = await db
    .selectFrom('measure_values')
    .selectAll()
    .where('measure_id', '=', measureId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    period: r.period,
    value: r.value,
    note: r.note,
    enteredBy: r.entered_by,
    enteredAt: r.created_at,
    superseded: r.superseded === 1,
  }));
}

/**
 * Records a period's value. A value already there is superseded, not overwritten, so the correction and
 * what it corrected both stay in the history. Returns the value it replaced, if any.
 */
export async function putValue(
  db: Executor,
  organisationId: string,
  measureId: string,
  entry: { period: string; value: number | null; note: string | null; enteredBy: string },
): Promise<{ replaced: number | null | undefined }> {
  const current = await db
    .selectFrom('measure_values')
    .select(['id', 'value', 'ordinal'])
    .where('measure_id', '=', measureId)
    .where('period', '=', entry.period)
    .where('superseded', '=', 0)
    .executeTakeFirst();
  let ordinal = current?.ordinal;
  if (current) {
    await db.updateTable('measure_values').set({ superseded: 1 }).where('id', '=', current.id).execute();
  } else {
    const max = await db
      .selectFrom('measure_values')
      .select((eb) => eb.fn.max<number>('ordinal').as('max'))
      .where('measure_id', '=', measureId)
      .executeTakeFirst();
    ordinal = nextOrdinal(max);
  }
  await db
    .insertInto('measure_values')
    .values({
      id: newId(),
      ...tracked(organisationId),
      measure_id: measureId,
      period: entry.period,
      value: entry.value,
      note: entry.note,
      entered_by: entry.enteredBy,
      ordinal: ordinal ?? 0,
    })
    .execute();
  return { replaced: current ? current.value : undefined };
}

/** Sets a comparator's value for a period (England, statistical neighbours …), replacing an earlier one. */
export async function putComparator(
  db: Executor,
  organisationId: string,
  measureId: string,
  comparator: { name: string; period: string; value: number },
): Promise<void> {
  await db
    .deleteFrom('measure_comparators')
    .where('measure_id', '=', measureId)
    .where('name', '=', comparator.name)
    .where('period', '=', comparator.period)
    .execute();
  const max = await db
    .selectFrom('measure_comparators')
    .select((eb) => eb.fn.max<number>('ordinal').as('max'))
    .where('measure_id', '=', measureId)
    .executeTakeFirst();
  await db
    .insertInto('measure_comparators')
    .values({
      id: newId(),
      ...tracked(organisationId),
      measure_id: measureId,
      name: comparator.name,
      period: comparator.period,
      value: comparator.value,
      ordinal: nextOrdinal(max),
    })
    .execute();
}

export async function measureVersion(db: Executor, measureId: string): Promise<number | undefined> {
  return (await db.selectFrom('measures').select('version').where('id', '=', measureId).executeTakeFirst())
    ?.version;
}

/** Changes how a measure is judged and described, refusing a stale version like every other update. */
export async function updateMeasureSettings(
  db: Executor,
  organisationId: string,
  measureId: string,
  expectedVersion: number,
  settings: {
    tolerance: number | null;
    trajectory: string;
    held_periods: number;
    frequency: string | null;
    data_source: string | null;
    owner: string | null;
  },
): Promise<boolean> {
  const result = await db
    .updateTable('measures')
    .set({ ...settings, updated_at: new Date().toISOString(), version: expectedVersion + 1 })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', measureId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
