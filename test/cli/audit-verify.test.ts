/** `ipt audit verify` against rows edited, deleted and inserted straight in the database, on both databases. */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { openMigratedDatabase } from '../../src/db/connection.ts';
import { dialectsToTest, freshDatabaseUrl } from '../support/databases.ts';

async function ipt(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['node', 'ipt', ...args], { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const COUNCIL = 'Riverside Borough Council';

describe.each(dialectsToTest())('ipt audit verify on %s', (dialect) => {
  /** A database with the demo loaded and one more change, and a way to reach its rows directly. */
  async function tamperable() {
    const url = await freshDatabaseUrl(dialect);
    expect((await ipt('--database', url, 'demo')).code).toBe(0);
    const connection = await openMigratedDatabase(url);
    const { id } = await connection.db
      .selectFrom('organisations')
      .select('id')
      .where('name', '=', COUNCIL)
      .executeTakeFirstOrThrow();
    const entries = await connection.db
      .selectFrom('audit_log')
      .select(['id', 'seq'])
      .where('organisation_id', '=', id)
      .orderBy('seq')
      .execute();
    return {
      url,
      connection,
      organisationId: id,
      entries,
      verify: () => ipt('--database', url, 'audit', 'verify', '--org', COUNCIL),
    };
  }

  it('passes an untouched log and names each organisation', async () => {
    const { url, connection, entries } = await tamperable();
    await connection.close();
    expect(entries.length).toBeGreaterThan(3);
    const all = await ipt('--database', url, 'audit', 'verify');
    expect(all.code).toBe(0);
    expect(all.out).toContain(`${COUNCIL}: ${entries.length} entries, chain intact`);
    expect(all.out.split('\n').length).toBeGreaterThan(1);
    const unknown = await ipt('--database', url, 'audit', 'verify', '--org', 'Nowhere Council');
    expect(unknown).toMatchObject({
      code: 1,
      err: 'ipt: --org: no organisation is called "Nowhere Council"',
    });
  });

  it('reports an edited entry, even with its hash recomputed by hand', async () => {
    const { connection, entries, verify } = await tamperable();
    const target = entries[1]!;
    await connection.db
      .updateTable('audit_log')
      .set({ actor: 'Nobody' })
      .where('id', '=', target.id)
      .execute();
    const edited = await verify();
    expect(edited.code).toBe(1);
    expect(edited.out).toContain(`BROKEN: entry ${target.seq} (${target.id}`);
    expect(edited.out).toContain('was changed after it was written');
    expect(edited.err).toBe(`ipt: the audit log of ${COUNCIL} does not verify`);
    await connection.db
      .updateTable('audit_log')
      .set({ hash: 'f'.repeat(64) })
      .where('id', '=', target.id)
      .execute();
    expect((await verify()).out).toContain(`entry ${target.seq} (${target.id}`);
    await connection.close();
  });

  it('reports a deleted entry in the middle and the newest entry deleted', async () => {
    const { connection, entries, verify } = await tamperable();
    const middle = entries[2]!;
    await connection.db.deleteFrom('audit_log').where('id', '=', middle.id).execute();
    const gap = await verify();
    expect(gap.code).toBe(1);
    expect(gap.out).toContain(`entry ${middle.seq} was removed after ${entries[1]!.id}`);
    await connection.close();

    const second = await tamperable();
    const newest = second.entries[second.entries.length - 1]!;
    await second.connection.db.deleteFrom('audit_log').where('id', '=', newest.id).execute();
    expect((await second.verify()).out).toContain(`entry ${newest.seq} was removed`);
    await second.connection.close();
  });

  it('reports an entry inserted with copied chain fields', async () => {
    const { connection, organisationId, entries, verify } = await tamperable();
    const copied = entries[1]!;
    await sql`insert into audit_log (id, organisation_id, occurred_at, actor, actor_id, operation, entity_type, entity_id, plan_id, before_json, after_json, seq, prev_hash, hash)
      select ${'0forged0000000000000000'}, organisation_id, occurred_at, ${'Forger'}, actor_id, operation, entity_type, entity_id, plan_id, before_json, after_json, seq, prev_hash, hash
      from audit_log where id = ${copied.id} and organisation_id = ${organisationId}`.execute(connection.db);
    const inserted = await verify();
    expect(inserted.code).toBe(1);
    expect(inserted.out).toContain('(0forged0000000000000000');
    await connection.close();
  });

  it('keeps one chain when changes are written at the same time', async () => {
    const { url, connection, organisationId, verify } = await tamperable();
    await connection.close();
    const { recordAudit } = await import('../../src/db/repositories/audit.repository.ts');
    // PostgreSQL: two pools, as two app servers would have. SQLite: one process's connection (better-sqlite3
    // blocks its thread while it waits for another connection's lock, so two in one process would deadlock).
    const a = await openMigratedDatabase(url);
    const b = dialect === 'postgres' ? await openMigratedDatabase(url) : a;
    const write = (db: typeof a.db, i: number) =>
      recordAudit(db, {
        organisationId,
        actor: `Writer ${i}`,
        operation: 'update',
        entityType: 'action',
        entityId: `a${i}`,
      });
    await Promise.all(Array.from({ length: 20 }, (_, i) => write(i % 2 ? a.db : b.db, i)));
    await a.close();
    if (b !== a) await b.close();
    expect(await verify()).toMatchObject({ code: 0 });
  });
});
