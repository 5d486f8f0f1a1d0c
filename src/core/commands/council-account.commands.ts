/**
 * Who a verified council account (single sign-on) is here: the account of that email; else the invitation sent
 * to it, accepted now; else, when an organisation lets staff of that email domain make their own, a new account
 * waiting for one of its administrators to give it a role. The provider's verification is the authority.
 */
import { z } from 'zod';
import { nowIso } from '../../db/ids.ts';
import { fromJson } from '../../db/repositories/rows.ts';
import { PENDING_ROLE } from '../../domain/actor.ts';
import { defineCommand } from '../runner.ts';
import { insertAccount, takeUpInvitation } from './account.commands.ts';
import { email, shortText } from './inputs.ts';

// Not an argon2 hash: no password ever matches it, so an account made by single sign-on has no local password.
export const NO_PASSWORD = '!council-account';

export type CouncilAccount =
  | { kind: 'account'; userId: string }
  | { kind: 'waiting'; organisation: string }
  | { kind: 'deactivated' }
  | { kind: 'none' };

export const resolveCouncilAccount = defineCommand({
  name: 'user.council-account',
  input: z.object({ email, name: shortText.optional() }),
  async handle(ctx, input): Promise<CouncilAccount> {
    ctx.open("the council's identity provider verified the email");
    const found = await ctx.trx
      .selectFrom('users')
      .innerJoin('organisations', 'organisations.id', 'users.organisation_id')
      .select(['users.id', 'users.role', 'users.deactivated_at', 'organisations.name as organisation'])
      .where('users.email', '=', input.email)
      .executeTakeFirst();
    if (found?.deactivated_at) return { kind: 'deactivated' };
    if (found?.role === PENDING_ROLE) return { kind: 'waiting', organisation: found.organisation };
    if (found) return { kind: 'account', userId: found.id };
    const now = nowIso();
    const invitation = await ctx.trx
      .selectFrom('invitations')
      .selectAll()
      .where('email', '=', input.email)
      .where('accepted_at', 'is', null)
      .where('expires_at', '>', now)
      .orderBy('created_at', 'desc')
      .executeTakeFirst();
    if (invitation) {
      const userId = await takeUpInvitation(ctx, invitation, NO_PASSWORD, { with: 'council account' });
      return { kind: 'account', userId };
    }
    const domain = input.email.split('@')[1] ?? '';
    const organisations = await ctx.trx
      .selectFrom('organisations')
      .select(['id', 'name', 'sso_new_account_domains'])
      .where('sso_new_account_domains', 'is not', null)
      .execute();
    const open = organisations.filter((o) =>
      fromJson<string[]>(o.sso_new_account_domains, []).includes(domain),
    );
    // Only one organisation can take a domain's new accounts; two claiming it is a setting to fix, not a guess.
    const [organisation] = open;
    if (!organisation || open.length > 1) return { kind: 'none' };
    const name = input.name?.trim() || input.email.split('@')[0] || input.email;
    const userId = await insertAccount(ctx, {
      organisationId: organisation.id,
      email: input.email,
      name,
      role: PENDING_ROLE,
      passwordHash: NO_PASSWORD,
    });
    ctx.record({
      organisationId: organisation.id,
      operation: 'create',
      entityType: 'user',
      entityId: userId,
      actorOverride: { id: userId, name },
      after: { email: input.email, name, role: PENDING_ROLE, with: 'council account' },
    });
    return { kind: 'waiting', organisation: organisation.name };
  },
});
