/** Reading plans: the list an actor reaches, a plan's overview and dashboard, its Plan JSON, its findings. */
import type { Db, Executor } from '../../db/connection.ts';
import { NotFoundError } from '../../db/errors.ts';
import { auditFor } from '../../db/repositories/audit.repository.ts';
import { listActionDocs } from '../../db/repositories/action.repository.ts';
import { listFindings, listStoredFindings } from '../../db/repositories/finding.repository.ts';
import { listMeasures } from '../../db/repositories/measure.repository.ts';
import { loadActionNames, loadActionOverview } from '../../db/repositories/overview.repository.ts';
import { getOrganisation } from '../../db/repositories/organisation.repository.ts';
import { listPlanPeople } from '../../db/repositories/person.repository.ts';
import {
  countPlanContents,
  getPlanById,
  listReachablePlans,
  planHeaderOf,
  type PlanCounts,
} from '../../db/repositories/plan.repository.ts';
import { listRecommendations } from '../../db/repositories/recommendation.repository.ts';
import { listSections } from '../../db/repositories/section.repository.ts';
import { listSources } from '../../db/repositories/source.repository.ts';
import type { Actor } from '../../domain/actor.ts';
import { PLAN_FORMAT, type PlanDocument } from '../../domain/plan-format.ts';
import type { PlanCache } from '../plan-cache.ts';
import { dashboardOf, type PlanOverview } from '../read-models/action-views.ts';
import { registerOf } from '../read-models/recommendation-register.ts';
import type { Access, PlanHead } from './access.ts';

export interface PlanSummary {
  id: string;
  organisationId: string;
  organisation: string;
  title: string;
  version: string | null;
  state: string;
  date: string | null;
  updatedAt: string;
  counts: PlanCounts;
  /** Share of actions complete, 0–100. */
  percentComplete: number;
  /** Whether it is the actor's own organisation's plan (else shared with it, or granted to its advisers). */
  own: boolean;
}

/** What of a plan's overview only a change of its structure changes: all but its actions' rows and dates. */
async function loadStructure(db: Executor, planId: string) {
  const row = await getPlanById(db, planId);
  if (!row) throw new NotFoundError('plan', planId);
  const organisation = await getOrganisation(db, row.organisation_id);
  const [sources, sections, recommendations, people, names] = await Promise.all([
    listSources(db, planId),
    listSections(db, planId),
    listRecommendations(db, planId),
    listPlanPeople(db, planId),
    loadActionNames(db, planId),
  ]);
  const plan = planHeaderOf(row, organisation?.name ?? '');
  return { parts: { plan, sources, sections, recommendations, people }, names };
}
type PlanStructure = Awaited<ReturnType<typeof loadStructure>>;

async function overviewOn(db: Executor, planId: string, structure: PlanStructure) {
  const actions = await loadActionOverview(db, planId, structure.names);
  const doc: PlanOverview = { ...structure.parts, actions: actions.actions };
  return { doc, lastUpdate: actions.lastUpdate };
}

/** The plan without its updates' texts, read through any executor (a transaction too). */
export async function loadOverview(db: Executor, planId: string) {
  return overviewOn(db, planId, await loadStructure(db, planId));
}

