/** Completion sign-off: who needs it, and what it needs. */
import { describe, expect, it } from 'vitest';
import { EVIDENCE_NEEDED, signOffAfterUpdate } from '../../src/domain/sign-off.ts';

const update = (over: Partial<Parameters<typeof signOffAfterUpdate>[0]>) =>
  signOffAfterUpdate({
    state: 'complete',
    evidence: ['https://example.org/audit.pdf'],
    mayApprove: false,
    by: 'Ann Lead',
    at: '2026-11-20T10:00:00Z',
    ...over,
  });

describe('sign-off after an update', () => {
  it("makes a lead's complete wait for sign-off, with who asked and when", () => {
    expect(update({})).toEqual({
      awaiting: { requestedBy: 'Ann Lead', requestedAt: '2026-11-20T10:00:00Z' },
      refusal: null,
    });
  });
  it('asks a lead for the evidence that it is complete', () => {
    expect(update({ evidence: [] })).toEqual({
      awaiting: null,
      refusal: { field: 'evidence', message: EVIDENCE_NEEDED },
    });
  });
  it("lets a manager's complete stand, signed off at once, evidence or not", () => {
    expect(update({ mayApprove: true, evidence: [] })).toEqual({ awaiting: null, refusal: null });
  });
  it('asks nothing of an update that is not complete', () => {
    expect(update({ state: 'in_progress', evidence: [] })).toEqual({ awaiting: null, refusal: null });
  });
});
