import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { readPlanDocument } from '../../src/domain/plan-document.ts';
import { planJsonSchema } from '../../src/domain/plan-json-schema.ts';
import { demoDocumentInput } from '../support/plan-json.ts';

const committed = JSON.parse(
  readFileSync(new URL('../../schema/improvement-plan-v1.schema.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;

describe('Plan JSON schema', () => {
  it('is committed as generated from the definitions (run `npm run schema` after changing them)', () => {
    expect(committed).toEqual(planJsonSchema());
  });

  it('accepts the demo plan and refuses a broken one, as a JSON Schema validator sees it', () => {
    const validate = new Ajv2020({ strict: false }).compile(committed);
    expect(validate(demoDocumentInput()), JSON.stringify(validate.errors)).toBe(true);
    const broken = demoDocumentInput() as { actions: Record<string, unknown>[] };
    (broken.actions[0] as Record<string, unknown>).joint = 'yes';
    expect(validate(broken)).toBe(false);
    expect(validate.errors?.[0]?.instancePath).toBe('/actions/0/joint');
  });
});

describe('readPlanDocument', () => {
  it('fills timescales and statuses the author left to be derived', () => {
    const read = readPlanDocument(demoDocumentInput());
    if (!read.ok) throw new Error(read.errors[0]?.message);
    const byRef = new Map(read.document.actions.map((a) => [a.ref, a]));
    expect(byRef.get('1.1.1')?.due).toMatchObject({ kind: 'range', start: '2026-03-01', end: '2026-05-31' });
    expect(byRef.get('1.1.1a')?.due).toMatchObject({ kind: 'immediate', end: '2026-02-02' });
    expect(byRef.get('1.1.1b')?.due).toMatchObject({ kind: 'relative', end: '2026-05-02' });
    expect(byRef.get('2.2.1')?.status).toMatchObject({
      raw: 'Behind schedule',
      state: 'in_progress',
      rag: 'red',
    });
    expect(byRef.get('3.2')?.status).toMatchObject({ state: 'not_started', rag: 'not_started' });
  });

  it('keeps what the author wrote over what it could derive', () => {
    const input = demoDocumentInput() as { actions: Record<string, unknown>[] };
    (input.actions[0] as Record<string, unknown>).due = {
      raw: 'Spring',
      kind: 'month',
      start: '2026-03-01',
      end: '2026-03-31',
    };
    const read = readPlanDocument(input);
    expect(read.ok && read.document.actions[0]?.due).toEqual({
      raw: 'Spring',
      kind: 'month',
      start: '2026-03-01',
      end: '2026-03-31',
    });
  });

  it('names the field of every problem', () => {
    const read = readPlanDocument({ format: 'improvement-plan/v1', plan: { title: '' } }, 'plan.json');
    expect(read.ok).toBe(false);
    const messages = read.ok ? [] : read.errors.map((e) => e.message);
    expect(messages).toContain('plan.json: plan.title: Too small: expected string to have >=1 characters');
    expect(messages.some((m) => m.startsWith('plan.json: plan.organisation:'))).toBe(true);
  });

  it('refuses duplicate ids and parent cycles', () => {
    const input = demoDocumentInput() as { sections: Record<string, unknown>[] };
    (input.sections[0] as Record<string, unknown>).parentId = 'p1-1';
    (input.sections[2] as Record<string, unknown>).id = 'p1-1';
    const read = readPlanDocument(input, 'f.json');
    const messages = read.ok ? [] : read.errors.map((e) => e.message);
    expect(messages).toContain('f.json: sections[2].id: duplicate id "p1-1"');
    expect(messages).toContain('f.json: sections: a section is its own ancestor');
  });
});
