/** Plans as a whole: storing a Plan JSON document (all of it or none), dismissing findings, sharing. */
import { z } from 'zod';
import { NotFoundError, ValidationError } from '../../db/errors.ts';
import { newId, nowIso } from '../../db/ids.ts';
import { insertActions } from '../../db/repositories/action.repository.ts';
import { dismissStoredFinding, insertFindings } from '../../db/repositories/finding.repository.ts';
import { insertMeasures } from '../../db/repositories/measure.repository.ts';
import {
  findOrganisationByName,
  getOrganisation,
  insertOrganisation,
} from '../../db/repositories/organisation.repository.ts';
import { attachPeople } from '../../db/repositories/person.repository.ts';
import { insertPlan } from '../../db/repositories/plan.repository.ts';
import { insertRecommendations } from '../../db/repositories/recommendation.repository.ts';
import { insertSections } from '../../db/repositories/section.repository.ts';
import { insertSources } from '../../db/repositories/source.repository.ts';
import { loadOrganisationFacts } from '../../db/repositories/access.repository.ts';
import { SHARE_ACCESS } from '../../domain/actor.ts';
import { can } from '../../domain/policies.ts';
import { readPlanDocument } from '../../domain/plan-document.ts';
import type { PlanDocument } from '../../domain/plan-format.ts';
import { authorisedPlan, authorisedOrganisation } from './subjects.ts';
import { defineCommand, type CommandContext } from '../runner.ts';
import { LIMITS, shortText } from './inputs.ts';

export interface SavedPlan {
  planId: string;
  organisationId: string;
}

/**
 * The organisation a new plan goes into: for a user, their own or the one chosen (by id from the preview, by
 * name at the command line) if they may import into it; for the operator at the command line, the one named
 * (made when missing, as a council).
 */
async function targetOrganisation(
  ctx: CommandContext,
  chosen: { id?: string; name?: string },
  doc: PlanDocument,
) {
  if (ctx.actor.kind === 'user') {
    const own = await getOrganisation(ctx.trx, ctx.actor.organisationId);
    if (!own) throw new NotFoundError('organisation', ctx.actor.organisationId);
    if (chosen.id) return (await getOrganisation(ctx.trx, chosen.id)) ?? own;
    if (!chosen.name || chosen.name === own.name) return own;
    const named = await findOrganisationByName(ctx.trx, chosen.name);
    const facts = named && (await loadOrganisationFacts(ctx.trx, named.id));
    if (named && facts && can(ctx.actor, 'plan.import', { type: 'organisation', organisation: facts }))
      return named;
    throw new ValidationError(
      `--org: you can only import into your own organisation (${own.name}) or a partner organisation it lists, not "${chosen.name}"`,
      [
        {
          field: 'org',
          message: `You can only import into your own organisation (${own.name}) or a partner organisation it lists`,
        },
      ],
    );
  }
  const name = chosen.name ?? doc.plan.organisation;
  return (
    (await findOrganisationByName(ctx.trx, name)) ?? (await insertOrganisation(ctx.trx, name, 'council'))
  );
}

export const importPlan = defineCommand({
  name: 'plan.import',
  input: z.object({
    document: z.unknown(),
    file: z.string().max(500).optional(),
    organisation: shortText.optional(),
    /** The organisation chosen in an import preview, by id. */
    organisationId: z.string().max(100).optional(),
  }),
  async handle(ctx, input): Promise<SavedPlan> {
    const read = readPlanDocument(input.document, input.file);
    if (!read.ok)
      throw new ValidationError(
        read.errors[0]?.message ?? 'Invalid plan',
        read.errors.map((e) => ({ field: e.location?.field, message: e.message })),
      );
    const doc = read.document;
    const organisation = await targetOrganisation(
      ctx,
      { id: input.organisationId, name: input.organisation },
      doc,
    );
    await authorisedOrganisation(ctx, 'plan.import', organisation.id);
    const orgId = organisation.id;
    const trx = ctx.trx;
    const planId = newId();
    await insertPlan(trx, orgId, planId, { ...doc.plan, organisation: organisation.name });
    const people = await attachPeople(trx, orgId, planId, doc.people);
    const peopleByName = new Map(doc.people.map((p) => [p.name, people.get(p.id) as string]));
    const sources = await insertSources(trx, orgId, planId, doc.sources);
    const sections = await insertSections(trx, orgId, planId, doc.sections);
    const recommendations = await insertRecommendations(trx, orgId, planId, doc.recommendations, {
      sections,
      sources,
    });
    const measures = await insertMeasures(trx, orgId, planId, doc.measures, recommendations);
    const actions = await insertActions(trx, orgId, planId, doc.actions, {
      sections,
      recommendations,
      measures,
      peopleByName,
    });
    await insertFindings(trx, orgId, planId, doc.findings, {
      action: actions,
      recommendation: recommendations,
      measure: measures,
      section: sections,
    });
    ctx.record({
      organisationId: orgId,
      operation: 'import',
      entityType: 'plan',
      entityId: planId,
      planId,
      after: {
        title: doc.plan.title,
        file: input.file ?? null,
        sections: doc.sections.length,
        recommendations: doc.recommendations.length,
        actions: doc.actions.length,
        measures: doc.measures.length,
        findings: doc.findings.length,
      },
    });
    // Imported into a partner organisation: the importer's own organisation can still read what it saved.
    if (ctx.actor.kind === 'user' && ctx.actor.organisationId !== orgId) {
      const at = nowIso();
      await trx
        .insertInto('plan_shares')
        .values({
          organisation_id: orgId,
          plan_id: planId,
          partner_organisation_id: ctx.actor.organisationId,
          access: 'read',
          created_at: at,
          updated_at: at,
        })
        .execute();
      ctx.record({
        organisationId: orgId,
        operation: 'create',
        entityType: 'plan_share',
        entityId: ctx.actor.organisationId,
        planId,
        after: { organisation: ctx.actor.organisationName, access: 'read' },
      });
    }
    return { planId, organisationId: orgId };
  },
});

