/**
 * Leads: a cell names one or more people or teams ("Jackie Wood/ HOS QA", "Alastair Pettigrew Heads of
 * Service", "JW"). Names are split out, and initials are resolved to the person introduced as
 * "Jackie Wood (JW)" elsewhere in the plan.
 */
export interface KnownPerson {
  name: string;
  initials: string | null;
  jobTitle: string | null;
}

// "Jackie Wood (JW)": found from the bracketed initials back to the name, as brackets are rare and capitals are not.
const BRACKETED_INITIALS = /\(([A-Z]{2,4})\)/g;
const NAME_BEFORE = /\b([A-Z][a-z'’-]+(?: [A-Z][a-z'’-]+){1,2}) ?$/;
// "HR", "PS", and "FMcA" for Fiona McAllan.
const INITIALS = /^\(?((?:M(?:a?c)(?=[A-Z])|[A-Z]){2,4})\)?$/;
// Capitals that name a role or body, not a person's initials (see the glossary).
const ROLE_ACRONYMS = new Set([
  'PSW',
  'HOS',
  'DCS',
  'IRO',
  'CPA',
  'HR',
  'QA',
  'LA',
  'SW',
  'SMT',
  'CMT',
  'SLT',
  'ICT',
  'IT',
  'LSCB',
  'LSCP',
  'SCB',
  'LADO',
  'MASH',
  'CAMHS',
  'NHS',
  'CCG',
  'ICB',
  'DFE',
  'PCT',
  'VS',
  'CEO',
  'DCSF',
  'DPH',
  'AD',
]);
// Words that make a lead a team or a role rather than a person.
const ROLE_WORDS =
  /\b(head|heads|service|services|team|teams|manager|managers|director|directors|development|learning|housing|partnership|board|officer|officers|lead|leads|all|partners|health|police|schools?|council|hos|qa|psw|group|unit|quality|safeguarding|assurance|commissioning|workforce|hr|it|ict|and|of|for|the|named|designated|doctor|nurse|nurses|social|workers?|advisers?|advisors?|co-?ordinators?|practitioners?|chair|chief|executive|consultant|commissioners?|members?|governors?|headteachers?|principal|deputy|assistant|strategic|operational|business|project|programme|performance|finance|legal|resources?|panel|committee|forum|network|trust|agency|care|children|family|families|early|help|youth|virtual|education|analyst|administrator|via|external|support|everyone|staff|training|joint|wellbeing)\b/i;

export function introducedPeople(text: string): KnownPerson[] {
  return (
    [...text.matchAll(BRACKETED_INITIALS)]
      .map((m) => ({ name: nameBefore(text, m.index), initials: m[1] ?? null, jobTitle: null }))
      // "Jackie Wood (JW)" introduces a person; "Kent Children's Trust (KCT)" an organisation.
      .filter(
        (p) =>
          looksLikePersonName(p.name) &&
          p.name
            .split(' ')
            .map((w) => w[0])
            .join('') === p.initials,
      )
  );
}

/** The two or three capitalised words that end just before `at` (empty when there are none). */
function nameBefore(text: string, at: number): string {
  // Three words of a name fit in 100 characters; the window starts on a word boundary, as the whole text would.
  let from = Math.max(0, at - 100);
  if (from > 0) from = text.indexOf(' ', from) + 1;
  return NAME_BEFORE.exec(text.slice(from, at))?.[1] ?? '';
}

// One word of a name: "Rowe", "McAllan", "O'Neill", "Lee-Ward".
const NAME_WORD = String.raw`(?:Ma?c|O['’])?[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)*`;
const PERSON_NAME = new RegExp(String.raw`^${NAME_WORD}(?:\s${NAME_WORD}){1,2}$`);
// "A. Patel", "J.R. Hale": initials with full stops before a surname.
const INITIALLED_NAME = new RegExp(String.raw`^(?:[A-Z]\.\s?){1,2}${NAME_WORD}$`);
// Titles before a name, partners' ranks among them: "Dr Amy Chen", "DI Mark Lewis", "Chief Inspector Ruth Hale".
const TITLE =
  /^(?:Dr|Mr|Mrs|Ms|Miss|Mx|Prof|Professor|Cllr|Councillor|Rev|DI|DS|DCI|DSI|Supt|Det\.? Supt|Ch\.? Supt|Chief Superintendent|Superintendent|Chief Inspector|Inspector|Sergeant|Sgt|PC)\.?\s+(?=[A-Z])/;

