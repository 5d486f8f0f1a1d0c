/**
 * What most commands do first: load the plan or organisation they act on inside their transaction, and ask the
 * policies whether the actor may. A thing that is not there is "not found", like one the actor may not see.
 */
import { NotFoundError } from '../../db/errors.ts';
import { loadOrganisationFacts, loadPlanFacts } from '../../db/repositories/access.repository.ts';
import type { OrganisationFacts, PlanFacts } from '../../domain/policies.ts';
import type { CommandContext } from '../runner.ts';

type PlanPermission = 'plan.manage' | 'plan.share' | 'measure.values';
type OrganisationPermission =
  'plan.import' | 'organisation.users' | 'organisation.partners' | 'organisation.signIn';

/** The plan's facts, once the actor may do `permission` to it; `what` names it in a refusal (a measure, say). */
export async function authorisedPlan(
  ctx: CommandContext,
  permission: PlanPermission,
  planId: string,
  what: { entity: string; id: string } = { entity: 'plan', id: planId },
): Promise<PlanFacts> {
  const facts = await loadPlanFacts(ctx.trx, planId);
  if (!facts) throw new NotFoundError(what.entity, what.id);
  ctx.authorise(permission, { type: 'plan', plan: facts }, what);
  return facts;
}

export async function authorisedOrganisation(
  ctx: CommandContext,
  permission: OrganisationPermission,
  organisationId: string,
): Promise<OrganisationFacts> {
  const facts = await loadOrganisationFacts(ctx.trx, organisationId);
  if (!facts) throw new NotFoundError('organisation', organisationId);
  ctx.authorise(
    permission,
    { type: 'organisation', organisation: facts },
    { entity: 'organisation', id: organisationId },
  );
  return facts;
}
