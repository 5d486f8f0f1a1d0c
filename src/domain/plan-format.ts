/**
 * Plan JSON (`improvement-plan/v1`): the interchange format for a whole plan, and the shape of the plan
 * model. The JSON Schema in `schema/` and `docs/plan-format.md` are written from these definitions.
 * Names are fixed once published: add fields, never rename.
 */
import { z } from 'zod';
import { isIsoDate } from './calendar.ts';
import { parsePeriod } from './periods.ts';
import { COLOURS, RAG_VALUES, STATES } from './status.ts';
import { TIMESCALE_KINDS } from './timescale.ts';

export const PLAN_FORMAT = 'improvement-plan/v1';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
  .refine(isIsoDate, 'is not a date that exists')
  .describe('A calendar date, YYYY-MM-DD');
/** Generous for any real plan, small enough that one field cannot fill the database. */
export const TEXT_LIMIT = 50_000;
const id = z.string().min(1).max(200).describe('An identifier, unique within the document');
const text = z.string().max(TEXT_LIMIT, `must be ${TEXT_LIMIT.toLocaleString('en-GB')} characters or fewer`);
const optionalText = text.nullable().default(null);
const period = text
  .min(1)
  .max(40)
  .refine((p) => parsePeriod(p) !== null, 'is not a period (2026-10, 2026-Q3, 2025-26, Summer 2026 …)');
const list = <T extends z.ZodType>(item: T) => z.array(item).default([]);

export const SOURCE_BODIES = [
  'ofsted',
  'cqc',
  'improvement_notice',
  'peer_challenge',
  'scrutiny',
  'earlier_plan',
  'internal',
  'other',
] as const;

export const MEASURE_FREQUENCIES = [
  'weekly',
  'monthly',
  'quarterly',
  'termly',
  'annual',
  'academic year',
] as const;

export const PLAN_STATES = ['draft', 'approved', 'closed'] as const;
export const RECOMMENDATION_KINDS = ['recommendation', 'advice', 'target', 'area_of_concern'] as const;
/** What shows a recommendation's impact: a measure at its target, an audit, a monitoring visit, a document. */
export const CLOSURE_EVIDENCE = ['measure', 'audit', 'monitoring_visit', 'document'] as const;
export const ACTION_KINDS = ['action', 'milestone', 'sub_action'] as const;
export const POLARITIES = ['higher_is_better', 'lower_is_better'] as const;
export const TARGET_KINDS = ['interim', 'final'] as const;

export const StatusKeyEntrySchema = z.object({
  label: text.min(1),
  state: z.enum(STATES),
  colour: z.enum(COLOURS),
  description: optionalText,
});

export const GovernanceSchema = z.object({
  board: text.min(1).describe('e.g. Improvement Board'),
  rhythm: optionalText.describe('How often it meets or reports: weekly, monthly, quarterly …'),
  reportsTo: optionalText,
  receives: optionalText.describe('What the board receives: highlight report, scorecard, exceptions …'),
  members: list(z.object({ name: text.min(1), role: optionalText })),
  meetings: list(isoDate).describe('Dates of its meetings'),
  updateDeadlineDays: z
    .number()
    .int()
    .min(0)
    .max(90)
    .default(7)
    .describe('How many days before each meeting the updates for it are due'),
  escalations: z
    .number()
    .int()
    .min(0)
    .max(3)
    .default(3)
    .describe(
      "How many times after the update deadline the plan's managers are told who has not updated (0 to 3)",
    ),
});

export const NarrativePartSchema = z.object({ title: text, text });

export const RagSettingsSchema = z.object({
  dueSoonDays: z.number().int().min(0).default(30),
  staleUpdateDays: z.number().int().min(0).default(30),
});