const REASON = 'Enter why this finding can be dismissed';

export const dismissFinding = defineCommand({
  name: 'finding.dismiss',
  input: z.object({
    planId: z.string().min(1).max(100),
    findingId: z.string().min(1).max(100),
    reason: z.string().trim().min(1, REASON).max(LIMITS.reason),
  }),
  async handle(ctx, input) {
    const facts = await authorisedPlan(ctx, 'plan.manage', input.planId);
    await ctx.touchPlan(input.planId);
    const result = await dismissStoredFinding(
      ctx.trx,
      facts.organisationId,
      input.planId,
      input.findingId,
      input.reason,
    );
    if (Number(result.numUpdatedRows) === 0) throw new NotFoundError('open finding', input.findingId);
    ctx.record({
      organisationId: facts.organisationId,
      operation: 'update',
      entityType: 'finding',
      entityId: input.findingId,
      planId: input.planId,
      after: { state: 'dismissed', reason: input.reason },
    });
    return { findingId: input.findingId };
  },
});

async function sharablePlan(ctx: CommandContext, planId: string) {
  const facts = await authorisedPlan(ctx, 'plan.share', planId);
  await ctx.touchPlan(planId);
  return facts;
}

export const sharePlan = defineCommand({
  name: 'plan.share',
  input: z.object({
    planId: z.string().min(1).max(100),
    organisation: shortText.min(1, 'Choose the partner organisation'),
    access: z.enum(SHARE_ACCESS, { error: 'Choose read or joint access' }),
  }),
  async handle(ctx, input) {
    const facts = await sharablePlan(ctx, input.planId);
    const partner = await findOrganisationByName(ctx.trx, input.organisation);
    if (!partner)
      throw new ValidationError(`organisation: no organisation is called "${input.organisation}"`, [
        { field: 'organisation', message: `No organisation is called "${input.organisation}"` },
      ]);
    if (partner.id === facts.organisationId)
      throw new ValidationError('organisation: a plan is already its own organisation’s', [
        { field: 'organisation', message: 'Choose a partner organisation, not the plan’s own' },
      ]);
    const at = nowIso();
    // Sharing makes the organisation a partner of the plan's, so its admins can invite the partner's users.
    await ctx.trx
      .insertInto('organisation_partners')
      .values({ organisation_id: facts.organisationId, partner_organisation_id: partner.id, created_at: at })
      .onConflict((oc) => oc.doNothing())
      .execute();
    const before = facts.shares.get(partner.id) ?? null;
    await ctx.trx
      .insertInto('plan_shares')
      .values({
        organisation_id: facts.organisationId,
        plan_id: input.planId,
        partner_organisation_id: partner.id,
        access: input.access,
        created_at: at,
        updated_at: at,
      })
      .onConflict((oc) =>
        oc
          .columns(['plan_id', 'partner_organisation_id'])
          .doUpdateSet({ access: input.access, updated_at: at }),
      )
      .execute();
    ctx.record({
      organisationId: facts.organisationId,
      operation: before ? 'update' : 'create',
      entityType: 'plan_share',
      entityId: partner.id,
      planId: input.planId,
      before: before ? { organisation: partner.name, access: before } : undefined,
      after: { organisation: partner.name, access: input.access },
    });
    return { planId: input.planId, organisationId: partner.id, access: input.access };
  },
});

export const unsharePlan = defineCommand({
  name: 'plan.unshare',
  input: z.object({ planId: z.string().min(1).max(100), organisationId: z.string().min(1).max(100) }),
  async handle(ctx, input) {
    const facts = await sharablePlan(ctx, input.planId);
    const before = facts.shares.get(input.organisationId);
    if (!before) throw new NotFoundError('share', input.organisationId);
    await ctx.trx
      .deleteFrom('plan_shares')
      .where('plan_id', '=', input.planId)
      .where('partner_organisation_id', '=', input.organisationId)
      .execute();
    ctx.record({
      organisationId: facts.organisationId,
      operation: 'delete',
      entityType: 'plan_share',
      entityId: input.organisationId,
      planId: input.planId,
      before: { access: before },
    });
    return { planId: input.planId };
  },
});

/** Contributors add progress to the plans they are assigned to. */
export const assignContributor = defineCommand({
  name: 'plan.assign',
  input: z.object({
    planId: z.string().min(1).max(100),
    userId: z.string().min(1).max(100),
    assigned: z.boolean(),
  }),
  async handle(ctx, input) {
    const facts = await sharablePlan(ctx, input.planId);
    const user = await ctx.trx
      .selectFrom('users')
      .select(['id', 'email'])
      .where('id', '=', input.userId)
      .where('organisation_id', '=', facts.organisationId)
      .executeTakeFirst();
    if (!user) throw new NotFoundError('user', input.userId);
    if (input.assigned)
      await ctx.trx
        .insertInto('plan_members')
        .values({
          organisation_id: facts.organisationId,
          plan_id: input.planId,
          user_id: user.id,
          created_at: nowIso(),
        })
        .onConflict((oc) => oc.doNothing())
        .execute();
    else
      await ctx.trx
        .deleteFrom('plan_members')
        .where('plan_id', '=', input.planId)
        .where('user_id', '=', user.id)
        .execute();
    ctx.record({
      organisationId: facts.organisationId,
      operation: input.assigned ? 'create' : 'delete',
      entityType: 'plan_member',
      entityId: user.id,
      planId: input.planId,
      after: { email: user.email, assigned: input.assigned },
    });
    return { planId: input.planId };
  },
});
