import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import {
  CHAIN_START,
  chainContent,
  describeBreak,
  verifyChain as verifyWith,
  type ChainedEntry,
  type ChainHead,
  type StoredEntry,
} from '../../src/domain/audit-chain.ts';

const entryHash = (e: ChainedEntry) => createHash('sha256').update(chainContent(e)).digest('hex');
const verifyChain = (entries: StoredEntry[], head: ChainHead | null) =>
  verifyWith(entries, head, (content) => createHash('sha256').update(content).digest('hex'));

/** A chain of `n` entries written the way the repository writes them, and its head. */
function chain(n: number) {
  const entries: StoredEntry[] = [];
  let prevHash = CHAIN_START;
  for (let seq = 1; seq <= n; seq++) {
    const content = {
      id: `e${String(seq).padStart(3, '0')}`,
      organisationId: 'org',
      seq,
      prevHash,
      occurredAt: `2026-12-01T10:00:0${seq % 10}.000Z`,
      actor: seq % 2 ? 'Priya Shah' : 'Daniel Marsh',
      actorId: 'u1',
      operation: 'update',
      entityType: 'action',
      entityId: `a${seq}`,
      planId: 'p1',
      beforeJson: '{"rag":"amber"}',
      afterJson: '{"rag":"green"}',
    };
    const hash = entryHash(content);
    entries.push({ ...content, hash });
    prevHash = hash;
  }
  const last = entries[entries.length - 1];
  return { entries, head: last ? { seq: n, hash: last.hash as string } : null };
}

const rehash = (e: StoredEntry): StoredEntry => ({
  ...e,
  hash: entryHash({ ...e, seq: e.seq ?? 0, prevHash: e.prevHash ?? '' }),
});

describe('the audit hash chain', () => {
  it('verifies an untouched chain, and an empty one', () => {
    const { entries, head } = chain(6);
    expect(verifyChain(entries, head)).toEqual({ entries: 6, broken: null });
    expect(verifyChain([], null)).toEqual({ entries: 0, broken: null });
  });

  it('finds an entry whose content was edited', () => {
    const { entries, head } = chain(6);
    entries[2] = { ...(entries[2] as StoredEntry), actor: 'Someone Else' };
    expect(verifyChain(entries, head).broken).toMatchObject({ kind: 'changed', seq: 3, id: 'e003' });
  });

  it('finds an edited entry whose own hash was recomputed to match', () => {
    const { entries, head } = chain(6);
    entries[2] = rehash({ ...(entries[2] as StoredEntry), afterJson: '{"rag":"red"}' });
    expect(verifyChain(entries, head).broken).toMatchObject({ kind: 'changed', seq: 3 });
  });

  it('finds removed entries in the middle and at the end', () => {
    const { entries, head } = chain(6);
    const middle = entries.filter((e) => e.seq !== 3 && e.seq !== 4);
    expect(verifyChain(middle, head).broken).toEqual({
      kind: 'removed',
      fromSeq: 3,
      toSeq: 4,
      afterId: 'e002',
    });
    expect(describeBreak(verifyChain(middle, head).broken!)).toBe('entries 3–4 were removed after e002');
    const tail = entries.slice(0, 5);
    expect(verifyChain(tail, head).broken).toEqual({
      kind: 'removed',
      fromSeq: 6,
      toSeq: 6,
      afterId: 'e005',
    });
  });

  it('finds an entry slipped in with a number already taken, whichever sorts first', () => {
    const { entries, head } = chain(6);
    const genuine = entries[3] as StoredEntry;
    for (const id of ['e000', 'e999']) {
      const forged = rehash({ ...genuine, id, actor: 'Forger' });
      const report = verifyChain([...entries, forged], head);
      expect(report.broken).toMatchObject({ kind: 'inserted', id });
    }
  });

  it('finds an entry added after the head', () => {
    const { entries, head } = chain(4);
    const last = entries[3] as StoredEntry;
    const extra = rehash({ ...last, id: 'e005', seq: 5, prevHash: last.hash });
    expect(verifyChain([...entries, extra], head).broken).toMatchObject({ kind: 'inserted', id: 'e005' });
  });

  it('finds an entry without its chain fields (written around the application)', () => {
    const { entries, head } = chain(3);
    const bare: StoredEntry = {
      ...(entries[0] as StoredEntry),
      id: 'zzz',
      seq: null,
      prevHash: null,
      hash: null,
    };
    expect(verifyChain([...entries, bare], head).broken).toMatchObject({ kind: 'changed', id: 'zzz' });
  });
});
