import { describe, expect, it } from 'vitest';
import {
  evaluateMeasure,
  evaluateSeries,
  targetAt,
  type MeasureSpec,
} from '../../src/domain/measure-evaluation.ts';
import { comparePeriods, parsePeriod, yearBefore } from '../../src/domain/periods.ts';

describe('periods', () => {
  it.each([
    ['2026-10', 'month', '2026-10-01', '2026-10-31'],
    ['2026-Q3', 'quarter', '2026-07-01', '2026-09-30'],
    ['Q1 2027', 'quarter', '2027-01-01', '2027-03-31'],
    ['2025-26', 'financial_year', '2025-04-01', '2026-03-31'],
    ['2025/2026', 'financial_year', '2025-04-01', '2026-03-31'],
    ['AY 2025/26', 'academic_year', '2025-09-01', '2026-08-31'],
    ['Summer 2026', 'term', '2026-05-01', '2026-07-31'],
    ['Autumn term 2025', 'term', '2025-09-01', '2025-12-31'],
    ['2026', 'year', '2026-01-01', '2026-12-31'],
    ['2026-02-28', 'day', '2026-02-28', '2026-02-28'],
  ])('reads %s as a %s', (label, kind, start, end) => {
    expect(parsePeriod(label)).toEqual({ label, kind, start, end });
  });

  it('refuses what is not a period', () => {
    for (const label of ['2026-00', '2025-27', 'soon', '2026-02-30', ''])
      expect(parsePeriod(label)).toBeNull();
  });

  it('names the same period a year before', () => {
    expect(yearBefore('2026-10')).toBe('2025-10');
    expect(yearBefore('2026-Q3')).toBe('2025-Q3');
    expect(yearBefore('2025-26')).toBe('2024-25');
    expect(yearBefore('2000-01')).toBe('1999-01');
    expect(yearBefore('2010-11')).toBe('2009-11');
    expect(yearBefore('AY 2025/2026')).toBe('AY 2024/2025');
    expect(yearBefore('Summer 2026')).toBe('Summer 2025');
    expect(yearBefore('2024-02-29')).toBe('2023-02-28');
  });

  it('orders periods by when they end', () => {
    expect(['2026-Q1', '2025-12', '2025-26', 'Autumn 2025'].sort(comparePeriods)).toEqual([
      'Autumn 2025',
      '2025-12',
      '2025-26',
      '2026-Q1',
    ]);
  });
});

const referrals: MeasureSpec = {
  unit: '%',
  polarity: 'higher_is_better',
  baseline: { value: 62, period: '2025-10' },
  targets: [
    { value: 80, by: '2026-06-30', kind: 'interim' },
    { value: 95, by: '2027-03-31', kind: 'final' },
  ],
  tolerance: 5,
  trajectory: 'stepwise',
  heldPeriods: 3,
};

describe('targetAt', () => {
  it('steps through interim targets to the final one', () => {
    expect(targetAt(referrals, '2026-03-31')).toMatchObject({ value: 80, kind: 'interim' });
    expect(targetAt(referrals, '2026-06-30')).toMatchObject({ value: 80 });
    expect(targetAt(referrals, '2026-07-31')).toMatchObject({ value: 95, kind: 'final' });
    expect(targetAt(referrals, '2028-01-31')).toMatchObject({ value: 95, kind: 'final' });
  });

  it('follows a straight line from the baseline when the measure asks for a trajectory', () => {
    const linear = { ...referrals, trajectory: 'linear' as const };
    // 2025-10-31 (62) to 2026-06-30 (80): 242 days; 2026-02-28 is 120 days in.
    expect(targetAt(linear, '2026-02-28')).toEqual({
      value: 70.9,
      by: '2026-06-30',
      kind: 'interim',
      interpolated: true,
    });
    expect(targetAt(linear, '2026-06-30')).toMatchObject({ value: 80, interpolated: false });
    expect(targetAt(linear, '2026-11-15')?.value).toBeGreaterThan(80);
    expect(targetAt(linear, '2026-11-15')?.value).toBeLessThan(95);
  });
});

