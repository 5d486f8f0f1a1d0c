/** The plan's sections as a select's options, in plan order and indented by depth, so any level can be chosen. */
import { subtree } from '../domain/ordering.ts';

interface SectionLike {
  id: string;
  parentId: string | null;
  kind: string;
  ref: string | null;
  title: string;
}

export interface Option {
  value: string;
  text: string;
  selected?: boolean;
}

export const sectionLabel = (s: SectionLike) => `${s.kind}${s.ref ? ` ${s.ref}` : ''}: ${s.title}`;

function depthOf(section: SectionLike, parents: Map<string, string | null>): number {
  let depth = 0;
  const seen = new Set<string>();
  for (let p = section.parentId; p && !seen.has(p); p = parents.get(p) ?? null) {
    seen.add(p);
    depth += 1;
  }
  return depth;
}

export function sectionOptions(
  sections: SectionLike[],
  options: { selected?: string | null; first?: Option; without?: string } = {},
): Option[] {
  const parents = new Map(sections.map((s) => [s.id, s.parentId]));
  // A section cannot go inside itself or one of its own subsections.
  const excluded = options.without ? subtree(options.without, parents) : new Set<string>();
  const label = (s: SectionLike) => {
    const text = `${'— '.repeat(depthOf(s, parents))}${sectionLabel(s)}`;
    return text.length > 100 ? `${text.slice(0, 99)}…` : text;
  };
  return [
    ...(options.first ? [options.first] : []),
    ...sections
      .filter((s) => !excluded.has(s.id))
      .map((s) => ({ value: s.id, text: label(s), selected: s.id === options.selected })),
  ];
}

/** "Put it before …" choices among an item's siblings, the item itself left out; blank keeps it last. */
export function placeOptions<T extends { id: string }>(
  siblings: T[],
  itemId: string,
  label: (s: T) => string,
) {
  const others = siblings.filter((s) => s.id !== itemId);
  const index = siblings.findIndex((s) => s.id === itemId);
  const next = siblings[index + 1]?.id;
  return [
    { value: '', text: 'At the end', selected: !next },
    ...others.map((s) => ({
      value: s.id,
      text: `Before ${label(s)}`.slice(0, 100),
      selected: s.id === next,
    })),
  ];
}
