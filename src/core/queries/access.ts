/**
 * How queries find out what an actor may see: a plan's facts (its organisation, shares, grants, contributors),
 * cached per plan revision, and the policies' verdict on them. A plan the actor may not see is "not found".
 */
import type { Connection, Db } from '../../db/connection.ts';
import { NotFoundError } from '../../db/errors.ts';
import {
  loadActionFacts,
  loadOrganisationFacts,
  loadPlanFacts,
} from '../../db/repositories/access.repository.ts';
import type { Actor } from '../../domain/actor.ts';
import { can, relationTo, type ActionFacts, type PlanFacts } from '../../domain/policies.ts';
import { authorise } from '../authorise.ts';
import type { PlanCache } from '../plan-cache.ts';

type PlanPermission = 'plan.read' | 'plan.findings' | 'plan.manage' | 'plan.share';

export interface PlanHead {
  planId: string;
  organisationId: string;
  revision: number;
  /** Raised by every change but one to an action's progress: for what does not show progress. */
  structureRevision: number;
  facts: PlanFacts;
  relation: ReturnType<typeof relationTo>;
  /** What the actor may do to the plan, for pages to show or leave out their forms. */
  can: { manage: boolean; share: boolean; values: boolean; findings: boolean };
}

export function createAccess(db: Db, cache: PlanCache, planHead: Connection['planHead']) {
  async function factsOf(planId: string) {
    const head = await planHead(planId);
    if (!head) return undefined;
    // Shares, grants, contributors and approver change only with the structure.
    const facts = await cache.read(
      planId,
      head.structure_revision,
      'facts',
      async () => {
        const loaded = await loadPlanFacts(db, planId);
        if (!loaded) throw new NotFoundError('plan', planId);
        return loaded;
      },
      true,
    );
    return { facts, revisions: head };
  }

  function headOf(
    actor: Actor,
    planId: string,
    revisions: { revision: number; structure_revision: number },
    facts: PlanFacts,
    permission: PlanPermission,
  ) {
    const subject = { type: 'plan', plan: facts } as const;
    authorise(actor, permission === 'plan.read' ? 'plan.read' : permission, subject, {
      entity: 'plan',
      id: planId,
    });
    if (permission !== 'plan.read') authorise(actor, 'plan.read', subject, { entity: 'plan', id: planId });
    let decided: PlanHead['can'] | undefined;
    return {
      planId,
      organisationId: facts.organisationId,
      revision: revisions.revision,
      structureRevision: revisions.structure_revision,
      facts,
      relation: relationTo(actor, facts),
      // Worked out when a page or query asks: a cached page's view never does.
      get can() {
        return (decided ??= {
          manage: can(actor, 'plan.manage', subject),
          share: can(actor, 'plan.share', subject),
          values: can(actor, 'measure.values', subject),
          findings: can(actor, 'plan.findings', subject),
        });
      },
    };
  }

  /**
   * The same as `plan`, answered at once when the plan's revision is read synchronously (SQLite) and its facts
   * are already in memory; undefined when it must be waited for. Page views of cached pages take this path.
   */
  function planNow(
    actor: Actor,
    planId: string,
    permission: PlanPermission = 'plan.read',
  ): PlanHead | undefined {
    const head = planHead(planId);
    if (!head || head instanceof Promise) return undefined;
    const facts = cache.peek<PlanFacts>(planId, head.structure_revision, 'facts');
    return facts ? headOf(actor, planId, head, facts, permission) : undefined;
  }

  /** The plan's head at once when it can be (see planNow), else when read. */
  function planSoon(actor: Actor, planId: string): PlanHead | Promise<PlanHead> {
    return planNow(actor, planId) ?? plan(actor, planId);
  }

  /** The plan, if the actor may read it (or do `permission` to it); NotFound or Forbidden otherwise. */
  async function plan(
    actor: Actor,
    planId: string,
    permission: PlanPermission = 'plan.read',
  ): Promise<PlanHead> {
    const found = await factsOf(planId);
    if (!found) throw new NotFoundError('plan', planId);
    return headOf(actor, planId, found.revisions, found.facts, permission);
  }

  // An action never moves to another plan, so which plan it is in is remembered.
  const planOfAction = new Map<string, string>();
  type LoadedAction = ActionFacts & { planId: string; version: number; familyVersion: number };

  function actionView(actor: Actor, head: PlanHead, facts: LoadedAction) {
    const subject = { type: 'action', action: facts } as const;
    return {
      head,
      facts,
      can: {
        edit: can(actor, 'action.edit', subject),
        progress: can(actor, 'action.progress', subject),
        signOff: can(actor, 'action.signOff', subject),
      },
    };
  }

  /** An action of a plan the actor may not see does not exist for them: its plan's id is not told either. */
  const asActionError = (actionId: string) => (error: unknown) => {
    if (error instanceof NotFoundError) throw new NotFoundError('action', actionId);
    throw error;
  };

  /** The action's plan, if the actor may read it, with what the actor may do to the action. */
  async function action(actor: Actor, actionId: string) {
    const known = planOfAction.get(actionId);
    let head: PlanHead | undefined;
    if (known) {
      const ready = actionNow(actor, actionId);
      if (ready) return ready;
      // The revision had to be waited for (PostgreSQL): the action's facts may be in memory for it all the same.
      head = await plan(actor, known).catch(asActionError(actionId));
      const facts = cache.peek<LoadedAction>(known, head.revision, `action-facts|${actionId}`);
      if (facts) return actionView(actor, head, facts);
    }
    const facts: LoadedAction | undefined = await loadActionFacts(
      db,
      actionId,
      async (planId) => (await factsOf(planId))?.facts,
    );
    if (!facts) throw new NotFoundError('action', actionId);
    if (planOfAction.size > 100_000) planOfAction.clear();
    planOfAction.set(actionId, facts.planId);
    head ??= await plan(actor, facts.planId).catch(asActionError(actionId));
    // Kept for this revision of the plan: its leads, partners and version change only with the plan's revision.
    void cache.read(facts.planId, head.revision, `action-facts|${actionId}`, async () => facts);
    return actionView(actor, head, facts);
  }

  /** The same as `action`, answered at once when all it needs is in memory for the plan's current revision. */
  function actionNow(actor: Actor, actionId: string) {
    const planId = planOfAction.get(actionId);
    if (!planId) return undefined;
    let head: PlanHead | undefined;
    try {
      head = planNow(actor, planId);
    } catch (error) {
      // An action of a plan the actor may not see does not exist for them: its plan's id is not told either.
      if (error instanceof NotFoundError) throw new NotFoundError('action', actionId);
      throw error;
    }
    const facts = head && cache.peek<LoadedAction>(planId, head.revision, `action-facts|${actionId}`);
    return head && facts ? actionView(actor, head, facts) : undefined;
  }

  /** The organisation, if the actor may manage its accounts (or its partners). */
  async function organisation(
    actor: Actor,
    organisationId: string,
    permission:
      | 'organisation.users'
      | 'organisation.partners'
      | 'organisation.audit'
      | 'organisation.signIn'
      | 'plan.import',
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

  /** The organisations the actor may import a plan into: their own first, then partner organisations it lists. */
  async function importTargets(actor: Actor): Promise<{ id: string; name: string }[]> {
    if (actor.kind !== 'user') return [];
    const rows = await db
      .selectFrom('organisations')
      .select(['id', 'name'])
      .where((eb) =>
        eb.or([
          eb('id', '=', actor.organisationId),
          eb(
            'id',
            'in',
            eb
              .selectFrom('organisation_partners')
              .select('partner_organisation_id')
              .where('organisation_id', '=', actor.organisationId),
          ),
        ]),
      )
      .orderBy('name')
      .execute();
    const allowed = [];
    for (const row of rows) {
      const facts = await loadOrganisationFacts(db, row.id);
      if (facts && can(actor, 'plan.import', { type: 'organisation', organisation: facts }))
        allowed.push(row);
    }
    return allowed.sort(
      (a, b) => Number(b.id === actor.organisationId) - Number(a.id === actor.organisationId),
    );
  }

  return { plan, planNow, planSoon, action, actionNow, organisation, importTargets };
}

export type Access = ReturnType<typeof createAccess>;
