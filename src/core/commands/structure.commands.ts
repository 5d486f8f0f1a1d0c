/**
 * The plan's structure after import: sections (any depth, the plan's own words for them) and recommendations,
 * added, edited and moved; anything removed with a reason and restored. Managers of the plan do this.
 */
import { z } from 'zod';
import { NotFoundError, ValidationError } from '../../db/errors.ts';
import { newId } from '../../db/ids.ts';
import { nextOrdinal, toJson, tracked } from '../../db/repositories/rows.ts';
import {
  getRemoved,
  REMOVABLE,
  removeItem,
  restoreItem,
  type Removable,
} from '../../db/repositories/removal.repository.ts';
import { listSections } from '../../db/repositories/section.repository.ts';
import { listRecommendations } from '../../db/repositories/recommendation.repository.ts';
import { checkVersion, updateVersioned } from '../../db/repositories/versioned.ts';
import { CLOSURE_EVIDENCE, RECOMMENDATION_KINDS } from '../../domain/plan-format.ts';
import { evaluateMeasure } from '../../domain/measure-evaluation.ts';
import { listMeasures } from '../../db/repositories/measure.repository.ts';
import { specOf } from '../queries/measure.queries.ts';
import { reorder, subtree, type Anchor } from '../../domain/ordering.ts';
import { defineCommand, type CommandContext } from '../runner.ts';
import { LIMITS, shortText } from './inputs.ts';
import { authorisedPlan } from './subjects.ts';
import { recomputeStatus } from './status-of-updates.ts';

const id = z.string().min(1).max(100);
const version = z.number().int().positive().optional();
const REASON = 'Enter why it is being removed';
const reason = z.string({ error: REASON }).trim().min(1, REASON).max(LIMITS.reason);
const lines = z.array(z.string().trim().min(1).max(LIMITS.text)).max(200);

type PlanTable = 'sections' | 'recommendations' | 'actions' | 'measures';
const ENTITY: Record<PlanTable, string> = {
  sections: 'section',
  recommendations: 'recommendation',
  actions: 'action',
  measures: 'measure',
};

/** Loads the plan an item belongs to and authorises its management, locking the plan for the change. */
export async function managedItem(ctx: CommandContext, table: PlanTable, itemId: string) {
  const row = await ctx.trx
    .selectFrom(table as 'sections')
    .select(['plan_id', 'organisation_id'])
    .where('id', '=', itemId)
    .executeTakeFirst();
  if (!row) throw new NotFoundError(ENTITY[table], itemId);
  const facts = await authorisedPlan(ctx, 'plan.manage', row.plan_id, { entity: ENTITY[table], id: itemId });
  await ctx.touchPlan(row.plan_id);
  return { planId: row.plan_id, organisationId: facts.organisationId };
}

const invalid = (field: string, message: string) =>
  new ValidationError(`${field}: ${message}`, [{ field, message }]);

/** Rewrites the ordinals of a plan's rows of one table to follow `order` (only rows whose place changed). */
async function applyOrder(ctx: CommandContext, table: PlanTable, planId: string, order: string[]) {
  const rows = await ctx.trx
    .selectFrom(table as 'sections')
    .select(['id', 'ordinal'])
    .where('plan_id', '=', planId)
    .execute();
  const now = new Map(rows.map((r) => [r.id, r.ordinal]));
  for (const [ordinal, rowId] of order.entries())
    if (now.get(rowId) !== ordinal)
      await ctx.trx
        .updateTable(table as 'sections')
        .set({ ordinal })
        .where('id', '=', rowId)
        .execute();
}

/** Where a block goes: before the sibling named, else after the last of its new group (or at the end). */
function anchorFor(order: string[], group: Set<string>, block: Set<string>, beforeId?: string): Anchor {
  if (beforeId) return { before: beforeId };
  const last = order.filter((x) => group.has(x) && !block.has(x)).at(-1);
  return last ? { after: last } : 'end';
}

async function sectionInPlan(ctx: CommandContext, planId: string, sectionId: string, field: string) {
  const found = await ctx.trx
    .selectFrom('sections')
    .select(['id', 'parent_id'])
    .where('id', '=', sectionId)
    .where('plan_id', '=', planId)
    .executeTakeFirst();
  if (!found) throw invalid(field, 'Choose a section of this plan');
  return found;
}

