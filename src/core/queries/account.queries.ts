/** Accounts and organisations as their admin pages show them; an account holder's own sessions and tokens. */
import { packTemplateOf } from '../commands/pack-template.commands.ts';
import type { Db } from '../../db/connection.ts';
import { NotFoundError } from '../../db/errors.ts';
import { nowIso } from '../../db/ids.ts';
import { fromJson } from '../../db/repositories/rows.ts';
import { getOrganisation, listOrganisations } from '../../db/repositories/organisation.repository.ts';
import type { Actor, UserActor } from '../../domain/actor.ts';
import { totpUri } from '../second-factor.ts';
import { can } from '../../domain/policies.ts';
import type { Access } from './access.ts';

export function createAccountQueries(db: Db, access: Access) {
  /** An organisation's accounts and open invitations, for its admins (and a partner's sponsors). */
  async function users(actor: Actor, organisationId: string) {
    const facts = await access.organisation(actor, organisationId, 'organisation.users');
    const organisation = await getOrganisation(db, organisationId);
    if (!organisation) throw new NotFoundError('organisation', organisationId);
    const [accounts, invitations] = await Promise.all([
      db
        .selectFrom('users')
        .select((eb) => [
          'id',
          'email',
          'name',
          'role',
          'deactivated_at',
          'created_at',
          'version',
          eb
            .selectFrom('sessions')
            .select((s) => s.fn.countAll<number>().as('n'))
            .whereRef('sessions.user_id', '=', 'users.id')
            .where('sessions.expires_at', '>', nowIso())
            .as('sessions'),
          eb
            .selectFrom('api_tokens')
            .select((s) => s.fn.countAll<number>().as('n'))
            .whereRef('api_tokens.user_id', '=', 'users.id')
            .where('api_tokens.revoked_at', 'is', null)
            .as('tokens'),
        ])
        .where('organisation_id', '=', organisationId)
        .orderBy('name')
        .execute(),
      db
        .selectFrom('invitations')
        .select(['id', 'email', 'name', 'role', 'created_at', 'expires_at'])
        .where('organisation_id', '=', organisationId)
        .where('accepted_at', 'is', null)
        .where('expires_at', '>', nowIso())
        .orderBy('created_at')
        .execute(),
    ]);
    const own = actor.kind === 'operator' || actor.organisationId === organisationId;
    return { organisation, accounts, invitations, own, sponsored: facts.partnerOf.size > 0 && !own };
  }

  /** The organisation's partners and the organisations whose advisers may read its plans. */
  async function partners(actor: Actor, organisationId: string) {
    await access.organisation(actor, organisationId, 'organisation.partners');
    const [partners, grants, all] = await Promise.all([
      db
        .selectFrom('organisation_partners')
        .innerJoin('organisations', 'organisations.id', 'organisation_partners.partner_organisation_id')
        .select(['organisations.id', 'organisations.name', 'organisations.kind'])
        .where('organisation_partners.organisation_id', '=', organisationId)
        .orderBy('organisations.name')
        .execute(),
      db
        .selectFrom('organisation_grants')
        .innerJoin('organisations', 'organisations.id', 'organisation_grants.grantee_organisation_id')
        .select(['organisations.id', 'organisations.name', 'organisations.kind'])
        .where('organisation_grants.organisation_id', '=', organisationId)
        .orderBy('organisations.name')
        .execute(),
      listOrganisations(db),
    ]);
    return {
      partners,
      grants,
      // Advisers work for government bodies: those are the organisations a grant can name.
      governmentOrganisations: all.filter((o) => o.kind === 'government' && o.id !== organisationId),
    };
  }

  /** Who a plan is shared with, and its organisation's users who may be assigned as contributors. */
  async function sharing(actor: Actor, planId: string) {
    const head = await access.plan(actor, planId, 'plan.share');
    const [shares, partners, contributors] = await Promise.all([
      db
        .selectFrom('plan_shares')
        .innerJoin('organisations', 'organisations.id', 'plan_shares.partner_organisation_id')
        .select(['organisations.id', 'organisations.name', 'organisations.kind', 'plan_shares.access'])
        .where('plan_shares.plan_id', '=', planId)
        .orderBy('organisations.name')
        .execute(),
      db
        .selectFrom('organisation_partners')
        .innerJoin('organisations', 'organisations.id', 'organisation_partners.partner_organisation_id')
        .select(['organisations.id', 'organisations.name'])
        .where('organisation_partners.organisation_id', '=', head.organisationId)
        .orderBy('organisations.name')
        .execute(),
      db
        .selectFrom('users')
        .select(['id', 'name', 'email'])
        .where('organisation_id', '=', head.organisationId)
        .where('role', '=', 'contributor')
        .where('deactivated_at', 'is', null)
        .orderBy('name')
        .execute(),
    ]);
    return {
      head,
      shares,
      partners,
      contributors: contributors.map((c) => ({ ...c, assigned: head.facts.members.has(c.id) })),
    };
  }

  /** The account holder's sessions and tokens. */
  async function account(actor: UserActor) {
    const [sessions, tokens, factor] = await Promise.all([
      db
        .selectFrom('sessions')
        .select(['id', 'created_at', 'expires_at'])
        .where('user_id', '=', actor.userId)
        .where('awaiting_second_factor', '=', 0)
        .where('expires_at', '>', nowIso())
        .orderBy('created_at', 'desc')
        .execute(),
      db
        .selectFrom('api_tokens')
        .select(['id', 'name', 'created_at', 'revoked_at', 'last_used_at'])
        .where('user_id', '=', actor.userId)
        .orderBy('created_at', 'desc')
        .execute(),
      db
        .selectFrom('users')
        .select(['totp_enabled_at', 'recovery_codes', 'digest_frequency', 'muted_kinds'])
        .where('id', '=', actor.userId)
        .executeTakeFirst(),
    ]);
    const secondFactor = factor?.totp_enabled_at
      ? {
          since: factor.totp_enabled_at,
          recoveryCodesLeft: (JSON.parse(factor.recovery_codes ?? '[]') as string[]).length,
        }
      : null;
    return {
      sessions,
      tokens,
      secondFactor,
      digestFrequency: factor?.digest_frequency ?? 'weekly',
      mutedKinds: fromJson<string[]>(factor?.muted_kinds ?? null, []),
    };
  }

  /** The second factor being set up (its secret awaiting a first code), to show again after a wrong code. */
  async function pendingSecondFactor(actor: UserActor) {
    const row = await db
      .selectFrom('users')
      .select(['email', 'totp_pending_secret'])
      .where('id', '=', actor.userId)
      .executeTakeFirst();
    return row?.totp_pending_secret
      ? { secret: row.totp_pending_secret, uri: totpUri(row.totp_pending_secret, row.email) }
      : null;
  }

  /** What the navigation offers: the admin pages only to those who may use them. */
  function menu(actor: UserActor) {
    const facts = { organisationId: actor.organisationId, partnerOf: new Set<string>() };
    return {
      users: can(actor, 'organisation.users', { type: 'organisation', organisation: facts }),
      partners: can(actor, 'organisation.partners', { type: 'organisation', organisation: facts }),
      import: can(actor, 'plan.import', { type: 'organisation', organisation: facts }),
    };
  }

  /** The organisation's board pack template, for its administrators to change. */
  async function packTemplate(actor: Actor, organisationId: string) {
    await access.organisation(actor, organisationId, 'organisation.users');
    const row = await db
      .selectFrom('organisations')
      .select('pack_template')
      .where('id', '=', organisationId)
      .executeTakeFirst();
    return packTemplateOf(row?.pack_template ?? null);
  }

  /** How the organisation's users sign in, for its administrators' settings page. */
  async function signInSettings(actor: Actor, organisationId: string) {
    await access.organisation(actor, organisationId, 'organisation.signIn');
    const row = await db
      .selectFrom('organisations')
      .select(['local_sign_in', 'second_factor_required', 'sso_new_account_domains'])
      .where('id', '=', organisationId)
      .executeTakeFirstOrThrow();
    return {
      localSignIn: row.local_sign_in === 1,
      secondFactorRequired: row.second_factor_required === 1,
      newAccountDomains: fromJson<string[]>(row.sso_new_account_domains, []),
    };
  }

  /** The organisation's emails, newest first: what went, what waits, what failed; bodies only of those not sent by SMTP. */
  async function outbox(actor: Actor, organisationId: string) {
    await access.organisation(actor, organisationId, 'organisation.users');
    return db
      .selectFrom('mail_outbox')
      .select([
        'id',
        'kind',
        'to_address',
        'subject',
        'text_body',
        'created_at',
        'sent_at',
        'sent_with',
        'attempts',
        'last_error',
      ])
      .where('organisation_id', '=', organisationId)
      .orderBy('created_at', 'desc')
      .limit(100)
      .execute();
  }

  return {
    users,
    outbox,
    signInSettings,
    pendingSecondFactor,
    partners,
    packTemplate,
    sharing,
    account,
    menu,
    organisations: () => listOrganisations(db),
    organisationNamed: (name: string) =>
      db.selectFrom('organisations').selectAll().where('name', '=', name).executeTakeFirst(),
  };
}
