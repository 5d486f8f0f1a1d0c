/**
 * Previews of uploads (an imported plan, a file of measure values) wait in the database until their owner
 * confirms or cancels them, so they survive a restart and work behind several app processes. Nothing of the
 * upload is stored in the plan before confirm; confirming runs the storing command in the same transaction.
 */
import { z } from 'zod';
import { NotFoundError } from '../../db/errors.ts';
import { newId, nowIso } from '../../db/ids.ts';
import { fromJson, toJson } from '../../db/repositories/rows.ts';
import type { ValuesPreview } from '../../import/values-file.ts';
import { authorisedOrganisation, authorisedPlan } from './subjects.ts';
import { defineCommand, type CommandContext } from '../runner.ts';
import { applyValues } from './measure.commands.ts';

const PREVIEW_MINUTES = 60;
/** Unconfirmed previews kept per user and per organisation: beyond these the oldest go, so uploads cannot pile up. */
export const PREVIEWS_PER_USER = 10;
export const PREVIEWS_PER_ORGANISATION = 100;

/** Deletes all but the newest `keep` previews that `column` = `value` holds; `latest` (just made) always stays. */
async function keepNewest(
  ctx: CommandContext,
  column: 'user_id' | 'organisation_id',
  value: string,
  keep: number,
  latest: string,
) {
  const others = await ctx.trx
    .selectFrom('previews')
    .select('id')
    .where(column, '=', value)
    .where('id', '!=', latest)
    .orderBy('created_at', 'desc')
    .limit(keep - 1)
    .execute();
  const newest = [{ id: latest }, ...others];
  await ctx.trx
    .deleteFrom('previews')
    .where(column, '=', value)
    .where(
      'id',
      'not in',
      newest.map((r) => r.id),
    )
    .execute();
}
export const PREVIEW_KINDS = ['import', 'values'] as const;

async function authoriseKind(
  ctx: CommandContext,
  kind: (typeof PREVIEW_KINDS)[number],
  planId: string | null,
) {
  if (ctx.actor.kind !== 'user') throw new Error('Previews belong to a signed-in user');
  if (kind === 'import') await authorisedOrganisation(ctx, 'plan.import', ctx.actor.organisationId);
  else if (!planId) throw new NotFoundError('plan', '');
  else await authorisedPlan(ctx, 'plan.manage', planId);
}

export const createPreview = defineCommand({
  name: 'preview.create',
  input: z.object({
    kind: z.enum(PREVIEW_KINDS),
    planId: z.string().nullable().default(null),
    file: z.string().max(500),
    payload: z.unknown(),
  }),
  async handle(ctx, input) {
    await authoriseKind(ctx, input.kind, input.planId);
    if (ctx.actor.kind !== 'user') throw new Error('unreachable');
    const now = nowIso();
    // Previews left behind expire; a user's old ones are cleared as new ones arrive.
    await ctx.trx.deleteFrom('previews').where('expires_at', '<', now).execute();
    const id = newId();
    await ctx.trx
      .insertInto('previews')
      .values({
        id,
        organisation_id: ctx.actor.organisationId,
        user_id: ctx.actor.userId,
        kind: input.kind,
        plan_id: input.planId,
        file: input.file,
        payload: toJson(input.payload),
        created_at: now,
        expires_at: new Date(Date.now() + PREVIEW_MINUTES * 60_000).toISOString(),
      })
      .execute();
    await keepNewest(ctx, 'user_id', ctx.actor.userId, PREVIEWS_PER_USER, id);
    await keepNewest(ctx, 'organisation_id', ctx.actor.organisationId, PREVIEWS_PER_ORGANISATION, id);
    return { previewId: id };
  },
});

/** A preview of the actor's own, or NotFound: another person's preview does not exist for them. */
export async function ownPreview(ctx: CommandContext, previewId: string, kind: string) {
  const row = await ctx.trx.selectFrom('previews').selectAll().where('id', '=', previewId).executeTakeFirst();
  if (!row || row.user_id !== ctx.actor.userId || row.kind !== kind || row.expires_at < nowIso())
    throw new NotFoundError('preview', previewId);
  return row;
}

export const cancelPreview = defineCommand({
  name: 'preview.cancel',
  input: z.object({ previewId: z.string().min(1).max(100), kind: z.enum(PREVIEW_KINDS) }),
  async handle(ctx, input) {
    const row = await ownPreview(ctx, input.previewId, input.kind);
    await authoriseKind(ctx, input.kind, row.plan_id);
    await ctx.trx.deleteFrom('previews').where('id', '=', row.id).execute();
    return { previewId: row.id };
  },
});

export const confirmValues = defineCommand({
  name: 'values.confirm',
  input: z.object({ previewId: z.string().min(1).max(100), planId: z.string().min(1).max(100) }),
  async handle(ctx, input) {
    const row = await ownPreview(ctx, input.previewId, 'values');
    if (row.plan_id !== input.planId) throw new NotFoundError('preview', input.previewId);
    await authoriseKind(ctx, 'values', row.plan_id);
    const preview = fromJson<ValuesPreview | null>(row.payload, null);
    const rows = (preview?.accepted ?? []).filter(
      (r) => r.change !== 'unchanged' || r.comparators.length > 0,
    );
    await ctx.run(applyValues, { planId: input.planId, rows });
    await ctx.trx.deleteFrom('previews').where('id', '=', row.id).execute();
    return { stored: rows.length };
  },
});