async function sourceInPlan(ctx: CommandContext, planId: string, sourceId: string | null | undefined) {
  if (!sourceId) return;
  const found = await ctx.trx
    .selectFrom('sources')
    .select('id')
    .where('id', '=', sourceId)
    .where('plan_id', '=', planId)
    .executeTakeFirst();
  if (!found) throw invalid('sourceId', 'Choose a source of this plan');
}

// Sections -----------------------------------------------------------------------------------------------------

const sectionFields = {
  kind: shortText.min(1, 'Enter what the plan calls this level (Priority, Theme …)'),
  ref: z.string().trim().max(40).nullable(),
  title: z.string().trim().min(1, 'Enter the title').max(LIMITS.text),
  lead: shortText.nullable().describe('The accountable lead, as the plan names them'),
  objectives: lines,
};

export const NewSectionSchema = z
  .object({
    planId: id,
    parentId: id.nullable().default(null).describe('The section it sits in; null for the top level'),
    ...sectionFields,
    ref: sectionFields.ref.default(null),
    lead: sectionFields.lead.default(null),
    objectives: lines.default([]),
  })
  .strict();

export const createSection = defineCommand({
  name: 'section.create',
  input: NewSectionSchema,
  async handle(ctx, input) {
    const facts = await authorisedPlan(ctx, 'plan.manage', input.planId);
    await ctx.touchPlan(input.planId);
    if (input.parentId) await sectionInPlan(ctx, input.planId, input.parentId, 'parentId');
    const sectionId = newId();
    const max = await ctx.trx
      .selectFrom('sections')
      .select((eb) => eb.fn.max<number>('ordinal').as('max'))
      .where('plan_id', '=', input.planId)
      .executeTakeFirst();
    const row = {
      id: sectionId,
      ...tracked(facts.organisationId),
      plan_id: input.planId,
      parent_id: input.parentId,
      kind: input.kind,
      ref: input.ref || null,
      title: input.title,
      lead: input.lead || null,
      objectives: toJson(input.objectives),
      ordinal: nextOrdinal(max),
    };
    await ctx.trx.insertInto('sections').values(row).execute();
    // A subsection goes after its parent's other subsections, not at the very end of the plan.
    const all = await listSections(ctx.trx, input.planId);
    const order = all.map((s) => s.id);
    if (input.parentId) {
      const group = subtree(input.parentId, new Map(all.map((s) => [s.id, s.parentId])));
      await applyOrder(
        ctx,
        'sections',
        input.planId,
        reorder(order, [sectionId], anchorFor(order, group, new Set([sectionId]))),
      );
    }
    ctx.record({
      organisationId: facts.organisationId,
      operation: 'create',
      entityType: 'section',
      entityId: sectionId,
      planId: input.planId,
      after: { ...input, planId: undefined },
    });
    return { sectionId, planId: input.planId, version: 1 };
  },
});

export const SectionEditSchema = z
  .object({
    version,
    kind: sectionFields.kind.optional(),
    ref: sectionFields.ref.optional(),
    title: sectionFields.title.optional(),
    lead: sectionFields.lead.optional(),
    objectives: lines.optional(),
  })
  .strict();

export const editSection = defineCommand({
  name: 'section.edit',
  input: SectionEditSchema.extend({ sectionId: id }),
  async handle(ctx, input) {
    const { sectionId, version: named, ...fields } = input;
    const { planId, organisationId } = await managedItem(ctx, 'sections', sectionId);
    const before = (await listSections(ctx.trx, planId)).find((s) => s.id === sectionId);
    const changes: Record<string, unknown> = {};
    if (fields.kind !== undefined) changes.kind = fields.kind;
    if (fields.ref !== undefined) changes.ref = fields.ref || null;
    if (fields.title !== undefined) changes.title = fields.title;
    if (fields.lead !== undefined) changes.lead = fields.lead || null;
    if (fields.objectives !== undefined) changes.objectives = toJson(fields.objectives);
    const next = await updateVersioned(ctx.trx, 'sections', sectionId, named, changes);
    ctx.record({
      organisationId,
      operation: 'update',
      entityType: 'section',
      entityId: sectionId,
      planId,
      before,
      after: (await listSections(ctx.trx, planId)).find((s) => s.id === sectionId),
    });
    return { sectionId, planId, version: next };
  },
});

export const SectionMoveSchema = z
  .object({
    version,
    parentId: id.nullable().describe('The section to move it into; null for the top level'),
    beforeId: id.optional().describe('A section of the new parent to put it before; left out, it goes last'),
  })
  .strict();

