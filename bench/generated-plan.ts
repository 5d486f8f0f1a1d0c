/** The benchmarks' plans: by default 300 actions with 36 months of monthly updates each, and 70 measures of 36 periods. */
import { PLAN_FORMAT, type PlanDocumentInput } from '../src/domain/plan-format.ts';

export const ACTIONS = 300;
export const MONTHS = 36;
export const MEASURES = 70;

export function generatedPlan(
  size: { actions?: number; months?: number; measures?: number; organisation?: string; leads?: number } = {},
): PlanDocumentInput {
  const {
    actions: actionCount = ACTIONS,
    months: monthCount = MONTHS,
    measures: measureCount = MEASURES,
  } = size;
  const sections = Array.from({ length: 6 }, (_, i) => ({
    id: `s${i + 1}`,
    parentId: null,
    kind: 'Priority',
    ref: String(i + 1),
    title: `Priority ${i + 1}`,
  }));
  const statuses = ['On schedule', 'In progress', 'Behind schedule', 'Complete', 'Not started'];
  const named = ['Grace Okafor', 'Daniel Marsh', 'Priya Nandra', 'Tom Ashworth', 'Lucy Wren'];
  // More leads than the five named ones: "Lead Six", "Lead Seven" … as plans name people, first and last.
  const leads = size.leads
    ? Array.from({ length: size.leads }, (_, i) => named[i] ?? `Lead Number${i + 1}`)
    : named;
  const actions = Array.from({ length: actionCount }, (_, i) => ({
    id: `a${i + 1}`,
    ref: `${(i % 6) + 1}.${Math.floor(i / 6) + 1}`,
    sectionId: `s${(i % 6) + 1}`,
    text: `Generated action ${i + 1}: improve the timeliness and quality of practice in area ${i % 17}.`,
    leads: [leads[i % leads.length] as string],
    due: { raw: `${(i % 28) + 1}/${(i % 12) + 1}/${2024 + (i % 4)}` },
    status: { raw: statuses[i % statuses.length] as string },
    updates: Array.from({ length: monthCount }, (_, m) => ({
      date: `${2023 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}-15`,
      author: leads[(i + m) % leads.length] as string,
      narrative: `Month ${m + 1}: progress recorded against the action, with evidence from audit.`,
      status: { raw: statuses[(i + m) % statuses.length] as string },
    })),
  }));
  return {
    format: PLAN_FORMAT,
    plan: {
      title: 'Generated benchmark plan',
      organisation: size.organisation ?? 'Benchmark Council',
      date: '2023-01-01',
    },
    sections,
    actions,
    people: leads.map((name, i) => ({
      id: `p${i}`,
      name,
      email: `${name.toLowerCase().replace(' ', '.')}@benchmark.example`,
    })),
    measures: Array.from({ length: measureCount }, (_, i) => ({
      id: `m${i + 1}`,
      ref: String(i + 1),
      name: `Generated measure ${i + 1}`,
      unit: '%',
      polarity: i % 3 === 0 ? ('lower_is_better' as const) : ('higher_is_better' as const),
      baseline: { value: 50, period: '2023-01' },
      targets: [
        { value: 70, by: '2024-12-31', kind: 'interim' as const },
        { value: 90, by: '2025-12-31', kind: 'final' as const },
      ],
      comparators: [{ name: 'England', period: '2025-12', value: 75 }],
      values: Array.from({ length: monthCount }, (_, m) => ({
        period: `${2023 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`,
        value: 50 + ((m * 7 + i) % 45),
      })),
    })),
  };
}
