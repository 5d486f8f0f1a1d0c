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
const INITIALS = /^\(?([A-Z]{2,3})\)?$/;
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
]);
// Words that make a lead a team or a role rather than a person.
const ROLE_WORDS =
  /\b(head|heads|service|services|team|teams|manager|managers|director|directors|development|learning|housing|partnership|board|officer|officers|lead|leads|all|partners|health|police|schools?|council|hos|qa|psw|group|unit|quality|safeguarding|assurance|commissioning|workforce|hr|it|ict|and|of|for|the|named|designated|doctor|nurse|nurses|social|workers?|advisers?|advisors?|co-?ordinators?|practitioners?|chair|chief|executive|consultant|commissioners?|members?|governors?|headteachers?|principal|deputy|assistant|strategic|operational|business|project|programme|performance|finance|legal|resources?|panel|committee|forum|network|trust|agency|care|children|family|families|early|help|youth|virtual|education|analyst|administrator|via|external|support|everyone|staff)\b/i;

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

export function looksLikePersonName(text: string): boolean {
  return /^[A-Z][a-z'’-]+(\s[A-Z][a-z'’-]+){1,2}$/.test(text) && !ROLE_WORDS.test(text);
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
  return {
    people,
    byInitials: new Map(people.filter((p) => p.initials).map((p) => [p.initials as string, p.name])),
  };
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
    .flatMap((p) => p.split(/\s*(?:\/|,|;|&)\s*/))
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
    let text = part.trim();
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
    // "Alastair Pettigrew Heads of Service", "Hannah Rowe Marcus Bell": known names peeled off the front.
    for (;;) {
      const known = people.find((p) => text.startsWith(p.name + ' ') && text.length > p.name.length + 1);
      if (!known) break;
      add(known.name);
      text = text.slice(known.name.length + 1).trim();
    }
    add(text);
  }
  return { leads, unknownInitials };
}
