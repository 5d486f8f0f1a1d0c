/**
 * The audit log as a hash chain, one per organisation: each entry stores the SHA-256 of its own content and of
 * the entry before it, and the organisation's chain head keeps the last number and hash. Editing an entry, removing
 * one or slipping one in then shows when the chain is walked, even to someone who can write to the database.
 */
/** What an entry's hash covers: every stored field, in a fixed order. */
export interface ChainedEntry {
  id: string;
  organisationId: string;
  seq: number;
  prevHash: string;
  occurredAt: string;
  actor: string;
  actorId: string | null;
  operation: string;
  entityType: string;
  entityId: string;
  planId: string | null;
  beforeJson: string | null;
  afterJson: string | null;
}

/** The hash before an organisation's first entry. */
export const CHAIN_START = '';

/** The text an entry's hash is taken of (the hash itself is SHA-256, computed where crypto is at hand). */
export function chainContent(entry: ChainedEntry): string {
  return JSON.stringify([
    entry.seq,
    entry.prevHash,
    entry.id,
    entry.organisationId,
    entry.occurredAt,
    entry.actor,
    entry.actorId,
    entry.operation,
    entry.entityType,
    entry.entityId,
    entry.planId,
    entry.beforeJson,
    entry.afterJson,
  ]);
}

export type ContentHash = (content: string) => string;

export interface StoredEntry extends Omit<ChainedEntry, 'seq' | 'prevHash'> {
  seq: number | null;
  prevHash: string | null;
  hash: string | null;
}

export interface ChainHead {
  seq: number;
  hash: string;
}

export type ChainBreak =
  | { kind: 'changed'; seq: number | null; id: string; occurredAt: string }
  | { kind: 'inserted'; seq: number | null; id: string; occurredAt: string }
  /** Entries `fromSeq`–`toSeq` are missing; `afterId` is the last entry still in place (null at the start). */
  | { kind: 'removed'; fromSeq: number; toSeq: number; afterId: string | null };

export interface ChainReport {
  entries: number;
  broken: ChainBreak | null;
}

type Chained = StoredEntry & { seq: number; prevHash: string; hash: string };

/**
 * Walks the entries in chain order (by number, then id) and reports the first break: an entry whose content no
 * longer matches its hash (changed), one that does not belong between its neighbours (inserted), a gap in the
 * numbers or a head beyond the last entry (removed).
 */
export function verifyChain(
  entries: readonly StoredEntry[],
  head: ChainHead | null,
  hashOf: ContentHash,
): ChainReport {
  const intact = (entry: StoredEntry): entry is Chained =>
    entry.seq !== null &&
    entry.prevHash !== null &&
    entry.hash !== null &&
    hashOf(chainContent(entry as ChainedEntry)) === entry.hash;
  const sorted = [...entries].sort(
    (a, b) => (a.seq ?? -1) - (b.seq ?? -1) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  const report = (broken: ChainBreak | null): ChainReport => ({ entries: sorted.length, broken });
  // Every hash something points to: an entry nothing points to, sharing a number with one that is, was slipped in.
  const pointedTo = new Set(sorted.map((e) => e.prevHash));
  if (head) pointedTo.add(head.hash);
  let previous: { seq: number; hash: string; entry: StoredEntry | null } = {
    seq: 0,
    hash: CHAIN_START,
    entry: null,
  };
  let beforePrevious: string | null = null;
  const place = (e: StoredEntry) => ({ seq: e.seq, id: e.id, occurredAt: e.occurredAt });
  for (const entry of sorted) {
    if (!intact(entry)) return report({ kind: 'changed', ...place(entry) });
    if (previous.entry && entry.seq === previous.seq) {
      const intruder = pointedTo.has(entry.hash) && !pointedTo.has(previous.hash) ? previous.entry : entry;
      return report({ kind: 'inserted', ...place(intruder) });
    }
    if (entry.seq !== previous.seq + 1)
      return report({
        kind: 'removed',
        fromSeq: previous.seq + 1,
        toSeq: entry.seq - 1,
        afterId: previous.entry?.id ?? null,
      });
    if (entry.prevHash !== previous.hash) {
      // The entry before was slipped in when this one still points past it; otherwise it was rewritten.
      const before = previous.entry;
      if (!before) return report({ kind: 'changed', ...place(entry) });
      return report({ kind: entry.prevHash === beforePrevious ? 'inserted' : 'changed', ...place(before) });
    }
    beforePrevious = previous.hash;
    previous = { seq: entry.seq, hash: entry.hash, entry };
  }
  if (head && head.seq > previous.seq)
    return report({
      kind: 'removed',
      fromSeq: previous.seq + 1,
      toSeq: head.seq,
      afterId: previous.entry?.id ?? null,
    });
  if (head && head.seq < previous.seq) {
    const first = sorted.find((e) => (e.seq ?? 0) > head.seq) as StoredEntry;
    return report({ kind: 'inserted', ...place(first) });
  }
  if (head && previous.entry && head.hash !== previous.hash)
    return report({ kind: 'changed', ...place(previous.entry) });
  return report(null);
}

/** The break in words for a person: what happened to which entry. */
export function describeBreak(broken: ChainBreak): string {
  switch (broken.kind) {
    case 'changed':
      return `entry ${broken.seq ?? '(no number)'} (${broken.id}, ${broken.occurredAt}) was changed after it was written`;
    case 'inserted':
      return `entry ${broken.seq ?? '(no number)'} (${broken.id}, ${broken.occurredAt}) was inserted into the log`;
    case 'removed': {
      const which =
        broken.fromSeq === broken.toSeq
          ? `entry ${broken.fromSeq}`
          : `entries ${broken.fromSeq}–${broken.toSeq}`;
      return `${which} ${broken.fromSeq === broken.toSeq ? 'was' : 'were'} removed${broken.afterId ? ` after ${broken.afterId}` : ''}`;
    }
  }
}
