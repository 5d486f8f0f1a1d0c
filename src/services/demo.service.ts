/** The demo organisation and plan that a fresh install shows, so a newcomer sees a working system. */
import { readFile } from 'node:fs/promises';
import type { Db } from '../db/connection.ts';
import type { PlanService, SavedPlan } from './plan.service.ts';

export const DEMO_PLAN_FILE = new URL('../../demo/riverside-plan.json', import.meta.url);

export async function readDemoPlan(): Promise<unknown> {
  return JSON.parse(await readFile(DEMO_PLAN_FILE, 'utf8'));
}

export function createDemoService(db: Db, plans: PlanService) {
  async function isEmpty(): Promise<boolean> {
    const row = await db.selectFrom('plans').select('id').limit(1).executeTakeFirst();
    return row === undefined;
  }

  /** Loads the demo plan. With `onlyIfEmpty`, does nothing when any plan is stored. */
  async function load(options: { onlyIfEmpty?: boolean } = {}): Promise<SavedPlan | null> {
    if (options.onlyIfEmpty && !(await isEmpty())) return null;
    return plans.importDocument(await readDemoPlan(), {
      actor: 'demo loader',
      file: 'demo/riverside-plan.json',
    });
  }

  return { load, isEmpty };
}
