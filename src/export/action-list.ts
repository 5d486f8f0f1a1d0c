/**
 * Actions and milestones as rows of a spreadsheet or CSV: one row each, with what a board paper needs. Every
 * text cell is neutralised against formula injection (a cell that starts =, +, -, @, tab or CR is written as text).
 */
import ExcelJS from 'exceljs';
import type { ActionView } from '../core/read-models/action-views.ts';
import type { PlanOverview } from '../core/read-models/action-views.ts';
import { neutraliseFormula, type Cell } from './cells.ts';

export const ACTION_HEADINGS = [
  'Ref',
  'Level',
  'Action',
  'Section',
  'Leads',
  'Partners',
  'Timescale',
  'Due',
  'Status',
  "Lead's rating",
  'Suggested rating',
  'Overdue',
  'Last update',
] as const;

const RAG_FILLS: Record<string, string> = {
  red: 'FFD4351C',
  amber: 'FFF47738',
  green: 'FF00703C',
  blue: 'FF1D70B8',
  grey: 'FFB1B4B6',
};

export function actionRows(doc: PlanOverview, views: ActionView[]): Cell[][] {
  const sections = new Map(
    doc.sections.map((s) => [s.id, `${s.kind}${s.ref ? ` ${s.ref}` : ''}: ${s.title}`]),
  );
  return views.map((v) => [
    v.action.ref,
    v.level === 'milestone' ? 'Milestone' : 'Action',
    v.action.text,
    v.sectionId ? (sections.get(v.sectionId) ?? '') : '',
    v.action.leads.join('; '),
    v.action.partners.join('; '),
    v.action.due?.raw ?? '',
    v.action.due?.end ?? '',
    v.action.status?.raw ?? '',
    v.rating ?? '',
    v.suggestion.colour ?? '',
    v.overdue ? 'Yes' : 'No',
    v.lastUpdate ?? '',
  ]);
}

/**
 * A sheet with the plan's title and date on top, a bold frozen header row, text neutralised, and the rating
 * columns filled with their colour.
 */
export function addSheet(
  workbook: ExcelJS.Workbook,
  name: string,
  title: string,
  headings: readonly string[],
  rows: Cell[][],
  ratingColumns: number[] = [],
) {
  const sheet = workbook.addWorksheet(name);
  sheet.addRow([neutraliseFormula(title)]).font = { bold: true, size: 14 };
  sheet.addRow([]);
  const header = sheet.addRow([...headings]);
  header.font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 3 }];
  for (const values of rows) {
    const row = sheet.addRow(values.map((v) => (typeof v === 'string' ? neutraliseFormula(v) : v)));
    for (const column of ratingColumns) {
      const fill = RAG_FILLS[String(values[column - 1] ?? '')];
      if (fill) {
        const cell = row.getCell(column);
        cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: fill } };
        cell.font = { color: { argb: 'FFFFFFFF' }, bold: true };
      }
    }
  }
  sheet.columns.forEach(
    (c, i) => (c.width = headings[i] === 'Action' || headings[i] === 'Recommendation' ? 60 : 18),
  );
  return sheet;
}

export const RATING_COLUMNS = [
  ACTION_HEADINGS.indexOf("Lead's rating") + 1,
  ACTION_HEADINGS.indexOf('Suggested rating') + 1,
];
