/**
 * The scorecard's filters, for its page and the API's list alike: a measure is in a top-level section when an
 * action it is linked to is; its colour is that of its latest evaluation ("none" before any value).
 */
import type { ScorecardRow } from '../queries/measure.queries.ts';

interface SectionLike {
  id: string;
  parentId: string | null;
}
interface ActionLike {
  sectionId: string | null;
  measureIds: string[];
}

export interface ScorecardFilter {
  section?: string;
  colour?: string;
}

/** Each measure's top-level sections: those of the actions it is linked to. */
function sectionsOfMeasures(doc: { sections: SectionLike[]; actions: ActionLike[] }) {
  const parent = new Map(doc.sections.map((s) => [s.id, s.parentId]));
  const top = (id: string | null) => {
    let at = id;
    const seen = new Set<string>();
    while (at && parent.get(at) && !seen.has(at)) {
      seen.add(at);
      at = parent.get(at) ?? null;
    }
    return at;
  };
  const bySection = new Map<string, Set<string>>();
  for (const action of doc.actions)
    for (const m of action.measureIds) {
      const s = top(action.sectionId);
      if (s) bySection.set(m, (bySection.get(m) ?? new Set()).add(s));
    }
  return bySection;
}

export function filterScorecard(
  rows: ScorecardRow[],
  doc: { sections: SectionLike[]; actions: ActionLike[] },
  filter: ScorecardFilter,
): ScorecardRow[] {
  const bySection = filter.section ? sectionsOfMeasures(doc) : new Map<string, Set<string>>();
  return rows.filter(
    (r) =>
      (!filter.section || bySection.get(r.measure.id)?.has(filter.section)) &&
      (!filter.colour || (r.latest?.colour ?? 'none') === filter.colour),
  );
}
