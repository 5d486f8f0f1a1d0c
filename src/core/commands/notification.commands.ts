/** How often a user gets a digest: chosen on their account page, or switched off from the signed link in one. */
import { z } from 'zod';
import { NotFoundError } from '../../db/errors.ts';
import { nowIso } from '../../db/ids.ts';
import { fromJson } from '../../db/repositories/rows.ts';
import { isEmailKind, type EmailKind } from '../../domain/email-kinds.ts';
import { linkSigned } from '../signed-links.ts';
import { defineCommand, type CommandContext } from '../runner.ts';

export const DIGEST_FREQUENCIES = ['weekly', 'daily', 'off'] as const;

async function setFrequency(ctx: CommandContext, userId: string, frequency: string, via: string) {
  const user = await ctx.trx
    .selectFrom('users')
    .select(['id', 'organisation_id', 'digest_frequency'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!user) throw new NotFoundError('account', userId);
  await ctx.trx
    .updateTable('users')
    .set({ digest_frequency: frequency, updated_at: nowIso() })
    .where('id', '=', user.id)
    .execute();
  ctx.record({
    organisationId: user.organisation_id,
    operation: 'update',
    entityType: 'user',
    entityId: user.id,
    actorOverride: ctx.actor.kind === 'user' ? undefined : { id: user.id, name: via },
    before: { digest: user.digest_frequency },
    after: { digest: frequency },
  });
  return { userId: user.id, frequency };
}

export const setDigestFrequency = defineCommand({
  name: 'user.digest',
  input: z.object({ frequency: z.enum(DIGEST_FREQUENCIES, { error: 'Choose how often to get a digest' }) }),
  async handle(ctx, input) {
    if (ctx.actor.kind !== 'user') throw new NotFoundError('account', '');
    ctx.authorise(
      'account.manage',
      { type: 'account', account: { userId: ctx.actor.userId, organisationId: ctx.actor.organisationId } },
      { entity: 'account', id: ctx.actor.userId },
    );
    return setFrequency(ctx, ctx.actor.userId, input.frequency, 'account settings');
  },
});

/** Turns one kind of email on or off for the signed-in user (the account page). */
export const setEmailKind = defineCommand({
  name: 'user.email-kind',
  input: z.object({ kind: z.string().max(50), on: z.boolean() }),
  async handle(ctx, input) {
    if (ctx.actor.kind !== 'user') throw new NotFoundError('account', '');
    if (!isEmailKind(input.kind)) throw new NotFoundError('kind of email', input.kind);
    ctx.authorise(
      'account.manage',
      { type: 'account', account: { userId: ctx.actor.userId, organisationId: ctx.actor.organisationId } },
      { entity: 'account', id: ctx.actor.userId },
    );
    return setMuted(ctx, ctx.actor.userId, input.kind, !input.on, 'account settings');
  },
});

async function setMuted(ctx: CommandContext, userId: string, kind: EmailKind, muted: boolean, via: string) {
  const user = await ctx.trx
    .selectFrom('users')
    .select(['id', 'organisation_id', 'muted_kinds'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!user) throw new NotFoundError('account', userId);
  const before = fromJson<string[]>(user.muted_kinds, []);
  const after = muted ? [...new Set([...before, kind])] : before.filter((k) => k !== kind);
  await ctx.trx
    .updateTable('users')
    .set({ muted_kinds: JSON.stringify(after), updated_at: nowIso() })
    .where('id', '=', user.id)
    .execute();
  ctx.record({
    organisationId: user.organisation_id,
    operation: 'update',
    entityType: 'user',
    entityId: user.id,
    actorOverride: ctx.actor.kind === 'user' ? undefined : { id: user.id, name: via },
    before: { mutedEmails: before },
    after: { mutedEmails: after },
  });
  return { userId: user.id, kind, muted };
}

/**
 * The link at the foot of an email: its signature is the authority, and it only ever turns that kind off
 * (digests: set to never).
 */
export const unsubscribeDigest = defineCommand({
  name: 'user.unsubscribe',
  input: z.object({
    userId: z.string().min(1).max(100),
    kind: z.string().max(50).default('digest'),
    signature: z.string().min(1).max(200),
  }),
  async handle(ctx, input) {
    ctx.open('a link signed with the service key, sent to the account holder');
    if (!linkSigned(ctx.features.secretKey, ['unsubscribe', input.kind, input.userId], input.signature))
      throw new NotFoundError('unsubscribe link', 'this link');
    if (input.kind === 'digest') return setFrequency(ctx, input.userId, 'off', 'unsubscribe link');
    if (!isEmailKind(input.kind)) throw new NotFoundError('unsubscribe link', 'this link');
    return setMuted(ctx, input.userId, input.kind, true, 'unsubscribe link');
  },
});