describe('evaluateMeasure', () => {
  const readings = [
    { period: '2025-10', value: 62 },
    { period: '2026-03', value: 76 },
    { period: '2026-04', value: 71 },
    { period: '2026-06', value: 82 },
    { period: '2026-10', value: 90.8 },
  ];

  it('is green when the target that applies is met, with the distance in points', () => {
    expect(evaluateMeasure(referrals, readings, '2026-06')).toMatchObject({
      colour: 'green',
      gap: 2,
      statement: '2 points above the interim 80% target due 30 June 2026',
    });
  });

  it('is amber within tolerance and red outside it', () => {
    expect(evaluateMeasure(referrals, readings, '2026-03')).toMatchObject({
      colour: 'amber',
      gap: -4,
      statement: '4 points below the interim 80% target due 30 June 2026',
    });
    expect(evaluateMeasure(referrals, readings, '2026-04')).toMatchObject({ colour: 'red', gap: -9 });
    expect(evaluateMeasure(referrals, readings)).toMatchObject({
      period: '2026-10',
      colour: 'amber',
      statement: '4.2 points below the 95% target due 31 March 2027',
    });
  });

  it('gives the direction of travel since the last period and the same period a year before', () => {
    expect(evaluateMeasure(referrals, readings, '2026-04')).toMatchObject({
      sincePrevious: 'worsening',
      sinceYearBefore: null,
    });
    expect(evaluateMeasure(referrals, readings, '2026-10')).toMatchObject({
      sincePrevious: 'improving',
      sinceYearBefore: 'improving',
    });
  });

  it('reads lower-is-better measures the right way round', () => {
    const rereferrals: MeasureSpec = {
      ...referrals,
      polarity: 'lower_is_better',
      baseline: { value: 28, period: '2025-Q3' },
      targets: [{ value: 20, by: '2027-03-31', kind: 'final' }],
      tolerance: 2,
    };
    const values = [
      { period: '2025-Q3', value: 28 },
      { period: '2026-Q3', value: 21.5 },
    ];
    expect(evaluateMeasure(rereferrals, values)).toMatchObject({
      colour: 'amber',
      gap: 1.5,
      statement: '1.5 points above the 20% target due 31 March 2027',
      sinceYearBefore: 'improving',
    });
    expect(evaluateMeasure(rereferrals, [...values, { period: '2026-Q4', value: 19 }])).toMatchObject({
      colour: 'green',
      sincePrevious: 'improving',
    });
  });

  it('turns blue once the final target is met and held', () => {
    const held = [
      { period: '2027-03', value: 95 },
      { period: '2027-04', value: 96 },
      { period: '2027-05', value: 97 },
    ];
    expect(evaluateMeasure(referrals, held.slice(0, 2))?.colour).toBe('green');
    expect(evaluateMeasure(referrals, held)?.colour).toBe('blue');
  });

  it('says when a period has no value, or the target is to be confirmed, without a colour', () => {
    expect(evaluateMeasure(referrals, readings, '2026-05')).toMatchObject({
      value: null,
      colour: null,
      statement: 'No value reported for 2026-05',
    });
    const tbc: MeasureSpec = { ...referrals, targets: [{ value: null, by: null, kind: 'final' }] };
    expect(evaluateMeasure(tbc, readings)).toMatchObject({
      colour: null,
      statement: 'Target to be confirmed',
      sincePrevious: 'improving',
    });
    expect(evaluateMeasure({ ...referrals, targets: [] }, readings)).toMatchObject({
      colour: null,
      statement: 'No target set',
    });
    expect(evaluateMeasure(referrals, [])).toBeNull();
  });

  it('evaluates a whole series in period order, skipping labels it cannot read', () => {
    const series = evaluateSeries(referrals, [
      { period: '2026-10', value: 90 },
      { period: 'soon', value: 1 },
      { period: '2026-06', value: 82 },
    ]);
    expect(series.map((e) => [e.period, e.colour])).toEqual([
      ['2026-06', 'green'],
      ['2026-10', 'amber'],
    ]);
  });
});