export function createPlanQueries(db: Db, cache: PlanCache, access: Access) {
  /** The plan without its updates' texts: what the dashboard and structure pages read. */
  async function overview(actor: Actor, planId: string) {
    const head = await access.plan(actor, planId);
    // After a progress update only the actions' rows and dates are read again: the rest is kept per structure.
    const { doc, lastUpdate } = await cache.read(planId, head.revision, 'overview', async () =>
      overviewOn(
        db,
        planId,
        await cache.read(planId, head.structureRevision, 'structure', () => loadStructure(db, planId), true),
      ),
    );
    return { head, doc, lastUpdate };
  }

  async function dashboard(actor: Actor, planId: string, today: string) {
    const { head, doc, lastUpdate } = await overview(actor, planId);
    const dashboard = await cache.read(planId, head.revision, `dashboard|${today}`, async () =>
      dashboardOf(doc, lastUpdate, today),
    );
    return { head, ...dashboard };
  }

  /** The whole plan as Plan JSON. Import findings go only to the plan's own organisation. */
  async function document(actor: Actor, planId: string): Promise<PlanDocument> {
    const head = await access.plan(actor, planId);
    const row = await getPlanById(db, planId);
    if (!row) throw new NotFoundError('plan', planId);
    const organisation = await getOrganisation(db, row.organisation_id);
    return {
      format: PLAN_FORMAT,
      plan: planHeaderOf(row, organisation?.name ?? ''),
      sources: await listSources(db, planId),
      sections: await listSections(db, planId),
      recommendations: await listRecommendations(db, planId),
      // Plan JSON is for moving a plan between systems: the stored ids of its updates stay here.
      actions: (await listActionDocs(db, planId)).map((a) => ({
        ...a,
        updates: a.updates.map(({ id: _id, version: _version, ...update }) => update),
      })),
      measures: await listMeasures(db, planId),
      people: await listPlanPeople(db, planId),
      findings: head.can.findings ? await listFindings(db, planId) : [],
    };
  }

  /** The plans the actor may see, with the same counts and share complete as each plan's dashboard. */
  async function list(actor: Actor, today: string): Promise<PlanSummary[]> {
    const rows = await listReachablePlans(
      db,
      actor.kind === 'operator'
        ? { organisationId: null, advisers: false }
        : { organisationId: actor.organisationId, advisers: actor.role === 'adviser' },
    );
    return Promise.all(
      rows.map(async (row) => {
        const counts = await countPlanContents(db, row.id);
        const standing = (await dashboard(actor, row.id, today)).counts;
        return {
          id: row.id,
          organisationId: row.organisation_id,
          organisation: row.organisation_name,
          title: row.title,
          version: row.version_label,
          state: row.state,
          date: row.plan_date,
          updatedAt: row.updated_at,
          counts: { ...counts, actions: standing.total, complete: standing.complete },
          percentComplete: standing.percentComplete,
          own: actor.kind === 'operator' || row.organisation_id === actor.organisationId,
        };
      }),
    );
  }

  async function findings(actor: Actor, planId: string) {
    const head = await access.plan(actor, planId, 'plan.findings');
    return { head, findings: await listStoredFindings(db, head.organisationId, planId) };
  }

  async function recommendation(actor: Actor, recommendationId: string) {
    const row = await db
      .selectFrom('recommendations')
      .select('plan_id')
      .where('id', '=', recommendationId)
      .executeTakeFirst();
    if (!row) throw new NotFoundError('recommendation', recommendationId);
    const { head, doc } = await overview(actor, row.plan_id).catch((error: unknown) => {
      if (error instanceof NotFoundError) throw new NotFoundError('recommendation', recommendationId);
      throw error;
    });
    const recommendation = doc.recommendations.find((r) => r.id === recommendationId);
    if (!recommendation) throw new NotFoundError('recommendation', recommendationId);
    return {
      head,
      doc,
      recommendation,
      source: doc.sources.find((s) => s.id === recommendation.sourceId) ?? null,
      alsoFrom: doc.sources.filter((s) => recommendation.alsoFrom.includes(s.id)),
      sectionOf: doc.sections.find((s) => s.id === recommendation.sectionId) ?? null,
      serving: doc.actions.filter((a) => a.recommendationIds.includes(recommendationId)),
    };
  }

  /** The recommendation register, with its gaps. */
  async function register(actor: Actor, planId: string, today: string) {
    const { head, doc, views } = await dashboard(actor, planId, today);
    const built = await cache.read(planId, head.revision, `register|${today}`, async () =>
      registerOf(doc, views, await listMeasures(db, planId)),
    );
    return { head, doc, views, ...built };
  }

  /** The audit trail of one thing in a plan the actor may read. */
  async function history(head: PlanHead, entityId: string) {
    return auditFor(db, head.organisationId, { entityId, planId: head.planId });
  }

  return { overview, dashboard, document, list, findings, recommendation, register, history };
}
