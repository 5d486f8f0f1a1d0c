/**
 * The people a plan names: added, their details corrected, and two records of one person merged ("Marie White"
 * and "Maria White"), so their actions count for one lead.
 */
import { z } from 'zod';
import { ValidationError } from '../../db/errors.ts';
import { newId } from '../../db/ids.ts';
import { nextOrdinal, tracked } from '../../db/repositories/rows.ts';
import { updateVersioned } from '../../db/repositories/versioned.ts';
import { defineCommand, type CommandContext } from '../runner.ts';
import { email, shortText } from './inputs.ts';
import { authorisedPlan } from './subjects.ts';

const id = z.string().min(1).max(100);
const optional = shortText.nullable();

const personFields = {
  name: shortText.min(1, 'Enter the name'),
  initials: z.string().trim().max(10, 'Initials must be 10 characters or fewer').nullable(),
  jobTitle: optional,
  organisation: optional.describe('Who they work for: the council, an NHS trust, the police …'),
  email: email.nullable().or(z.literal('').transform(() => null)),
};

const columns = (
  p: Partial<{
    name: string;
    initials: string | null;
    jobTitle: string | null;
    organisation: string | null;
    email: string | null;
  }>,
) => {
  const c: Record<string, string | null> = {};
  if (p.name !== undefined) c.name = p.name;
  if (p.initials !== undefined) c.initials = p.initials || null;
  if (p.jobTitle !== undefined) c.job_title = p.jobTitle || null;
  if (p.organisation !== undefined) c.employer = p.organisation || null;
  if (p.email !== undefined) c.email = p.email || null;
  return c;
};

async function personOf(ctx: CommandContext, organisationId: string, personId: string, field: string) {
  const person = await ctx.trx
    .selectFrom('people')
    .selectAll()
    .where('id', '=', personId)
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
  if (!person)
    throw new ValidationError(`${field}: no person "${personId}" in this organisation`, [
      { field, message: 'Choose a person of this plan' },
    ]);
  return person;
}

async function nameFree(ctx: CommandContext, organisationId: string, name: string, except?: string) {
  const same = await ctx.trx
    .selectFrom('people')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('name', '=', name)
    .executeTakeFirst();
  if (same && same.id !== except)
    throw new ValidationError(`name: ${name} is already one of the organisation's people`, [
      {
        field: 'name',
        message: `${name} is already one of the organisation's people: merge the two instead`,
      },
    ]);
}

export const NewPersonSchema = z
  .object({
    planId: id,
    name: personFields.name,
    initials: personFields.initials.default(null),
    jobTitle: personFields.jobTitle.default(null),
    organisation: personFields.organisation.default(null),
    email: personFields.email.default(null),
  })
  .strict();

export const createPerson = defineCommand({
  name: 'person.create',
  input: NewPersonSchema,
  async handle(ctx, input) {
    const facts = await authorisedPlan(ctx, 'plan.manage', input.planId);
    await ctx.touchPlan(input.planId);
    await nameFree(ctx, facts.organisationId, input.name);
    const personId = newId();
    await ctx.trx
      .insertInto('people')
      .values({
        id: personId,
        ...tracked(facts.organisationId),
        name: input.name,
        initials: null,
        job_title: null,
        employer: null,
        email: null,
        ...columns(input),
      })
      .execute();
    const max = await ctx.trx
      .selectFrom('plan_people')
      .select((eb) => eb.fn.max<number>('ordinal').as('max'))
      .where('plan_id', '=', input.planId)
      .executeTakeFirst();
    await ctx.trx
      .insertInto('plan_people')
      .values({
        organisation_id: facts.organisationId,
        plan_id: input.planId,
        person_id: personId,
        ordinal: nextOrdinal(max),
      })
      .execute();
    // Actions already naming them as lead now link to them.
    await ctx.trx
      .updateTable('action_leads')
      .set({ person_id: personId })
      .where('organisation_id', '=', facts.organisationId)
      .where('name', '=', input.name)
      .where('person_id', 'is', null)
      .execute();
    ctx.record({
      organisationId: facts.organisationId,
      operation: 'create',
      entityType: 'person',
      entityId: personId,
      planId: input.planId,
      after: { ...input, planId: undefined },
    });
    return { personId, planId: input.planId, version: 1 };
  },
});

export const PersonEditSchema = z
  .object({
    version: z.number().int().positive().optional(),
    name: personFields.name.optional(),
    initials: personFields.initials.optional(),
    jobTitle: personFields.jobTitle.optional(),
    organisation: personFields.organisation.optional(),
    email: personFields.email.optional(),
  })
  .strict();