export const moveSection = defineCommand({
  name: 'section.move',
  input: SectionMoveSchema.extend({ sectionId: id }),
  async handle(ctx, input) {
    const { planId, organisationId } = await managedItem(ctx, 'sections', input.sectionId);
    const all = await listSections(ctx.trx, planId);
    const parents = new Map(all.map((s) => [s.id, s.parentId]));
    const block = subtree(input.sectionId, parents);
    if (input.parentId) {
      await sectionInPlan(ctx, planId, input.parentId, 'parentId');
      if (block.has(input.parentId))
        throw invalid('parentId', 'A section cannot be moved into itself or one of its own subsections');
    }
    if (input.beforeId) {
      const before = all.find((s) => s.id === input.beforeId);
      if (!before || before.parentId !== input.parentId || block.has(before.id))
        throw invalid('beforeId', 'Choose a section at the level it is moving to');
    }
    const next = await updateVersioned(ctx.trx, 'sections', input.sectionId, input.version, {
      parent_id: input.parentId,
    });
    const order = all.map((s) => s.id);
    const group = input.parentId ? subtree(input.parentId, parents) : new Set(order);
    await applyOrder(
      ctx,
      'sections',
      planId,
      reorder(
        order,
        order.filter((s) => block.has(s)),
        anchorFor(order, group, block, input.beforeId),
      ),
    );
    ctx.record({
      organisationId,
      operation: 'move',
      entityType: 'section',
      entityId: input.sectionId,
      planId,
      before: { parentId: parents.get(input.sectionId) ?? null },
      after: { parentId: input.parentId, beforeId: input.beforeId ?? null },
    });
    return { sectionId: input.sectionId, planId, version: next };
  },
});

// Recommendations ----------------------------------------------------------------------------------------------

const recommendationFields = {
  sectionId: id.nullable(),
  sourceId: id.nullable().describe("One of the plan's sources (Ofsted, an Improvement Notice …)"),
  ref: z.string().trim().max(40).nullable(),
  kind: z.enum(RECOMMENDATION_KINDS, { error: 'Choose what kind of item it is' }),
  text: z.string().trim().min(1, 'Enter the recommendation').max(LIMITS.text),
  reportRefs: z.array(shortText.min(1)).max(50).describe('Paragraphs of the report, as written'),
  timeframe: shortText.nullable(),
};

export const NewRecommendationSchema = z
  .object({
    planId: id,
    sectionId: recommendationFields.sectionId.default(null),
    sourceId: recommendationFields.sourceId.default(null),
    ref: recommendationFields.ref.default(null),
    kind: recommendationFields.kind.default('recommendation'),
    text: recommendationFields.text,
    reportRefs: recommendationFields.reportRefs.default([]),
    timeframe: recommendationFields.timeframe.default(null),
  })
  .strict();

export const createRecommendation = defineCommand({
  name: 'recommendation.create',
  input: NewRecommendationSchema,
  async handle(ctx, input) {
    const facts = await authorisedPlan(ctx, 'plan.manage', input.planId);
    await ctx.touchPlan(input.planId);
    if (input.sectionId) await sectionInPlan(ctx, input.planId, input.sectionId, 'sectionId');
    await sourceInPlan(ctx, input.planId, input.sourceId);
    const recommendationId = newId();
    const all = await listRecommendations(ctx.trx, input.planId);
    await ctx.trx
      .insertInto('recommendations')
      .values({
        id: recommendationId,
        ...tracked(facts.organisationId),
        plan_id: input.planId,
        section_id: input.sectionId,
        source_id: input.sourceId,
        ref: input.ref || null,
        kind: input.kind,
        text: input.text,
        report_refs: toJson(input.reportRefs),
        timeframe: input.timeframe || null,
        ordinal: all.length,
      })
      .execute();
    const order = [...all.map((r) => r.id), recommendationId];
    const group = new Set(all.filter((r) => r.sectionId === input.sectionId).map((r) => r.id));
    await applyOrder(
      ctx,
      'recommendations',
      input.planId,
      reorder(order, [recommendationId], anchorFor(order, group, new Set([recommendationId]))),
    );
    ctx.record({
      organisationId: facts.organisationId,
      operation: 'create',
      entityType: 'recommendation',
      entityId: recommendationId,
      planId: input.planId,
      after: { ...input, planId: undefined },
    });
    return { recommendationId, planId: input.planId, version: 1 };
  },
});

