/** What changed between two snapshots of a plan, and the counts a board pack shows: fixtures written by hand. */
import { describe, expect, it } from 'vitest';
import {
  changeCount,
  changesBetween,
  totalsOf,
  type SnapshotAction,
  type SnapshotData,
  type SnapshotMeasure,
} from '../../src/domain/snapshot.ts';

const action = (id: string, over: Partial<SnapshotAction> = {}): SnapshotAction => ({
  id,
  ref: id.toUpperCase(),
  text: `Action ${id}`,
  level: 'action',
  parentId: null,
  sectionId: 's1',
  topSectionId: 's1',
  leads: ['Ann Lead'],
  status: 'On track',
  rating: 'green',
  suggested: 'green',
  suggestionReason: '',
  due: { raw: '31 March 2027', end: '2027-03-31' },
  originalDue: null,
  complete: false,
  overdue: false,
  lastUpdate: { date: '2026-10-20', narrative: 'Going well' },
  ...over,
});

const measure = (id: string, over: Partial<SnapshotMeasure> = {}): SnapshotMeasure => ({
  id,
  ref: id,
  name: `Measure ${id}`,
  unit: '%',
  period: '2026-10',
  value: 70,
  target: 80,
  colour: 'amber',
  gap: -10,
  statement: '10 points below the target of 80',
  ...over,
});

const snapshot = (over: Partial<SnapshotData>): SnapshotData => ({
  plan: { id: 'p', title: 'Plan', date: '2026-04-01', state: 'approved' },
  asOf: '2026-10-31',
  period: '2026-10',
  sections: [{ id: 's1', ref: '1', kind: 'Priority', title: 'Safe', parentId: null }],
  actions: [],
  recommendations: [],
  measures: [],
  rescheduled: [],
  ...over,
});

describe('changes between snapshots', () => {
  const october = snapshot({
    actions: [
      action('a'),
      action('b', { rating: 'amber' }),
      action('c', { rating: 'green' }),
      action('d'),
      action('gone'),
    ],
    recommendations: [
      {
        id: 'r1',
        ref: 'R1',
        text: 'Decide contacts in a day',
        status: 'in_progress',
        rollup: { total: 2, complete: 0, overdue: 0 },
      },
      {
        id: 'r-old',
        ref: 'R9',
        text: 'Dropped',
        status: 'not_started',
        rollup: { total: 0, complete: 0, overdue: 0 },
      },
    ],
    measures: [measure('m1'), measure('m2', { colour: 'green', value: 82, gap: 2 }), measure('m3')],
  });
  const november = snapshot({
    asOf: '2026-11-30',
    period: '2026-11',
    rescheduled: [
      {
        id: 'c',
        ref: 'C',
        text: 'Action c',
        from: '31 March 2027',
        to: 'June 2027',
        reason: 'Two leads left (asked by Ann Lead; approved by Jo Manager)',
        by: 'Jo Manager',
        at: '2026-11-12T10:00:00Z',
      },
    ],
    actions: [
      action('a', {
        complete: true,
        status: 'Complete',
        rating: 'blue',
        lastUpdate: { date: '2026-11-10', narrative: 'Done' },
      }),
      action('b', { rating: 'red', overdue: true }),
      action('c', {
        rating: 'green',
        due: { raw: 'June 2027', end: '2027-06-30' },
        originalDue: '2027-03-31',
      }),
      action('d', { lastUpdate: { date: '2026-11-03', narrative: 'Still on track' } }),
      action('new', { lastUpdate: null, rating: null }),
    ],
    recommendations: [
      {
        id: 'r1',
        ref: 'R1',
        text: 'Decide contacts in a day',
        status: 'complete',
        rollup: { total: 2, complete: 2, overdue: 0 },
      },
      {
        id: 'r2',
        ref: 'R2',
        text: 'Hear the child',
        status: 'no_actions',
        rollup: { total: 0, complete: 0, overdue: 0 },
      },
    ],
    measures: [
      measure('m1', { colour: 'green', value: 81, gap: 1 }),
      measure('m2', { colour: 'red', value: 60, gap: -20 }),
      measure('m3'),
    ],
  });
  const changes = changesBetween(october, november, '2026-11-01');
  const ids = (list: { id: string }[]) => list.map((x) => x.id);

  it('finds actions newly complete, newly overdue, rated up and down, and moved', () => {
    expect(ids(changes.newlyComplete)).toEqual(['a']);
    expect(ids(changes.newlyOverdue)).toEqual(['b']);
    // Complete counts as blue, above green.
    expect(changes.ratingUp).toEqual([expect.objectContaining({ id: 'a', from: 'green', to: 'blue' })]);
    expect(changes.ratingDown).toEqual([expect.objectContaining({ id: 'b', from: 'amber', to: 'red' })]);
    expect(changes.dueMoved).toEqual([
      expect.objectContaining({
        id: 'c',
        from: '31 March 2027',
        to: 'June 2027',
        note: 'Two leads left (asked by Ann Lead; approved by Jo Manager) (Jo Manager, 2026-11-12)',
      }),
    ]);
  });

  it('finds actions and recommendations added and removed, and recommendations whose status changed', () => {
    expect(ids(changes.addedActions)).toEqual(['new']);
    expect(ids(changes.removedActions)).toEqual(['gone']);
    expect(ids(changes.addedRecommendations)).toEqual(['r2']);
    expect(ids(changes.removedRecommendations)).toEqual(['r-old']);
    expect(changes.recommendationStatus).toEqual([
      expect.objectContaining({ id: 'r1', from: 'in_progress', to: 'complete' }),
    ]);
  });

  it('finds measures that changed colour, reached their target or fell below it', () => {
    expect(changes.measureColour.map((m) => [m.id, m.from, m.to])).toEqual([
      ['m1', 'amber', 'green'],
      ['m2', 'green', 'red'],
    ]);
    expect(ids(changes.measuresReachedTarget)).toEqual(['m1']);
    expect(ids(changes.measuresFellBelowTarget)).toEqual(['m2']);
  });

  it('lists open actions with no update in the period', () => {
    // b and c were last updated in October; "new" never; a is complete; d was updated in November.
    expect(ids(changes.missingUpdates)).toEqual(['b', 'c', 'new']);
    expect(changesBetween(october, november).missingUpdates).toEqual([]);
  });

  it('finds nothing between a snapshot and itself', () => {
    expect(changeCount(changesBetween(november, november))).toBe(0);
  });
});

describe('the counts of a snapshot', () => {
  it('counts by rating with complete work apart, and measures at target', () => {
    const totals = totalsOf(
      [
        action('a', { complete: true, rating: 'green' }),
        action('b', { rating: 'green' }),
        action('c', { rating: 'red', overdue: true }),
        action('d', { rating: null }),
      ],
      [
        measure('m1', { colour: 'green' }),
        measure('m2'),
        measure('m3', { value: null }),
        measure('m4', { target: null }),
      ],
    );
    expect(totals).toMatchObject({
      total: 4,
      complete: 1,
      overdue: 1,
      percentComplete: 25,
      percentOnTrack: 50,
      byRating: { blue: 1, green: 1, red: 1, amber: 0, grey: 0, none: 1 },
      measuresAtTarget: 1,
      measuresWithTarget: 2,
    });
  });
});
