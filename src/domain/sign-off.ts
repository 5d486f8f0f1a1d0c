/**
 * Completion sign-off: work its lead marks complete is "complete, awaiting sign-off" until one who manages the
 * plan signs it off or returns it. A manager marking work complete signs it off in the same step.
 */

export interface SignOffDecision {
  /** After this update, the action waits for sign-off (with who asked and when), or does not (null). */
  awaiting: { requestedBy: string; requestedAt: string } | null;
  /** Why the update cannot be recorded as it is, if it cannot. */
  refusal: { field: string; message: string } | null;
}

export const EVIDENCE_NEEDED = 'Give the evidence that it is complete: a link or the name of a document';

export function signOffAfterUpdate(update: {
  /** The state of the status the update records. */
  state: string | null;
  evidence: readonly string[];
  /** The one recording it may sign the work off (manages the plan). */
  mayApprove: boolean;
  by: string;
  at: string;
}): SignOffDecision {
  if (update.state !== 'complete' || update.mayApprove) return { awaiting: null, refusal: null };
  if (update.evidence.length === 0)
    return { awaiting: null, refusal: { field: 'evidence', message: EVIDENCE_NEEDED } };
  return { awaiting: { requestedBy: update.by, requestedAt: update.at }, refusal: null };
}
