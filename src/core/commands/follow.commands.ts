/**
 * Following an action (its status changes) or a plan (its measures' colours), or stopping: anyone who may read the
 * plan may follow; the choice is kept against the default (leads and managers follow without asking).
 */
import { z } from 'zod';
import { NotFoundError } from '../../db/errors.ts';
import { loadPlanFacts } from '../../db/repositories/access.repository.ts';
import { planOfSubject, putFollowChoice } from '../followers.ts';
import { defineCommand } from '../runner.ts';

/** What the API takes: whether to follow it (the subject is in the path). */
export const FollowingSchema = z
  .object({ following: z.boolean({ error: 'Say whether to follow it (true or false)' }) })
  .strict();

export const setFollowing = defineCommand({
  name: 'follow.set',
  input: z
    .object({
      subject: z.enum(['action', 'plan']),
      id: z.string().min(1).max(100),
      following: z.boolean({ error: 'Choose whether to follow it' }),
    })
    .strict(),
  async handle(ctx, input) {
    const place = await planOfSubject(ctx.trx, input.subject, input.id);
    const facts = place && (await loadPlanFacts(ctx.trx, place.planId));
    if (!facts || ctx.actor.kind !== 'user') throw new NotFoundError(input.subject, input.id);
    ctx.authorise('plan.read', { type: 'plan', plan: facts }, { entity: input.subject, id: input.id });
    await putFollowChoice(ctx.trx, {
      userId: ctx.actor.userId,
      organisationId: ctx.actor.organisationId,
      subject: input.subject,
      id: input.id,
      following: input.following,
    });
    ctx.record({
      organisationId: ctx.actor.organisationId,
      operation: 'update',
      entityType: 'follow',
      entityId: input.id,
      planId: facts.planId,
      after: { subject: input.subject, following: input.following },
    });
    return { following: input.following };
  },
});
