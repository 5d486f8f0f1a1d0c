/**
 * The demo organisation and plan that a fresh install shows, so a newcomer sees a working system: a council with
 * an account for each role, a health partner the plan is shared with (joint), and the DfE with advisers' access.
 * One command composed of others, in one transaction.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { Executor } from '../db/connection.ts';
import type { Role, UserActor } from '../domain/actor.ts';
import { actorWhereIn } from './actors.ts';
import { addOrganisation, addUser, grantAdvisers } from './commands/account.commands.ts';
import { importPlan, sharePlan, type SavedPlan } from './commands/plan.commands.ts';
import { defineCommand } from './runner.ts';

export const DEMO_PASSWORD = 'riverside-demo-2026';
export const DEMO_COUNCIL = 'Riverside Borough Council';
export const DEMO_PARTNER = 'Riverside and District Integrated Care Board';
export const DEMO_GOVERNMENT = 'Department for Education';

/** The demo accounts; the first (an administrator who also leads actions) is the one npm start prints. */
export const DEMO_ACCOUNTS: { email: string; name: string; role: Role; organisation: string }[] = [
  {
    email: 'grace.okafor@riverside.example',
    name: 'Grace Okafor',
    role: 'admin',
    organisation: DEMO_COUNCIL,
  },
  { email: 'daniel.marsh@riverside.example', name: 'Daniel Marsh', role: 'lead', organisation: DEMO_COUNCIL },
  {
    email: 'ruth.adeyemi@riverside.example',
    name: 'Ruth Adeyemi',
    role: 'board',
    organisation: DEMO_COUNCIL,
  },
  {
    email: 'helen.carter@riverside-icb.example',
    name: 'Helen Carter',
    role: 'partner',
    organisation: DEMO_PARTNER,
  },
  {
    email: 'owen.price@education.example',
    name: 'Owen Price',
    role: 'adviser',
    organisation: DEMO_GOVERNMENT,
  },
];

export const DEMO_USER = { ...DEMO_ACCOUNTS[0]!, password: DEMO_PASSWORD };

export const DEMO_PLAN_FILE = new URL('../../demo/riverside-plan.json', import.meta.url);

export async function readDemoPlan(): Promise<unknown> {
  return JSON.parse(await readFile(DEMO_PLAN_FILE, 'utf8'));
}

export async function databaseHasPlans(db: Executor): Promise<boolean> {
  return (await db.selectFrom('plans').select('id').limit(1).executeTakeFirst()) !== undefined;
}

export const loadDemo = defineCommand({
  name: 'demo.load',
  input: z.object({ document: z.unknown() }),
  async handle(ctx, input): Promise<SavedPlan> {
    ctx.open('setting up the demo organisation at start-up or with `ipt demo`');
    const kinds = {
      [DEMO_COUNCIL]: 'council',
      [DEMO_PARTNER]: 'health',
      [DEMO_GOVERNMENT]: 'government',
    } as const;
    for (const [name, kind] of Object.entries(kinds)) {
      const exists = await ctx.trx
        .selectFrom('organisations')
        .select('id')
        .where('name', '=', name)
        .executeTakeFirst();
      if (!exists) await ctx.run(addOrganisation, { name, kind });
    }
    for (const account of DEMO_ACCOUNTS) {
      const exists = await ctx.trx
        .selectFrom('users')
        .select('id')
        .where('email', '=', account.email)
        .executeTakeFirst();
      if (!exists) await ctx.run(addUser, { ...account, password: DEMO_PASSWORD });
    }
    const admin = (await actorWhereIn(ctx.trx, { email: DEMO_ACCOUNTS[0]!.email })) as UserActor;
    const saved = await ctx.run(
      importPlan,
      { document: input.document, file: 'demo/riverside-plan.json' },
      admin,
    );
    await ctx.run(sharePlan, { planId: saved.planId, organisation: DEMO_PARTNER, access: 'joint' }, admin);
    await ctx.run(grantAdvisers, { organisationId: saved.organisationId, grantee: DEMO_GOVERNMENT }, admin);
    return saved;
  },
});
