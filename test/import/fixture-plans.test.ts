/** The team's own plans, in layouts and formats the samples do not have. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PlanDocument } from '../../src/domain/plan-format.ts';
import { readPlanDocument } from '../../src/domain/plan-document.ts';
import { buildPlan } from '../../src/import/build-plan.ts';
import { importFile } from '../../src/import/index.ts';
import { readText } from '../../src/import/readers/text.ts';
import {
  writeDocxFixture,
  writeMergedDocxFixture,
  writeMergedXlsxFixture,
  writeXlsxFixture,
} from '../support/fixture-documents.ts';

const FIXTURES = new URL('../fixtures/', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'ipt-fixtures-'));
/** A plan in the extracted-text form, one string a line, read and built. */
const importText = (file: string, lines: string[]) => buildPlan(readText(file, lines.join('\n')));
const byText = (doc: PlanDocument, start: string) => doc.actions.find((a) => a.text.startsWith(start));

describe('a Word plan with a theme column, in-step paragraphs and recommendation rows', () => {
  let doc: PlanDocument;
  beforeAll(async () => {
    doc = await importFile(await writeDocxFixture(dir));
  });

  it('reads the header, the themes that carry down, and the recommendations', () => {
    expect(readPlanDocument(doc).ok).toBe(true);
    expect(doc.plan).toMatchObject({ organisation: 'Westfield Borough Council', date: '2025-03-01' });
    expect(doc.sections.map((s) => [s.kind, s.title])).toEqual([
      ['Theme', 'Leadership'],
      ['Theme', 'Workforce'],
    ]);
    const leadership = doc.sections[0]?.id;
    expect(doc.recommendations.filter((r) => r.sectionId === leadership).map((r) => r.ref)).toEqual([
      '1',
      '2',
    ]);
    expect(doc.recommendations.map((r) => r.ref)).toEqual(['1', '2', '3', 'R4', 'R5']);
  });

  it('splits a multi-paragraph action cell when the dates and officers step with it', () => {
    expect(byText(doc, 'Publish a quality assurance framework')).toMatchObject({
      ref: '1.1',
      due: { raw: '30 June 2025', end: '2025-06-30' },
      leads: ['Kate Morris'],
      status: { raw: 'On schedule', rag: 'green' },
    });
    expect(byText(doc, 'Report audit findings')).toMatchObject({
      ref: '1.2',
      due: { kind: 'recurring' },
      leads: ['Ben Adeyemi'],
    });
  });

  it('reports a recommendation row with no action, and files the next action under the next one', () => {
    const r4 = doc.recommendations.find((r) => r.ref === 'R4');
    const r5 = doc.recommendations.find((r) => r.ref === 'R5');
    expect(doc.findings).toContainEqual(
      expect.objectContaining({
        code: 'import.recommendation_without_action',
        location: expect.objectContaining({ text: r4?.text }),
        subject: { type: 'recommendation', id: r4?.id },
      }),
    );
    const joint = byText(doc, 'Work with the Integrated Care Board');
    expect(joint).toMatchObject({
      recommendationIds: [r5?.id],
      joint: true,
      partners: ['Health'],
      due: { kind: 'to_be_decided' },
    });
  });

  it('keeps the narrative under its heading', () => {
    expect(doc.plan.narrative).toEqual([
      { title: 'Our vision', text: 'Children in Westfield are safe, heard and helped early.' },
    ]);
  });
});

describe('an Excel plan with continuation rows, line breaks in cells and a leads sheet', () => {
  let doc: PlanDocument;
  beforeAll(async () => {
    doc = await importFile(await writeXlsxFixture(dir), { organisation: 'Kingsmere Council' });
  });

  it('reads every sheet: areas for improvement, actions and the leads directory', () => {
    expect(readPlanDocument(doc).ok).toBe(true);
    expect(doc.plan.organisation).toBe('Kingsmere Council');
    expect(doc.recommendations.map((r) => r.ref)).toEqual(['1', '2', '3']);
    expect(doc.people.map((p) => [p.name, p.initials, p.jobTitle])).toEqual(
      expect.arrayContaining([
        ['Jo Park', 'JP', 'Principal Social Worker'],
        ['Sam Lee', null, 'Service Manager, Assessment'],
      ]),
    );
  });

  it('splits lines that step together and joins a sentence continued on the next row', () => {
    expect(byText(doc, 'Clear the backlog')).toMatchObject({
      due: { raw: 'Oct-25', end: '2025-10-31' },
      leads: ['Sam Lee'],
    });
    expect(byText(doc, 'Introduce weekly tracking')).toMatchObject({
      due: { raw: 'Nov-25' },
      leads: ['Jo Park'],
    });
    expect(byText(doc, 'Audit 30 assessments')?.text).toBe(
      'Audit 30 assessments every quarter and share the learning with team managers.',
    );
    expect(doc.actions).toHaveLength(4);
  });

  it('reads dates stored as dates and initials given as leads', () => {
    expect(byText(doc, 'Train managers')).toMatchObject({
      due: { kind: 'date', end: '2026-01-31' },
      leads: ['Jo Park'],
      status: { rag: 'red' },
    });
  });

  it('reports the area with no action', () => {
    expect(doc.findings.filter((f) => f.code === 'import.recommendation_without_action')).toHaveLength(1);
  });
});

