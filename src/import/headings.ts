/** Recognising the plan's own structure words in headings: "Priority 1 – …", "2.1 Outcome – …", "PRIORITY 3: …". */

export interface SectionHeading {
  kind: string;
  ref: string | null;
  title: string;
  /** 1 for top-level groupings (priority, theme, pillar …), 2 for what sits under them (outcome, objective). */
  rank: number;
}

const KINDS: [RegExp, string, number][] = [
  [/^priorit(y|ies)$/i, 'Priority', 1],
  [/^themes?$/i, 'Theme', 1],
  [/^pillars?$/i, 'Pillar', 1],
  [/^work ?streams?$/i, 'Workstream', 1],
  [/^areas? for improvement$/i, 'Area for improvement', 1],
  [/^core tasks?$/i, 'Core task', 1],
  [/^strands?$/i, 'Strand', 1],
  [/^outcomes?$/i, 'Outcome', 2],
  [/^objectives?$/i, 'Objective', 2],
];

const KIND_WORDS =
  'priority|theme|pillar|work ?stream|areas? for improvement|core task|strand|outcome|objective';
const NUMBER_WORDS = 'one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve';
const NUMBERS: Record<string, string> = {
  one: '1',
  two: '2',
  three: '3',
  four: '4',
  five: '5',
  six: '6',
  seven: '7',
  eight: '8',
  nine: '9',
  ten: '10',
  eleven: '11',
  twelve: '12',
};

// "Priority 1 – Leadership", "PRIORITY 3: Workforce", "Priority One: …", "Theme A - …"
const KIND_FIRST = new RegExp(
  `^(${KIND_WORDS})\\s*((?:\\d+(?:\\.\\d+)*)|${NUMBER_WORDS}|[A-Z]\\b)?\\s*[:–—.\\-]\\s*(.{3,})$`,
  'i',
);
// "1.1 Outcome - Leaders and managers …", "2.1 Outcome – …"
const REF_FIRST = new RegExp(`^(\\d+(?:\\.\\d+)*)\\.?\\s+(${KIND_WORDS})\\s*[:–—\\-]\\s*(.{3,})$`, 'i');

function kindOf(word: string): { kind: string; rank: number } {
  const match = KINDS.find(([pattern]) => pattern.test(word.trim()));
  return match ? { kind: match[1], rank: match[2] } : { kind: word, rank: 1 };
}

// Both forms open with a number or a structure word: anything else is not a heading (most cells are not).
const HEADING_START = new RegExp(`^\\s*(?:\\d|${KIND_WORDS})`, 'i');

export function readSectionHeading(text: string): SectionHeading | null {
  if (!HEADING_START.test(text)) return null;
  // A heading repeated at the top of the next page: "Priority 2: Workforce (continued)".
  const line = text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\s*[(–-]?\s*(continued|cont(\.|’d|'d)?)\s*\)?$/i, '');
  // An outcome can be stated at length ("2.4 Outcome – Care planning is effective, … "), but not a page of it.
  if (line.length > 1_000) return null;
  const refFirst = REF_FIRST.exec(line);
  if (refFirst) {
    const { kind, rank } = kindOf(refFirst[2] ?? '');
    return { kind, ref: refFirst[1] ?? null, title: (refFirst[3] ?? '').trim(), rank };
  }
  const kindFirst = KIND_FIRST.exec(line);
  if (kindFirst) {
    const { kind, rank } = kindOf(kindFirst[1] ?? '');
    const number = kindFirst[2]?.toLowerCase();
    const ref = number ? (NUMBERS[number] ?? kindFirst[2] ?? null) : null;
    return { kind, ref, title: (kindFirst[3] ?? '').trim(), rank };
  }
  return null;
}

/** The plural word a plan uses for its top level ("The Six Pillars for Improvement" → Pillar). */
export function groupingWord(text: string): string | null {
  const match = new RegExp(`\\b(${KIND_WORDS})s?\\b`, 'i').exec(text);
  return match ? kindOf(match[1] ?? '').kind : null;
}

/** Short lines that read as headings: no final full stop, not too long. */
export function looksLikeHeading(text: string): boolean {
  const line = text.trim();
  return (
    line.length >= 3 &&
    line.length <= 90 &&
    !/[.,;]$/.test(line) &&
    /^[A-Z0-9]/.test(line) &&
    line.split(' ').length <= 12
  );
}

/** Words overlap enough to call two titles the same grouping ("Creating Effective Partnerships" ~ "Effective partnerships making the difference"). */
export function similarTitles(a: string, b: string): boolean {
  const words = (s: string) =>
    new Set(
      s
        .toLowerCase()
        .replace(/[^a-z ]+/g, ' ')
        .split(' ')
        .filter((w) => w.length > 3),
    );
  const x = words(a);
  const y = words(b);
  if (x.size === 0 || y.size === 0) return false;
  const shared = [...x].filter((w) => y.has(w)).length;
  return shared / Math.min(x.size, y.size) >= 0.6;
}
