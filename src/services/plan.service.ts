/**
 * Plans as a whole: storing a Plan JSON document in one transaction (all of it or none of it), and
 * writing a stored plan back out as Plan JSON.
 */
import type { Db } from '../db/connection.ts';
import { NotFoundError, ValidationError } from '../db/errors.ts';
import { newId } from '../db/ids.ts';
import { insertActions, listActionDocs } from '../db/repositories/action.repository.ts';
import { recordAudit } from '../db/repositories/audit.repository.ts';
import {
  dismissStoredFinding,
  insertFindings,
  listFindings,
  listStoredFindings,
} from '../db/repositories/finding.repository.ts';
import { insertMeasures, listMeasures } from '../db/repositories/measure.repository.ts';
import { loadActionOverview } from '../db/repositories/overview.repository.ts';
import {
  findOrganisationByName,
  getOrganisation,
  insertOrganisation,
} from '../db/repositories/organisation.repository.ts';
import { attachPeople, listPlanPeople } from '../db/repositories/person.repository.ts';
import {
  countPlanContents,
  getPlan,
  insertPlan,
  listPlans,
  planHeaderOf,
  type PlanCounts,
} from '../db/repositories/plan.repository.ts';
import { insertRecommendations, listRecommendations } from '../db/repositories/recommendation.repository.ts';
import { insertSections, listSections } from '../db/repositories/section.repository.ts';
import { insertSources, listSources } from '../db/repositories/source.repository.ts';
import { PLAN_FORMAT, type PlanDocument } from '../domain/plan-format.ts';
import { readPlanDocument } from '../domain/plan-document.ts';
import { createPlanCache, type PlanCache } from './plan-cache.ts';

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
}

export interface SavedPlan {
  planId: string;
  organisationId: string;
}

