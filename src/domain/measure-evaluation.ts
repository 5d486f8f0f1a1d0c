/**
 * How close a measure is to its target: the target that applies at a period (stepwise through interim
 * targets, or along a straight line from the baseline), the colour, the distance in the measure's own unit,
 * and the direction of travel. "Blue" means the final target has been met and held.
 */
import { daysBetween, formatLong, type IsoDate } from './calendar.ts';
import { comparePeriods, parsePeriod, yearBefore } from './periods.ts';

export type Polarity = 'higher_is_better' | 'lower_is_better';
export type MeasureColour = 'green' | 'amber' | 'red' | 'blue';
export type Direction = 'improving' | 'worsening' | 'no_change';

export interface MeasureTarget {
  value: number | null;
  by: IsoDate | null;
  kind: 'interim' | 'final';
}

export interface MeasureSpec {
  unit: string;
  polarity: Polarity;
  baseline: { value: number | null; period: string | null } | null;
  targets: MeasureTarget[];
  /** Amber when the value misses the target by no more than this, in the measure's unit. */
  tolerance: number;
  trajectory: 'stepwise' | 'linear';
  /** Blue once the final target has been met for this many reported periods in a row. */
  heldPeriods: number;
}

export interface Reading {
  period: string;
  value: number | null;
}

export interface AppliedTarget {
  value: number | null;
  by: IsoDate | null;
  kind: 'interim' | 'final';
  /** True when the value is read off the line between two targets rather than a target itself. */
  interpolated: boolean;
}

export interface Evaluation {
  period: string;
  value: number | null;
  target: AppliedTarget | null;
  colour: MeasureColour | null;
  /** value − target: positive is above the target, whatever the polarity. */
  gap: number | null;
  statement: string;
  sincePrevious: Direction | null;
  sinceYearBefore: Direction | null;
}

export const DEFAULT_TOLERANCE = (unit: string) => (unit === '%' ? 5 : 0);

const endOf = (period: string): IsoDate | null => parsePeriod(period)?.end ?? null;
const round = (n: number) => Math.round(n * 10) / 10;

function datedTargets(spec: MeasureSpec): MeasureTarget[] {
  return [...spec.targets].sort((a, b) => (a.by ?? '9999-12-31').localeCompare(b.by ?? '9999-12-31'));
}

/** The target that applies to a period ending on `date`. */
export function targetAt(spec: MeasureSpec, date: IsoDate): AppliedTarget | null {
  const targets = datedTargets(spec);
  if (targets.length === 0) return null;
  const next =
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- at(-1) may be undefined to tsc
    targets.find((t) => t.by === null || t.by >= date) ?? (targets.at(-1) as MeasureTarget);
  if (spec.trajectory === 'stepwise' || next.value === null) return { ...next, interpolated: false };
  // Linear: from the previous point (the last earlier target, or the baseline) to the next target.
  const index = targets.indexOf(next);
  const before = index > 0 ? (targets[index - 1] as MeasureTarget) : null;
  const from =
    before && before.value !== null && before.by
      ? { value: before.value, at: before.by }
      : spec.baseline?.value != null && spec.baseline.period && endOf(spec.baseline.period)
        ? { value: spec.baseline.value, at: endOf(spec.baseline.period) as IsoDate }
        : null;
  if (!from || !next.by || date >= next.by || date <= from.at) return { ...next, interpolated: false };
  const share = daysBetween(from.at, date) / daysBetween(from.at, next.by);
  return {
    value: round(from.value + (next.value - from.value) * share),
    by: next.by,
    kind: next.kind,
    interpolated: true,
  };
}

function meets(spec: MeasureSpec, value: number, target: number): boolean {
  return spec.polarity === 'higher_is_better' ? value >= target : value <= target;
}

function direction(spec: MeasureSpec, now: number, then: number | null | undefined): Direction | null {
  if (then === null || then === undefined) return null;
  if (now === then) return 'no_change';
  return now > then === (spec.polarity === 'higher_is_better') ? 'improving' : 'worsening';
}

