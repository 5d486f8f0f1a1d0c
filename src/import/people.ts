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
  /\b(head|heads|service|services|team|manager|managers|director|development|learning|housing|partnership|board|officer|lead|leads|all|partners|health|police|schools|council|hos|qa|psw|group|unit|quality|safeguarding|assurance|commissioning|workforce|hr|it|ict|and|of|for|the)\b/i;

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
  for (const part of paragraphs.flatMap((p) => p.split(/\s*(?:\/|,|;|&|\band\b(?=\s+[A-Z]))\s*/))) {
    const text = part.trim();
    // "(supported with external resource)" qualifies the lead before it; it is not a lead.
    if (!text || /^\([a-z]/.test(text)) continue;
    const initials = INITIALS.exec(text)?.[1];
    if (initials && !ROLE_ACRONYMS.has(initials)) {
      const name = byInitials.get(initials);
      if (name) add(name);
      else {
        add(text);
        unknownInitials.push(initials);
      }
      continue;
    }
    // "Alastair Pettigrew Heads of Service": a known name followed by more words.
    const known = people.find((p) => text.startsWith(p.name + ' ') && text.length > p.name.length + 1);
    if (known) {
      add(known.name);
      add(text.slice(known.name.length + 1));
      continue;
    }
    add(text);
  }
  return { leads, unknownInitials };
}
