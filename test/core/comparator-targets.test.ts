/** A target set as a comparator's average is judged against that comparator's latest value, once there is one. */
import { describe, expect, it } from 'vitest';
import { specOf } from '../../src/core/queries/measure.queries.ts';
import { evaluateMeasure } from '../../src/domain/measure-evaluation.ts';
import type { MeasureDoc } from '../../src/domain/plan-format.ts';

const measure = (comparators: MeasureDoc['comparators']): MeasureDoc => ({
  id: 'm1',
  ref: null,
  name: 'Repeat child protection plans',
  definition: null,
  unit: '%',
  polarity: 'lower_is_better',
  frequency: null,
  baseline: null,
  targets: [{ value: null, by: null, kind: 'final', text: 'in line with the statistical neighbour average' }],
  comparators,
  values: [{ period: '2026-10', value: 18, note: null }],
  tolerance: null,
  trajectory: 'stepwise',
  heldPeriods: 3,
  dataSource: null,
  owner: null,
  recommendationIds: [],
});

describe('a comparator-relative target', () => {
  it("takes the comparator's latest value", () => {
    const spec = specOf(
      measure([
        { name: 'statistical neighbour average', period: '2024', value: 15 },
        { name: 'statistical neighbour average', period: '2025', value: 21 },
        { name: 'England average', period: '2025', value: 10 },
      ]),
    );
    expect(spec.targets[0]?.value).toBe(21);
    expect(evaluateMeasure(spec, [{ period: '2026-10', value: 18 }])?.colour).toBe('green');
  });

  it('is to be confirmed while the plan has no value for that comparator', () => {
    const spec = specOf(measure([{ name: 'England average', period: '2025', value: 10 }]));
    expect(spec.targets[0]?.value).toBeNull();
  });
});
