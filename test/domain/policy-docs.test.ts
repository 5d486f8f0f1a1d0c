import { readFileSync } from 'node:fs';
import { format, resolveConfig } from 'prettier';
import { describe, expect, it } from 'vitest';
import { policyDocument } from '../../src/core/policy-docs.ts';

describe('the "Who may do what" page', () => {
  it('is committed as written from the policies (run `npm run docs:policies` after changing them)', async () => {
    const file = new URL('../../docs/who-may-do-what.md', import.meta.url);
    const committed = readFileSync(file, 'utf8');
    const options = (await resolveConfig(file)) ?? {};
    expect(committed).toBe(await format(policyDocument(), { ...options, parser: 'markdown' }));
  });

  it('says what the policies decide, case by case', () => {
    const page = policyDocument();
    // A board member reads but never records progress; a partner with joint access does, on joint actions.
    const progress = page.slice(page.indexOf('### `action.progress`'), page.indexOf('### `plan.import`'));
    expect(progress).toMatch(/\| board \| — \| — \| — \| not seen \| not seen \|/);
    expect(progress).toMatch(/\| partner \| — \| yes \| — \| not seen \| not seen \|/);
    expect(progress).toMatch(/\| adviser \| — \| — \| — \| — \| not seen \|/);
    expect(progress).toMatch(/\| lead \| yes \| yes \| — \| not seen \| not seen \|/);
  });
});
