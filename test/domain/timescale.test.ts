import { describe, expect, it } from 'vitest';
import { parseTimescale, type TimescaleKind } from '../../src/domain/timescale.ts';

const PLAN_2010 = { planDate: '2010-09-01' };
const PLAN_2011 = { planDate: '2011-03-01' };

interface Case {
  text: string;
  kind: TimescaleKind;
  start: string | null;
  end: string | null;
  recurrence?: string;
  relative?: { amount: number; unit: string };
  context?: { planDate: string };
}

// Every form named in the foundation issue, as real plans write them.
const CASES: Case[] = [
  { text: '30/09/2010', kind: 'date', start: '2010-09-30', end: '2010-09-30' },
  { text: '10/10/10', kind: 'date', start: '2010-10-10', end: '2010-10-10', context: PLAN_2010 },
  { text: '01/08/10', kind: 'date', start: '2010-08-01', end: '2010-08-01', context: PLAN_2010 },
  { text: '31 March 2011', kind: 'date', start: '2011-03-31', end: '2011-03-31' },
  { text: '1 Sept 2011', kind: 'date', start: '2011-09-01', end: '2011-09-01' },
  { text: 'Nov-12', kind: 'month', start: '2012-11-01', end: '2012-11-30', context: PLAN_2011 },
  { text: 'November 2010', kind: 'month', start: '2010-11-01', end: '2010-11-30' },
  { text: 'March 11', kind: 'month', start: '2011-03-01', end: '2011-03-31', context: PLAN_2010 },
  { text: "Aug '10", kind: 'month', start: '2010-08-01', end: '2010-08-31', context: PLAN_2010 },
  { text: '2012/3', kind: 'range', start: '2012-04-01', end: '2013-03-31' },
  { text: '1 March 2011 – 31 May 2011', kind: 'range', start: '2011-03-01', end: '2011-05-31' },
  { text: '1 March - 30 April 2011', kind: 'range', start: '2011-03-01', end: '2011-04-30' },
  { text: 'March 2011 to September 2011', kind: 'range', start: '2011-03-01', end: '2011-09-30' },
  {
    text: 'Within 3 months: 30/09/2010',
    kind: 'date',
    start: '2010-09-30',
    end: '2010-09-30',
    relative: { amount: 3, unit: 'months' },
  },
  {
    text: 'Within 6 months',
    kind: 'relative',
    start: '2011-03-01',
    end: '2011-09-01',
    relative: { amount: 6, unit: 'months' },
    context: PLAN_2011,
  },
  {
    text: '3 months',
    kind: 'relative',
    start: '2011-03-01',
    end: '2011-06-01',
    relative: { amount: 3, unit: 'months' },
    context: PLAN_2011,
  },
  { text: 'Immediate', kind: 'immediate', start: '2011-03-01', end: '2011-03-01', context: PLAN_2011 },
  { text: 'Immediate and ongoing', kind: 'ongoing', start: '2011-03-01', end: null, context: PLAN_2011 },
  { text: 'Ongoing', kind: 'ongoing', start: null, end: null },
  { text: 'Complete', kind: 'complete', start: null, end: null },
  { text: 'Completed', kind: 'complete', start: null, end: null },
  { text: 'Termly', kind: 'recurring', start: null, end: null, recurrence: 'termly' },
  { text: 'Quarterly', kind: 'recurring', start: null, end: null, recurrence: 'quarterly' },
  {
    text: 'Monthly until 1 March 2012',
    kind: 'recurring',
    start: '2011-03-01',
    end: '2012-03-01',
    recurrence: 'monthly',
    context: PLAN_2011,
  },
  { text: 'Review monthly', kind: 'recurring', start: null, end: null, recurrence: 'monthly' },
  { text: 'From 1 April 2011', kind: 'ongoing', start: '2011-04-01', end: null },
  {
    text: '1 March 2011 (monthly review)',
    kind: 'date',
    start: '2011-03-01',
    end: '2011-03-01',
    recurrence: 'monthly',
  },
  {
    text: 'Reports in 31 March 2011 & 31 July 2011',
    kind: 'several',
    start: '2011-03-31',
    end: '2011-07-31',
  },
  { text: 'After each audit', kind: 'recurring', start: null, end: null, recurrence: 'after each audit' },
  { text: 'TBA', kind: 'to_be_decided', start: null, end: null },
  { text: 'TBC', kind: 'to_be_decided', start: null, end: null },
  { text: 'Jun 2019', kind: 'month', start: '2019-06-01', end: '2019-06-30' },
  { text: 'Nov 2019 & ongoing', kind: 'ongoing', start: '2019-11-01', end: null },
];

