/**
 * The importer's findings as a programme manager reads them: grouped by what they are about, in plain words,
 * with a severity tag and where each is in the document ("table 3, row 12, column Who"; "line 300" in text).
 * The codes stay in the Plan JSON; they are not headings.
 */
import type { PlanDocument } from '../domain/plan-format.ts';

type Finding = PlanDocument['findings'][number];

const GROUPS: Record<string, string> = {
  'timescale.impossible_date': 'Dates that cannot be right',
  'timescale.before_plan_date': "Dates before the plan's own date",
  'timescale.not_understood': 'Timescales that were not understood',
  'import.action_without_lead': 'Actions with no lead',
  'import.action_without_due': 'Actions with no timescale',
  'import.unknown_initials': 'Initials that match nobody',
  'import.cells_not_in_step':
    'Dates or leads given to all the actions of their row, as they could not be matched one to each',
  'import.layout_guessed': 'Tables read without a heading row',
  'import.table_skipped': 'Tables left out',
  'import.text_not_filed': 'Text kept out of the plan',
  'import.column_unknown': 'Columns that were not read',
  'import.cell_unmatched': 'Text in columns that were not read',
  'import.recommendation_without_action': 'Recommendations with no action',
  'import.recommendation_ref_unknown': 'Recommendations named but not listed',
  'import.duplicate_ref': 'References used twice',
  'import.organisation_unknown': 'The council is not named',
  'import.plan_date_unknown': "The plan's date was not found",
  'import.person_spelled_twice': 'One person spelled two ways?',
  'import.due_column_chosen': 'Which date column gave the due dates',
  'import.cells_placed': 'Rows that lost a cell',
  'import.row_not_placed': 'Rows with no action to belong to',
};

const SEVERITY = { error: 'Error', warning: 'Warning', info: 'Note' } as const;
const ORDER = { error: 0, warning: 1, info: 2 } as const;

/** Where a finding is, in the document's own terms. */
export function whereIs(finding: Finding): string {
  const at = finding.location;
  if (!at) return '';
  if (at.line !== undefined) return `line ${at.line}`;
  const parts = [
    at.sheet ? `sheet “${at.sheet}”` : at.table !== undefined ? `table ${at.table}` : null,
    at.row !== undefined ? `row ${at.row}` : null,
    at.field ? `column ${at.field}` : null,
  ].filter(Boolean);
  return parts.join(', ');
}

export interface FindingGroup {
  code: string;
  title: string;
  severity: Finding['severity'];
  tag: string;
  items: { message: string; where: string; text: string | null }[];
}

export function findingGroups(findings: Finding[]): FindingGroup[] {
  const groups = new Map<string, FindingGroup>();
  for (const finding of findings) {
    const group = groups.get(finding.code) ?? {
      code: finding.code,
      title: GROUPS[finding.code] ?? 'Other findings',
      severity: finding.severity,
      tag: SEVERITY[finding.severity],
      items: [],
    };
    group.items.push({
      // The message's own "(row 12)" is said by `where`.
      message: finding.message.replace(/\s*\((?:line|row) \d+\)$/, ''),
      where: whereIs(finding),
      text: finding.location?.text ?? null,
    });
    groups.set(finding.code, group);
  }
  return [...groups.values()].sort(
    (a, b) => ORDER[a.severity] - ORDER[b.severity] || b.items.length - a.items.length,
  );
}