/** Plans whose pages show the person: they are touched so every cached page of them is made again. */
async function plansNaming(ctx: CommandContext, personId: string) {
  const rows = await ctx.trx
    .selectFrom('plan_people')
    .select('plan_id')
    .where('person_id', '=', personId)
    .union(
      ctx.trx
        .selectFrom('action_leads')
        .innerJoin('actions', 'actions.id', 'action_leads.action_id')
        .select('actions.plan_id')
        .where('action_leads.person_id', '=', personId),
    )
    .execute();
  return [...new Set(rows.map((r) => r.plan_id))];
}

export const editPerson = defineCommand({
  name: 'person.edit',
  input: PersonEditSchema.extend({ planId: id, personId: id }),
  async handle(ctx, input) {
    const { planId, personId, version, ...fields } = input;
    const facts = await authorisedPlan(ctx, 'plan.manage', planId, { entity: 'person', id: personId });
    const before = await personOf(ctx, facts.organisationId, personId, 'personId');
    if (fields.name !== undefined) await nameFree(ctx, facts.organisationId, fields.name, personId);
    for (const plan of await plansNaming(ctx, personId)) await ctx.touchPlan(plan);
    await ctx.touchPlan(planId);
    const next = await updateVersioned(ctx.trx, 'people', personId, version, columns(fields));
    if (fields.name !== undefined && fields.name !== before.name)
      await ctx.trx
        .updateTable('action_leads')
        .set({ name: fields.name })
        .where('person_id', '=', personId)
        .execute();
    ctx.record({
      organisationId: facts.organisationId,
      operation: 'update',
      entityType: 'person',
      entityId: personId,
      planId,
      before,
      after: await personOf(ctx, facts.organisationId, personId, 'personId'),
    });
    return { personId, planId, version: next };
  },
});

export const PersonMergeSchema = z
  .object({
    keepId: id.describe('The record that stays'),
    mergeId: id.describe('The record folded into it, and then removed'),
  })
  .strict();

export const mergePeople = defineCommand({
  name: 'person.merge',
  input: PersonMergeSchema.extend({ planId: id }),
  async handle(ctx, input) {
    const facts = await authorisedPlan(ctx, 'plan.manage', input.planId, {
      entity: 'person',
      id: input.mergeId,
    });
    if (input.keepId === input.mergeId)
      throw new ValidationError('mergeId: Choose two different people', [
        { field: 'mergeId', message: 'Choose two different people' },
      ]);
    const keep = await personOf(ctx, facts.organisationId, input.keepId, 'keepId');
    const merge = await personOf(ctx, facts.organisationId, input.mergeId, 'mergeId');
    for (const plan of new Set([
      input.planId,
      ...(await plansNaming(ctx, keep.id)),
      ...(await plansNaming(ctx, merge.id)),
    ]))
      await ctx.touchPlan(plan);
    await ctx.trx
      .updateTable('action_leads')
      .set({ person_id: keep.id, name: keep.name })
      .where((eb) =>
        eb.or([
          eb('person_id', '=', merge.id),
          eb.and([eb('name', '=', merge.name), eb('organisation_id', '=', facts.organisationId)]),
        ]),
      )
      .execute();
    const keptIn = new Set(
      (
        await ctx.trx.selectFrom('plan_people').select('plan_id').where('person_id', '=', keep.id).execute()
      ).map((r) => r.plan_id),
    );
    const mergedIn = await ctx.trx
      .selectFrom('plan_people')
      .select(['plan_id'])
      .where('person_id', '=', merge.id)
      .execute();
    for (const { plan_id } of mergedIn)
      if (!keptIn.has(plan_id))
        await ctx.trx
          .updateTable('plan_people')
          .set({ person_id: keep.id })
          .where('plan_id', '=', plan_id)
          .where('person_id', '=', merge.id)
          .execute();
    await ctx.trx
      .updateTable('users')
      .set({ person_id: keep.id })
      .where('person_id', '=', merge.id)
      .execute();
    // What only the merged record knew (an email, a job title) is kept.
    const filled: Record<string, string> = {};
    for (const key of ['initials', 'job_title', 'employer', 'email'] as const)
      if (!keep[key] && merge[key]) filled[key] = merge[key];
    await updateVersioned(ctx.trx, 'people', keep.id, keep.version, filled);
    await ctx.trx.deleteFrom('people').where('id', '=', merge.id).execute();
    ctx.record({
      organisationId: facts.organisationId,
      operation: 'merge',
      entityType: 'person',
      entityId: keep.id,
      planId: input.planId,
      before: { kept: keep, merged: merge },
      after: { kept: keep.name, merged: merge.name },
    });
    return { personId: keep.id, planId: input.planId };
  },
});