export function looksLikePersonName(text: string): boolean {
  const name = text.replace(TITLE, '');
  return (PERSON_NAME.test(name) || INITIALLED_NAME.test(name)) && !ROLE_WORDS.test(name);
}

export interface LeadReading {
  leads: string[];
  unknownInitials: string[];
}

/** The people a plan knows, with their initials looked up once for all its lead cells. */
export interface LeadDirectory {
  people: KnownPerson[];
  byInitials: Map<string, string>;
}

export function leadDirectory(people: KnownPerson[]): LeadDirectory {
  // Initials the plan never defines ("PS" after "Priya Shah" elsewhere) resolve to the one person they fit.
  const fitting = new Map<string, string | null>();
  for (const person of people)
    for (const initials of initialsOf(person.name)) {
      const other = fitting.get(initials);
      fitting.set(initials, other === undefined || other === person.name ? person.name : null);
    }
  const defined = new Map(people.filter((p) => p.initials).map((p) => [p.initials as string, p.name]));
  for (const [initials, name] of fitting) if (name && !defined.has(initials)) defined.set(initials, name);
  return { people, byInitials: defined };
}

/** The initials a name is written as: "Priya Shah" PS; "Fiona McAllan" FM and FMcA; "Ann Lee-Ward" AL, ALW. */
export function initialsOf(name: string): string[] {
  if (!looksLikePersonName(name)) return [];
  const words = name.split(/\s+/);
  const plain = words.map((w) => w.charAt(0)).join('');
  const prefixed = words.map((w) => /^(Ma?c)([A-Z])/.exec(w)?.slice(1).join('') ?? w.charAt(0)).join('');
  const hyphened = words
    .map((w) =>
      w
        .split('-')
        .map((part) => part.charAt(0))
        .join(''),
    )
    .join('');
  return [...new Set([plain, prefixed, hyphened])].filter((i) => /^[A-Za-z]{2,5}$/.test(i));
}

/** Splits a lead cell into names, resolving initials through the people the plan knows. */
export function readLeads(paragraphs: string[], { people, byInitials }: LeadDirectory): LeadReading {
  const leads: string[] = [];
  const unknownInitials: string[] = [];
  const add = (lead: string) => {
    const clean = lead
      .replace(/\s*\([A-Z]{2,4}\)\s*$/, '')
      .replace(/[.,;:]+$/, '')
      .trim();
    if (clean && !leads.includes(clean)) leads.push(clean);
  };
  const parts = paragraphs
    // "Helen Price supported by Tom Reilly" names two leads.
    .flatMap((p) => p.split(/\s*(?:\/|,|;|&|\b(?:supported|assisted) by\b|\bwith support from\b)\s*/i))
    // "Head of Service (CIN) – J. Smith": a role and the person who holds it.
    .flatMap((p) => {
      const sides = p.split(/\s+[–—-]\s+/);
      return sides.length === 2 && sides.some((s) => looksLikePersonName(s.trim())) ? sides : [p];
    })
    // "Hannah Rowe and Marcus Bell" is two leads; "Learning and Development" is one team.
    .flatMap((p) => {
      const sides = p.split(/\s+and\s+(?=[A-Z])/);
      return sides.length > 1 && sides.every((s) => looksLikePersonName(s.trim()) || INITIALS.test(s.trim()))
        ? sides
        : [p];
    })
    // "Jo Bloggs (and external resource)", "Jo Bloggs via Heads of Service": the qualifier stays beside the lead.
    .flatMap((p) => {
      const qualified = /^(.+?)\s+(\([^)]*\)|via\s.+)$/i.exec(p.trim());
      return qualified && !/^\([A-Z]{2,4}\)$/.test(qualified[2] ?? '') ? [qualified[1]!, qualified[2]!] : [p];
    });
  for (const part of parts) {
    const text = part.trim();
    if (!text) continue;
    const initials = INITIALS.exec(text)?.[1];
    // The plan's own "Hannah Rowe (HR)" wins over HR as the name of a team.
    const named = initials ? byInitials.get(initials) : undefined;
    if (named) {
      add(named);
      continue;
    }
    if (initials && !ROLE_ACRONYMS.has(initials)) {
      add(text);
      unknownInitials.push(initials);
      continue;
    }
    // "Alastair Pettigrew Heads of Service", "HR Tom Ellis PS", "HoS QA HoS QA Ben Carter": known names
    // and initials are picked out wherever they stand; the words between them are a team or role, kept once.
    for (const piece of scanLead(text, people, byInitials)) {
      if (piece.unknownInitials) unknownInitials.push(piece.unknownInitials);
      add(piece.text);
    }
  }
  return { leads, unknownInitials };
}

