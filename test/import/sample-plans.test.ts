/**
 * The three real plans in ../shared/sample-plans import with what a reader of them would expect.
 * The only error-level findings allowed are the genuine impossible dates the documents contain.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { PlanDocument } from '../../src/domain/plan-format.ts';
import { readPlanDocument } from '../../src/domain/plan-document.ts';
import { importFile } from '../../src/import/index.ts';
import { SAMPLE_DIR, samplesPresent } from '../support/samples.ts';

const present = samplesPresent();
const load = (name: string) => importFile(`${SAMPLE_DIR}${name}`);
const onlyImpossibleDates = (doc: PlanDocument) =>
  doc.findings.filter((f) => f.severity === 'error').every((f) => f.code === 'timescale.impossible_date');
const sectionsOfKind = (doc: PlanDocument, kind: string) => doc.sections.filter((s) => s.kind === kind);

describe.skipIf(!present)('Essex 2010 Improvement Notice plan', () => {
  let doc: PlanDocument;
  beforeAll(async () => {
    doc = await load('essex-2010-improvement-notice-plan.txt');
  });

  it('is valid Plan JSON, with errors only for its impossible dates', () => {
    expect(readPlanDocument(doc).ok).toBe(true);
    expect(onlyImpossibleDates(doc)).toBe(true);
    const impossible = doc.findings
      .filter((f) => f.code === 'timescale.impossible_date')
      .map((f) => f.location?.text);
    expect(impossible).toEqual(expect.arrayContaining(['31/09/2011', '31/11/2010', '31/04/2012']));
  });

  it('reads the plan header', () => {
    expect(doc.plan).toMatchObject({
      organisation: 'Essex County Council',
      date: '2010-09-01',
      version: 'v0.1',
    });
  });

  it('has the six pillars as sections', () => {
    const pillars = sectionsOfKind(doc, 'Pillar').map((s) => s.title);
    expect(pillars).toEqual([
      'Confident leadership',
      'An organisation fit for purpose',
      'Effective partnerships making the difference',
      'High quality front-line practice',
      'Measuring what counts',
      'Becoming an employer of choice',
    ]);
  });

  it('files recommendations under their pillar with their Origin as source', () => {
    const frontLine = doc.sections.find((s) => s.title === 'High quality front-line practice');
    const first = doc.recommendations.find((r) => r.ref === '1' && r.sectionId === frontLine?.id);
    expect(first?.text).toMatch(/^Essex County Council to improve the quality of analysis/);
    const source = doc.sources.find((s) => s.id === first?.sourceId);
    expect(source).toMatchObject({
      body: 'ofsted',
      title: "Ofsted CLA and Safeguarding (Aug '10)",
      date: '2010-08-01',
    });
    // Recommendation 2 was split across a page break: the two halves are one recommendation.
    const second = doc.recommendations.find((r) => r.ref === '2' && r.sectionId === frontLine?.id);
    expect(second?.text).toMatch(/to ensure all care plans robustly and accurately identify/);
    expect(doc.recommendations.filter((r) => r.sectionId === frontLine?.id).length).toBe(13);
  });

  it('gives a recommendation that two reports made both its sources', () => {
    const combined = doc.recommendations.filter((r) => r.alsoFrom.length > 0);
    expect(combined.length).toBeGreaterThan(0);
    const bodies = (r: (typeof combined)[number]) =>
      [r.sourceId, ...r.alsoFrom].map((id) => doc.sources.find((s) => s.id === id)?.body);
    expect(combined.map(bodies)).toContainEqual(['ofsted', 'cqc']);
    expect(doc.sources.map((s) => s.title)).not.toContain("Ofsted Safeguarding (Aug '10) CQC (Aug '10)");
  });

  it('keeps milestone rows as milestones of their action, with their own dates and leads', () => {
    const swift = doc.actions.find((a) => a.text === 'Exit from Swift to support ICS compliance');
    const milestones = doc.actions.filter((a) => a.parentId === swift?.id);
    expect(milestones.map((m) => [m.text, m.due?.raw, m.due?.end ?? null, m.leads])).toEqual([
      ['Exit strategy from Swift agreed', '31/12/2010', '2010-12-31', ['Jayne Robinson']],
      ['Swift exit completed', '31/09/2011', null, ['Jayne Robinson']],
      ['Finance and Adoption modules implemented', '30/04/2011', '2011-04-30', ['Jayne Robinson']],
    ]);
    expect(milestones.every((m) => m.kind === 'milestone')).toBe(true);
  });

  it('resolves leads written as initials the plan never defines ("SMcA") to the person they fit', () => {
    const initialled = doc.actions.filter((a) => a.leads.includes('Stewart McArthur'));
    expect(initialled.length).toBeGreaterThan(3);
    expect(doc.actions.flatMap((a) => a.leads).filter((l) => /SMcA/.test(l))).toEqual([]);
    expect(
      doc.findings.filter((f) => f.code === 'import.unknown_initials' && /SMcA/.test(f.message)),
    ).toEqual([]);
  });
});

describe.skipIf(!present)('Kent 2011 improvement plan', () => {
  let doc: PlanDocument;
  beforeAll(async () => {
    doc = await load('kent-2011-improvement-plan.txt');
  });

  it('is valid Plan JSON, with errors only for its impossible dates', () => {
    expect(readPlanDocument(doc).ok).toBe(true);
    expect(onlyImpossibleDates(doc)).toBe(true);
    expect(doc.plan).toMatchObject({ organisation: 'Kent County Council', date: '2011-03-01' });
  });

  it('has the six priorities, each with its outcomes', () => {
    const priorities = sectionsOfKind(doc, 'Priority');
    expect(priorities.map((p) => p.ref)).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(priorities[0]).toMatchObject({ title: 'Leadership and management', lead: 'Malcolm Newsam' });
    const outcomes = sectionsOfKind(doc, 'Outcome');
    expect(outcomes[0]?.ref).toBe('1.1');
    expect(outcomes[outcomes.length - 1]?.ref).toBe('6.3');
    for (const outcome of outcomes) {
      const parent = priorities.find((p) => p.id === outcome.parentId);
      expect(outcome.ref?.startsWith(`${parent?.ref}.`), `${outcome.ref} under priority ${parent?.ref}`).toBe(
        true,
      );
      expect(
        doc.actions.some((a) => a.sectionId === outcome.id),
        `outcome ${outcome.ref} has actions`,
      ).toBe(true);
    }
  });

  it('files actions under their outcome with their refs, timescales and leads', () => {
    const action = doc.actions.find((a) => a.ref === '1.1.2');
    const outcome = doc.sections.find((s) => s.id === action?.sectionId);
    expect(outcome?.ref).toBe('1.1');
    expect(action?.due).toMatchObject({ kind: 'range', start: '2011-03-31', end: '2011-05-31' });
    expect(action?.leads).toEqual(['Alastair Pettigrew']);
  });

  it('makes the outcome stated at length in a full-width row (2.4) its section, with its actions', () => {
    const outcome = doc.sections.find((s) => s.ref === '2.4');
    expect(outcome).toMatchObject({ kind: 'Outcome' });
    expect(outcome?.title).toMatch(/^Care planning is effective/);
    expect(doc.sections.find((s) => s.id === outcome?.parentId)?.ref).toBe('2');
    const numbered = doc.actions.filter((a) => a.parentId === null && a.ref?.startsWith('2.4.'));
    expect(numbered.length).toBeGreaterThanOrEqual(5);
    for (const action of numbered) expect(action.sectionId, action.ref ?? '').toBe(outcome?.id);
  });

  it('keeps "Link to 3.1.5" and "(Cross reference to 5.5.1)" as links, not as success criteria', () => {
    expect(doc.actions.find((a) => a.ref === '2.2.3')?.crossRefs).toContain('3.1.5');
    expect(doc.actions.find((a) => a.ref === '6.3.5')?.crossRefs).toContain('5.5.1');
    const criteria = doc.actions.flatMap((a) => a.successCriteria);
    expect(criteria.filter((c) => /^\(?(link|cross reference) to/i.test(c))).toEqual([]);
  });

  it("keeps the notice's baselines, comparators and comparator-relative targets", () => {
    const byRef = (ref: string) => doc.measures.find((m) => m.ref === ref);
    // Target 7 holds two measures: initial assessments in line with statistical neighbours, and the percentage
    // of referrals going on to one, from its 2009-10 baseline of 46% to 65%.
    const seven = doc.measures.filter((m) => m.ref?.startsWith('IN7'));
    expect(seven.map((m) => m.baseline)).toContainEqual({ value: 46, period: '2009-10' });
    expect(seven.flatMap((m) => m.targets.map((t) => t.text))).toContain(
      'in line with the statistical neighbour average',
    );
    expect(byRef('IN16')?.comparators).toEqual([
      expect.objectContaining({ name: 'England average', value: 85 }),
    ]);
    expect(byRef('IN16')?.targets).toEqual([expect.objectContaining({ value: 85, kind: 'final' })]);
    const relative = doc.measures.find(
      (m) => m.ref?.startsWith('IN8') && m.targets.some((t) => t.value === null),
    );
    expect(relative?.name).toMatch(/second or subsequent time/);
    expect(relative?.targets).toEqual([
      expect.objectContaining({ value: null, text: 'in line with the statistical neighbour average' }),
    ]);
  });

  it('reads the Ofsted recommendations O1–O23 with their timeframes', () => {
    const ofsted = doc.recommendations.filter((r) => /^O\d+$/.test(r.ref ?? ''));
    expect(ofsted.map((r) => r.ref)).toEqual(Array.from({ length: 23 }, (_, i) => `O${i + 1}`));
    expect(ofsted.find((r) => r.ref === 'O1')?.timeframe).toBe('Immediately');
    expect(ofsted.find((r) => r.ref === 'O5')?.timeframe).toBe('Within three months');
    expect(ofsted.find((r) => r.ref === 'O23')?.timeframe).toBe('Within six months');
    expect(doc.sources.find((s) => s.id === ofsted[0]?.sourceId)?.body).toBe('ofsted');
  });

  it('reads the Improvement Notice targets IN1–IN16', () => {
    const notice = doc.recommendations.filter((r) => /^IN\d+$/.test(r.ref ?? ''));
    expect(notice.map((r) => r.ref)).toEqual(Array.from({ length: 16 }, (_, i) => `IN${i + 1}`));
    expect(notice.every((r) => r.kind === 'target')).toBe(true);
    expect(doc.sources.find((s) => s.id === notice[0]?.sourceId)?.body).toBe('improvement_notice');
  });

  it('links actions to the targets and recommendations their codes name', () => {
    const action = doc.actions.find((a) => a.ref === '2.1.4');
    expect(action?.crossRefs).toEqual(expect.arrayContaining(['IN 3.', 'O 3.', 'CT 1.']));
    const linked = doc.recommendations
      .filter((r) => action?.recommendationIds.includes(r.id))
      .map((r) => r.ref);
    expect(linked).toEqual(expect.arrayContaining(['IN3', 'O3']));
  });

  it('reads the leads directory with job titles', () => {
    expect(doc.people.find((p) => p.name === 'Liz Totman')?.jobTitle).toBe('Head of Corporate Parenting');
    expect(doc.people.find((p) => p.name === 'Donna Marriott')?.jobTitle).toBe(
      'Interim Head of Safeguarding',
    );
  });

  it("turns the notice's numeric targets into measures", () => {
    const byRef = new Map(doc.measures.map((m) => [m.ref, m]));
    expect(byRef.get('IN3.1')).toMatchObject({
      unit: 'count',
      polarity: 'lower_is_better',
      targets: [{ value: 200, by: '2011-08-31', kind: 'final' }],
    });
    expect(byRef.get('IN14')).toMatchObject({
      unit: '%',
      polarity: 'higher_is_better',
      targets: [
        { value: 11, by: '2012-03-31', kind: 'interim' },
        { value: 13, by: '2013-03-31', kind: 'final' },
      ],
    });
    expect(byRef.get('IN16')?.targets[0]).toMatchObject({ value: 85, by: '2012-03-31' });
    // Each measure names the notice target it evidences.
    const in3 = doc.recommendations.find((r) => r.ref === 'IN3');
    expect(byRef.get('IN3.2')?.recommendationIds).toEqual([in3?.id]);
  });
});

describe.skipIf(!present)('West Sussex 2019 practice improvement plan', () => {
  let doc: PlanDocument;
  beforeAll(async () => {
    doc = await load('west-sussex-2019-practice-improvement-plan.txt');
  });

  it('is valid Plan JSON with no error findings', () => {
    expect(readPlanDocument(doc).ok).toBe(true);
    expect(doc.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(doc.plan).toMatchObject({
      organisation: 'West Sussex County Council',
      date: '2019-07-01',
      state: 'draft',
    });
  });

  it('has the areas for improvement with their Ofsted references', () => {
    // Area 1's own heading row is missing from the extracted text; areas 2 to 12 are complete.
    const areas = doc.recommendations.filter((r) => r.ref && /^\d+$/.test(r.ref));
    expect(areas.map((r) => r.ref)).toEqual(['2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12']);
    expect(areas.find((r) => r.ref === '2')?.reportRefs).toEqual([
      'Pg 3 Para 2',
      'Pg 4 Para 8',
      'Pg 9 para 34',
    ]);
    expect(doc.sources.find((s) => s.id === areas[0]?.sourceId)?.body).toBe('ofsted');
    expect(sectionsOfKind(doc, 'Area for improvement').length).toBeGreaterThanOrEqual(11);
  });

  it('splits numbered actions and gives them their due months where the cells step together', () => {
    const byRef = new Map(doc.actions.map((a) => [a.ref, a]));
    expect(byRef.get('2.1.0')?.due).toMatchObject({ raw: 'Nov 2019', kind: 'month', end: '2019-11-30' });
    expect(byRef.get('2.2')?.due).toMatchObject({ raw: 'Dec 2019', kind: 'month' });
    expect(byRef.get('9.5.4')?.due).toMatchObject({ kind: 'month', end: '2019-11-30' });
    // Area 1's numbered actions share one cell with the end of an action cut off with the lost heading row.
    for (const ref of ['1.2.2', '1.3', '1.3.1', '1.3.5', '1.3.8']) expect(byRef.has(ref), ref).toBe(true);
    expect(byRef.get('1.3')?.text).toBe('Establish a Staff Workforce Group');
  });

  it("gives every action of a row the row's dates and leads when they do not step with its actions, and says so once", () => {
    // Area 6's row: eight actions beside four dates in one paragraph and "JW Sally Allen SD SD".
    const area6 = doc.actions.filter((a) => a.ref?.startsWith('6.'));
    expect(area6).toHaveLength(8);
    for (const action of area6) {
      expect(action.due).toMatchObject({ kind: 'several', start: '2019-07-01', end: '2019-09-30' });
      expect(action.leads).toEqual(['Jackie Wood', 'Sally Allen', 'Sarah Daly']);
    }
    const reported = doc.findings.filter((f) => f.code === 'import.cells_not_in_step');
    expect(
      reported.some((f) => f.location?.field === 'lead' && f.location.text === 'JW Sally Allen SD SD'),
    ).toBe(true);
    // One finding per thing said at one place, not one per action of the row.
    const said = doc.findings.map((f) => JSON.stringify([f.code, f.message, f.location]));
    expect(new Set(said).size).toBe(said.length);
  });

  it('places the cells of a row that lost one under the columns their text fits', () => {
    // Line 42 has six cells for seven columns: its lettered KPIs belong in the KPI column, not the lead column.
    const visits = doc.measures.find((m) => m.name.includes('stat visits'));
    expect(visits?.targets.map((t) => t.value)).toEqual([95]);
    expect(doc.findings.some((f) => f.code === 'import.cells_placed' && f.location?.line === 42)).toBe(true);
  });

  it('resolves initials to the people the plan introduces', () => {
    expect(doc.people.find((p) => p.name === 'Jackie Wood')?.initials).toBe('JW');
    const guidance = doc.actions.find((a) => a.ref === '3.4');
    expect(guidance?.leads).toEqual(['Jackie Wood']);
    expect(doc.actions.find((a) => a.ref === '12.7')?.leads).toEqual(['Jon Brydon', 'Amanda Radley']);
  });

  it('reads the numbered KPIs with their targets and interim targets', () => {
    const byRef = new Map(doc.measures.map((m) => [m.ref, m]));
    expect(byRef.get('19')).toMatchObject({
      name: '% of PF visits in first 7 days',
      unit: '%',
      targets: [{ value: 95 }],
    });
    expect(byRef.get('42')?.targets).toEqual([
      expect.objectContaining({ value: 70, by: '2019-10-31', kind: 'interim' }),
      expect.objectContaining({ value: 95, by: '2020-03-31', kind: 'final' }),
    ]);
    expect(byRef.get('28')?.targets).toEqual([expect.objectContaining({ value: null, text: 'Target: TBC' })]);
    expect(byRef.has('71')).toBe(true);
    expect(doc.measures.filter((m) => m.ref && Number(m.ref) >= 6 && Number(m.ref) <= 71)).toHaveLength(66);
  });
});
