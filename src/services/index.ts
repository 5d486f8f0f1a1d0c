/**
 * The services object: built once from the database and handed to the web app and the CLI alike.
 * Its type is derived from this factory, never written twice.
 */
import type { Connection } from '../db/connection.ts';
import { createActionService } from './action.service.ts';
import { createAuthService } from './auth.service.ts';
import { createDashboardService } from './dashboard.service.ts';
import { createDemoService } from './demo.service.ts';
import { createMeasureService } from './measure.service.ts';
import { createOrganisationService } from './organisation.service.ts';
import { createPeopleService } from './people.service.ts';
import { createPlanCache } from './plan-cache.ts';
import { createPlanService } from './plan.service.ts';

export function createServices(connection: Connection) {
  const { db } = connection;
  const cache = createPlanCache();
  const plans = createPlanService(db, cache);
  const auth = createAuthService(db);
  return {
    connection,
    cache,
    plans,
    dashboard: createDashboardService(plans, cache),
    demo: createDemoService(db, plans, auth),
    actions: createActionService(db, cache),
    organisations: createOrganisationService(db),
    auth,
    measures: createMeasureService(db, cache),
    people: createPeopleService(db),
  };
}

export type Services = ReturnType<typeof createServices>;
