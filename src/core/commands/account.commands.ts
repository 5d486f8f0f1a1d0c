/**
 * Organisations, their partners and advisers' grants; accounts (roles, invitations, deactivation); an account's
 * own tokens and sessions.
 */
import { z } from 'zod';
import type { Transaction } from 'kysely';
import { NotFoundError, ValidationError } from '../../db/errors.ts';
import { newId, nowIso } from '../../db/ids.ts';
import { hashToken, insertApiToken } from '../../db/repositories/account.repository.ts';
import { findOrganisationByName, insertOrganisation } from '../../db/repositories/organisation.repository.ts';
import type { Database } from '../../db/schema.ts';
import { ORGANISATION_KINDS, PENDING_ROLE, ROLE_NAMES, ROLES, type Role } from '../../domain/actor.ts';
import { invitationMessage, passwordResetMessage } from '../messages.ts';
import { hashPassword, newSecret } from '../passwords.ts';
import { passwordProblem } from '../password-policy.ts';
import { acceptedStep, newRecoveryCodes, newTotpSecret, totpUri, useRecoveryCode } from '../second-factor.ts';
import { fromJson } from '../../db/repositories/rows.ts';
import { authorisedOrganisation } from './subjects.ts';
import { defineCommand, type CommandContext } from '../runner.ts';
import { email, shortText } from './inputs.ts';

