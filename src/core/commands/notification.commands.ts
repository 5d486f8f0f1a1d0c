/** How often a user gets a digest: chosen on their account page, or switched off from the signed link in one. */
import { z } from 'zod';
import { NotFoundError } from '../../db/errors.ts';
import { nowIso } from '../../db/ids.ts';
import { fromJson } from '../../db/repositories/rows.ts';
import { isEmailKind, type EmailKind } from '../../domain/email-kinds.ts';
import { linkSigned } from '../signed-links.ts';
import { defineCommand, type CommandContext } from '../runner.ts';
import { ownAccount } from './account.commands.ts';

export const DIGEST_FREQUENCIES = ['weekly', 'daily', 'off'] as const;

type EmailSettings = { digest_frequency: string; muted_kinds: string | null };

/** Changes a user's email settings and records the change, by them or (`via`) by a signed link of theirs. */
async function changeEmailSettings(
  ctx: CommandContext,
  user: { id: string; organisation_id: string } & EmailSettings,
  change: Partial<EmailSettings>,
  via: string,
) {
  await ctx.trx
    .updateTable('users')
    .set({ ...change, updated_at: nowIso() })
    .where('id', '=', user.id)
    .execute();
  const shown = (settings: EmailSettings) => ({
    digest: settings.digest_frequency,
    mutedEmails: fromJson<string[]>(settings.muted_kinds, []),
  });
  ctx.record({
    organisationId: user.organisation_id,
    operation: 'update',
    entityType: 'user',
    entityId: user.id,
    actorOverride: ctx.actor.kind === 'user' ? undefined : { id: user.id, name: via },
    before: shown(user),
    after: shown({ ...user, ...change }),
  });
}

/** The muted kinds with `kind` added or taken out. */
const mutedWith = (mutedKinds: string | null, kind: EmailKind, muted: boolean) => {
  const before = fromJson<string[]>(mutedKinds, []);
  return JSON.stringify(muted ? [...new Set([...before, kind])] : before.filter((k) => k !== kind));
};

const signedInUser = (ctx: CommandContext) => {
  if (ctx.actor.kind !== 'user') throw new NotFoundError('account', '');
  return ownAccount(ctx, ctx.actor.userId);
};

export const setDigestFrequency = defineCommand({
  name: 'user.digest',
  input: z.object({ frequency: z.enum(DIGEST_FREQUENCIES, { error: 'Choose how often to get a digest' }) }),
  async handle(ctx, input) {
    const user = await signedInUser(ctx);
    await changeEmailSettings(ctx, user, { digest_frequency: input.frequency }, 'account settings');
    return { userId: user.id, frequency: input.frequency };
  },
});

/** Turns one kind of email on or off for the signed-in user (the account page). */
export const setEmailKind = defineCommand({
  name: 'user.email-kind',
  input: z.object({ kind: z.string().max(50), on: z.boolean() }),
  async handle(ctx, input) {
    if (!isEmailKind(input.kind)) throw new NotFoundError('kind of email', input.kind);
    const user = await signedInUser(ctx);
    const muted_kinds = mutedWith(user.muted_kinds, input.kind, !input.on);
    await changeEmailSettings(ctx, user, { muted_kinds }, 'account settings');
    return { userId: user.id, kind: input.kind, muted: !input.on };
  },
});

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
    if (input.kind !== 'digest' && !isEmailKind(input.kind))
      throw new NotFoundError('unsubscribe link', 'this link');
    const user = await ctx.trx
      .selectFrom('users')
      .selectAll()
      .where('id', '=', input.userId)
      .executeTakeFirst();
    if (!user) throw new NotFoundError('unsubscribe link', 'this link');
    const change =
      input.kind === 'digest'
        ? { digest_frequency: 'off' }
        : { muted_kinds: mutedWith(user.muted_kinds, input.kind, true) };
    await changeEmailSettings(ctx, user, change, 'unsubscribe link');
    return { userId: user.id, kind: input.kind };
  },
});