describe('a CSV plan with a priority column that carries down', () => {
  let doc: PlanDocument;
  beforeAll(async () => {
    doc = await importFile(`${FIXTURES}eastmoor-plan.csv`, { organisation: 'Eastmoor Council' });
  });

  it('makes the priorities sections and files each action under its priority', () => {
    expect(readPlanDocument(doc).ok).toBe(true);
    expect(doc.sections.map((s) => [s.kind, s.ref, s.title])).toEqual([
      ['Priority', '1', 'Help at the earliest point'],
      ['Priority', '2', 'Stable homes for children in care'],
    ]);
    expect(doc.actions.map((a) => [a.ref, doc.sections.find((s) => s.id === a.sectionId)?.ref])).toEqual([
      ['1.1', '1'],
      ['1.2', '1'],
      ['1.3', '1'],
      ['2.1', '2'],
      ['2.2', '2'],
      ['2.3', '2'],
    ]);
  });

  it('joins the continued row, resolves initials and reads vague timescales', () => {
    expect(doc.actions.find((a) => a.ref === '1.2')?.text).toBe(
      'Train 200 staff across the partnership in the new threshold guidance and record attendance on the learning system.',
    );
    expect(doc.actions.find((a) => a.ref === '2.1')?.leads).toEqual(['Omar Haddad']);
    expect(doc.actions.find((a) => a.ref === '2.2')).toMatchObject({
      leads: ['Priya Shah', 'Omar Haddad'],
      due: { start: '2026-04-01', end: '2027-03-31' },
    });
    expect(doc.actions.find((a) => a.ref === '1.1')?.due?.kind).toBe('relative');
  });

  it('reads a numeric target in the success criteria as a measure', () => {
    expect(doc.measures).toContainEqual(
      expect.objectContaining({
        polarity: 'lower_is_better',
        unit: '%',
        targets: [expect.objectContaining({ value: 10, by: '2026-03-31' })],
      }),
    );
  });
});

describe('an extracted-text plan with workstream headings, split rows and an Origin column', () => {
  let doc: PlanDocument;
  beforeAll(async () => {
    doc = await importFile(`${FIXTURES}harbour-plan.txt`);
  });

  it('reads workstreams, recommendations with their origin, and milestones', () => {
    expect(doc.plan).toMatchObject({ organisation: 'Harbour District Council', date: '2024-11-01' });
    expect(doc.sections.map((s) => [s.kind, s.ref, s.title])).toEqual([
      ['Workstream', 'A', 'Front door'],
      ['Workstream', 'B', 'Practice quality'],
    ]);
    const second = doc.recommendations.find((r) => r.ref === '2');
    expect(second?.text).toBe(
      'Make sure that strategy discussions include police and health and that the reasons for decisions are recorded.',
    );
    expect(doc.sources.find((s) => s.id === second?.sourceId)).toMatchObject({
      body: 'ofsted',
      date: '2024-10-01',
    });
    const recruit = byText(doc, 'Recruit two more');
    expect(doc.actions.filter((a) => a.parentId === recruit?.id).map((m) => [m.text, m.status?.rag])).toEqual(
      [
        ['Posts advertised', 'green'],
        ['Both posts filled', 'amber'],
      ],
    );
  });

  it('reports what a programme manager must look at, naming the line', () => {
    expect(doc.findings).toContainEqual(
      expect.objectContaining({
        severity: 'error',
        code: 'timescale.impossible_date',
        message: '"31/09/2025" is not a real date (line 24)',
      }),
    );
    expect(doc.findings).toContainEqual(
      expect.objectContaining({
        code: 'import.recommendation_without_action',
        location: expect.objectContaining({ line: 18 }),
      }),
    );
    expect(doc.actions.find((a) => a.text.startsWith('Audit 20'))?.parentId).toBeNull();
  });
});

