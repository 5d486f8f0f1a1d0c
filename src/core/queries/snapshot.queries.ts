/**
 * Reading snapshots: a plan's list, one with its figures, the plan "now" worked out the same way (a provisional,
 * unlocked view), and what changed between two of them.
 */
import type { Db } from '../../db/connection.ts';
import { NotFoundError, ValidationError } from '../../db/errors.ts';
import { fromJson } from '../../db/repositories/rows.ts';
import type { Actor } from '../../domain/actor.ts';
import { changesBetween, totalsOf, type SnapshotData } from '../../domain/snapshot.ts';
import { snapshotOfPlan } from '../commands/snapshot.commands.ts';
import { packTemplateOf } from '../commands/pack-template.commands.ts';
import type { Access } from './access.ts';

export interface SnapshotInfo {
  id: string;
  planId: string;
  board: string | null;
  meetingDate: string | null;
  period: string;
  asOf: string;
  lockedAt: string;
  lockedBy: string;
  correctsId: string | null;
  correctionReason: string | null;
  /** A later snapshot corrects this one. */
  correctedBy: string | null;
}

type Row = {
  id: string;
  plan_id: string;
  board: string | null;
  meeting_date: string | null;
  period: string;
  as_of: string;
  locked_at: string;
  locked_by: string;
  corrects_id: string | null;
  correction_reason: string | null;
};

const infoOf = (r: Row, correctedBy: string | null): SnapshotInfo => ({
  id: r.id,
  planId: r.plan_id,
  board: r.board,
  meetingDate: r.meeting_date,
  period: r.period,
  asOf: r.as_of,
  lockedAt: r.locked_at,
  lockedBy: r.locked_by,
  correctsId: r.corrects_id,
  correctionReason: r.correction_reason,
  correctedBy,
});

/** The first day of a period ("2026-11" → 2026-11-01): an open action with no update since then missed it. */
export const periodStart = (period: string) => `${period}-01`;

export function createSnapshotQueries(db: Db, access: Access) {
  const columns = [
    'id',
    'plan_id',
    'board',
    'meeting_date',
    'period',
    'as_of',
    'locked_at',
    'locked_by',
    'corrects_id',
    'correction_reason',
  ] as const;

  async function list(actor: Actor, planId: string) {
    const head = await access.plan(actor, planId);
    const rows = await db
      .selectFrom('snapshots')
      .select(columns)
      .where('plan_id', '=', planId)
      .orderBy('locked_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    const correctedBy = new Map(rows.filter((r) => r.corrects_id).map((r) => [r.corrects_id!, r.id]));
    return { head, snapshots: rows.map((r) => infoOf(r, correctedBy.get(r.id) ?? null)) };
  }

  async function get(actor: Actor, snapshotId: string) {
    const row = await db
      .selectFrom('snapshots')
      .select([...columns, 'payload'])
      .where('id', '=', snapshotId)
      .executeTakeFirst();
    if (!row) throw new NotFoundError('snapshot', snapshotId);
    const head = await access.plan(actor, row.plan_id).catch((error: unknown) => {
      if (error instanceof NotFoundError) throw new NotFoundError('snapshot', snapshotId);
      throw error;
    });
    const correction = await db
      .selectFrom('snapshots')
      .select('id')
      .where('corrects_id', '=', snapshotId)
      .executeTakeFirst();
    const data = fromJson<SnapshotData>(row.payload, null as unknown as SnapshotData);
    return { head, info: infoOf(row, correction?.id ?? null), data };
  }

  /** The plan as it stands, worked out as a snapshot would be, for a provisional (draft) pack. */
  async function now(actor: Actor, planId: string, today: string, period = today.slice(0, 7)) {
    const head = await access.plan(actor, planId);
    return { head, info: null, data: await snapshotOfPlan(db, planId, today, period) };
  }

  /** The snapshot locked before this one for the same plan (and board, when it names one): the pack's "last time". */
  async function previous(
    actor: Actor,
    reported: { info: SnapshotInfo | null; data: SnapshotData },
    planId: string,
  ) {
    const { snapshots } = await list(actor, planId);
    const earlier = snapshots.filter(
      (s) =>
        !s.correctedBy &&
        s.id !== reported.info?.id &&
        (!reported.info || s.lockedAt < reported.info.lockedAt) &&
        (!reported.info?.board || s.board === reported.info.board),
    );
    return earlier[0] ? get(actor, earlier[0].id) : null;
  }

  /** What changed from one snapshot to another (`to` left out: to the plan now). */
  async function diff(actor: Actor, fromId: string, toId: string | null, today: string) {
    const from = await get(actor, fromId);
    const to = toId ? await get(actor, toId) : await now(actor, from.info.planId, today);
    if (to.info && to.info.planId !== from.info.planId)
      throw new ValidationError('to: The two snapshots are of different plans', [
        { field: 'to', message: 'Choose two snapshots of the same plan' },
      ]);
    return {
      from: from.info,
      to: to.info,
      changes: changesBetween(from.data, to.data, periodStart(to.data.period)),
      totals: {
        from: totalsOf(from.data.actions, from.data.measures),
        to: totalsOf(to.data.actions, to.data.measures),
      },
    };
  }

  /** The board pack template of the organisation whose plan it is (the standard pack when it has none). */
  async function template(actor: Actor, planId: string) {
    const head = await access.plan(actor, planId);
    const row = await db
      .selectFrom('organisations')
      .select('pack_template')
      .where('id', '=', head.organisationId)
      .executeTakeFirst();
    return packTemplateOf(row?.pack_template ?? null);
  }

  return { list, get, now, previous, diff, template };
}
