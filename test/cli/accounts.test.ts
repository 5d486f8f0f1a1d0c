/** Organisations, accounts with roles, sharing and tokens at the command line (the names are fixed). */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { openMigratedDatabase } from '../../src/db/connection.ts';
import { dialectsToTest, freshDatabaseUrl } from '../support/databases.ts';
import { demoDocumentInput } from '../support/plan-json.ts';

async function ipt(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['node', 'ipt', ...args], { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const dir = mkdtempSync(join(tmpdir(), 'ipt-accounts-'));
const PASSWORD = 'correct horse battery';
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = Record<string, any>;

describe.each(dialectsToTest())('accounts at the command line on %s', (dialect) => {
  it('adds organisations and users with roles, shares a plan, and names the actor in the audit log', async () => {
    const db = await freshDatabaseUrl(dialect);
    const run = (...args: string[]) => ipt('--database', db, ...args);
    process.env.IPT_PASSWORD = PASSWORD;
    expect(await run('org', 'add', '--name', 'Eastmoor Council', '--kind', 'council')).toMatchObject({
      code: 0,
    });
    expect(await run('org', 'add', '--name', 'Eastmoor NHS Trust', '--kind', 'health')).toMatchObject({
      code: 0,
    });
    const badKind = await run('org', 'add', '--name', 'X', '--kind', 'club');
    expect(badKind.code).toBe(2);
    expect(badKind.err).toBe(
      'ipt: kind: Choose a kind: council, health, police, education, partnership, voluntary, government',
    );

    const admin = await run(
      'user',
      'add',
      '--email',
      'Admin@Eastmoor.example',
      '--org',
      'Eastmoor Council',
      '--role',
      'admin',
      '--name',
      'Ann Admin',
    );
    expect(admin).toMatchObject({
      code: 0,
      out: 'Created admin@eastmoor.example in Eastmoor Council as admin',
    });
    const badRole = await run(
      'user',
      'add',
      '--email',
      'x@eastmoor.example',
      '--org',
      'Eastmoor Council',
      '--role',
      'boss',
    );
    expect(badRole.code).toBe(2);
    expect(badRole.err).toBe(
      'ipt: role: Choose a role: admin, manager, lead, contributor, board, partner, adviser',
    );
    const noOrg = await run(
      'user',
      'add',
      '--email',
      'x@eastmoor.example',
      '--org',
      'Nowhere',
      '--role',
      'lead',
    );
    expect(noOrg).toMatchObject({ code: 2, err: 'ipt: org: no organisation is called "Nowhere"' });
    expect(
      (
        await run(
          'user',
          'add',
          '--email',
          'nurse@eastmoor-nhs.example',
          '--org',
          'Eastmoor NHS Trust',
          '--role',
          'partner',
        )
      ).code,
    ).toBe(0);
    expect(
      (
        await run(
          'user',
          'add',
          '--email',
          'lee@eastmoor.example',
          '--org',
          'Eastmoor Council',
          '--role',
          'lead',
        )
      ).code,
    ).toBe(0);

    const file = join(dir, `plan-${dialect}.json`);
    const doc = demoDocumentInput() as { plan: Record<string, unknown> };
    doc.plan.organisation = 'Eastmoor Council';
    // Saved by a Windows editor: a byte-order mark before the JSON.
    writeFileSync(file, `\uFEFF${JSON.stringify(doc)}`);
    const stored = await run('import-json', file);
    expect(stored.code).toBe(0);
    const planId = /Stored plan (\S+):/.exec(stored.out)![1]!;

    const share = await run('plan', 'share', planId, '--with', 'Eastmoor NHS Trust', '--access', 'joint');
    expect(share).toMatchObject({ code: 0, out: `Shared plan ${planId} with Eastmoor NHS Trust (joint)` });
    const badAccess = await run('plan', 'share', planId, '--with', 'Eastmoor NHS Trust', '--access', 'all');
    expect(badAccess).toMatchObject({ code: 2, err: 'ipt: access: Choose read or joint access' });
    // The partner sees the shared plan; the lead may not share it.
    const seen = await run('--as', 'nurse@eastmoor-nhs.example', 'plans', 'list');
    expect(seen.out).toContain(planId);
    const refused = await run(
      '--as',
      'lee@eastmoor.example',
      'plan',
      'share',
      planId,
      '--with',
      'Eastmoor NHS Trust',
      '--access',
      'read',
    );
    expect(refused.code).toBe(3);
    expect(refused.err).toMatch(/^ipt: You cannot share a plan/);

    expect(await run('user', 'role', '--email', 'lee@eastmoor.example', '--role', 'manager')).toMatchObject({
      code: 0,
      out: 'lee@eastmoor.example is now manager',
    });
    const token = await run('token', 'create', '--email', 'lee@eastmoor.example');
    expect(token.code).toBe(0);
    expect(token.out.split('\n').at(-1)).toMatch(/^ipt_[A-Za-z0-9_-]{40,}$/);
    expect(await run('user', 'deactivate', '--email', 'lee@eastmoor.example')).toMatchObject({ code: 0 });
    const gone = await run('--as', 'lee@eastmoor.example', 'plans', 'list');
    expect(gone).toMatchObject({ code: 2, err: 'ipt: --as: no active account for lee@eastmoor.example' });
    const lastAdmin = await run('user', 'deactivate', '--email', 'admin@eastmoor.example');
    expect(lastAdmin.code).toBe(2);
    expect(lastAdmin.err).toContain('only administrator');
    expect(await run('token', 'revoke', 'no-such-token')).toMatchObject({
      code: 1,
      err: 'ipt: No token with id "no-such-token"',
    });

    // Every change after the first account names an account by id: the council's first admin by default.
    const connection = await openMigratedDatabase(db);
    try {
      const rows = await connection.db
        .selectFrom('audit_log')
        .innerJoin('users', 'users.id', 'audit_log.actor_id')
        .select(['audit_log.entity_type', 'users.email'])
        .where('audit_log.entity_type', 'in', ['plan', 'plan_share'])
        .execute();
      expect(rows).toEqual(
        expect.arrayContaining([
          { entity_type: 'plan', email: 'admin@eastmoor.example' },
          { entity_type: 'plan_share', email: 'admin@eastmoor.example' },
        ]),
      );
    } finally {
      await connection.close();
    }
  });
});

describe('ipt import-json refuses what the forms refuse', () => {
  const cases: [string, (doc: Loose) => void, RegExp][] = [
    [
      'a date that does not exist',
      (d) => (d.plan.date = '2026-02-30'),
      /plan\.date: is not a date that exists/,
    ],
    [
      'a month that does not exist',
      (d) => (d.plan.inspectionDate = '2026-13-45'),
      /plan\.inspectionDate: is not a date that exists/,
    ],
    [
      'a value period that is no period',
      (d) => (d.measures[0].values = [{ period: 'never', value: 3 }]),
      /measures\[0\]\.values\[0\]\.period: is not a period/,
    ],
    [
      'an action with empty text',
      (d) => (d.actions[0].text = '   '),
      /actions\[0\]\.text: must not be empty/,
    ],
    ['a 5,000,000-character title', (d) => (d.plan.title = 'x'.repeat(5_000_000)), /plan\.title: /],
    [
      'a 20 MB action text',
      (d) => (d.actions[1].text = 'y'.repeat(20_000_000)),
      /actions\[1\]\.text: must be 50,000 characters or fewer/,
    ],
    [
      'a frequency the forms do not allow',
      (d) => (d.measures[0].frequency = 'whenever'),
      /measures\[0\]\.frequency: /,
    ],
  ];
  it.each(cases)('refuses %s, naming the field, storing nothing', async (_what, spoil, message) => {
    const db = await freshDatabaseUrl('sqlite');
    const doc = demoDocumentInput() as Loose;
    spoil(doc);
    const file = join(dir, 'spoilt.json');
    writeFileSync(file, JSON.stringify(doc));
    const result = await ipt('--database', db, 'import-json', file);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(new RegExp(`^ipt: ${file}: ${message.source}`));
    expect((await ipt('--database', db, 'plans', 'list')).out).toMatch(/No plans stored yet/);
  });
});
