/**
 * Shortcuts for tests of storage and pages: the same commands and queries the app runs, here as the operator
 * at the command line (who may do anything), or as a named account. Tests of who may do what use real actors.
 */
import { actorByEmail } from '../../src/core/actors.ts';
import { createToken, revokeToken } from '../../src/core/commands/account.commands.ts';
import {
  editAction,
  recordProgress,
  type ActionEdit,
  type ProgressInput,
} from '../../src/core/commands/action.commands.ts';
import { importPlan } from '../../src/core/commands/plan.commands.ts';
import { loadDemo, readDemoPlan } from '../../src/core/demo.ts';
import type { Core } from '../../src/core/index.ts';
import { auditFor } from '../../src/db/repositories/audit.repository.ts';
import { OPERATOR } from '../../src/domain/actor.ts';

export function operatorShortcuts(core: Core) {
  const db = core.connection.db;
  return {
    importDocument: (document: unknown, options: { file?: string; organisation?: string } = {}) =>
      core.run(importPlan, OPERATOR, { document, ...options }),
    exportDocument: (planId: string) => core.queries.plans.document(OPERATOR, planId),
    loadDemo: async () => core.run(loadDemo, OPERATOR, { document: await readDemoPlan() }),
    organisations: () => core.queries.accounts.organisations(),
    audit: (organisationId: string, filter: Parameters<typeof auditFor>[2] = {}) =>
      auditFor(db, organisationId, filter),
    counts: async (planId: string) =>
      (await core.queries.plans.dashboard(OPERATOR, planId, core.today())).counts,
    settings: async (planId: string) => (await core.queries.structure.settings(OPERATOR, planId)).plan,
    measuresOf: (planId: string) => core.queries.measures.measuresOf(OPERATOR, planId),
    action: async (actionId: string) => (await core.queries.actions.action(OPERATOR, actionId)).action,
    editAction: (actionId: string, edit: ActionEdit) => core.run(editAction, OPERATOR, { ...edit, actionId }),
    recordProgress: (actionId: string, progress: ProgressInput) =>
      core.run(recordProgress, OPERATOR, { ...progress, actionId }),
    createToken: async (email: string, name?: string) =>
      core.run(createToken, await actorByEmail(db, email), { email, name }),
    revokeToken: (tokenId: string) => core.run(revokeToken, OPERATOR, { tokenId }),
  };
}

export type OperatorShortcuts = ReturnType<typeof operatorShortcuts>;

/** An open finding on a plan, as an import leaves one: for tests of dismissing. */
export async function addOpenFinding(
  core: Core,
  where: { id: string; organisationId: string; planId: string },
) {
  await core.connection.db
    .insertInto('findings')
    .values({
      id: where.id,
      organisation_id: where.organisationId,
      plan_id: where.planId,
      severity: 'warning',
      code: 'test',
      message: 'A finding to dismiss',
      location: null,
      state: 'open',
      dismissed_reason: null,
      ordinal: 1,
      subject_type: null,
      subject_id: null,
      created_at: '2026-11-01T00:00:00.000Z',
      updated_at: '2026-11-01T00:00:00.000Z',
      version: 1,
    })
    .execute();
}