const role = z.enum(ROLES, {
  error: `Choose a role: ${ROLES.join(', ')}`,
});
const kind = z.enum(ORGANISATION_KINDS, { error: `Choose a kind: ${ORGANISATION_KINDS.join(', ')}` });
const password = z
  .string()
  .max(200, 'Use a password of at most 200 characters')
  .superRefine((value, ctx) => {
    const problem = passwordProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
const INVITATION_DAYS = 14;

async function organisationNamed(trx: Transaction<Database>, name: string, field = 'org') {
  const organisation = await findOrganisationByName(trx, name);
  if (!organisation)
    throw new ValidationError(`${field}: no organisation is called "${name}"`, [
      { field, message: `No organisation is called "${name}"` },
    ]);
  return organisation;
}

/** May the actor manage the accounts of this organisation (its own, or a partner's)? */
const authoriseUsersOf = (ctx: CommandContext, organisationId: string) =>
  authorisedOrganisation(ctx, 'organisation.users', organisationId);

/** May the actor add partners to this organisation, or grant advisers access to its plans? */
const authorisePartnersOf = (ctx: CommandContext, organisationId: string) =>
  authorisedOrganisation(ctx, 'organisation.partners', organisationId);

/** Admins of a sponsoring organisation may make partner accounts only. */
function checkRoleFor(ctx: CommandContext, organisationId: string, wanted: Role) {
  if (ctx.actor.kind === 'user' && ctx.actor.organisationId !== organisationId && wanted !== 'partner')
    throw new ValidationError('role: users of a partner organisation can only be given the partner role', [
      { field: 'role', message: 'Users of a partner organisation can only be given the partner role' },
    ]);
}

async function refuseDuplicateEmail(trx: Transaction<Database>, address: string) {
  const taken = await trx.selectFrom('users').select('id').where('email', '=', address).executeTakeFirst();
  if (taken)
    throw new ValidationError(`email: ${address} already has an account`, [
      { field: 'email', message: `${address} already has an account` },
    ]);
}

export async function insertAccount(
  ctx: CommandContext,
  account: {
    organisationId: string;
    email: string;
    name: string;
    role: Role | typeof PENDING_ROLE;
    passwordHash: string;
  },
) {
  const at = nowIso();
  const id = newId();
  // The account is linked to the person plans name: the one of the same email, or else the only one of that name.
  const people = await ctx.trx
    .selectFrom('people')
    .select(['id', 'email', 'name'])
    .where('organisation_id', '=', account.organisationId)
    .where((eb) => eb.or([eb('email', '=', account.email), eb('name', '=', account.name)]))
    .execute();
  const byEmail = people.find((p) => p.email?.toLowerCase() === account.email);
  const byName = people.filter((p) => p.name === account.name);
  const personId = byEmail?.id ?? (byName.length === 1 ? (byName[0]?.id ?? null) : null);
  await ctx.trx
    .insertInto('users')
    .values({
      id,
      organisation_id: account.organisationId,
      email: account.email,
      name: account.name,
      password_hash: account.passwordHash,
      role: account.role,
      person_id: personId,
      deactivated_at: null,
      created_at: at,
      updated_at: at,
      version: 1,
    })
    .execute();
  return id;
}

export const addOrganisation = defineCommand({
  name: 'organisation.add',
  input: z.object({ name: shortText.min(1, 'Enter the organisation’s name'), kind }),
  async handle(ctx, input) {
    // Organisations are made by the operator at the command line; in the browser, by adding a partner.
    if (ctx.actor.kind === 'user')
      throw new ValidationError('Organisations are added with `ipt org add` or as a partner of yours');
    ctx.open('the operator at the command line');
    if (await findOrganisationByName(ctx.trx, input.name))
      throw new ValidationError(`--name: an organisation is already called "${input.name}"`, [
        { field: 'name', message: `An organisation is already called "${input.name}"` },
      ]);
    const organisation = await insertOrganisation(ctx.trx, input.name, input.kind);
    ctx.record({
      organisationId: organisation.id,
      operation: 'create',
      entityType: 'organisation',
      entityId: organisation.id,
      after: { name: input.name, kind: input.kind },
    });
    return organisation;
  },
});

/** A partner organisation of the actor's (made when new): plans can then be shared with it. */
export const addPartner = defineCommand({
  name: 'organisation.partner',
  input: z.object({
    organisationId: z.string().min(1),
    name: shortText.min(1, 'Enter the partner organisation’s name'),
    kind,
  }),
  async handle(ctx, input) {
    await authorisePartnersOf(ctx, input.organisationId);
    const partner =
      (await findOrganisationByName(ctx.trx, input.name)) ??
      (await insertOrganisation(ctx.trx, input.name, input.kind));
    if (partner.id === input.organisationId)
      throw new ValidationError('name: an organisation cannot be its own partner', [
        { field: 'name', message: 'An organisation cannot be its own partner' },
      ]);
    await ctx.trx
      .insertInto('organisation_partners')
      .values({
        organisation_id: input.organisationId,
        partner_organisation_id: partner.id,
        created_at: nowIso(),
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
    ctx.record({
      organisationId: input.organisationId,
      operation: 'create',
      entityType: 'organisation_partner',
      entityId: partner.id,
      after: { name: partner.name, kind: partner.kind },
    });
    return partner;
  },
});

/** Lets the advisers of another organisation (the DfE, say) read every plan of this one. */
export const grantAdvisers = defineCommand({
  name: 'organisation.grant',
  input: z.object({
    organisationId: z.string().min(1),
    grantee: shortText.min(1, 'Choose the organisation whose advisers may read your plans'),
    granted: z.boolean().default(true),
  }),
  async handle(ctx, input) {
    await authorisePartnersOf(ctx, input.organisationId);
    const grantee = await organisationNamed(ctx.trx, input.grantee, 'grantee');
    if (input.granted)
      await ctx.trx
        .insertInto('organisation_grants')
        .values({
          organisation_id: input.organisationId,
          grantee_organisation_id: grantee.id,
          created_at: nowIso(),
        })
        .onConflict((oc) => oc.doNothing())
        .execute();
    else
      await ctx.trx
        .deleteFrom('organisation_grants')
        .where('organisation_id', '=', input.organisationId)
        .where('grantee_organisation_id', '=', grantee.id)
        .execute();
    // Every plan of the organisation is now read differently: each one's caches must go.
    const plans = await ctx.trx
      .selectFrom('plans')
      .select('id')
      .where('organisation_id', '=', input.organisationId)
      .execute();
    for (const plan of plans) await ctx.touchPlan(plan.id);
    ctx.record({
      organisationId: input.organisationId,
      operation: input.granted ? 'create' : 'delete',
      entityType: 'organisation_grant',
      entityId: grantee.id,
      after: { grantee: grantee.name, granted: input.granted },
    });
    return { granteeId: grantee.id };
  },
});

export const addUser = defineCommand({
  name: 'user.add',
  input: z.object({
    email,
    organisation: shortText.min(1),
    role,
    name: shortText.min(1).optional(),
    password,
  }),
  async handle(ctx, input) {
    const organisation = await organisationNamed(ctx.trx, input.organisation);
    await authoriseUsersOf(ctx, organisation.id);
    checkRoleFor(ctx, organisation.id, input.role);
    await refuseDuplicateEmail(ctx.trx, input.email);
    const name = input.name ?? input.email.split('@')[0] ?? input.email;
    const id = await insertAccount(ctx, {
      organisationId: organisation.id,
      email: input.email,
      name,
      role: input.role,
      passwordHash: await hashPassword(input.password),
    });
    ctx.record({
      organisationId: organisation.id,
      operation: 'create',
      entityType: 'user',
      entityId: id,
      after: { email: input.email, name, role: input.role },
    });
    return { userId: id, email: input.email, organisation: organisation.name, role: input.role };
  },
});

async function userByEmail(ctx: CommandContext, address: string) {
  const user = await ctx.trx
    .selectFrom('users')
    .selectAll()
    .where('email', '=', address.trim().toLowerCase())
    .executeTakeFirst();
  return user;
}

async function userFor(ctx: CommandContext, who: { userId?: string; email?: string }) {
  const user = who.userId
    ? await ctx.trx.selectFrom('users').selectAll().where('id', '=', who.userId).executeTakeFirst()
    : await userByEmail(ctx, who.email ?? '');
  if (!user) throw new NotFoundError('account', who.userId ?? who.email ?? '');
  await authoriseUsersOf(ctx, user.organisation_id);
  return user;
}

/** An organisation keeps at least one active administrator, so someone can always manage it. */
async function keepAnAdmin(ctx: CommandContext, user: { id: string; organisation_id: string; role: string }) {
  if (user.role !== 'admin') return;
  const others = await ctx.trx
    .selectFrom('users')
    .select('id')
    .where('organisation_id', '=', user.organisation_id)
    .where('role', '=', 'admin')
    .where('deactivated_at', 'is', null)
    .where('id', '!=', user.id)
    .execute();
  if (others.length === 0)
    throw new ValidationError('role: this is the organisation’s only administrator', [
      {
        field: 'role',
        message: 'This is the organisation’s only administrator: make someone else one first',
      },
    ]);
}

const who = { userId: z.string().min(1).optional(), email: email.optional() };

export const changeRole = defineCommand({
  name: 'user.role',
  input: z.object({ ...who, role }),
  async handle(ctx, input) {
    const user = await userFor(ctx, input);
    checkRoleFor(ctx, user.organisation_id, input.role);
    if (input.role !== 'admin') await keepAnAdmin(ctx, user);
    await ctx.trx
      .updateTable('users')
      .set((eb) => ({ role: input.role, updated_at: nowIso(), version: eb('version', '+', 1) }))
      .where('id', '=', user.id)
      .execute();
    // A new role starts a new session: the old ones end.
    await ctx.trx.deleteFrom('sessions').where('user_id', '=', user.id).execute();
    ctx.record({
      organisationId: user.organisation_id,
      operation: 'update',
      entityType: 'user',
      entityId: user.id,
      before: { role: user.role },
      after: { role: input.role },
    });
    return { userId: user.id, email: user.email, role: input.role };
  },
});

export const deactivateUser = defineCommand({
  name: 'user.deactivate',
  input: z.object(who),
  async handle(ctx, input) {
    const user = await userFor(ctx, input);
    await keepAnAdmin(ctx, user);
    const at = nowIso();
    await ctx.trx
      .updateTable('users')
      .set((eb) => ({ deactivated_at: at, updated_at: at, version: eb('version', '+', 1) }))
      .where('id', '=', user.id)
      .execute();
    await ctx.trx.deleteFrom('sessions').where('user_id', '=', user.id).execute();
    await ctx.trx
      .updateTable('api_tokens')
      .set({ revoked_at: at })
      .where('user_id', '=', user.id)
      .where('revoked_at', 'is', null)
      .execute();
    ctx.record({
      organisationId: user.organisation_id,
      operation: 'update',
      entityType: 'user',
      entityId: user.id,
      after: { deactivated: true },
    });
    return { userId: user.id, email: user.email };
  },
});

const RESET_HOURS = 24;

/**
 * An administrator makes a one-time link for a user to set a new password (sent by email once mail arrives; until
 * then shown to the administrator). Only the newest link works.
 */
export const issuePasswordReset = defineCommand({
  name: 'user.password-reset',
  input: z.object(who),
  async handle(ctx, input) {
    const user = await userFor(ctx, input);
    if (user.deactivated_at)
      throw new ValidationError('userId: the account is deactivated', [
        {
          field: 'userId',
          message: 'This account is deactivated: it cannot sign in, so it needs no password',
        },
      ]);
    const now = nowIso();
    await ctx.trx
      .updateTable('password_resets')
      .set({ used_at: now })
      .where('user_id', '=', user.id)
      .where('used_at', 'is', null)
      .execute();
    const token = newSecret();
    const id = newId();
    await ctx.trx
      .insertInto('password_resets')
      .values({
        id,
        user_id: user.id,
        organisation_id: user.organisation_id,
        token_hash: hashToken(token),
        created_at: now,
        expires_at: new Date(Date.now() + RESET_HOURS * 3_600_000).toISOString(),
        used_at: null,
      })
      .execute();
    ctx.record({
      organisationId: user.organisation_id,
      operation: 'create',
      entityType: 'password_reset',
      entityId: id,
      after: { userId: user.id, hours: RESET_HOURS },
    });
    const link = `${ctx.features.publicUrl}/password-reset/${token}`;
    await ctx.sendMail({
      organisationId: user.organisation_id,
      kind: 'password-reset',
      to: user.email,
      ...passwordResetMessage({ name: user.name, link, hours: RESET_HOURS }),
    });
    return { token, email: user.email, name: user.name, hours: RESET_HOURS };
  },
});

/**
 * The holder of a reset link sets a new password: the link is used up, every session of the account ends, and a
 * lock from wrong passwords is lifted (the real user, locked out by a guesser, gets back in this way).
 */
export const resetPassword = defineCommand({
  name: 'user.reset-password',
  input: z.object({ token: z.string().min(1).max(200), password }),
  async handle(ctx, input) {
    ctx.open('holding the reset link is the authority');
    const reset = await ctx.trx
      .selectFrom('password_resets')
      .innerJoin('users', 'users.id', 'password_resets.user_id')
      .select([
        'password_resets.id',
        'password_resets.used_at',
        'password_resets.expires_at',
        'users.id as user_id',
        'users.email',
        'users.name',
        'users.organisation_id',
        'users.deactivated_at',
      ])
      .where('password_resets.token_hash', '=', hashToken(input.token))
      .executeTakeFirst();
    if (!reset || reset.used_at || reset.expires_at < nowIso() || reset.deactivated_at)
      throw new NotFoundError('password reset', 'this link');
    const now = nowIso();
    const passwordHash = await hashPassword(input.password);
    await ctx.trx
      .updateTable('users')
      .set((eb) => ({ password_hash: passwordHash, updated_at: now, version: eb('version', '+', 1) }))
      .where('id', '=', reset.user_id)
      .execute();
    await ctx.trx.updateTable('password_resets').set({ used_at: now }).where('id', '=', reset.id).execute();
    await ctx.trx.deleteFrom('sessions').where('user_id', '=', reset.user_id).execute();
    await ctx.trx.deleteFrom('sign_in_failures').where('key', '=', `email:${reset.email}`).execute();
    ctx.record({
      organisationId: reset.organisation_id,
      operation: 'update',
      entityType: 'user',
      entityId: reset.user_id,
      actorOverride: { id: reset.user_id, name: reset.name },
      after: { passwordReset: true },
    });
    return { userId: reset.user_id, email: reset.email };
  },
});

/** An admin signs an account out everywhere: every session ends and every token is revoked. */
export const endAccess = defineCommand({
  name: 'user.end-access',
  input: z.object(who),
  async handle(ctx, input) {
    const user = await userFor(ctx, input);
    const at = nowIso();
    const sessions = await ctx.trx.deleteFrom('sessions').where('user_id', '=', user.id).executeTakeFirst();
    const tokens = await ctx.trx
      .updateTable('api_tokens')
      .set({ revoked_at: at })
      .where('user_id', '=', user.id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    const ended = { sessions: Number(sessions.numDeletedRows), tokens: Number(tokens.numUpdatedRows) };
    ctx.record({
      organisationId: user.organisation_id,
      operation: 'update',
      entityType: 'user',
      entityId: user.id,
      after: { sessionsEnded: ended.sessions, tokensRevoked: ended.tokens },
    });
    return { userId: user.id, ...ended };
  },
});

export const inviteUser = defineCommand({
  name: 'user.invite',
  input: z.object({
    organisationId: z.string().min(1),
    email,
    name: shortText.min(1, 'Enter their name as plans write it'),
    role,
  }),
  async handle(ctx, input) {
    await authoriseUsersOf(ctx, input.organisationId);
    checkRoleFor(ctx, input.organisationId, input.role);
    await refuseDuplicateEmail(ctx.trx, input.email);
    const token = newSecret();
    const id = newId();
    const at = new Date();
    await ctx.trx
      .insertInto('invitations')
      .values({
        id,
        organisation_id: input.organisationId,
        email: input.email,
        name: input.name,
        role: input.role,
        token_hash: hashToken(token),
        invited_by: ctx.actor.userId,
        created_at: at.toISOString(),
        expires_at: new Date(at.getTime() + INVITATION_DAYS * 86_400_000).toISOString(),
        accepted_at: null,
      })
      .execute();
    ctx.record({
      organisationId: input.organisationId,
      operation: 'create',
      entityType: 'invitation',
      entityId: id,
      after: { email: input.email, name: input.name, role: input.role },
    });
    const organisation = await ctx.trx
      .selectFrom('organisations')
      .select('name')
      .where('id', '=', input.organisationId)
      .executeTakeFirstOrThrow();
    await ctx.sendMail({
      organisationId: input.organisationId,
      kind: 'invitation',
      to: input.email,
      ...invitationMessage({
        name: input.name,
        organisation: organisation.name,
        role: ROLE_NAMES[input.role].toLowerCase(),
        link: `${ctx.features.publicUrl}/invitations/${token}`,
        days: INVITATION_DAYS,
      }),
    });
    return { invitationId: id, token };
  },
});

/** The account an invitation names, made with its role; the invitation marked taken up, by the new user. */
export async function takeUpInvitation(
  ctx: CommandContext,
  invitation: { id: string; organisation_id: string; email: string; name: string; role: string },
  passwordHash: string,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const id = await insertAccount(ctx, {
    organisationId: invitation.organisation_id,
    email: invitation.email,
    name: invitation.name,
    role: invitation.role as Role,
    passwordHash,
  });
  await ctx.trx
    .updateTable('invitations')
    .set({ accepted_at: nowIso() })
    .where('id', '=', invitation.id)
    .execute();
  ctx.record({
    organisationId: invitation.organisation_id,
    operation: 'update',
    entityType: 'invitation',
    entityId: invitation.id,
    actorOverride: { id, name: invitation.name },
    after: { accepted: true, userId: id, ...extra },
  });
  return id;
}

/** The invited person sets a password: the account is made with the role the invitation gave. */
export const acceptInvitation = defineCommand({
  name: 'invitation.accept',
  input: z.object({ token: z.string().min(1).max(200), password }),
  async handle(ctx, input) {
    ctx.open('holding the invitation is the authority');
    const invitation = await ctx.trx
      .selectFrom('invitations')
      .selectAll()
      .where('token_hash', '=', hashToken(input.token))
      .executeTakeFirst();
    if (!invitation || invitation.accepted_at || invitation.expires_at < nowIso())
      throw new NotFoundError('invitation', 'this link');
    await refuseDuplicateEmail(ctx.trx, invitation.email);
    const id = await takeUpInvitation(ctx, invitation, await hashPassword(input.password));
    return { userId: id, email: invitation.email };
  },
});

export async function ownAccount(ctx: CommandContext, userId: string) {
  const user = await ctx.trx.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
  if (!user) throw new NotFoundError('account', userId);
  ctx.authorise(
    'account.manage',
    { type: 'account', account: { userId: user.id, organisationId: user.organisation_id } },
    { entity: 'account', id: userId },
  );
  return user;
}

const ownUserId = (ctx: CommandContext) => {
  if (ctx.actor.kind !== 'user') throw new ValidationError('a second factor belongs to a signed-in user');
  return ctx.actor.userId;
};
const code = z.string().trim().min(1, 'Enter the 6-digit code from your authenticator app').max(40);

/** The first step of setting up a second factor: a new secret for the app, kept pending until a code confirms it. */
export const startSecondFactor = defineCommand({
  name: 'user.second-factor-start',
  input: z.object({}),
  async handle(ctx) {
    const user = await ownAccount(ctx, ownUserId(ctx));
    const secret = newTotpSecret();
    await ctx.trx
      .updateTable('users')
      .set({ totp_pending_secret: secret })
      .where('id', '=', user.id)
      .execute();
    return { secret, uri: totpUri(secret, user.email) };
  },
});

/** A code from the app confirms the secret: the second factor is on, and ten recovery codes are shown once. */
export const confirmSecondFactor = defineCommand({
  name: 'user.second-factor-confirm',
  input: z.object({ code }),
  async handle(ctx, input) {
    const user = await ownAccount(ctx, ownUserId(ctx));
    const step = user.totp_pending_secret
      ? await acceptedStep(user.totp_pending_secret, input.code, null)
      : null;
    if (step === null)
      throw new ValidationError('code: not the code the app shows', [
        {
          field: 'code',
          message: 'That is not the code your app shows now: check the key was entered in full',
        },
      ]);
    const { codes, hashes } = newRecoveryCodes();
    await ctx.trx
      .updateTable('users')
      .set({
        totp_secret: user.totp_pending_secret,
        totp_pending_secret: null,
        totp_enabled_at: nowIso(),
        totp_last_step: step,
        recovery_codes: JSON.stringify(hashes),
      })
      .where('id', '=', user.id)
      .execute();
    ctx.record({
      organisationId: user.organisation_id,
      operation: 'update',
      entityType: 'user',
      entityId: user.id,
      after: { secondFactor: 'on' },
    });
    return { recoveryCodes: codes };
  },
});

/** Turning the second factor off takes a current code (or a recovery code), so a borrowed session cannot. */
export const removeSecondFactor = defineCommand({
  name: 'user.second-factor-remove',
  input: z.object({ code }),
  async handle(ctx, input) {
    const user = await ownAccount(ctx, ownUserId(ctx));
    const organisation = await ctx.trx
      .selectFrom('organisations')
      .select('second_factor_required')
      .where('id', '=', user.organisation_id)
      .executeTakeFirst();
    if (organisation?.second_factor_required === 1)
      throw new ValidationError('code: your organisation requires a second factor', [
        { field: 'code', message: 'Your organisation requires a second factor, so it cannot be turned off' },
      ]);
    const right =
      (user.totp_secret &&
        (await acceptedStep(user.totp_secret, input.code, user.totp_last_step)) !== null) ||
      useRecoveryCode(fromJson<string[]>(user.recovery_codes ?? null, []), input.code) !== null;
    if (!right)
      throw new ValidationError('code: not right', [
        { field: 'code', message: 'That code is not right, or it has been used' },
      ]);
    await ctx.trx
      .updateTable('users')
      .set({ totp_secret: null, totp_enabled_at: null, totp_last_step: null, recovery_codes: null })
      .where('id', '=', user.id)
      .execute();
    ctx.record({
      organisationId: user.organisation_id,
      operation: 'update',
      entityType: 'user',
      entityId: user.id,
      after: { secondFactor: 'off' },
    });
    return { userId: user.id };
  },
});

export const createToken = defineCommand({
  name: 'token.create',
  input: z.object({
    userId: z.string().min(1).optional(),
    email: email.optional(),
    name: shortText.min(1, 'Say what the token is for').default('personal access token'),
  }),
  async handle(ctx, input) {
    const found = input.userId ? { id: input.userId } : await userByEmail(ctx, input.email ?? '');
    if (!found) throw new ValidationError(`--email: no account for ${input.email ?? ''}`);
    const user = await ownAccount(ctx, found.id);
    if (user.deactivated_at) throw new ValidationError(`${user.email}: the account is deactivated`);
    const token = `ipt_${newSecret()}`;
    const id = await insertApiToken(ctx.trx, token, user, input.name);
    ctx.record({
      organisationId: user.organisation_id,
      operation: 'create',
      entityType: 'api_token',
      entityId: id,
      after: { name: input.name, user: user.email },
    });
    return { id, token };
  },
});

export const revokeToken = defineCommand({
  name: 'token.revoke',
  input: z.object({ tokenId: z.string().min(1).max(100) }),
  async handle(ctx, input) {
    const token = await ctx.trx
      .selectFrom('api_tokens')
      .select(['id', 'user_id', 'revoked_at', 'organisation_id'])
      .where('id', '=', input.tokenId)
      .executeTakeFirst();
    if (!token) throw new NotFoundError('token', input.tokenId);
    await ownAccount(ctx, token.user_id);
    if (token.revoked_at) throw new ValidationError(`Token ${input.tokenId} was already revoked`);
    await ctx.trx
      .updateTable('api_tokens')
      .set({ revoked_at: nowIso() })
      .where('id', '=', input.tokenId)
      .execute();
    ctx.record({
      organisationId: token.organisation_id,
      operation: 'update',
      entityType: 'api_token',
      entityId: token.id,
      after: { revoked: true },
    });
    return { tokenId: token.id };
  },
});

export const endSession = defineCommand({
  name: 'session.end',
  input: z.object({ sessionId: z.string().min(1).max(100) }),
  async handle(ctx, input) {
    const session = await ctx.trx
      .selectFrom('sessions')
      .select(['id', 'user_id', 'organisation_id'])
      .where('id', '=', input.sessionId)
      .executeTakeFirst();
    if (!session) throw new NotFoundError('session', input.sessionId);
    await ownAccount(ctx, session.user_id);
    await ctx.trx.deleteFrom('sessions').where('id', '=', session.id).execute();
    ctx.record({
      organisationId: session.organisation_id,
      operation: 'delete',
      entityType: 'session',
      entityId: session.id,
    });
    return { sessionId: session.id };
  },
});
