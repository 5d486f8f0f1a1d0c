import { many, type FormBody } from './forms.ts';

interface PersonLike {
  name: string;
  jobTitle?: string | null;
  organisation?: string | null;
}

export interface LeadChoices {
  /** One checkbox per person of the plan: the action's own leads first, in their order, then everyone else by name. */
  people: { value: string; text: string; hint?: { text: string }; checked: boolean }[];
  /** Leads that are not one of the plan's people (roles, teams, names not yet added), one on each line. */
  others: string;
}

/** The lead picker's state for a form showing `leads` (stored, or as just typed). */
export function leadChoices(people: PersonLike[], leads: string[]): LeadChoices {
  const byName = new Map(people.map((p) => [p.name, p]));
  const chosen = leads.filter((name) => byName.has(name));
  const rest = people
    .filter((p) => !chosen.includes(p.name))
    .sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
  const ordered = [...chosen.map((name) => byName.get(name) as PersonLike), ...rest];
  return {
    people: ordered.map((p) => {
      const about = [p.jobTitle, p.organisation].filter(Boolean).join(', ');
      return {
        value: p.name,
        text: p.name,
        ...(about ? { hint: { text: about } } : {}),
        checked: chosen.includes(p.name),
      };
    }),
    others: leads.filter((name) => !byName.has(name)).join('\n'),
  };
}

/**
 * The leads a form sends: the people ticked (field `leads`, in the order shown) and then the other leads typed
 * one on each line (`otherLeads`). A `leads` value holding several lines is read line by line, so a list typed
 * in one box still works. A name given twice counts once.
 */
export function leadsFromForm(body: FormBody): string[] {
  const named = [...many(body.leads), ...many(body.otherLeads)].flatMap((value) =>
    value
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean),
  );
  return [...new Set(named)];
}
