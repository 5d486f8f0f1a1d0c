/** The whole plan as an Excel workbook: one sheet per level (sections, recommendations, actions, milestones, measures). */
import ExcelJS from 'exceljs';
import type { ActionView, PlanOverview } from '../core/read-models/action-views.ts';
import type { RegisterRow } from '../core/read-models/recommendation-register.ts';
import type { ScorecardRow } from '../core/queries/measure.queries.ts';
import { formatLong } from '../domain/calendar.ts';
import { ACTION_HEADINGS, actionRows, addSheet, RATING_COLUMNS } from './action-list.ts';

export function titleOf(doc: PlanOverview): string {
  return `${doc.plan.title} — ${doc.plan.organisation}${doc.plan.date ? `, ${formatLong(doc.plan.date)}` : ''}`;
}

export async function planWorkbook(
  doc: PlanOverview,
  views: ActionView[],
  register: RegisterRow[],
  scorecard: ScorecardRow[],
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const title = titleOf(doc);
  addSheet(
    workbook,
    'Sections',
    title,
    ['Kind', 'Ref', 'Title', 'Within', 'Accountable lead', 'Objectives'],
    doc.sections.map((s) => [
      s.kind,
      s.ref,
      s.title,
      doc.sections.find((p) => p.id === s.parentId)?.title ?? '',
      s.lead,
      s.objectives.join('; '),
    ]),
  );
  addSheet(
    workbook,
    'Recommendations',
    title,
    [
      'Ref',
      'Recommendation',
      'Source',
      'Report refs',
      'Timeframe',
      'Section',
      'Actions',
      'Complete',
      'Status',
    ],
    register.map((r) => [
      r.ref,
      r.text,
      r.source?.body ?? '',
      r.reportRefs.join('; '),
      r.timeframe,
      r.section?.title ?? '',
      r.rollup.total,
      r.rollup.complete,
      r.status.replace(/_/g, ' '),
    ]),
  );
  const rows = actionRows(doc, views);
  addSheet(
    workbook,
    'Actions',
    title,
    ACTION_HEADINGS,
    rows.filter((_, i) => views[i]?.level === 'action'),
    RATING_COLUMNS,
  );
  addSheet(
    workbook,
    'Milestones',
    title,
    ACTION_HEADINGS,
    rows.filter((_, i) => views[i]?.level === 'milestone'),
    RATING_COLUMNS,
  );
  addSheet(
    workbook,
    'Measures',
    title,
    ['Ref', 'Measure', 'Unit', 'Baseline', 'Latest period', 'Latest value', 'Target', 'Colour', 'Distance'],
    scorecard.map((r) => [
      r.measure.ref,
      r.measure.name,
      r.measure.unit,
      r.measure.baseline?.value ?? null,
      r.latest?.period ?? '',
      r.latest?.value ?? null,
      r.latest?.target?.value ?? null,
      r.latest?.colour ?? '',
      r.latest?.statement ?? 'No values yet',
    ]),
    [8],
  );
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