export const PlanHeaderSchema = z.object({
  title: text.min(1).max(1_000),
  organisation: text.min(1).max(200).describe('The name of the organisation that owns the plan'),
  version: optionalText,
  state: z.enum(PLAN_STATES).default('draft'),
  date: isoDate.nullable().default(null).describe("The plan's own date; anchors relative timescales"),
  inspectionDate: isoDate.nullable().default(null),
  approvedDate: isoDate.nullable().default(null),
  statusKey: list(StatusKeyEntrySchema),
  governance: list(GovernanceSchema),
  narrative: list(NarrativePartSchema).describe('Vision, strengths, areas of concern, approach … in order'),
  partners: list(text).describe('Partner organisations named by the plan'),
  ragSettings: RagSettingsSchema.default({ dueSoonDays: 30, staleUpdateDays: 30 }),
});

export const SourceSchema = z.object({
  id,
  body: z.enum(SOURCE_BODIES),
  title: text,
  date: isoDate.nullable().default(null),
});

export const SectionSchema = z.object({
  id,
  parentId: id.nullable().default(null),
  kind: text.min(1).describe("The plan's own word: Priority, Theme, Pillar, Outcome …"),
  ref: optionalText,
  title: text,
  lead: optionalText,
  objectives: list(text),
});

export const RecommendationSchema = z.object({
  id,
  ref: optionalText,
  sectionId: id.nullable().default(null),
  kind: z.enum(RECOMMENDATION_KINDS).default('recommendation'),
  text,
  sourceId: id.nullable().default(null),
  alsoFrom: list(id).describe('Other sources that made the same recommendation ("Ofsted … CQC …")'),
  reportRefs: list(text),
  timeframe: optionalText,
  closure: z
    .object({
      kind: z.enum(CLOSURE_EVIDENCE),
      detail: text,
      measureId: id.nullable().default(null),
      closedBy: text,
      closedAt: text,
    })
    .nullable()
    .default(null)
    .describe('Closed on evidence of its impact, not only because its actions are complete'),
});

export const DueSchema = z.object({
  raw: text,
  kind: z.enum(TIMESCALE_KINDS).optional(),
  start: isoDate.nullable().optional(),
  end: isoDate.nullable().optional(),
  recurrence: z.string().nullable().optional(),
});

export const StatusSchema = z.object({
  raw: text,
  state: z.enum(STATES).nullable().default(null),
  rag: z.enum(RAG_VALUES).nullable().default(null),
  setBy: optionalText,
  setAt: optionalText,
});

export const ProgressUpdateSchema = z.object({
  id: z.string().max(200).optional().describe('Given by ipt, so an update can be corrected or withdrawn'),
  version: z.number().int().positive().optional().describe('Given by ipt: name it to correct the update'),
  date: isoDate,
  author: text,
  narrative: text,
  status: StatusSchema.nullable().default(null),
  evidence: list(text),
});

export const ActionSchema = z.object({
  id,
  ref: optionalText,
  kind: z.enum(ACTION_KINDS).default('action'),
  sectionId: id.nullable().default(null),
  parentId: id.nullable().default(null).describe('Milestones and sub-actions name their action'),
  recommendationIds: list(id),
  text: text.trim().min(1, 'must not be empty'),
  leads: list(text).describe("People's names"),
  partners: list(text),
  joint: z.boolean().default(false),
  due: DueSchema.nullable().default(null),
  status: StatusSchema.nullable().default(null),
  progress: optionalText,
  successCriteria: list(text),
  monitoring: list(text),
  evidence: list(text),
  crossRefs: list(text).describe('Codes such as "IN 3." or "O 14." as written'),
  measureIds: list(id),
  signOff: z
    .object({ requestedBy: text, requestedAt: text })
    .nullable()
    .default(null)
    .describe('Marked complete by its lead and waiting for sign-off: not complete until signed off'),
  updates: list(ProgressUpdateSchema).describe('Dated progress updates, oldest first'),
});

