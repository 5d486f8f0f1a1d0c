import { describe, expect, it } from 'vitest';
import { DEFAULT_STATUS_KEY, ragOf, readStatus, type StatusKeyEntry } from '../../src/domain/status.ts';

describe('readStatus', () => {
  const key: StatusKeyEntry[] = [
    { label: 'RED', state: 'in_progress', colour: 'red' },
    { label: 'BLUE', state: 'complete', colour: 'blue' },
    { label: 'Slipping', state: 'in_progress', colour: 'amber' },
  ];

  it("reads a label through the plan's own key, ignoring case and punctuation", () => {
    expect(readStatus(' slipping. ', key)).toEqual({
      raw: 'slipping.',
      state: 'in_progress',
      colour: 'amber',
    });
  });

  it('falls back to words every plan uses', () => {
    expect(readStatus('Behind schedule', [])).toMatchObject({ state: 'in_progress', colour: 'red' });
    expect(readStatus('Completed', [])).toMatchObject({ state: 'complete', colour: 'blue' });
    // BRAG ratings: the letter B is the blue of work complete.
    expect(readStatus('B', [])).toMatchObject({ state: 'complete', colour: 'blue' });
    expect(readStatus('G', [])).toMatchObject({ state: 'in_progress', colour: 'green' });
  });

  it('keeps an unknown label as written, without guessing', () => {
    expect(readStatus('Paused by the board', DEFAULT_STATUS_KEY)).toEqual({
      raw: 'Paused by the board',
      state: null,
      colour: null,
    });
    expect(readStatus('', key)).toBeNull();
  });

  it('maps states and colours to the Plan JSON rag', () => {
    expect(ragOf({ state: 'complete', colour: 'green' })).toBe('complete');
    expect(ragOf({ state: 'in_progress', colour: 'amber' })).toBe('amber');
    expect(ragOf({ state: 'not_started', colour: 'grey' })).toBe('not_started');
    expect(ragOf({ state: null, colour: null })).toBeNull();
  });
});
