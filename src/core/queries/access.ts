/**
 * How queries find out what an actor may see: a plan's facts (its organisation, shares, grants, contributors),
 * cached per plan revision, and the policies' verdict on them. A plan the actor may not see is "not found".
 */
import type { Db } from '../../db/connection.ts';
import { NotFoundError } from '../../db/errors.ts';
import {
  loadActionFacts,
  loadOrganisationFacts,
  loadPlanFacts,
  planRevision,
} from '../../db/repositories/access.repository.ts';
import type { Actor } from '../../domain/actor.ts';
import { can, relationTo, type ActionFacts, type PlanFacts } from '../../domain/policies.ts';
import { authorise } from '../authorise.ts';
import type { PlanCache } from '../plan-cache.ts';

export interface PlanHead {
  planId: string;
  organisationId: string;
  revision: number;
  facts: PlanFacts;
  relation: ReturnType<typeof relationTo>;
  /** What the actor may do to the plan, for pages to show or leave out their forms. */
  can: { manage: boolean; share: boolean; values: boolean; findings: boolean };
}

export function createAccess(db: Db, cache: PlanCache) {
  async function factsOf(planId: string) {
    const head = await planRevision(db, planId);
    if (!head) return undefined;
    const facts = await cache.read(planId, head.revision, 'facts', async () => {
      const loaded = await loadPlanFacts(db, planId);
      if (!loaded) throw new NotFoundError('plan', planId);
      return loaded;
    });
    return { facts, revision: head.revision };
  }

  /** The plan, if the actor may read it (or do `permission` to it); NotFound or Forbidden otherwise. */
  async function plan(
    actor: Actor,
    planId: string,
    permission: 'plan.read' | 'plan.findings' | 'plan.manage' | 'plan.share' = 'plan.read',
  ): Promise<PlanHead> {
    const found = await factsOf(planId);
    if (!found) throw new NotFoundError('plan', planId);
    const subject = { type: 'plan', plan: found.facts } as const;
    authorise(actor, 'plan.read', subject, { entity: 'plan', id: planId });
    if (permission !== 'plan.read') authorise(actor, permission, subject, { entity: 'plan', id: planId });
    return {
      planId,
      organisationId: found.facts.organisationId,
      revision: found.revision,
      facts: found.facts,
      relation: relationTo(actor, found.facts),
      can: {
        manage: can(actor, 'plan.manage', subject),
        share: can(actor, 'plan.share', subject),
        values: can(actor, 'measure.values', subject),
        findings: can(actor, 'plan.findings', subject),
      },
    };
  }

  /** The action's plan, if the actor may read it, with what the actor may do to the action. */
  async function action(actor: Actor, actionId: string) {
    const facts: (ActionFacts & { planId: string; version: number }) | undefined = await loadActionFacts(
      db,
      actionId,
      async (planId) => (await factsOf(planId))?.facts,
    );
    if (!facts) throw new NotFoundError('action', actionId);
    const head = await plan(actor, facts.planId).catch((error: unknown) => {
      // An action of a plan the actor may not see does not exist for them.
      if (error instanceof NotFoundError) throw new NotFoundError('action', actionId);
      throw error;
    });
    const subject = { type: 'action', action: facts } as const;
    return {
      head,
      facts,
      can: { edit: can(actor, 'action.edit', subject), progress: can(actor, 'action.progress', subject) },
    };
  }

  /** The organisation, if the actor may manage its accounts (or its partners). */
  async function organisation(
    actor: Actor,
    organisationId: string,
    permission: 'organisation.users' | 'organisation.partners' | 'plan.import',
  ) {
    const facts = await loadOrganisationFacts(db, organisationId);
    if (!facts) throw new NotFoundError('organisation', organisationId);
    authorise(
      actor,
      permission,
      { type: 'organisation', organisation: facts },
      { entity: 'organisation', id: organisationId },
    );
    return facts;
  }

  return { plan, action, organisation };
}

export type Access = ReturnType<typeof createAccess>;
