/**
 * The team's own fixture plans (fictional councils, fictional text) in Word and Excel, built with the
 * same libraries a council's own tools would use, so the readers meet real .docx and .xlsx files.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, WidthType } from 'docx';
import ExcelJS from 'exceljs';

const cell = (...paragraphs: string[]) =>
  new TableCell({ children: paragraphs.map((text) => new Paragraph(text)) });
const row = (...cells: (string | string[])[]) =>
  new TableRow({ children: cells.map((c) => (Array.isArray(c) ? cell(...c) : cell(c))) });
const spanning = (text: string, columns: number) =>
  new TableRow({ children: [new TableCell({ columnSpan: columns, children: [new Paragraph(text)] })] });

export async function writeDocxFixture(dir: string): Promise<string> {
  const table = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      row(
        'Theme',
        'No',
        'Issue raised in the report',
        'Action',
        'Date to be delivered by',
        'Responsible officer',
        'Progress',
      ),
      row(
        'Leadership',
        '1',
        'Leaders do not know the quality of practice.',
        ['1.1 Publish a quality assurance framework', '1.2 Report audit findings to the Improvement Board'],
        ['30 June 2025', 'Monthly'],
        ['Kate Morris', 'Ben Adeyemi'],
        'On schedule',
      ),
      row(
        '',
        '2',
        'Supervision is not regular enough.',
        'Set a supervision standard of every four weeks',
        'Sept 2025',
        'Ben Adeyemi',
        'In progress',
      ),
      row(
        'Workforce',
        '3',
        'Too many agency social workers.',
        'Run a recruitment campaign for permanent social workers',
        '1 April – 30 June 2025',
        'Kate Morris',
        'Behind schedule',
      ),
      spanning('R4 RECOMMENDATION: Improve the voice of the child in assessments.', 7),
      spanning('R5 RECOMMENDATION: Make sure children in care have up-to-date health assessments.', 7),
      row(
        '',
        '',
        '',
        'Work with the Integrated Care Board on health assessments *Joint with Health',
        'TBC',
        'Ben Adeyemi',
        'Not started',
      ),
    ],
  });
  return writeDocx(join(dir, 'westfield-plan.docx'), [
    new Paragraph({ text: 'Westfield Borough Council', heading: HeadingLevel.TITLE }),
    new Paragraph({
      text: 'Improvement Plan following the Improvement Notice',
      heading: HeadingLevel.HEADING_1,
    }),
    new Paragraph('March 2025'),
    new Paragraph({ text: 'Our vision', heading: HeadingLevel.HEADING_2 }),
    new Paragraph('Children in Westfield are safe, heard and helped early.'),
    new Paragraph({ text: 'The plan', heading: HeadingLevel.HEADING_2 }),
    table,
  ]);
}

/** A Word document of one section holding `children`, written to `file`. */
async function writeDocx(file: string, children: (Paragraph | Table)[]): Promise<string> {
  await writeFile(file, await Packer.toBuffer(new Document({ sections: [{ children }] })));
  return file;
}

export async function writeXlsxFixture(dir: string): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  const plan = workbook.addWorksheet('Action plan');
  plan.addRow(['No.', 'Area for improvement', 'Actions', 'By when', 'Lead', 'Progress (RAG)', 'Evidence']);
  plan.addRow([
    '1',
    'Children wait too long for assessments.',
    'Clear the backlog of assessments\nIntroduce weekly tracking of assessments',
    'Oct-25\nNov-25',
    'Sam Lee\nJo Park (JP)',
    'Green',
    'Weekly tracker',
  ]);
  plan.addRow(['', '', 'Audit 30 assessments every quarter and share', 'Quarterly', 'Jo Park', 'Amber', '']);
  plan.addRow(['', '', 'the learning with team managers.', '', '', '', '']);
  plan.addRow([
    '2',
    'Plans are not specific.',
    'Train managers in outcome-focused planning',
    new Date(Date.UTC(2026, 0, 31)),
    'JP',
    'Red',
    '',
  ]);
  plan.addRow(['3', 'Care leavers lack suitable accommodation.', '', '', '', '', '']);
  const leads = workbook.addWorksheet('Leads and job titles');
  leads.addRow(['Name', 'Job title']);
  leads.addRow(['Sam Lee', 'Service Manager, Assessment']);
  leads.addRow(['Jo Park', 'Principal Social Worker']);
  const file = join(dir, 'kingsmere-plan.xlsx');
  await workbook.xlsx.writeFile(file);
  return file;
}

/**
 * The same small plan with merged cells, as Word and Excel files: a Priority cell merged down its rows, a
 * recommendation heading merged across the table, and an action merged across the timescale column it lacks.
 */
const MERGED_HEADINGS = ['Priority', 'Ref', 'Action', 'Timescale', 'Lead', 'RAG'];

export async function writeMergedDocxFixture(dir: string): Promise<string> {
  const text = (value: string, options: { rowSpan?: number; columnSpan?: number } = {}) =>
    new TableCell({ ...options, children: [new Paragraph(value)] });
  const table = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ children: MERGED_HEADINGS.map((h) => text(h)) }),
      new TableRow({
        children: [text('RECOMMENDATION 1: Children are seen alone on every visit.', { columnSpan: 6 })],
      }),
      new TableRow({
        children: [
          text('Safe practice', { rowSpan: 2 }),
          text('1.1'),
          text('Record on every visit whether the child was seen alone'),
          text('31 May 2026'),
          text('Priya Shah'),
          text('Green'),
        ],
      }),
      new TableRow({
        children: [
          text('1.2'),
          text('Audit visits each month and report to the board', { columnSpan: 2 }),
          text('Tom Reyes'),
          text('Amber'),
        ],
      }),
    ],
  });
  return writeDocx(join(dir, 'ashdown-merged.docx'), [
    new Paragraph('Ashdown County Council'),
    new Paragraph('Improvement Plan'),
    new Paragraph('April 2026'),
    table,
  ]);
}

export async function writeMergedXlsxFixture(dir: string): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Plan');
  sheet.addRow(MERGED_HEADINGS);
  sheet.addRow(['RECOMMENDATION 1: Children are seen alone on every visit.']);
  sheet.addRow([
    'Safe practice',
    '1.1',
    'Record on every visit whether the child was seen alone',
    '31 May 2026',
    'Priya Shah',
    'Green',
  ]);
  sheet.addRow(['', '1.2', 'Audit visits each month and report to the board', '', 'Tom Reyes', 'Amber']);
  sheet.mergeCells('A2:F2');
  sheet.mergeCells('A3:A4');
  sheet.mergeCells('C4:D4');
  const file = join(dir, 'ashdown-merged.xlsx');
  await workbook.xlsx.writeFile(file);
  return file;
}
