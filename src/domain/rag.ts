/**
 * RAG suggestion: what the dates say about an action, shown beside the lead's own rating.
 * The lead's rating is never overwritten; a board sees both and the reason for the difference.
 */
import { addDaysIso, daysBetween, formatLong, type IsoDate } from './calendar.ts';
import type { Colour, WorkState } from './status.ts';

export interface RagSettings {
  /** An action due within this many days counts as "due soon". */
  dueSoonDays: number;
  /** An update older than this many days is not "recent". */
  staleUpdateDays: number;
}

export const DEFAULT_RAG_SETTINGS: RagSettings = { dueSoonDays: 30, staleUpdateDays: 30 };

export interface RagInput {
  /** The date the action is due by (the parsed timescale's end), if known. */
  due: IsoDate | null;
  state: WorkState | null;
  leadColour: Colour | null;
  lastUpdate: IsoDate | null;
  today: IsoDate;
}

export interface RagSuggestion {
  colour: Colour | null;
  reason: string;
  /** True when the suggestion and the lead's own rating disagree. */
  differsFromLead: boolean;
}

export function suggestRag(input: RagInput, settings: RagSettings = DEFAULT_RAG_SETTINGS): RagSuggestion {
  const { colour, reason } = rule(input, settings);
  return {
    colour,
    reason,
    differsFromLead: colour !== null && input.leadColour !== null && colour !== input.leadColour,
  };
}

function rule({ due, state, leadColour, lastUpdate, today }: RagInput, settings: RagSettings) {
  if (state === 'complete') return { colour: 'blue' as const, reason: 'Complete' };
  if (due && due < today) return { colour: 'red' as const, reason: `Overdue since ${formatLong(due)}` };
  const dueSoon = due !== null && due <= addDaysIso(today, settings.dueSoonDays);
  const stale = lastUpdate === null || daysBetween(lastUpdate, today) > settings.staleUpdateDays;
  if (dueSoon && stale) {
    const since = lastUpdate ? `no update since ${formatLong(lastUpdate)}` : 'no update recorded';
    return { colour: 'amber' as const, reason: `Due soon (${formatLong(due)}), ${since}` };
  }
  if (leadColour) return { colour: leadColour, reason: "The lead's own rating" };
  return { colour: null, reason: 'No rating yet' };
}