export const TargetSchema = z.object({
  value: z.number().nullable().default(null).describe('null when the target is to be confirmed'),
  by: isoDate.nullable().default(null),
  kind: z.enum(TARGET_KINDS).default('final'),
  text: optionalText.describe('The target as written'),
});

export const MeasureValueSchema = z.object({
  period: period.describe('2019-10, 2019-Q3, 2019/20 …'),
  value: z.number().nullable(),
  note: optionalText,
});

export const ComparatorSchema = z.object({
  name: text.min(1).describe('England, statistical neighbours, region …'),
  period: text.min(1),
  value: z.number(),
});

export const MeasureSchema = z.object({
  id,
  ref: optionalText,
  name: text.min(1),
  definition: optionalText,
  unit: z.string().default('count').describe('%, count, days, rate per 10,000, score'),
  polarity: z.enum(POLARITIES).default('higher_is_better'),
  frequency: z.enum(MEASURE_FREQUENCIES).nullable().default(null),
  baseline: z.object({ value: z.number().nullable(), period: optionalText }).nullable().default(null),
  targets: list(TargetSchema),
  comparators: list(ComparatorSchema),
  values: list(MeasureValueSchema),
  tolerance: z
    .number()
    .min(0)
    .nullable()
    .default(null)
    .describe('Amber when within this of the target, in the unit (default 5 points for %)'),
  trajectory: z
    .enum(['stepwise', 'linear'])
    .default('stepwise')
    .describe('Targets apply in steps, or along a line from the baseline'),
  heldPeriods: z
    .number()
    .int()
    .min(1)
    .default(3)
    .describe('Periods the final target must hold to count as achieved (blue)'),
  dataSource: optionalText,
  owner: optionalText,
  recommendationIds: list(id).describe('The recommendations or targets it evidences'),
});

export const PersonSchema = z.object({
  id,
  name: text.min(1),
  initials: optionalText,
  jobTitle: optionalText,
  organisation: optionalText,
  email: optionalText,
});

export const FINDING_SUBJECTS = ['action', 'recommendation', 'measure', 'section'] as const;

export const FindingSchema = z.object({
  severity: z.enum(['error', 'warning', 'info']),
  code: text,
  message: text,
  subject: z
    .object({ type: z.enum(FINDING_SUBJECTS), id })
    .optional()
    .describe('What the finding concerns, by its id in this document'),
  location: z
    .object({
      file: z.string().optional(),
      table: z
        .number()
        .optional()
        .describe('The table (or sheet) of a Word or Excel document, 1 for the first'),
      sheet: z.string().optional(),
      line: z.number().optional(),
      row: z.number().optional(),
      field: z.string().optional(),
      text: z.string().optional(),
    })
    .optional(),
});

export const PlanDocumentSchema = z.object({
  format: z.literal(PLAN_FORMAT),
  plan: PlanHeaderSchema,
  sources: list(SourceSchema),
  sections: list(SectionSchema),
  recommendations: list(RecommendationSchema),
  actions: list(ActionSchema),
  measures: list(MeasureSchema),
  people: list(PersonSchema),
  findings: list(FindingSchema),
});

export type PlanDocument = z.output<typeof PlanDocumentSchema>;
export type PlanDocumentInput = z.input<typeof PlanDocumentSchema>;
export type PlanHeader = PlanDocument['plan'];
export type SourceDoc = PlanDocument['sources'][number];
export type SectionDoc = PlanDocument['sections'][number];
export type RecommendationDoc = PlanDocument['recommendations'][number];
export type ActionDoc = PlanDocument['actions'][number];
export type MeasureDoc = PlanDocument['measures'][number];
export type PersonDoc = PlanDocument['people'][number];
export type Governance = z.output<typeof GovernanceSchema>;
export type StatusDoc = z.output<typeof StatusSchema>;
export type DueDoc = z.output<typeof DueSchema>;
export type ProgressUpdateDoc = z.output<typeof ProgressUpdateSchema>;
