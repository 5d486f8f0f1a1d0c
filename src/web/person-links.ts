/** Leads are stored as the names a plan writes; a page links each name the plan's people list knows to its page. */
export const personIdsByName = (people: { id: string; name: string }[]): Record<string, string> =>
  Object.fromEntries(people.map((p) => [p.name, p.id]));
