/**
 * Status: each plan has its own words for progress (its "status key"). Every label maps to a state and
 * a colour, so plans written in different words can be compared and reported on together.
 */
export const STATES = ['not_started', 'in_progress', 'complete'] as const;
export type WorkState = (typeof STATES)[number];

export const COLOURS = ['red', 'amber', 'green', 'blue', 'grey'] as const;
export type Colour = (typeof COLOURS)[number];

/** The `status.rag` value of Plan JSON. */
export const RAG_VALUES = ['complete', 'green', 'amber', 'red', 'not_started'] as const;
export type Rag = (typeof RAG_VALUES)[number];

export interface StatusKeyEntry {
  label: string;
  state: WorkState;
  colour: Colour;
  description?: string | null;
}

export interface Status {
  /** The label as the plan or the lead wrote it. */
  raw: string;
  state: WorkState | null;
  colour: Colour | null;
}

/** A common key, used when a plan prints none of its own. */
export const DEFAULT_STATUS_KEY: StatusKeyEntry[] = [
  { label: 'Complete', state: 'complete', colour: 'blue' },
  { label: 'On schedule', state: 'in_progress', colour: 'green' },
  { label: 'In progress', state: 'in_progress', colour: 'amber' },
  { label: 'Behind schedule', state: 'in_progress', colour: 'red' },
  { label: 'Not started', state: 'not_started', colour: 'grey' },
];

const SYNONYMS: [RegExp, Omit<StatusKeyEntry, 'label'>][] = [
  // "B": the blue of a BRAG rating.
  [/^(complete[d]?|done|achieved|closed|blue|b)$/, { state: 'complete', colour: 'blue' }],
  [/^(green|g|on (schedule|track|target))$/, { state: 'in_progress', colour: 'green' }],
  [/^(amber|a|in progress|some slippage|at risk)$/, { state: 'in_progress', colour: 'amber' }],
  [/^(red|r|behind( schedule)?|off track|overdue|delayed)$/, { state: 'in_progress', colour: 'red' }],
  [/^(not (yet )?started|grey|gray|not due)$/, { state: 'not_started', colour: 'grey' }],
];

const normalise = (label: string) =>
  label
    .toLowerCase()
    .replace(/[^a-z ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** Reads a status label through the plan's key first, then through words every plan uses. */
export function readStatus(raw: string | null | undefined, key: StatusKeyEntry[]): Status | null {
  const text = (raw ?? '').trim();
  if (!text) return null;
  const wanted = normalise(text);
  const own = key.find((entry) => normalise(entry.label) === wanted);
  if (own) return { raw: text, state: own.state, colour: own.colour };
  const common = SYNONYMS.find(([pattern]) => pattern.test(wanted));
  if (common) return { raw: text, state: common[1].state, colour: common[1].colour };
  // "Amber – some slippage", "Green (on track)": a short label that opens with its colour.
  const words = wanted.split(' ');
  const opening = SYNONYMS.find(([pattern]) => pattern.test(words[0] ?? ''));
  if (opening && words[0]!.length > 1 && words.length <= 6 && /^[a-z]+\s*[–—:(/-]/i.test(text))
    return { raw: text, state: opening[1].state, colour: opening[1].colour };
  return { raw: text, state: null, colour: null };
}

/** The Plan JSON `rag` for a status: complete and not-started are states; the rest are colours. */
export function ragOf(status: Pick<Status, 'state' | 'colour'> | null): Rag | null {
  if (!status) return null;
  if (status.state === 'complete' || status.colour === 'blue') return 'complete';
  if (status.colour === 'red' || status.colour === 'amber' || status.colour === 'green') return status.colour;
  if (status.state === 'not_started') return 'not_started';
  return null;
}

/** The colour to draw for a Plan JSON `rag` value. */
export function colourOfRag(rag: Rag | null): Colour | null {
  switch (rag) {
    case 'complete':
      return 'blue';
    case 'not_started':
      return 'grey';
    case null:
      return null;
    default:
      return rag;
  }
}
