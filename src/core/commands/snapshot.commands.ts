/**
 * Locking a snapshot: the plan as reported to a board for a period, worked out inside the transaction that stores
 * it, so it is exactly the plan at that moment. A snapshot is never changed; a correction is a new snapshot naming
 * the one it corrects and why.
 */
import { z } from 'zod';
import type { Executor } from '../../db/connection.ts';
import { NotFoundError, ValidationError } from '../../db/errors.ts';
import { newId, nowIso } from '../../db/ids.ts';
import { listMeasures } from '../../db/repositories/measure.repository.ts';
import { fromJson, toJson } from '../../db/repositories/rows.ts';
import type { Rescheduling, SnapshotData } from '../../domain/snapshot.ts';
import { dashboardOf } from '../read-models/action-views.ts';
import { registerOf } from '../read-models/recommendation-register.ts';
import { scorecardOf } from '../queries/measure.queries.ts';
import { loadOverview } from '../queries/plan.queries.ts';
import { defineCommand } from '../runner.ts';
import { LIMITS, shortText } from './inputs.ts';
import { authorisedPlan } from './subjects.ts';

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;

export const SnapshotLockSchema = z
  .object({
    planId: z.string().min(1).max(100),
    period: z.string().trim().regex(PERIOD, 'Enter the period as a year and month, for example 2026-11'),
    board: shortText.nullable().default(null).describe("One of the plan's boards"),
    meetingDate: z.iso.date({ error: 'Enter the meeting date as YYYY-MM-DD' }).nullable().default(null),
    correctsId: z.string().min(1).max(100).optional().describe('The snapshot this one corrects'),
    reason: z.string().trim().max(LIMITS.reason).optional().describe('Why the correction was needed'),
  })
  .strict();

/** The latest-dated update of each action: its date and words, for the board's narrative. */
async function latestUpdates(db: Executor, planId: string) {
  const rows = await db
    .selectFrom('progress_updates')
    .innerJoin('actions', 'actions.id', 'progress_updates.action_id')
    .select(['progress_updates.action_id', 'progress_updates.update_date', 'progress_updates.narrative'])
    .where('actions.plan_id', '=', planId)
    .orderBy('progress_updates.update_date')
    .orderBy('progress_updates.ordinal')
    .execute();
  const latest = new Map<string, { date: string; narrative: string }>();
  for (const r of rows) latest.set(r.action_id, { date: r.update_date, narrative: r.narrative });
  return latest;
}

/** Due dates moved with a reason, from the audit log: the first date each action had, and every move. */
async function reschedulings(db: Executor, organisationId: string, planId: string) {
  const rows = await db
    .selectFrom('audit_log')
    .select(['entity_id', 'actor', 'occurred_at', 'before_json', 'after_json'])
    .where('organisation_id', '=', organisationId)
    .where('plan_id', '=', planId)
    .where('entity_type', '=', 'action')
    .where('operation', '=', 'update')
    .orderBy('id')
    .execute();
  const moves: Omit<Rescheduling, 'ref' | 'text'>[] = [];
  const original = new Map<string, string | null>();
  for (const r of rows) {
    const after = fromJson<{ dueChangeReason?: string; due?: { raw: string } | null }>(r.after_json, {});
    if (!after.dueChangeReason) continue;
    const before = fromJson<{ due?: { raw: string } | null }>(r.before_json, {});
    if (!original.has(r.entity_id)) original.set(r.entity_id, before.due?.raw ?? null);
    moves.push({
      id: r.entity_id,
      from: before.due?.raw ?? null,
      to: after.due?.raw ?? null,
      reason: after.dueChangeReason,
      by: r.actor,
      at: r.occurred_at,
    });
  }
  return { moves, original };
}

