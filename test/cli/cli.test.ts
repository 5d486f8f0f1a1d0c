import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { dialectsToTest, freshDatabaseUrl } from '../support/databases.ts';
import { demoDocumentInput, withCanonicalIds } from '../support/plan-json.ts';
import { PlanDocumentSchema } from '../../src/domain/plan-format.ts';

const run = promisify(execFile);
const BIN = new URL('../../bin/ipt.js', import.meta.url).pathname;

async function ipt(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['node', 'ipt', ...args], { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const dir = mkdtempSync(join(tmpdir(), 'ipt-cli-'));

describe('the ipt command, as installed', () => {
  it('prints help for every command', async () => {
    const { stdout } = await run('node', [BIN, '--help']);
    for (const command of ['serve', 'db', 'demo', 'plans', 'plan', 'import-json'])
      expect(stdout).toContain(command);
    const sub = await run('node', [BIN, 'plan', 'export', '--help']);
    expect(sub.stdout).toContain('--format <format>');
  });

  it('exits non-zero with one clear line for a file that is not there', async () => {
    const url = await freshDatabaseUrl('sqlite');
    const error = await run('node', [BIN, '--database', url, 'import-json', join(dir, 'missing.json')]).catch(
      (e) => e,
    );
    expect(error.code).toBe(2);
    expect(error.stderr.trim()).toBe(`ipt: ${join(dir, 'missing.json')}: cannot be read (ENOENT)`);
  });
});

describe.each(dialectsToTest())('ipt on %s', (dialect) => {
  it('migrates, loads the demo, lists plans, exports and imports Plan JSON', async () => {
    const db = await freshDatabaseUrl(dialect);
    expect((await ipt('--database', db, 'db', 'migrate')).code).toBe(0);
    expect((await ipt('--database', db, 'plans', 'list')).out).toMatch(/No plans stored yet/);

    const demo = await ipt('--database', db, 'demo');
    expect(demo.code).toBe(0);
    const list = await ipt('--database', db, 'plans', 'list', '--json');
    const plans = JSON.parse(list.out) as { id: string; title: string; counts: { actions: number } }[];
    expect(plans).toHaveLength(1);
    expect(plans[0]?.counts.actions).toBe(14);

    const out = join(dir, `export-${dialect}.json`);
    expect(
      (
        await ipt(
          '--database',
          db,
          'plan',
          'export',
          plans[0]?.id as string,
          '--format',
          'json',
          '--out',
          out,
        )
      ).code,
    ).toBe(0);
    const exported = PlanDocumentSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
    expect(exported.plan.title).toBe((demoDocumentInput() as { plan: { title: string } }).plan.title);

    const imported = await ipt('--database', db, 'import-json', out, '--org', 'Copy Council');
    expect(imported.code).toBe(0);
    expect(imported.out).toMatch(
      /Stored plan \S+: "Children's Services Improvement Plan 2026-27" \(8 sections, 10 recommendations, 14 actions, 4 measures\)/,
    );
    const copyId = /Stored plan (\S+):/.exec(imported.out)?.[1] as string;
    const copy = JSON.parse((await ipt('--database', db, 'plan', 'export', copyId)).out);
    expect(withCanonicalIds({ ...copy, plan: { ...copy.plan, organisation: '' } })).toEqual(
      withCanonicalIds({ ...exported, plan: { ...exported.plan, organisation: '' } }),
    );
  });

  it('refuses bad input with the file and field named, storing nothing', async () => {
    const db = await freshDatabaseUrl(dialect);
    const file = join(dir, `bad-${dialect}.json`);
    const bad = demoDocumentInput() as { actions: Record<string, unknown>[] };
    (bad.actions[3] as Record<string, unknown>).recommendationIds = ['r-o1', 'r-nope'];
    writeFileSync(file, JSON.stringify(bad));
    const result = await ipt('--database', db, 'import-json', file);
    expect(result.code).toBe(2);
    expect(result.err).toBe(
      `ipt: ${file}: actions[3].recommendationIds[1]: no recommendation has id "r-nope"`,
    );
    expect((await ipt('--database', db, 'plans', 'list')).out).toMatch(/No plans stored yet/);

    writeFileSync(file, '{ "format": ');
    const notJson = await ipt('--database', db, 'import-json', file);
    expect(notJson.code).toBe(2);
    expect(notJson.err).toMatch(new RegExp(`^ipt: ${file}: not valid JSON`));
  });

  it('says which plan it cannot find', async () => {
    const db = await freshDatabaseUrl(dialect);
    const result = await ipt('--database', db, 'plan', 'export', 'nope');
    expect(result).toMatchObject({ code: 1, err: 'ipt: No plan with id "nope"' });
    const format = await ipt('--database', db, 'plan', 'export', 'nope', '--format', 'pdf');
    expect(format.err).toBe('ipt: --format: "pdf" is not supported (use json)');
  });
});
