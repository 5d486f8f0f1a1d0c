/**
 * What the dashboard and the structure page need of a plan, in a few aggregate queries: the actions (with
 * their leads and recommendation links) and the date of each action's last update, without the updates
 * themselves. A plan with years of monthly updates stays fast to read.
 */
import type { Executor } from '../connection.ts';
import type { ActionDoc } from '../../domain/plan-format.ts';
import { actionDocOf } from './action.repository.ts';

/** An action as the plan's pages list it: everything but its updates, which stay in the database. */
export type ActionSummary = Omit<ActionDoc, 'updates'>;

export interface ActionOverview {
  actions: ActionSummary[];
  lastUpdate: Map<string, string>;
}

export async function loadActionOverview(db: Executor, planId: string): Promise<ActionOverview> {
  const [rows, leads, recommendations, measures, last] = await Promise.all([
    db.selectFrom('actions').selectAll().where('plan_id', '=', planId).orderBy('ordinal').execute(),
    db
      .selectFrom('action_leads')
      .innerJoin('actions', 'actions.id', 'action_leads.action_id')
      .select(['action_leads.action_id', 'action_leads.name'])
      .where('actions.plan_id', '=', planId)
      .orderBy('action_leads.ordinal')
      .execute(),
    db
      .selectFrom('action_recommendations')
      .innerJoin('actions', 'actions.id', 'action_recommendations.action_id')
      .select(['action_recommendations.action_id', 'action_recommendations.recommendation_id'])
      .where('actions.plan_id', '=', planId)
      .orderBy('action_recommendations.ordinal')
      .execute(),
    db
      .selectFrom('action_measures')
      .innerJoin('actions', 'actions.id', 'action_measures.action_id')
      .select(['action_measures.action_id', 'action_measures.measure_id'])
      .where('actions.plan_id', '=', planId)
      .orderBy('action_measures.ordinal')
      .execute(),
    db
      .selectFrom('progress_updates')
      .innerJoin('actions', 'actions.id', 'progress_updates.action_id')
      .select((eb) => ['progress_updates.action_id', eb.fn.max('progress_updates.update_date').as('last')])
      .where('actions.plan_id', '=', planId)
      .groupBy('progress_updates.action_id')
      .execute(),
  ]);
  const group = <T extends { action_id: string }, U>(items: T[], pick: (t: T) => U) => {
    const map = new Map<string, U[]>();
    for (const item of items) map.set(item.action_id, [...(map.get(item.action_id) ?? []), pick(item)]);
    return map;
  };
  const links = {
    leads: group(leads, (l) => l.name),
    recommendations: group(recommendations, (r) => r.recommendation_id),
    measures: group(measures, (m) => m.measure_id),
    updates: new Map(),
  };
  return {
    actions: rows.map((row) => {
      const { updates: _none, ...summary } = actionDocOf(row, links);
      return summary;
    }),
    lastUpdate: new Map(last.map((l) => [l.action_id, String(l.last)])),
  };
}