export const RecommendationEditSchema = z
  .object({
    version,
    sourceId: recommendationFields.sourceId.optional(),
    ref: recommendationFields.ref.optional(),
    kind: recommendationFields.kind.optional(),
    text: recommendationFields.text.optional(),
    reportRefs: recommendationFields.reportRefs.optional(),
    timeframe: recommendationFields.timeframe.optional(),
  })
  .strict();

export const editRecommendation = defineCommand({
  name: 'recommendation.edit',
  input: RecommendationEditSchema.extend({ recommendationId: id }),
  async handle(ctx, input) {
    const { recommendationId, version: named, ...fields } = input;
    const { planId, organisationId } = await managedItem(ctx, 'recommendations', recommendationId);
    const find = async () =>
      (await listRecommendations(ctx.trx, planId)).find((r) => r.id === recommendationId);
    const before = await find();
    await sourceInPlan(ctx, planId, fields.sourceId);
    const changes: Record<string, unknown> = {};
    if (fields.sourceId !== undefined) changes.source_id = fields.sourceId;
    if (fields.ref !== undefined) changes.ref = fields.ref || null;
    if (fields.kind !== undefined) changes.kind = fields.kind;
    if (fields.text !== undefined) changes.text = fields.text;
    if (fields.reportRefs !== undefined) changes.report_refs = toJson(fields.reportRefs);
    if (fields.timeframe !== undefined) changes.timeframe = fields.timeframe || null;
    const next = await updateVersioned(ctx.trx, 'recommendations', recommendationId, named, changes);
    ctx.record({
      organisationId,
      operation: 'update',
      entityType: 'recommendation',
      entityId: recommendationId,
      planId,
      before,
      after: await find(),
    });
    return { recommendationId, planId, version: next };
  },
});

export const RecommendationMoveSchema = z
  .object({
    version,
    sectionId: id.nullable().describe('The section to move it to'),
    beforeId: id
      .optional()
      .describe('A recommendation of that section to put it before; left out, it goes last'),
  })
  .strict();

export const moveRecommendation = defineCommand({
  name: 'recommendation.move',
  input: RecommendationMoveSchema.extend({ recommendationId: id }),
  async handle(ctx, input) {
    const { planId, organisationId } = await managedItem(ctx, 'recommendations', input.recommendationId);
    if (input.sectionId) await sectionInPlan(ctx, planId, input.sectionId, 'sectionId');
    const all = await listRecommendations(ctx.trx, planId);
    if (input.beforeId) {
      const before = all.find((r) => r.id === input.beforeId);
      if (!before || before.sectionId !== input.sectionId || before.id === input.recommendationId)
        throw invalid('beforeId', 'Choose a recommendation of the section it is moving to');
    }
    const previous = all.find((r) => r.id === input.recommendationId)?.sectionId ?? null;
    const next = await updateVersioned(ctx.trx, 'recommendations', input.recommendationId, input.version, {
      section_id: input.sectionId,
    });
    const order = all.map((r) => r.id);
    const group = new Set(all.filter((r) => r.sectionId === input.sectionId).map((r) => r.id));
    const block = new Set([input.recommendationId]);
    await applyOrder(
      ctx,
      'recommendations',
      planId,
      reorder(order, [input.recommendationId], anchorFor(order, group, block, input.beforeId)),
    );
    ctx.record({
      organisationId,
      operation: 'move',
      entityType: 'recommendation',
      entityId: input.recommendationId,
      planId,
      before: { sectionId: previous },
      after: { sectionId: input.sectionId, beforeId: input.beforeId ?? null },
    });
    return { recommendationId: input.recommendationId, planId, version: next };
  },
});

// Actions and milestones: moving -------------------------------------------------------------------------------

export const ActionMoveSchema = z
  .object({
    version,
    sectionId: id.optional().describe('For an action: the section to move it to'),
    parentId: id.optional().describe('For a milestone: the action to move it to'),
    beforeId: id.optional().describe('A sibling to put it before; left out, it goes last'),
  })
  .strict();

