/** Which updates count for a board's next meeting, and when they are due. */
import { describe, expect, it } from 'vitest';
import { reportingPeriod } from '../../src/domain/reporting-period.ts';

describe('a reporting period', () => {
  it('runs from the last meeting to the next, with updates due a week before it', () => {
    expect(reportingPeriod(['2026-12-14', '2026-10-12', '2026-11-09'], '2026-11-22')).toEqual({
      meeting: '2026-12-14',
      deadline: '2026-12-07',
      since: '2026-11-09',
    });
  });
  it("has updates due the board's own number of days before its meeting", () => {
    expect(reportingPeriod(['2026-12-14'], '2026-11-22', 10).deadline).toBe('2026-12-04');
    expect(reportingPeriod(['2026-12-14'], '2026-11-22', 0).deadline).toBe('2026-12-14');
  });
  it('counts a meeting held today as the next one', () => {
    expect(reportingPeriod(['2026-11-09', '2026-11-22'], '2026-11-22')).toMatchObject({
      meeting: '2026-11-22',
      since: '2026-11-09',
    });
  });
  it('is the calendar month when the board has no meetings on its calendar', () => {
    expect(reportingPeriod([], '2026-11-22')).toEqual({ meeting: null, deadline: null, since: '2026-11-01' });
  });
});
