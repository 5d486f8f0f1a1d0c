import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { PlanDocumentSchema } from '../../src/domain/plan-format.ts';
import { dialectsToTest, freshDatabaseUrl } from '../support/databases.ts';
import { writeDocxFixture } from '../support/fixture-documents.ts';

const FIXTURES = new URL('../fixtures/', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'ipt-import-cli-'));

async function ipt(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['node', 'ipt', ...args], { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('ipt import --dry-run', () => {
  it('prints the Plan JSON with findings and stores nothing', async () => {
    const db = await freshDatabaseUrl('sqlite');
    const result = await ipt(
      '--database',
      db,
      'import',
      `${FIXTURES}harbour-plan.txt`,
      '--dry-run',
      '--json',
    );
    expect(result.code).toBe(0);
    const doc = PlanDocumentSchema.parse(JSON.parse(result.out));
    expect(doc.plan.organisation).toBe('Harbour District Council');
    expect(doc.findings.some((f) => f.code === 'timescale.impossible_date')).toBe(true);
    expect((await ipt('--database', db, 'plans', 'list')).out).toMatch(/No plans stored yet/);
  });

  it('takes --org and --title', async () => {
    const result = await ipt(
      'import',
      `${FIXTURES}eastmoor-plan.csv`,
      '--dry-run',
      '--json',
      '--org',
      'Eastmoor Council',
      '--title',
      'Eastmoor plan',
    );
    expect(JSON.parse(result.out).plan).toMatchObject({
      organisation: 'Eastmoor Council',
      title: 'Eastmoor plan',
    });
  });

  it('uses a --mapping file for headings the detector does not know', async () => {
    const file = join(dir, 'odd.csv');
    writeFileSync(
      file,
      'Strand,Thing to do,Finish,Owner\nAdoption,Recruit adopters,March 2026,Ann Lee\n,Run an adoption campaign,June 2026,Ann Lee\n',
    );
    const without = JSON.parse((await ipt('import', file, '--dry-run', '--json')).out);
    expect(without.findings.map((f: { code: string }) => f.code)).toContain('import.layout_guessed');
    const mapping = join(dir, 'mapping.json');
    writeFileSync(
      mapping,
      JSON.stringify({
        columns: { 'Thing to do': 'action', Finish: 'due', Owner: 'lead', Strand: 'section' },
      }),
    );
    const withMapping = JSON.parse(
      (await ipt('import', file, '--dry-run', '--json', '--mapping', mapping)).out,
    );
    expect(withMapping.sections.map((s: { title: string }) => s.title)).toEqual(['Adoption']);
    expect(withMapping.actions.map((a: { text: string; leads: string[] }) => [a.text, a.leads])).toEqual([
      ['Recruit adopters', ['Ann Lee']],
      ['Run an adoption campaign', ['Ann Lee']],
    ]);

    // --save-mapping writes the mapping in effect, every heading with its role, in the format --mapping reads.
    const saved = join(dir, 'saved-mapping.json');
    const wrote = await ipt('import', file, '--dry-run', '--mapping', mapping, '--save-mapping', saved);
    expect(wrote.out).toContain(`Wrote the mapping to ${saved}`);
    expect(JSON.parse(readFileSync(saved, 'utf8'))).toEqual({
      columns: { Strand: 'section', 'Thing to do': 'action', Finish: 'due', Owner: 'lead' },
    });
    const reread = JSON.parse((await ipt('import', file, '--dry-run', '--json', '--mapping', saved)).out);
    expect(reread.actions.length).toBe(2);

    writeFileSync(mapping, JSON.stringify({ columns: { Finish: 'deadline' } }));
    const bad = await ipt('import', file, '--dry-run', '--mapping', mapping);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(new RegExp(`^ipt: ${mapping}: columns\\.Finish: Invalid option`));
  });
});

describe('ipt import: files that cannot be read', () => {
  it.each([
    ['missing.txt', null, 'cannot be read (ENOENT)'],
    ['empty.csv', '', 'the file is empty'],
    ['broken.docx', 'PK\u0003\u0004 truncated', 'not a readable Word document'],
    [
      'archive.zip',
      'PK\u0003\u0004 truncated',
      'a zip archive that is neither a Word (.docx) nor an Excel (.xlsx) file',
    ],
  ])('%s gives one clear line and exit code 2', async (name, content, reason) => {
    const file = join(dir, name);
    if (content !== null) writeFileSync(file, content);
    const result = await ipt('import', file, '--dry-run');
    expect(result.code).toBe(2);
    expect(result.err.startsWith(`ipt: ${file}: ${reason}`), result.err).toBe(true);
    expect(result.err.split('\n')).toHaveLength(1);
  });
});

describe.each(dialectsToTest())('ipt import on %s', (dialect) => {
  it('stores the plan in one transaction and prints a summary', async () => {
    const db = await freshDatabaseUrl(dialect);
    const file = await writeDocxFixture(dir);
    const result = await ipt('--database', db, 'import', file);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^Stored plan \S+:/);
    expect(result.out).toContain(
      '2 sections, 5 recommendations, 5 actions, 0 milestones, 0 measures, 2 people',
    );
    expect(result.out).toContain('findings: 0 errors, 1 warnings, 0 notes');
    expect(result.out).toMatch(/warning: Recommendation R4 has no action \(row \d+\)/);
    const planId = /Stored plan (\S+):/.exec(result.out)?.[1] as string;
    const stored = PlanDocumentSchema.parse(
      JSON.parse((await ipt('--database', db, 'plan', 'export', planId)).out),
    );
    expect(stored.actions.map((a) => a.text)).toContain('Publish a quality assurance framework');
    expect(stored.findings).toHaveLength(1);
  });
});