export const moveAction = defineCommand({
  name: 'action.move',
  input: ActionMoveSchema.extend({ actionId: id }),
  async handle(ctx, input) {
    const { planId, organisationId } = await managedItem(ctx, 'actions', input.actionId);
    const all = await ctx.trx
      .selectFrom('actions')
      .select(['id', 'parent_id', 'section_id'])
      .where('plan_id', '=', planId)
      .orderBy('ordinal')
      .execute();
    const moving = all.find((a) => a.id === input.actionId)!;
    const parents = new Map(all.map((a) => [a.id, a.parent_id]));
    const block = subtree(input.actionId, parents);
    const milestone = moving.parent_id !== null;
    let sectionId = moving.section_id;
    let parentId = moving.parent_id;
    if (milestone) {
      if (input.sectionId)
        throw invalid('sectionId', 'A milestone moves to another action, not to a section');
      parentId = input.parentId ?? moving.parent_id;
      const parent = all.find((a) => a.id === parentId);
      if (!parent || block.has(parent.id)) throw invalid('parentId', 'Choose an action of this plan');
      sectionId = parent.section_id;
    } else {
      if (input.parentId)
        throw invalid('parentId', 'An action moves to a section; only milestones move to an action');
      sectionId = input.sectionId ?? moving.section_id;
      if (sectionId) await sectionInPlan(ctx, planId, sectionId, 'sectionId');
    }
    const inGroup = (a: (typeof all)[number]) =>
      milestone ? a.parent_id === parentId : a.parent_id === null && a.section_id === sectionId;
    if (input.beforeId) {
      const before = all.find((a) => a.id === input.beforeId);
      if (!before || !inGroup(before) || block.has(before.id))
        throw invalid(
          'beforeId',
          milestone ? 'Choose a milestone of that action' : 'Choose an action of that section',
        );
    }
    const next = await updateVersioned(ctx.trx, 'actions', input.actionId, input.version, {
      section_id: sectionId,
      parent_id: parentId,
    });
    // Milestones go with their action into its new section.
    const below = [...block].filter((x) => x !== input.actionId);
    if (below.length > 0)
      await ctx.trx.updateTable('actions').set({ section_id: sectionId }).where('id', 'in', below).execute();
    const order = all.map((a) => a.id);
    const group = new Set<string>();
    for (const a of all) if (inGroup(a)) for (const x of subtree(a.id, parents)) group.add(x);
    if (milestone && parentId) group.add(parentId);
    await applyOrder(
      ctx,
      'actions',
      planId,
      reorder(
        order,
        order.filter((x) => block.has(x)),
        anchorFor(order, group, block, input.beforeId),
      ),
    );
    ctx.record({
      organisationId,
      operation: 'move',
      entityType: 'action',
      entityId: input.actionId,
      planId,
      before: { sectionId: moving.section_id, parentId: moving.parent_id },
      after: { sectionId, parentId, beforeId: input.beforeId ?? null },
    });
    return { actionId: input.actionId, planId, version: next };
  },
});

// Removing and restoring ---------------------------------------------------------------------------------------

const TABLE: Record<Exclude<Removable, 'update'>, PlanTable> = {
  section: 'sections',
  recommendation: 'recommendations',
  action: 'actions',
  measure: 'measures',
};

async function labelOf(ctx: CommandContext, type: Exclude<Removable, 'update'>, itemId: string) {
  const table = TABLE[type];
  const column = type === 'section' ? 'title' : type === 'measure' ? 'name' : 'text';
  const row = await ctx.trx
    .selectFrom(table as 'sections')
    .select(['ref', column as 'title'])
    .where('id', '=', itemId)
    .executeTakeFirst();
  const words = {
    section: 'Section',
    recommendation: 'Recommendation',
    action: 'Action',
    measure: 'Measure',
  }[type];
  return `${words} ${row?.ref ? `${row.ref} ` : ''}${(row?.title ?? '').slice(0, 120)}`;
}

export const RemoveSchema = z.object({ version, reason }).strict();

export const removeFromPlan = defineCommand({
  name: 'plan.remove-item',
  input: RemoveSchema.extend({ type: z.enum(['section', 'recommendation', 'action', 'measure']), id }),
  async handle(ctx, input) {
    const table = TABLE[input.type];
    const { planId, organisationId } = await managedItem(ctx, table, input.id);
    await checkVersion(ctx.trx, table, input.id, input.version);
    const label = await labelOf(ctx, input.type, input.id);
    const { removedId, extent } = await removeItem(ctx.trx, {
      organisationId,
      planId,
      type: input.type,
      id: input.id,
      label,
      reason: input.reason,
      by: { name: ctx.actor.name, id: ctx.actor.userId },
    });
    ctx.record({
      organisationId,
      operation: 'remove',
      entityType: input.type,
      entityId: input.id,
      planId,
      before: { label, extent },
      after: { reason: input.reason, removedId },
    });
    return { removedId, planId, label, extent };
  },
});