function describeGap(spec: MeasureSpec, gap: number, target: AppliedTarget): string {
  const size = round(Math.abs(gap));
  const unit = spec.unit === '%' ? (size === 1 ? 'point' : 'points') : spec.unit === 'count' ? '' : spec.unit;
  const amount = `${size}${unit ? ` ${unit}` : ''}`;
  const targetText = `${target.value}${spec.unit === '%' ? '%' : spec.unit === 'count' ? '' : ` ${spec.unit}`}`;
  const due = target.by ? ` due ${formatLong(target.by)}` : '';
  const which = target.interpolated ? 'trajectory towards the' : target.kind === 'interim' ? 'interim' : '';
  const subject = `the ${which ? `${which} ` : ''}${targetText} target${due}`;
  if (gap === 0) return `On ${subject}`;
  return `${amount} ${gap > 0 ? 'above' : 'below'} ${subject}`;
}

/** Evaluates a measure at one period (the latest reported, when none is given). */
export function evaluateMeasure(spec: MeasureSpec, readings: Reading[], period?: string): Evaluation | null {
  const ordered = readings
    .filter((r) => parsePeriod(r.period))
    .sort((a, b) => comparePeriods(a.period, b.period));
  const at = period ?? [...ordered].reverse().find((r) => r.value !== null)?.period;
  if (!at) return null;
  const reading = ordered.find((r) => r.period === at);
  const value = reading?.value ?? null;
  const end = endOf(at);
  const target = end ? targetAt(spec, end) : null;
  const earlier = ordered.filter((r) => comparePeriods(r.period, at) < 0 && r.value !== null);
  const yearAgoLabel = yearBefore(at);
  const base = { period: at, value, target, gap: null, sincePrevious: null, sinceYearBefore: null };
  if (value === null) return { ...base, colour: null, statement: `No value reported for ${at}` };
  const withDirections = {
    ...base,
    sincePrevious: direction(spec, value, earlier[earlier.length - 1]?.value),
    sinceYearBefore: direction(spec, value, ordered.find((r) => r.period === yearAgoLabel)?.value),
  };
  if (!target) return { ...withDirections, colour: null, statement: 'No target set' };
  if (target.value === null) return { ...withDirections, colour: null, statement: 'Target to be confirmed' };
  const gap = round(value - target.value);
  const statement = describeGap(spec, gap, target);
  if (!meets(spec, value, target.value)) {
    return { ...withDirections, gap, statement, colour: Math.abs(gap) <= spec.tolerance ? 'amber' : 'red' };
  }
  return { ...withDirections, gap, statement, colour: finalTargetHeld(spec, ordered, at) ? 'blue' : 'green' };
}

/** The final target met in each of the last `heldPeriods` reported periods up to `at`. */
function finalTargetHeld(spec: MeasureSpec, ordered: Reading[], at: string): boolean {
  const final = datedTargets(spec)
    .filter((t) => t.kind === 'final' && t.value !== null)
    .at(-1);
  if (!final || final.value === null || spec.heldPeriods < 1) return false;
  const upTo = ordered
    .filter((r) => comparePeriods(r.period, at) <= 0 && r.value !== null)
    .slice(-spec.heldPeriods);
  return (
    upTo.length === spec.heldPeriods &&
    upTo.every((r) => meets(spec, r.value as number, final.value as number))
  );
}

/** Every reported period evaluated, oldest first: the series a chart or a trend needs. */
export function evaluateSeries(spec: MeasureSpec, readings: Reading[]): Evaluation[] {
  const ordered = readings
    .filter((r) => parsePeriod(r.period))
    .sort((a, b) => comparePeriods(a.period, b.period));
  // A period is judged on the readings up to it (the year before included), so its prefix is enough.
  return ordered
    .map((r, i) => evaluateMeasure(spec, ordered.slice(0, i + 1), r.period))
    .filter((e): e is Evaluation => e !== null);
}