/** A lead cell's text as the names, initials and other words it runs together. */
function scanLead(
  text: string,
  people: KnownPerson[],
  byInitials: Map<string, string>,
): { text: string; unknownInitials?: string }[] {
  const words = text.split(/\s+/);
  const pieces: { text: string; unknownInitials?: string }[] = [];
  let rest: string[] = [];
  const flush = () => {
    if (rest.length) pieces.push({ text: withoutRepeat(rest).join(' ') });
    rest = [];
  };
  // Initials a name in this cell has just defined ("Omar Quinn OQ"), before the plan's own.
  const definedHere = new Map<string, string>();
  const initialsHere = {
    has: (initials: string) => definedHere.has(initials) || byInitials.has(initials),
    get: (initials: string) => definedHere.get(initials) ?? byInitials.get(initials),
    set: (initials: string, name: string) => definedHere.set(initials, name),
  };
  const byFirstWord = namesByFirstWord(people);
  for (let i = 0; i < words.length;) {
    // "Omar Quinn OQ": a name followed by its own initials is a person, whom the initials then name.
    const pair = words.slice(i, i + 2).join(' ');
    const next = INITIALS.exec(words[i + 2] ?? '')?.[1];
    if (rest.length === 0 && next && looksLikePersonName(pair) && initialsOf(pair).includes(next)) {
      flush();
      pieces.push({ text: pair });
      initialsHere.set(next, pair);
      i += 3;
      continue;
    }
    // "Ruth Lowe Lead CEO": a name before the words of a role is a person with their role beside them.
    const role = words.slice(i + 2);
    const roleLike = (w: string) => ROLE_WORDS.test(w) || /^[A-Z]{2,}$/.test(w);
    if (rest.length === 0 && looksLikePersonName(pair) && role.length > 0 && role.every(roleLike)) {
      flush();
      pieces.push({ text: pair });
      i += 2;
      continue;
    }
    // The longest known name that starts here.
    const known = (byFirstWord.get(words[i] as string) ?? []).find((p) =>
      p.words.every((w, k) => words[i + k] === w),
    );
    const initials = words.length > 1 ? INITIALS.exec(words[i] as string)?.[1] : undefined;
    if (known && known.name.includes(' ')) {
      flush();
      pieces.push({ text: known.name });
      i += known.name.split(' ').length;
    } else if (initials && initialsHere.has(initials)) {
      flush();
      pieces.push({ text: initialsHere.get(initials) as string });
      i += 1;
    } else if (initials && !ROLE_ACRONYMS.has(initials) && rest.length === 0 && pieces.length > 0) {
      pieces.push({ text: initials, unknownInitials: initials });
      i += 1;
    } else {
      rest.push(words[i] as string);
      i += 1;
    }
  }
  flush();
  return pieces;
}

const NAMES_BY_FIRST_WORD = new WeakMap<KnownPerson[], Map<string, { name: string; words: string[] }[]>>();

/** The people's names by their first word, longest first: a cell's words are matched against them one by one. */
function namesByFirstWord(people: KnownPerson[]) {
  let found = NAMES_BY_FIRST_WORD.get(people);
  if (!found) {
    found = new Map();
    for (const person of people) {
      const words = person.name.split(' ');
      const list = found.get(words[0]!) ?? [];
      list.push({ name: person.name, words });
      found.set(words[0]!, list);
    }
    for (const list of found.values()) list.sort((a, b) => b.name.length - a.name.length);
    NAMES_BY_FIRST_WORD.set(people, found);
  }
  return found;
}

/** "HoS QA HoS QA" is "HoS QA" written twice. */
function withoutRepeat(words: string[]): string[] {
  const half = words.length / 2;
  return Number.isInteger(half) && words.slice(0, half).join(' ') === words.slice(half).join(' ')
    ? words.slice(0, half)
    : words;
}
