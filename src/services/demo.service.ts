/** The demo organisation and plan that a fresh install shows, so a newcomer sees a working system. */
import { readFile } from 'node:fs/promises';
import type { Db } from '../db/connection.ts';
import type { createAuthService } from './auth.service.ts';
import type { PlanService, SavedPlan } from './plan.service.ts';

/** The demo account: a lead in the demo plan, so "My actions" shows something. Printed by npm start. */
export const DEMO_USER = {
  email: 'grace.okafor@riverside.example',
  name: 'Grace Okafor',
  password: 'riverside-demo-2026',
  organisation: 'Riverside Borough Council',
};

export const DEMO_PLAN_FILE = new URL('../../demo/riverside-plan.json', import.meta.url);

export async function readDemoPlan(): Promise<unknown> {
  return JSON.parse(await readFile(DEMO_PLAN_FILE, 'utf8'));
}

export function createDemoService(db: Db, plans: PlanService, auth: ReturnType<typeof createAuthService>) {
  async function isEmpty(): Promise<boolean> {
    const row = await db.selectFrom('plans').select('id').limit(1).executeTakeFirst();
    return row === undefined;
  }

  /** Loads the demo plan. With `onlyIfEmpty`, does nothing when any plan is stored. */
  async function load(options: { onlyIfEmpty?: boolean } = {}): Promise<SavedPlan | null> {
    if (options.onlyIfEmpty && !(await isEmpty())) return null;
    const saved = await plans.importDocument(await readDemoPlan(), {
      actor: 'demo loader',
      file: 'demo/riverside-plan.json',
    });
    const exists = await db
      .selectFrom('users')
      .select('id')
      .where('email', '=', DEMO_USER.email)
      .executeTakeFirst();
    if (!exists) await auth.addUser(DEMO_USER);
    return saved;
  }

  return { load, isEmpty };
}