describe('numbered actions written in one cell', () => {
  const plan = [
    'Lowbridge City Council',
    'Improvement Plan',
    'January 2026',
    '',
    'Ref\tRecommendation\tActions\tTimescale\tLead',
    '1\tStrengthen supervision.\t<p>1.1 Agree a supervision policy</p> <p>with the principal social worker.</p> <p>1.2 Train every team manager</p> <p>12 months of coaching follow the training.</p>\t<p>March 2026</p> <p>June 2026</p>\t<p>Ada Price</p> <p>Ada Price</p>',
    '2\tImprove audit.\t<p>audits continue as before</p> <p>2.1 Publish an audit schedule</p> <p>2.2 Report themes to the board</p>\tTermly\tOwen Hale',
  ];
  let doc: PlanDocument;
  beforeAll(() => {
    doc = importText('lowbridge.txt', plan);
  });

  it('makes each numbered paragraph an action, with the unnumbered lines under it', () => {
    const first = doc.actions.filter((a) => a.recommendationIds[0] === doc.recommendations[0]?.id);
    expect(first.map((a) => [a.ref, a.text])).toEqual([
      ['1.1', 'Agree a supervision policy\nwith the principal social worker.'],
      ['1.2', 'Train every team manager\n12 months of coaching follow the training.'],
    ]);
    expect(first.map((a) => [a.due?.raw, a.leads])).toEqual([
      ['March 2026', ['Ada Price']],
      ['June 2026', ['Ada Price']],
    ]);
  });

  it('keeps text before the first number as an action of its own', () => {
    const second = doc.actions.filter((a) => a.recommendationIds[0] === doc.recommendations[1]?.id);
    expect(second.map((a) => a.ref)).toEqual([null, '2.1', '2.2']);
    expect(second[0]?.text).toBe('audits continue as before');
  });

  it('gives a single timescale and a single lead beside several actions to each of them', () => {
    const second = doc.actions.filter((a) => a.recommendationIds[0] === doc.recommendations[1]?.id);
    expect(second.map((a) => [a.due?.raw, a.leads])).toEqual([
      ['Termly', ['Owen Hale']],
      ['Termly', ['Owen Hale']],
      ['Termly', ['Owen Hale']],
    ]);
    expect(doc.findings.filter((f) => f.code === 'import.cells_not_in_step')).toEqual([]);
  });
});

describe.each([
  ['Word', writeMergedDocxFixture],
  ['Excel', writeMergedXlsxFixture],
])('a %s table with merged cells', (_format, write) => {
  let doc: PlanDocument;
  beforeAll(async () => {
    doc = await importFile(await write(dir), { organisation: 'Ashdown County Council' });
  });

  it('keeps every cell under its own column, and the merged priority over both its rows', () => {
    expect(readPlanDocument(doc).ok).toBe(true);
    expect(doc.sections.map((s) => [s.kind, s.title])).toEqual([['Priority', 'Safe practice']]);
    expect(doc.recommendations.map((r) => [r.ref, r.text])).toEqual([
      ['R1', 'Children are seen alone on every visit.'],
    ]);
    expect(
      doc.actions.map((a) => [a.ref, a.text, a.due?.end ?? null, a.leads, a.status?.rag, a.sectionId]),
    ).toEqual([
      [
        '1.1',
        'Record on every visit whether the child was seen alone',
        '2026-05-31',
        ['Priya Shah'],
        'green',
        doc.sections[0]?.id,
      ],
      [
        '1.2',
        'Audit visits each month and report to the board',
        null,
        ['Tom Reyes'],
        'amber',
        doc.sections[0]?.id,
      ],
    ]);
    expect(doc.actions.every((a) => a.recommendationIds[0] === doc.recommendations[0]?.id)).toBe(true);
  });
});

describe('a row that lost a cell in extraction', () => {
  const plan = [
    'Northgate Borough Council',
    'Improvement Plan',
    'February 2026',
    '',
    'Ref\tAction\tTimescale\tLead\tMeasure of success',
    '1.1\tAudit every child in need plan on the same day each month\tMonthly\tRuth Cole\tTarget: 90% of plans rated good',
    // The Timescale cell is missing: the lead and the measure moved one column to the left.
    '1.2\tRecord the child’s own words in every assessment\tIsla Munro\t% of assessments with the child’s words Target: 85%',
  ];
  let doc: PlanDocument;
  beforeAll(() => {
    doc = importText('northgate.txt', plan);
  });

  it('places its cells under the columns their text fits, and says so', () => {
    const action = doc.actions.find((a) => a.ref === '1.2');
    expect(action).toMatchObject({ leads: ['Isla Munro'], due: null });
    const measure = doc.measures.find((m) => m.name.includes('child’s words'));
    expect(measure?.targets.map((t) => t.value)).toEqual([85]);
    expect(doc.findings).toContainEqual(
      expect.objectContaining({
        code: 'import.cells_placed',
        location: expect.objectContaining({ line: 7 }),
      }),
    );
    // The full row beside it is read as it stands.
    expect(doc.actions.find((a) => a.ref === '1.1')).toMatchObject({
      leads: ['Ruth Cole'],
      due: { raw: 'Monthly' },
    });
  });
});
