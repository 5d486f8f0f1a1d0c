/**
 * What the dashboard and the structure page need of a plan, in a few aggregate queries: the actions (with
 * their leads and recommendation links) and the date of each action's last update, without the updates
 * themselves. A plan with years of monthly updates stays fast to read. The links are read apart from the actions'
 * rows: a progress update changes the rows only, and the links are kept per structure revision.
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

/** Which leads, recommendations and measures each action names: these change only with the plan's structure. */
export interface ActionNames {
  leads: Map<string, string[]>;
  recommendations: Map<string, string[]>;
  measures: Map<string, string[]>;
}

export async function loadActionNames(db: Executor, planId: string): Promise<ActionNames> {
  const [leads, recommendations, measures] = await Promise.all([
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
  ]);
  const group = <T extends { action_id: string }>(items: T[], pick: (t: T) => string) => {
    const map = new Map<string, string[]>();
    for (const item of items) {
      const list = map.get(item.action_id);
      if (list) list.push(pick(item));
      else map.set(item.action_id, [pick(item)]);
    }
    return map;
  };
  return {
    leads: group(leads, (l) => l.name),
    recommendations: group(recommendations, (r) => r.recommendation_id),
    measures: group(measures, (m) => m.measure_id),
  };
}

/** The actions as they are now (what a progress update changes: status, version), with the names they give. */
export async function loadActionOverview(
  db: Executor,
  planId: string,
  names: ActionNames,
): Promise<ActionOverview> {
  const [rows, last] = await Promise.all([
    db.selectFrom('actions').selectAll().where('plan_id', '=', planId).orderBy('ordinal').execute(),
    db
      .selectFrom('progress_updates')
      .innerJoin('actions', 'actions.id', 'progress_updates.action_id')
      .select((eb) => ['progress_updates.action_id', eb.fn.max('progress_updates.update_date').as('last')])
      .where('actions.plan_id', '=', planId)
      .groupBy('progress_updates.action_id')
      .execute(),
  ]);
  const links = { ...names, updates: new Map() };
  return {
    actions: rows.map((row) => {
      const { updates: _none, ...summary } = actionDocOf(row, links);
      return summary;
    }),
    lastUpdate: new Map(last.map((l) => [l.action_id, String(l.last)])),
  };
}
