/**
 * Moving things within a plan's order. Sections, recommendations and actions each keep one plan-wide order
 * (the document's); a move takes a block out (an action with its milestones, a section with its subsections)
 * and puts it back before a sibling or after the last member of its new group.
 */

export type Anchor = { before: string } | { after: string } | 'end';

/** The order with `block` (kept in its own order) taken out and put back at `anchor`. */
export function reorder(order: readonly string[], block: readonly string[], anchor: Anchor): string[] {
  const moving = new Set(block);
  const inBlock = order.filter((id) => moving.has(id));
  const rest = order.filter((id) => !moving.has(id));
  let at = rest.length;
  if (anchor !== 'end') {
    const target = 'before' in anchor ? anchor.before : anchor.after;
    const index = rest.indexOf(target);
    if (index === -1) throw new RangeError(`"${target}" is not in the order, or is being moved`);
    at = 'before' in anchor ? index : index + 1;
  }
  return [...rest.slice(0, at), ...inBlock, ...rest.slice(at)];
}

/** The ids of a tree's node and all below it, given each node's parent. */
export function subtree(rootId: string, parentOf: ReadonlyMap<string, string | null>): Set<string> {
  const ids = new Set([rootId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [id, parent] of parentOf)
      if (parent !== null && ids.has(parent) && !ids.has(id)) {
        ids.add(id);
        grew = true;
      }
  }
  return ids;
}
