/**
 * Private calendar feeds: a signed-in user makes one of their own actions and meetings, or of a plan they may
 * read, and revokes it. The secret is shown once and stored hashed, like a personal access token.
 */
import { z } from 'zod';
import { NotFoundError } from '../../db/errors.ts';
import { newId, nowIso } from '../../db/ids.ts';
import { hashToken } from '../../db/repositories/account.repository.ts';
import { loadPlanFacts } from '../../db/repositories/access.repository.ts';
import { newSecret } from '../passwords.ts';
import { defineCommand, type CommandContext } from '../runner.ts';
import { ownAccount } from './account.commands.ts';

const userOf = (ctx: CommandContext) => {
  if (ctx.actor.kind !== 'user') throw new NotFoundError('account', '');
  return ctx.actor;
};

export const createCalendarFeed = defineCommand({
  name: 'calendar.create',
  input: z.object({ planId: z.string().min(1).max(100).nullable().default(null) }),
  async handle(ctx, input) {
    const actor = userOf(ctx);
    await ownAccount(ctx, actor.userId);
    if (input.planId) {
      const facts = await loadPlanFacts(ctx.trx, input.planId);
      if (!facts) throw new NotFoundError('plan', input.planId);
      ctx.authorise('plan.read', { type: 'plan', plan: facts }, { entity: 'plan', id: input.planId });
    }
    const token = newSecret();
    const id = newId();
    await ctx.trx
      .insertInto('calendar_feeds')
      .values({
        id,
        organisation_id: actor.organisationId,
        user_id: actor.userId,
        plan_id: input.planId,
        token_hash: hashToken(token),
        created_at: nowIso(),
        revoked_at: null,
      })
      .execute();
    ctx.record({
      organisationId: actor.organisationId,
      operation: 'create',
      entityType: 'calendar_feed',
      entityId: id,
      planId: input.planId ?? undefined,
      after: { plan: input.planId },
    });
    return { feedId: id, token };
  },
});

export const revokeCalendarFeed = defineCommand({
  name: 'calendar.revoke',
  input: z.object({ feedId: z.string().min(1).max(100) }),
  async handle(ctx, input) {
    const actor = userOf(ctx);
    const feed = await ctx.trx
      .selectFrom('calendar_feeds')
      .select(['id', 'user_id', 'revoked_at'])
      .where('id', '=', input.feedId)
      .executeTakeFirst();
    // Another person's feed does not exist for this one.
    if (!feed || feed.user_id !== actor.userId || feed.revoked_at)
      throw new NotFoundError('calendar feed', input.feedId);
    await ownAccount(ctx, actor.userId);
    await ctx.trx
      .updateTable('calendar_feeds')
      .set({ revoked_at: nowIso() })
      .where('id', '=', feed.id)
      .execute();
    ctx.record({
      organisationId: actor.organisationId,
      operation: 'update',
      entityType: 'calendar_feed',
      entityId: feed.id,
      after: { revoked: true },
    });
    return { feedId: feed.id };
  },
});