/** The plan as it stands, for the period: every figure a board pack shows. */
export async function snapshotOfPlan(
  db: Executor,
  planId: string,
  asOf: string,
  period: string,
): Promise<SnapshotData> {
  const { doc, lastUpdate } = await loadOverview(db, planId);
  const { views } = dashboardOf(doc, lastUpdate, asOf);
  const measures = await listMeasures(db, planId);
  const { rows: register } = registerOf(doc, views, measures);
  const scorecard = scorecardOf(measures, true);
  const updates = await latestUpdates(db, planId);
  const organisationId = (
    await db.selectFrom('plans').select('organisation_id').where('id', '=', planId).executeTakeFirstOrThrow()
  ).organisation_id;
  const { moves, original } = await reschedulings(db, organisationId, planId);
  const byId = new Map(doc.actions.map((a) => [a.id, a]));
  return {
    plan: { id: planId, title: doc.plan.title, date: doc.plan.date, state: doc.plan.state },
    asOf,
    period,
    sections: doc.sections.map((s) => ({
      id: s.id,
      ref: s.ref,
      kind: s.kind,
      title: s.title,
      parentId: s.parentId,
    })),
    actions: views.map((v) => ({
      id: v.action.id,
      ref: v.action.ref,
      text: v.action.text,
      level: v.level,
      parentId: v.action.parentId,
      sectionId: v.sectionId,
      topSectionId: v.topSectionId,
      leads: v.action.leads,
      status: v.action.status?.raw ?? null,
      rating: v.rating,
      suggested: v.suggestion.colour,
      suggestionReason: v.suggestion.reason,
      due: v.action.due ? { raw: v.action.due.raw, end: v.action.due.end ?? null } : null,
      originalDue: original.get(v.action.id) ?? null,
      complete: v.complete,
      overdue: v.overdue,
      lastUpdate:
        updates.get(v.action.id) ??
        (v.action.progress ? { date: doc.plan.date ?? asOf, narrative: v.action.progress } : null),
    })),
    recommendations: register.map((r) => ({
      id: r.id,
      ref: r.ref,
      text: r.text,
      status: r.status,
      rollup: r.rollup,
    })),
    measures: scorecard.map((row) => ({
      id: row.measure.id,
      ref: row.measure.ref,
      name: row.measure.name,
      unit: row.measure.unit,
      period: row.latest?.period ?? null,
      value: row.latest?.value ?? null,
      target: row.latest?.target?.value ?? null,
      colour: row.latest?.colour ?? null,
      gap: row.latest?.gap ?? null,
      statement: row.latest?.statement ?? 'No values yet',
      series: row.series.map((e) => ({ period: e.period, value: e.value, target: e.target?.value ?? null })),
    })),
    rescheduled: moves.map((m) => ({
      ...m,
      ref: byId.get(m.id)?.ref ?? null,
      text: byId.get(m.id)?.text ?? '',
    })),
  };
}

export const lockSnapshot = defineCommand({
  name: 'snapshot.lock',
  input: SnapshotLockSchema,
  async handle(ctx, input) {
    const facts = await authorisedPlan(ctx, 'plan.manage', input.planId);
    if (input.correctsId) {
      const corrected = await ctx.trx
        .selectFrom('snapshots')
        .select(['id', 'plan_id'])
        .where('id', '=', input.correctsId)
        .executeTakeFirst();
      if (!corrected || corrected.plan_id !== input.planId)
        throw new ValidationError('correctsId: Choose a snapshot of this plan', [
          { field: 'correctsId', message: 'Choose a snapshot of this plan' },
        ]);
      if (!input.reason)
        throw new ValidationError('reason: Say what the correction puts right', [
          { field: 'reason', message: 'Say what the correction puts right' },
        ]);
    }
    if (input.board) {
      const plan = await ctx.trx
        .selectFrom('plans')
        .select('governance')
        .where('id', '=', input.planId)
        .executeTakeFirst();
      if (!plan) throw new NotFoundError('plan', input.planId);
      const boards = fromJson<{ board: string }[]>(plan.governance, []).map((b) => b.board);
      if (!boards.includes(input.board))
        throw new ValidationError(`board: "${input.board}" is not one of the plan's boards`, [
          {
            field: 'board',
            message: boards.length
              ? `Choose one of the plan's boards: ${boards.join(', ')}`
              : "The plan has no boards yet: add them in the plan's settings",
          },
        ]);
    }
    const data = await snapshotOfPlan(ctx.trx, input.planId, ctx.today, input.period);
    const snapshotId = newId();
    const lockedAt = nowIso();
    await ctx.trx
      .insertInto('snapshots')
      .values({
        id: snapshotId,
        organisation_id: facts.organisationId,
        plan_id: input.planId,
        board: input.board,
        meeting_date: input.meetingDate,
        period: input.period,
        as_of: ctx.today,
        locked_at: lockedAt,
        locked_by: ctx.actor.name,
        locked_by_id: ctx.actor.userId,
        corrects_id: input.correctsId ?? null,
        correction_reason: input.correctsId ? (input.reason ?? null) : null,
        payload: toJson(data),
      })
      .execute();
    ctx.record({
      organisationId: facts.organisationId,
      operation: 'lock',
      entityType: 'snapshot',
      entityId: snapshotId,
      planId: input.planId,
      after: {
        period: input.period,
        board: input.board,
        correctsId: input.correctsId ?? null,
        reason: input.reason ?? null,
        actions: data.actions.length,
      },
    });
    return { snapshotId, planId: input.planId, period: input.period, lockedAt };
  },
});
