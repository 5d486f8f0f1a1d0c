/** Measures and targets through the pages and the API, on a real database. */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_COUNCIL, DEMO_USER } from '../../src/core/demo.ts';
import { importFile } from '../../src/import/index.ts';
import { SAMPLE_DIR, samplesPresent } from '../support/samples.ts';
import { Browser, csrfIn, startTestApp, type TestApp } from '../support/web.ts';

describe('measures', () => {
  let t: TestApp;
  let browser: Browser;
  let org: string;
  let kpi1: string;

  beforeAll(async () => {
    t = await startTestApp();
    browser = await new Browser(t.app).signIn();
    org = (await t.ops.organisations()).find((o) => o.name === DEMO_COUNCIL)!.id;
    kpi1 = (await t.ops.measuresOf(t.planId)).find((m) => m.ref === 'KPI 1')!.id;
  });
  afterAll(async () => t?.close());

  const multipart = (fields: Record<string, string>, file: { name: string; content: string }) => {
    const boundary = '----ipt' + Math.random().toString(16).slice(2);
    const parts = Object.entries(fields).map(
      ([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`,
    );
    parts.push(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: text/csv\r\n\r\n${file.content}\r\n--${boundary}--\r\n`,
    );
    return { payload: parts.join(''), contentType: `multipart/form-data; boundary=${boundary}` };
  };

  it('shows the scorecard with each measure against the target that applies', async () => {
    const page = await browser.get(`/plans/${t.planId}/scorecard`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('data-qa="scorecard"');
    expect(page.body).toContain('7 points below the 95% target due 31 March 2027');
    expect(page.body).toContain('Target to be confirmed');
    const red = await browser.get(`/plans/${t.planId}/scorecard?colour=red`);
    expect(Number(/data-qa="measure-count">(\d+)/.exec(red.body)?.[1])).toBeLessThan(
      Number(/data-qa="measure-count">(\d+)/.exec(page.body)?.[1]),
    );
  });

  it('filters the scorecard by section through the actions each measure evidences, and lists those actions', async () => {
    const doc = await t.ops.exportDocument(t.planId);
    // Each top-level section's measures, worked out here from the plan document itself.
    const top = (id: string | null): string | null => {
      const s = doc.sections.find((x) => x.id === id);
      return s?.parentId ? top(s.parentId) : (s?.id ?? null);
    };
    for (const section of doc.sections.filter((s) => s.parentId === null)) {
      const expected = new Set(
        doc.actions.filter((a) => top(a.sectionId) === section.id).flatMap((a) => a.measureIds),
      );
      const page = await browser.get(`/plans/${t.planId}/scorecard?section=${section.id}`);
      expect(Number(/data-qa="measure-count">(\d+)/.exec(page.body)?.[1]), section.title).toBe(expected.size);
    }
    const measure = doc.measures.find((m) => doc.actions.some((a) => a.measureIds.includes(m.id)))!;
    const page = await browser.get(`/measures/${measure.id}`);
    for (const action of doc.actions.filter((a) => a.measureIds.includes(measure.id)))
      expect(page.body).toContain(`href="/actions/${action.id}"`);
    expect(page.body).not.toContain('None linked');
  });

  it('downloads the scorecard as Excel and CSV', async () => {
    const csv = await browser.get(`/plans/${t.planId}/scorecard?format=csv`);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.body.split('\r\n')[0]).toBe(
      'Ref,Measure,Unit,Period,Value,Target,Target due,Colour,Distance,Since last period,Since a year before,Comparator',
    );
    expect(csv.body).toContain(
      'KPI 1,Referrals with a decision within one working day,%,2026-10,88,95,31 March 2027,red',
    );
    const xlsx = await t.app.inject({
      method: 'GET',
      url: `/plans/${t.planId}/scorecard?format=xlsx`,
      headers: { cookie: browser.cookieHeader },
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Scorecard');
    expect(sheet?.getRow(2).getCell(1).value).toBe('KPI 1');
    expect(sheet?.rowCount).toBe(5);
  });

  it('enters a value, changing the colour and the chart, and keeps corrections in the history', async () => {
    const before = await browser.get(`/measures/${kpi1}`);
    const circles = (html: string) => (html.match(/<circle /g) ?? []).length;
    const saved = await browser.post(`/measures/${kpi1}/values`, {
      _csrf: csrfIn(before.body),
      period: '2026-11',
      value: '93',
    });
    expect(saved.statusCode).toBe(303);
    const after = await browser.get(`/measures/${kpi1}`);
    expect(after.body).toMatch(/data-qa="measure-colour">Amber/);
    expect(after.body).toContain('2 points below the 95% target due 31 March 2027');
    expect(circles(after.body)).toBe(circles(before.body) + 1);
    await browser.post(`/measures/${kpi1}/values`, {
      _csrf: csrfIn(after.body),
      period: '2026-11',
      value: '91',
      note: 'Corrected after data cleansing',
    });
    const corrected = await browser.get(`/measures/${kpi1}`);
    expect(corrected.body).toContain('Corrected later');
    expect(corrected.body).toContain('Current – Corrected after data cleansing');
    expect(corrected.body).toMatch(/data-qa="measure-recommendations">[\s\S]*IN1/);
    const audit = await t.ops.audit(org, { entityType: 'measure_value', entityId: kpi1 });
    expect(audit.at(-1)).toMatchObject({
      operation: 'update',
      before: { period: '2026-11', value: 93 },
      after: { value: 91 },
    });
  });

  it('shows the value form errors in the error summary', async () => {
    const page = await browser.get(`/measures/${kpi1}`);
    const response = await browser.post(`/measures/${kpi1}/values`, {
      _csrf: csrfIn(page.body),
      period: 'soon',
      value: 'lots',
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('govuk-error-summary');
    expect(response.body).toContain('Enter a period such as 2026-10');
    expect(response.body).toContain('Enter the value as a number');
  });

  it('previews an uploaded values file, listing every rejected row, and stores nothing until confirmed', async () => {
    const page = await browser.get(`/plans/${t.planId}/values`);
    const csv = [
      'Measure ref,Period,Value,Note,England',
      'KPI 2,2026-Q4,23,,21',
      'KPI 4,2026-10,19.5,Agency conversions,',
      'KPI 9,2026-10,12,,',
      'KPI 4,October,18,,',
      'KPI 4,2026-11,lots,,',
      'KPI 4,2026-10,18,,',
    ].join('\n');
    const { payload, contentType } = multipart(
      { _csrf: csrfIn(page.body) },
      { name: 'values.csv', content: csv },
    );
    const upload = await t.app.inject({
      method: 'POST',
      url: `/plans/${t.planId}/values`,
      payload,
      headers: { cookie: browser.cookieHeader, 'content-type': contentType },
    });
    expect(upload.statusCode).toBe(303);
    const preview = await browser.get(upload.headers.location as string);
    expect(preview.body).toContain('2 rows can be saved; 4 rows are rejected.');
    for (const reason of [
      'No measure in this plan has the ref &quot;KPI 9&quot;',
      '&quot;October&quot; is not a period',
      '&quot;lots&quot; is not a number',
      'A second value for KPI 4 in 2026-10',
    ]) {
      expect(preview.body).toContain(reason);
    }
    const kpi4 = (await t.ops.measuresOf(t.planId)).find((m) => m.ref === 'KPI 4')!;
    expect(kpi4.values.some((v) => v.period === '2026-10')).toBe(false);
    const confirm = await browser.post(`${upload.headers.location}/confirm`, { _csrf: csrfIn(preview.body) });
    expect(confirm.statusCode).toBe(303);
    const stored = await t.ops.measuresOf(t.planId);
    expect(stored.find((m) => m.ref === 'KPI 4')!.values.find((v) => v.period === '2026-10')).toEqual({
      period: '2026-10',
      value: 19.5,
      note: 'Agency conversions',
    });
    expect(stored.find((m) => m.ref === 'KPI 2')!.comparators).toContainEqual({
      name: 'England',
      period: '2026-Q4',
      value: 21,
    });
  });

  it('takes values through the API, refusing a batch with bad rows as a whole', async () => {
    const token = (await t.ops.createToken(DEMO_USER.email)).token;
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const one = await t.app.inject({
      method: 'POST',
      url: `/api/measures/${kpi1}/values`,
      headers,
      payload: { period: '2026-12', value: 96 },
    });
    expect(one.statusCode).toBe(201);
    expect(one.json().latest).toMatchObject({ period: '2026-12', colour: 'green' });
    const rows = [
      { measureRef: 'KPI 3', period: 'Autumn 2026', value: 88 },
      { measureRef: 'KPI 3', period: 'Winter 2026', value: 90 },
    ];
    const bad = await t.app.inject({
      method: 'POST',
      url: `/api/plans/${t.planId}/values`,
      headers,
      payload: { rows },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].reason).toMatch(/"Winter 2026" is not a period/);
    const kpi3 = async () => (await t.ops.measuresOf(t.planId)).find((m) => m.ref === 'KPI 3')!;
    expect((await kpi3()).values.some((v) => v.period === 'Autumn 2026')).toBe(false);
    const dry = await t.app.inject({
      method: 'POST',
      url: `/api/plans/${t.planId}/values?dryRun=true`,
      headers,
      payload: { rows: rows.slice(0, 1) },
    });
    expect(dry.json().accepted[0]).toMatchObject({ change: 'new', value: 88 });
    expect((await kpi3()).values.some((v) => v.period === 'Autumn 2026')).toBe(false);
    const good = await t.app.inject({
      method: 'POST',
      url: `/api/plans/${t.planId}/values`,
      headers,
      payload: { rows: rows.slice(0, 1) },
    });
    expect(good.statusCode).toBe(201);
    expect((await kpi3()).values.some((v) => v.period === 'Autumn 2026')).toBe(true);
  });

  it('changes how a measure is judged, refusing a stale version', async () => {
    const kpi2 = (await t.ops.measuresOf(t.planId)).find((m) => m.ref === 'KPI 2')!.id;
    const page = await browser.get(`/measures/${kpi2}`);
    expect(page.body).toMatch(/data-qa="measure-colour">Amber/);
    const version = /name="version" value="(\d+)"/.exec(
      page.body.slice(page.body.indexOf('data-qa="settings-form"')),
    )?.[1] as string;
    const form = {
      _csrf: csrfIn(page.body),
      version,
      tolerance: '2',
      trajectory: 'stepwise',
      heldPeriods: '3',
      frequency: 'quarterly',
      dataSource: 'Case system',
      owner: 'Performance team',
    };
    const bad = await browser.post(`/measures/${kpi2}/settings`, {
      ...form,
      tolerance: '-1',
      heldPeriods: '0',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('The amber tolerance cannot be negative');
    expect(bad.body).toContain('Enter at least 1 period');
    expect((await browser.post(`/measures/${kpi2}/settings`, form)).statusCode).toBe(303);
    const after = await browser.get(`/measures/${kpi2}`);
    expect(after.body).toMatch(/data-qa="measure-colour">Red/);
    expect(after.body).toContain('value="Performance team"');
    const stale = await browser.post(`/measures/${kpi2}/settings`, { ...form, tolerance: '9' });
    expect(stale.statusCode).toBe(409);
    const audit = await t.ops.audit(org, { entityType: 'measure', entityId: kpi2 });
    expect(audit.at(-1)).toMatchObject({
      before: { tolerance: null },
      after: { tolerance: 2, owner: 'Performance team' },
    });
  });

  it('shows the scorecard summary on the dashboard', async () => {
    const page = await browser.get(`/plans/${t.planId}`);
    expect(page.body).toContain('data-qa="measure-summary"');
    expect(page.body).toContain('data-qa="furthest"');
  });

  it.skipIf(!samplesPresent()).each([
    ['kent-2011-improvement-plan.txt', ['IN3.1', 'IN14']],
    ['west-sussex-2019-practice-improvement-plan.txt', ['% of PF visits in first 7 days', 'No values yet']],
  ])('puts the measures of the imported sample plan %s on its scorecard', async (file, expected) => {
    const doc = await importFile(`${SAMPLE_DIR}${file}`);
    const saved = await t.ops.importDocument(doc, { organisation: 'Riverside Borough Council' });
    const page = await browser.get(`/plans/${saved.planId}/scorecard`);
    expect(page.statusCode).toBe(200);
    for (const text of expected) expect(page.body).toContain(text);
    expect(Number(/data-qa="measure-count">(\d+)/.exec(page.body)?.[1])).toBe(doc.measures.length);
  });
});