export const restoreToPlan = defineCommand({
  name: 'plan.restore-item',
  input: z.object({ removedId: id }).strict(),
  async handle(ctx, input) {
    const removed = await getRemoved(ctx.trx, input.removedId);
    if (!removed || removed.restoredAt) throw new NotFoundError('removed item', input.removedId);
    const facts = await authorisedPlan(ctx, 'plan.manage', removed.planId, {
      entity: 'removed item',
      id: input.removedId,
    });
    await ctx.touchPlan(removed.planId);
    const { missing } = await restoreItem(ctx.trx, input.removedId);
    if (missing)
      throw invalid(
        'removedId',
        `It cannot go back: the ${missing.kind} it belonged to${missing.label ? ` (${missing.label})` : ''} has been removed too. Restore that first.`,
      );
    if (removed.type === 'update') {
      const update = await ctx.trx
        .selectFrom('progress_updates')
        .select('action_id')
        .where('id', '=', removed.entityId)
        .executeTakeFirstOrThrow();
      await recomputeStatus(ctx.trx, update.action_id);
    }
    ctx.record({
      organisationId: facts.organisationId,
      operation: 'restore',
      entityType: removed.type,
      entityId: removed.entityId,
      planId: removed.planId,
      after: { label: removed.label, removedId: input.removedId },
    });
    return { ...removed, type: removed.type };
  },
});

export { REMOVABLE };

// Closing a recommendation on evidence of its impact ---------------------------------------------------------

export const RecommendationCloseSchema = z
  .object({
    version,
    kind: z.enum(CLOSURE_EVIDENCE, { error: 'Choose what shows its impact' }),
    detail: z
      .string({ error: 'Describe the evidence' })
      .trim()
      .min(1, 'Describe the evidence: the audit, the visit, the document or what the measure shows')
      .max(LIMITS.text),
    measureId: id.optional().describe('For evidence from a measure: the measure, at its target'),
  })
  .strict();

export const closeRecommendation = defineCommand({
  name: 'recommendation.close',
  input: RecommendationCloseSchema.extend({ recommendationId: id }),
  async handle(ctx, input) {
    const { planId, organisationId } = await managedItem(ctx, 'recommendations', input.recommendationId);
    if (input.kind === 'measure') {
      if (!input.measureId) throw invalid('measureId', 'Choose the measure that shows its impact');
      const measure = (await listMeasures(ctx.trx, planId)).find((m) => m.id === input.measureId);
      if (!measure) throw invalid('measureId', 'Choose a measure of this plan');
      const latest = evaluateMeasure(specOf(measure), measure.values);
      if (latest?.colour !== 'green' && latest?.colour !== 'blue')
        throw invalid(
          'measureId',
          `${measure.name} is not at its target (${latest?.statement ?? 'no values yet'}): close it on other evidence, or when it is`,
        );
    }
    const closure = {
      kind: input.kind,
      detail: input.detail,
      measureId: input.kind === 'measure' ? (input.measureId ?? null) : null,
      closedBy: ctx.actor.name,
      closedAt: new Date().toISOString(),
    };
    const next = await updateVersioned(ctx.trx, 'recommendations', input.recommendationId, input.version, {
      closure: toJson(closure),
    });
    ctx.record({
      organisationId,
      operation: 'update',
      entityType: 'recommendation',
      entityId: input.recommendationId,
      planId,
      after: { closure },
    });
    return { recommendationId: input.recommendationId, planId, version: next };
  },
});

export const reopenRecommendation = defineCommand({
  name: 'recommendation.reopen',
  input: z
    .object({
      version,
      reason: z
        .string({ error: 'Say why it is open again' })
        .trim()
        .min(1, 'Say why it is open again')
        .max(LIMITS.reason),
      recommendationId: id,
    })
    .strict(),
  async handle(ctx, input) {
    const { planId, organisationId } = await managedItem(ctx, 'recommendations', input.recommendationId);
    const next = await updateVersioned(ctx.trx, 'recommendations', input.recommendationId, input.version, {
      closure: null,
    });
    ctx.record({
      organisationId,
      operation: 'update',
      entityType: 'recommendation',
      entityId: input.recommendationId,
      planId,
      after: { reopened: input.reason },
    });
    return { recommendationId: input.recommendationId, planId, version: next };
  },
});
