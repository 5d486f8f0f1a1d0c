/**
 * The organisations a test of who may do what needs, on top of the demo: an account for every role in the
 * council, partner agencies with a joint share, a read share and none, advisers with and without a grant, and
 * a foreign council with a plan of its own. Every account signs in with PASSWORD.
 */
import { addOrganisation, addUser } from '../../src/core/commands/account.commands.ts';
import { assignContributor, importPlan, sharePlan } from '../../src/core/commands/plan.commands.ts';
import { DEMO_COUNCIL, DEMO_PASSWORD, DEMO_PARTNER } from '../../src/core/demo.ts';
import { OPERATOR, type OrganisationKind, type Role } from '../../src/domain/actor.ts';
import { demoDocumentInput } from './plan-json.ts';
import type { TestApp } from './web.ts';

export const PASSWORD = DEMO_PASSWORD;
export const FOREIGN_COUNCIL = 'Northmoor City Council';
export const FOREIGN_TITLE = 'Northmoor Improvement Plan';

/** Who acts, by how they reach the demo plan. */
export const ACTORS = {
  admin: 'grace.okafor@riverside.example',
  lead: 'daniel.marsh@riverside.example',
  board: 'ruth.adeyemi@riverside.example',
  contributor: 'chris.contributor@riverside.example',
  'partner-joint': 'helen.carter@riverside-icb.example',
  'partner-read': 'pat.schools@riverside-schools.example',
  'partner-unshared': 'sam.bello@riverside-police.example',
  'adviser-granted': 'owen.price@education.example',
  'adviser-ungranted': 'ada.inspector@inspectorate.example',
  'foreign-admin': 'admin@northmoor.example',
  // Last: the owner of previews, whose allowed requests use them up.
  manager: 'mo.manager@riverside.example',
} as const;
export type ActorName = keyof typeof ACTORS;

export interface Tenants {
  foreignPlanId: string;
  /** A contributor's account that role changes and deactivation may be tried on. */
  spareUserId: string;
  /** The same, in the partner organisation. */
  sparePartnerId: string;
}

export async function addTenants(t: TestApp): Promise<Tenants> {
  const run = t.core.run;
  const orgs: [string, OrganisationKind][] = [
    ['Riverside Schools Partnership', 'education'],
    ['Riverside Police', 'police'],
    ['Independent Inspectorate', 'government'],
    ['Riverside Voluntary Sector', 'voluntary'],
  ];
  for (const [name, kind] of orgs) await run(addOrganisation, OPERATOR, { name, kind });
  const accounts: [string, string, Role, string][] = [
    [ACTORS.contributor, DEMO_COUNCIL, 'contributor', 'Chris Contributor'],
    [ACTORS.manager, DEMO_COUNCIL, 'manager', 'Mo Manager'],
    ['spare.user@riverside.example', DEMO_COUNCIL, 'contributor', 'Spare User'],
    ['spare.partner@riverside-icb.example', DEMO_PARTNER, 'partner', 'Spare Partner'],
    [ACTORS['partner-read'], 'Riverside Schools Partnership', 'partner', 'Pat Schools'],
    [ACTORS['partner-unshared'], 'Riverside Police', 'partner', 'Sam Bello'],
    [ACTORS['adviser-ungranted'], 'Independent Inspectorate', 'adviser', 'Ada Inspector'],
  ];
  for (const [email, organisation, role, name] of accounts)
    await run(addUser, OPERATOR, { email, organisation, role, name, password: PASSWORD });
  await run(sharePlan, OPERATOR, {
    planId: t.planId,
    organisation: 'Riverside Schools Partnership',
    access: 'read',
  });
  const contributor = await t.connection.db
    .selectFrom('users')
    .select('id')
    .where('email', '=', ACTORS.contributor)
    .executeTakeFirstOrThrow();
  await run(assignContributor, OPERATOR, { planId: t.planId, userId: contributor.id, assigned: true });
  // Police are a partner of the council (its admins may invite them) but this plan is not shared with them.
  await t.connection.db
    .insertInto('organisation_partners')
    .values({
      organisation_id: (await t.ops.organisations()).find((o) => o.name === DEMO_COUNCIL)!.id,
      partner_organisation_id: (await t.ops.organisations()).find((o) => o.name === 'Riverside Police')!.id,
      created_at: new Date().toISOString(),
    })
    .execute();
  const foreign = demoDocumentInput() as { plan: Record<string, unknown> };
  foreign.plan.title = FOREIGN_TITLE;
  foreign.plan.organisation = FOREIGN_COUNCIL;
  const saved = await run(importPlan, OPERATOR, { document: foreign });
  await run(addUser, OPERATOR, {
    email: ACTORS['foreign-admin'],
    organisation: FOREIGN_COUNCIL,
    role: 'admin',
    password: PASSWORD,
  });
  const spare = await t.connection.db
    .selectFrom('users')
    .select('id')
    .where('email', '=', 'spare.user@riverside.example')
    .executeTakeFirstOrThrow();
  const sparePartner = await t.connection.db
    .selectFrom('users')
    .select('id')
    .where('email', '=', 'spare.partner@riverside-icb.example')
    .executeTakeFirstOrThrow();
  return { foreignPlanId: saved.planId, spareUserId: spare.id, sparePartnerId: sparePartner.id };
}
