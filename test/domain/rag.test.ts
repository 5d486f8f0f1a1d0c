import { describe, expect, it } from 'vitest';
import { suggestRag } from '../../src/domain/rag.ts';

const today = '2026-11-22';

describe('suggestRag', () => {
  it('suggests blue for complete work, whatever the dates', () => {
    expect(
      suggestRag({ due: '2026-01-01', state: 'complete', leadColour: 'green', lastUpdate: null, today }),
    ).toMatchObject({
      colour: 'blue',
      differsFromLead: true,
    });
  });

  it('suggests red with the date when past due and not complete', () => {
    const s = suggestRag({
      due: '2026-09-30',
      state: 'in_progress',
      leadColour: 'green',
      lastUpdate: '2026-11-01',
      today,
    });
    expect(s).toEqual({ colour: 'red', reason: 'Overdue since 30 September 2026', differsFromLead: true });
  });

  it('suggests amber when due within 30 days and not updated for 30 days', () => {
    const s = suggestRag({
      due: '2026-12-10',
      state: 'in_progress',
      leadColour: 'green',
      lastUpdate: '2026-10-01',
      today,
    });
    expect(s.colour).toBe('amber');
    expect(s.reason).toBe('Due soon (10 December 2026), no update since 1 October 2026');
  });

  it("keeps the lead's own rating when an update is recent", () => {
    const s = suggestRag({
      due: '2026-12-10',
      state: 'in_progress',
      leadColour: 'green',
      lastUpdate: '2026-11-20',
      today,
    });
    expect(s).toEqual({ colour: 'green', reason: "The lead's own rating", differsFromLead: false });
  });

  it('is not overdue on the due date itself', () => {
    expect(
      suggestRag({ due: today, state: 'in_progress', leadColour: 'green', lastUpdate: today, today }).colour,
    ).toBe('green');
  });

  it('uses the plan thresholds', () => {
    const input = {
      due: '2026-12-20',
      state: 'in_progress' as const,
      leadColour: 'green' as const,
      lastUpdate: '2026-11-10',
      today,
    };
    expect(suggestRag(input).colour).toBe('green');
    expect(suggestRag(input, { dueSoonDays: 60, staleUpdateDays: 7 }).colour).toBe('amber');
  });

  it('says when there is nothing to go on', () => {
    expect(suggestRag({ due: null, state: null, leadColour: null, lastUpdate: null, today })).toEqual({
      colour: null,
      reason: 'No rating yet',
      differsFromLead: false,
    });
  });
});