export function createPlanService(db: Db, cache: PlanCache = createPlanCache(0)) {
  /** Validates and stores a whole plan. Nothing is stored unless all of it is. */
  async function importDocument(
    input: unknown,
    options: { actor: string; file?: string; organisation?: string },
  ) {
    const read = readPlanDocument(input, options.file);
    if (!read.ok) {
      throw new ValidationError(
        read.errors[0]?.message ?? 'Invalid plan',
        read.errors.map((e) => ({ field: e.location?.field, message: e.message })),
      );
    }
    return saveDocument(read.document, options);
  }

  async function saveDocument(
    doc: PlanDocument,
    options: { actor: string; organisation?: string },
  ): Promise<SavedPlan> {
    return db.transaction().execute(async (trx) => {
      const organisationName = options.organisation ?? doc.plan.organisation;
      const organisation =
        (await findOrganisationByName(trx, organisationName)) ??
        (await insertOrganisation(trx, organisationName, 'local_authority'));
      const orgId = organisation.id;
      const planId = newId();
      await insertPlan(trx, orgId, planId, { ...doc.plan, organisation: organisation.name });
      const people = await attachPeople(trx, orgId, planId, doc.people);
      const peopleByName = new Map(doc.people.map((p) => [p.name, people.get(p.id) as string]));
      const sources = await insertSources(trx, orgId, planId, doc.sources);
      const sections = await insertSections(trx, orgId, planId, doc.sections);
      const recommendations = await insertRecommendations(trx, orgId, planId, doc.recommendations, {
        sections,
        sources,
      });
      const measures = await insertMeasures(trx, orgId, planId, doc.measures, recommendations);
      const actions = await insertActions(trx, orgId, planId, doc.actions, {
        sections,
        recommendations,
        measures,
        peopleByName,
      });
      await insertFindings(trx, orgId, planId, doc.findings, {
        action: actions,
        recommendation: recommendations,
        measure: measures,
        section: sections,
      });
      await recordAudit(trx, {
        organisationId: orgId,
        actor: options.actor,
        operation: 'import',
        entityType: 'plan',
        entityId: planId,
        planId,
        after: {
          title: doc.plan.title,
          sections: doc.sections.length,
          recommendations: doc.recommendations.length,
          actions: doc.actions.length,
          measures: doc.measures.length,
          findings: doc.findings.length,
        },
      });
      return { planId, organisationId: orgId };
    });
  }

  async function exportDocument(organisationId: string, planId: string): Promise<PlanDocument> {
    const row = await getPlan(db, organisationId, planId);
    if (!row) throw new NotFoundError('plan', planId);
    const organisation = await getOrganisation(db, organisationId);
    return {
      format: PLAN_FORMAT,
      plan: planHeaderOf(row, organisation?.name ?? ''),
      sources: await listSources(db, planId),
      sections: await listSections(db, planId),
      recommendations: await listRecommendations(db, planId),
      actions: await listActionDocs(db, planId),
      measures: await listMeasures(db, planId),
      people: await listPlanPeople(db, planId),
      findings: await listFindings(db, planId),
    };
  }

  /** The plan without its updates' texts: what the dashboard and structure pages read. */
  async function overview(organisationId: string, planId: string) {
    return cache.read(planId, `overview|${organisationId}`, () => loadOverview(organisationId, planId));
  }

  async function loadOverview(organisationId: string, planId: string) {
    const row = await getPlan(db, organisationId, planId);
    if (!row) throw new NotFoundError('plan', planId);
    const organisation = await getOrganisation(db, organisationId);
    const [sources, sections, recommendations, actions, people] = await Promise.all([
      listSources(db, planId),
      listSections(db, planId),
      listRecommendations(db, planId),
      loadActionOverview(db, planId),
      listPlanPeople(db, planId),
    ]);
    const plan = planHeaderOf(row, organisation?.name ?? '');
    return {
      plan,
      sources,
      sections,
      recommendations,
      actions: actions.actions,
      people,
      lastUpdate: actions.lastUpdate,
    };
  }

  /** The plan a recommendation belongs to. */
  async function planOfRecommendation(organisationId: string, recommendationId: string): Promise<string> {
    const row = await db
      .selectFrom('recommendations')
      .select('plan_id')
      .where('organisation_id', '=', organisationId)
      .where('id', '=', recommendationId)
      .executeTakeFirst();
    if (!row) throw new NotFoundError('recommendation', recommendationId);
    return row.plan_id;
  }

  async function summaries(organisationId: string): Promise<PlanSummary[]> {
    const organisation = await getOrganisation(db, organisationId);
    const rows = await listPlans(db, organisationId);
    return Promise.all(
      rows.map(async (row) => {
        const counts = await countPlanContents(db, row.id);
        return {
          id: row.id,
          organisationId,
          organisation: organisation?.name ?? '',
          title: row.title,
          version: row.version_label,
          state: row.state,
          date: row.plan_date,
          updatedAt: row.updated_at,
          counts,
          percentComplete: counts.actions === 0 ? 0 : Math.round((100 * counts.complete) / counts.actions),
        };
      }),
    );
  }

  /** The organisation a plan belongs to (until sign-in arrives, the API finds the tenant from the plan). */
  async function organisationOfPlan(planId: string): Promise<string> {
    const row = await db
      .selectFrom('plans')
      .select('organisation_id')
      .where('id', '=', planId)
      .executeTakeFirst();
    if (!row) throw new NotFoundError('plan', planId);
    return row.organisation_id;
  }

  async function findings(organisationId: string, planId: string) {
    if (!(await getPlan(db, organisationId, planId))) throw new NotFoundError('plan', planId);
    return listStoredFindings(db, organisationId, planId);
  }

  /** Dismissing keeps the finding and records why, so a board can see what was set aside. */
  async function dismissFinding(
    organisationId: string,
    planId: string,
    findingId: string,
    reason: string,
    actor: string,
  ) {
    if (!reason.trim())
      throw new ValidationError('Enter why this finding can be dismissed', [
        { field: 'reason', message: 'Enter why this finding can be dismissed' },
      ]);
    await db.transaction().execute(async (trx) => {
      const result = await dismissStoredFinding(trx, organisationId, findingId, reason.trim());
      if (Number(result.numUpdatedRows) === 0) throw new NotFoundError('open finding', findingId);
      cache.changed(planId);
      await recordAudit(trx, {
        organisationId,
        actor,
        operation: 'update',
        entityType: 'finding',
        entityId: findingId,
        planId,
        after: { state: 'dismissed', reason },
      });
    });
  }

  return {
    importDocument,
    saveDocument,
    exportDocument,
    overview,
    planOfRecommendation,
    summaries,
    organisationOfPlan,
    findings,
    dismissFinding,
  };
}

export type PlanService = ReturnType<typeof createPlanService>;