describe('parseTimescale: the forms real plans use', () => {
  it.each(CASES)('reads "$text" as $kind', (c) => {
    const parsed = parseTimescale(c.text, c.context ?? {});
    expect(parsed.raw).toBe(c.text);
    expect({ kind: parsed.kind, start: parsed.start, end: parsed.end }).toEqual({
      kind: c.kind,
      start: c.start,
      end: c.end,
    });
    if (c.recurrence) expect(parsed.recurrence).toBe(c.recurrence);
    if (c.relative) expect(parsed.relative).toEqual(c.relative);
    expect(parsed.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });
});

describe('parseTimescale: impossible dates', () => {
  it.each(['31/09/2011', '31 June 2011', '31/04/2012', '31 Sept 2011'])(
    '"%s" is an error finding, never moved to another day',
    (text) => {
      const parsed = parseTimescale(text);
      expect(parsed.kind).toBe('unknown');
      expect(parsed.start).toBeNull();
      expect(parsed.end).toBeNull();
      expect(parsed.findings).toContainEqual(
        expect.objectContaining({ severity: 'error', code: 'timescale.impossible_date' }),
      );
    },
  );

  it('does not shorten a range whose end is impossible to its start', () => {
    const parsed = parseTimescale('1 Feb 2011 – 31 June 2011');
    expect(parsed.end).toBeNull();
    expect(parsed.findings.map((f) => f.code)).toContain('timescale.impossible_date');
  });

  it('accepts 29 February in a leap year only', () => {
    expect(parseTimescale('29 Feb 2012').end).toBe('2012-02-29');
    expect(parseTimescale('29/02/2011').findings[0]?.code).toBe('timescale.impossible_date');
  });
});

describe('parseTimescale: context and oddities', () => {
  it('reads two-digit years in the plan century', () => {
    expect(parseTimescale('01/08/10', { planDate: '1999-01-01' }).start).toBe('1910-08-01');
    expect(parseTimescale('01/08/10', { planDate: '2010-09-01' }).start).toBe('2010-08-01');
  });

  it('leaves a relative timescale without dates when the plan has no date', () => {
    const parsed = parseTimescale('Within 3 months');
    expect(parsed).toMatchObject({
      kind: 'relative',
      start: null,
      end: null,
      relative: { amount: 3, unit: 'months' },
    });
  });

  it('strips HTML paragraphs from extracted Word cells', () => {
    expect(parseTimescale('<p>Within 6 months:</p> <p>31/03/2011</p>')).toMatchObject({
      kind: 'date',
      end: '2011-03-31',
    });
  });

  it('warns about a date before the plan date', () => {
    const parsed = parseTimescale('28/02/2010', { planDate: '2010-09-01' });
    expect(parsed.findings.map((f) => f.code)).toEqual(['timescale.before_plan_date']);
  });

  it('reports text it does not understand, keeping it', () => {
    const parsed = parseTimescale('Liz Totman', { location: { line: 12, field: 'Timescale' } });
    expect(parsed).toMatchObject({ kind: 'unknown', raw: 'Liz Totman' });
    expect(parsed.findings[0]).toMatchObject({
      severity: 'warning',
      code: 'timescale.not_understood',
      location: { line: 12, field: 'Timescale', text: 'Liz Totman' },
    });
  });

  it('never throws, whatever it is given', () => {
    const nasty = [
      '',
      '   ',
      '-',
      '(',
      '99/99/99',
      '1 - - - 2',
      'may',
      '31 - 31 Dec',
      '\u0000',
      'x'.repeat(5000),
      '2012/13/14',
    ];
    for (const text of nasty) expect(() => parseTimescale(text)).not.toThrow();
    expect(() => parseTimescale(undefined)).not.toThrow();
  });
});

describe('parseTimescale: dates from spreadsheets', () => {
  it('reads ISO dates as written by a spreadsheet reader', () => {
    expect(parseTimescale('2026-01-31')).toMatchObject({
      kind: 'date',
      start: '2026-01-31',
      end: '2026-01-31',
    });
    expect(parseTimescale('2026-02-30').findings[0]?.code).toBe('timescale.impossible_date');
  });
});
