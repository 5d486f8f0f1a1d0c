/** Downloads of actions, the whole plan and the scorecard: what a board paper needs, and no formula ever runs. */
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_COUNCIL } from '../../src/core/demo.ts';
import { demoDocumentInput } from '../support/plan-json.ts';
import { Browser, startTestApp, type TestApp } from '../support/web.ts';

const FORMULAS = [
  '=HYPERLINK("https://example.org","Click")',
  '+SUM(1,2)',
  '-2+3',
  '@cmd',
  '\tTab',
  '\rReturn',
];

/** A CSV's rows, each a list of cells. */
const rows = (text: string): string[][] => parse(text, {});

describe('downloads', () => {
  let t: TestApp;
  let browser: Browser;
  let planId: string;

  beforeAll(async () => {
    t = await startTestApp();
    browser = await new Browser(t.app).signIn();
    // A plan of our own whose texts are formulas, as a hostile or careless document might hold.
    const input = demoDocumentInput() as {
      actions: { text: string; leads: string[] }[];
      measures: { name: string }[];
      sections: { title: string }[];
    };
    FORMULAS.forEach((f, i) => (input.actions[i]!.text = f));
    input.measures[0]!.name = '=1+1';
    input.sections[0]!.title = '@SUM(A1)';
    planId = (await t.ops.importDocument(input, { organisation: DEMO_COUNCIL })).planId;
  });
  afterAll(async () => t?.close());

  const workbookOf = async (url: string) => {
    const response = await browser.get(url);
    expect(response.statusCode, url).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    return workbook;
  };
  const texts = (workbook: ExcelJS.Workbook) =>
    workbook.worksheets.flatMap((sheet) => {
      const out: { sheet: string; value: ExcelJS.CellValue }[] = [];
      sheet.eachRow((row) => row.eachCell((cell) => out.push({ sheet: sheet.name, value: cell.value })));
      return out;
    });

  it('writes no cell that a spreadsheet would run: CSV and Excel, actions, whole plan and scorecard', async () => {
    const csv = rows((await browser.get(`/plans/${planId}/actions.csv`)).body);
    const cells = csv.flat();
    expect(cells.filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);
    // Text keeps its words, behind the apostrophe that makes it text (leading tabs and returns were trimmed on import).
    for (const formula of FORMULAS.filter((f) => f === f.trim())) expect(cells).toContain(`'${formula}`);
    for (const url of [
      `/plans/${planId}/actions.xlsx`,
      `/plans/${planId}/plan.xlsx`,
      `/plans/${planId}/scorecard?format=xlsx`,
    ]) {
      const cells = texts(await workbookOf(url));
      const dangerous = cells.filter((c) => typeof c.value === 'string' && /^[=+\-@\t\r]/.test(c.value));
      expect(dangerous, url).toEqual([]);
      expect(
        cells.some((c) => typeof c.value === 'object' && c.value !== null && 'formula' in c.value),
        url,
      ).toBe(false);
    }
    const plan = await workbookOf(`/plans/${planId}/plan.xlsx`);
    expect(texts(plan).map((c) => c.value)).toContain('\'=HYPERLINK("https://example.org","Click")');
    const scorecardCsv = rows((await browser.get(`/plans/${planId}/scorecard?format=csv`)).body);
    expect(scorecardCsv.flat()).toContain("'=1+1");
  });

  it('gives the whole plan a sheet for each level, with the title on top and a frozen header row', async () => {
    const doc = await t.ops.exportDocument(t.planId);
    const workbook = await workbookOf(`/plans/${t.planId}/plan.xlsx`);
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      'Sections',
      'Recommendations',
      'Actions',
      'Milestones',
      'Measures',
    ]);
    const actions = workbook.getWorksheet('Actions')!;
    expect(actions.getCell('A1').text).toContain(doc.plan.title);
    expect(actions.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    expect(actions.rowCount - 3).toBe(doc.actions.filter((a) => !a.parentId).length);
    expect(workbook.getWorksheet('Milestones')!.rowCount - 3).toBe(
      doc.actions.filter((a) => a.parentId).length,
    );
    expect(workbook.getWorksheet('Recommendations')!.rowCount - 3).toBe(doc.recommendations.length);
    // A red rating is filled red.
    let filled = false;
    actions.eachRow((row, n) => {
      if (n > 3 && row.getCell(10).value === 'red')
        filled ||= (row.getCell(10).fill as ExcelJS.FillPattern).fgColor?.argb === 'FFD4351C';
    });
    expect(filled).toBe(true);
  });

  it('downloads the action list as filtered on the structure page', async () => {
    const doc = await t.ops.exportDocument(t.planId);
    const csv = (await browser.get(`/plans/${t.planId}/actions.csv?lead=Tom+Ashworth`)).body;
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe(
      "Ref,Level,Action,Section,Leads,Partners,Timescale,Due,Status,Lead's rating,Suggested rating,Overdue,Last update",
    );
    expect(lines.length - 1).toBe(doc.actions.filter((a) => a.leads.includes('Tom Ashworth')).length);
    const page = await browser.get(`/plans/${t.planId}/structure?lead=Tom+Ashworth`);
    expect(page.body).toContain(`/plans/${t.planId}/actions.csv?lead=Tom+Ashworth`);
  });
});
