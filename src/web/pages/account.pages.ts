/**
 * Accounts in the browser: the organisation's users (invite, role, deactivate), its partner organisations and
 * advisers' access, sharing a plan, the signed-in user's own sessions and tokens, and accepting an invitation.
 * Every change is a command; these routes only turn forms into commands and their answers into pages.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  acceptInvitation,
  addPartner,
  changeRole,
  confirmSecondFactor,
  createToken,
  deactivateUser,
  endAccess,
  endSession,
  grantAdvisers,
  inviteUser,
  issuePasswordReset,
  resetPassword,
  removeSecondFactor,
  revokeToken,
  startSecondFactor,
} from '../../core/commands/account.commands.ts';
import { assignContributor, sharePlan, unsharePlan } from '../../core/commands/plan.commands.ts';
import { createCalendarFeed, revokeCalendarFeed } from '../../core/commands/calendar.commands.ts';
import {
  setDigestFrequency,
  setEmailKind,
  unsubscribeDigest,
} from '../../core/commands/notification.commands.ts';
import { EMAIL_KINDS } from '../../domain/email-kinds.ts';
import type { Command } from '../../core/runner.ts';
import { ORGANISATION_KINDS, ROLE_NAMES, ROLES, SHARE_ACCESS } from '../../domain/actor.ts';
import { actorOf, checkCsrf, requirePageUser, SESSION_COOKIE } from '../auth.ts';
import type { WebContext } from '../app.ts';
import { formErrors } from '../errors.ts';
import { PASSWORD_CHANGED } from './sign-in.pages.ts';

type Form = Record<string, string | undefined>;
type Request = FastifyRequest<{ Params: Record<string, string>; Body: Form; Querystring: Form }>;

const choices = {
  roles: ROLES.map((r) => ({ value: r, text: ROLE_NAMES[r] })),
  kinds: ORGANISATION_KINDS,
  access: SHARE_ACCESS,
};

export function accountPages({ core, render }: WebContext) {
  /** The users page of an organisation (the actor's own unless a partner's is named). */
  async function usersPage(request: Request, extra: Record<string, unknown> = {}) {
    const actor = actorOf(request);
    const organisationId = request.params.organisationId ?? actor.organisationId;
    const found = await core.queries.accounts.users(actor, organisationId);
    return {
      title: `Users of ${found.organisation.name}`,
      section: 'organisation',
      ...found,
      choices,
      roleNames: ROLE_NAMES,
      base: found.own ? '/organisation/users' : `/organisations/${organisationId}/users`,
      ...extra,
    };
  }

  async function partnersPage(request: Request, extra: Record<string, unknown> = {}) {
    const actor = actorOf(request);
    const found = await core.queries.accounts.partners(actor, actor.organisationId);
    return { title: 'Partner organisations', section: 'organisation', ...found, choices, ...extra };
  }

  async function sharingPage(request: Request, extra: Record<string, unknown> = {}) {
    const actor = actorOf(request);
    const found = await core.queries.accounts.sharing(actor, request.params.planId ?? '');
    const { doc } = await core.queries.plans.overview(actor, found.head.planId);
    return {
      title: `${doc.plan.title}: sharing`,
      section: 'plans',
      planId: found.head.planId,
      doc,
      ...found,
      choices,
      ...extra,
    };
  }

  async function accountPage(request: Request, extra: Record<string, unknown> = {}) {
    const actor = actorOf(request);
    const [found, feeds, plans] = await Promise.all([
      core.queries.accounts.account(actor),
      core.queries.calendar.feeds(actor),
      core.queries.plans.list(actor, core.today()),
    ]);
    return {
      title: 'Your account',
      section: 'account',
      ...found,
      feeds,
      feedPlans: plans.map((p) => ({ value: p.id, text: p.title })),
      emailKinds: EMAIL_KINDS,
      roleName: ROLE_NAMES[actor.role],
      ...extra,
    };
  }

  /**
   * A form that runs one command: on success, back to `done` with a banner; on bad input, the same page with the
   * command's own words in the error summary.
   */
  function form<T>(
    page: (request: Request, extra?: Record<string, unknown>) => Promise<Record<string, unknown>>,
    template: string,
    command: Command<never, T>,
    input: (request: Request) => Record<string, unknown>,
    done: (request: Request, result: T) => string | Promise<string>,
    fields: Record<string, string> | ((request: Request) => Record<string, string>) = {},
  ) {
    return async (request: Request, reply: FastifyReply) => {
      checkCsrf(request);
      let result: T;
      try {
        result = await core.run(command, actorOf(request), input(request) as never);
      } catch (error) {
        const errors = formErrors(error, typeof fields === 'function' ? fields(request) : fields);
        if (!errors) throw error;
        return render(request, reply, template, await page(request, { errors, values: request.body }), 400);
      }
      return reply.redirect(await done(request, result), 303);
    };
  }

  return async (app: FastifyInstance) => {
    app.addHook(
      'preHandler',
      requirePageUser(
        (url) =>
          url.startsWith('/organisation') ||
          url.startsWith('/account') ||
          /^\/plans\/[^/]+\/(sharing|contributors)/.test(url),
      ),
    );

    app.get('/organisation/audit', async (request: Request, reply) => {
      const actor = actorOf(request);
      const q = request.query;
      const date = (value: string | undefined) =>
        value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : undefined;
      const filter = {
        who: q.who?.trim() || undefined,
        what: q.what || undefined,
        from: date(q.from),
        to: date(q.to),
        page: Number(q.page) > 0 ? Math.floor(Number(q.page)) : 1,
      };
      const [found, verification] = await Promise.all([
        core.queries.audit.entries(actor, actor.organisationId, filter),
        core.queries.audit.verify(actor, actor.organisationId),
      ]);
      const query = new URLSearchParams(
        Object.entries({ who: filter.who, what: filter.what, from: filter.from, to: filter.to }).filter(
          (e): e is [string, string] => e[1] !== undefined,
        ),
      ).toString();
      return render(request, reply, 'pages/audit.njk', {
        title: 'Audit log',
        section: 'organisation',
        ...found,
        verification,
        filter,
        pageLink: (page: number) => `/organisation/audit?${query ? query + '&' : ''}page=${page}`,
      });
    });

    const showUsers = async (request: Request, reply: FastifyReply) =>
      render(request, reply, 'pages/users.njk', await usersPage(request, { banner: request.query.done }));
    app.get('/organisation/users', showUsers);
    app.get('/organisations/:organisationId/users', showUsers);

    const invite = form(
      usersPage,
      'pages/users.njk',
      inviteUser as never,
      (r) => ({
        organisationId: r.params.organisationId ?? actorOf(r).organisationId,
        email: r.body.email ?? '',
        name: r.body.name ?? '',
        role: r.body.role ?? '',
      }),
      (r, result: { token: string }) => {
        const users = r.url.replace(/\/invitations$/, '');
        if (core.mail.smtp)
          return `${users}?done=${encodeURIComponent(`Invitation emailed to ${r.body.email}`)}`;
        // Without email the link is shown to the admin (and kept on the outbox page) to pass on.
        const link = `/invitations/${result.token}`;
        return `${users}?done=${encodeURIComponent(`Invitation made. Email is not set up: send ${r.body.email} this link: ${link}`)}`;
      },
      { email: 'email', name: 'name', role: 'role' },
    );
    app.post('/organisation/users/invitations', invite);
    app.post('/organisations/:organisationId/users/invitations', invite);

    const back = (r: Request, text: string) =>
      `${(r.params.organisationId ? `/organisations/${r.params.organisationId}` : '/organisation') + '/users'}?done=${encodeURIComponent(text)}`;
    const role = form(
      usersPage,
      'pages/users.njk',
      changeRole as never,
      (r) => ({ userId: r.params.userId, role: r.body.role ?? '' }),
      (r) => back(r, 'Role changed'),
      (r) => ({ role: `role-${r.params.userId}` }),
    );
    app.post('/organisation/users/:userId/role', role);
    app.post('/organisations/:organisationId/users/:userId/role', role);
    const deactivate = form(
      usersPage,
      'pages/users.njk',
      deactivateUser as never,
      (r) => ({ userId: r.params.userId }),
      (r) => back(r, 'Account deactivated: its sessions and tokens have ended'),
    );
    app.post('/organisation/users/:userId/deactivate', deactivate);
    const endEverywhere = form(
      usersPage,
      'pages/users.njk',
      endAccess as never,
      (r) => ({ userId: r.params.userId }),
      (r, ended: { sessions: number; tokens: number }) =>
        back(r, `Signed out everywhere: ${ended.sessions} sessions ended, ${ended.tokens} tokens revoked`),
    );
    app.post('/organisation/users/:userId/end-access', endEverywhere);
    app.post('/organisations/:organisationId/users/:userId/end-access', endEverywhere);
    app.post('/organisations/:organisationId/users/:userId/deactivate', deactivate);
    const passwordReset = form(
      usersPage,
      'pages/users.njk',
      issuePasswordReset as never,
      (r) => ({ userId: r.params.userId }),
      (r, issued: { token: string; email: string; hours: number }) => {
        if (core.mail.smtp)
          return back(
            r,
            `Password reset link emailed to ${issued.email} (it works once, for ${issued.hours} hours)`,
          );
        const link = `/password-reset/${issued.token}`;
        return back(
          r,
          `Password reset link made (it works once, for ${issued.hours} hours). Email is not set up: send ${issued.email} this link: ${link}`,
        );
      },
    );
    app.post('/organisation/users/:userId/password-reset', passwordReset);
    app.post('/organisations/:organisationId/users/:userId/password-reset', passwordReset);

    app.get('/organisation/partners', async (request: Request, reply) =>
      render(
        request,
        reply,
        'pages/partners.njk',
        await partnersPage(request, { banner: request.query.done }),
      ),
    );
    app.post(
      '/organisation/partners',
      form(
        partnersPage,
        'pages/partners.njk',
        addPartner as never,
        (r) => ({
          organisationId: actorOf(r).organisationId,
          name: r.body.name ?? '',
          kind: r.body.kind ?? '',
        }),
        () => `/organisation/partners?done=${encodeURIComponent('Partner organisation added')}`,
        { name: 'name', kind: 'kind' },
      ),
    );
    app.post(
      '/organisation/grants',
      form(
        partnersPage,
        'pages/partners.njk',
        grantAdvisers as never,
        (r) => ({
          organisationId: actorOf(r).organisationId,
          grantee: r.body.grantee ?? '',
          granted: r.body.granted !== 'no',
        }),
        (r) =>
          `/organisation/partners?done=${encodeURIComponent(r.body.granted === 'no' ? 'Access withdrawn' : 'Advisers’ access granted')}`,
        { grantee: 'grantee' },
      ),
    );

    app.get('/plans/:planId/sharing', async (request: Request, reply) =>
      render(request, reply, 'pages/sharing.njk', await sharingPage(request, { banner: request.query.done })),
    );
    const toSharing = (r: Request, text: string) =>
      `/plans/${r.params.planId}/sharing?done=${encodeURIComponent(text)}`;
    app.post(
      '/plans/:planId/sharing',
      form(
        sharingPage,
        'pages/sharing.njk',
        sharePlan as never,
        (r) => ({
          planId: r.params.planId,
          organisation: r.body.organisation ?? '',
          access: r.body.access ?? '',
        }),
        (r) => toSharing(r, `Shared with ${r.body.organisation}`),
        { organisation: 'organisation', access: 'access' },
      ),
    );
    app.post(
      '/plans/:planId/sharing/:organisationId/remove',
      form(
        sharingPage,
        'pages/sharing.njk',
        unsharePlan as never,
        (r) => ({ planId: r.params.planId, organisationId: r.params.organisationId }),
        (r) => toSharing(r, 'No longer shared'),
      ),
    );
    app.post(
      '/plans/:planId/contributors/:userId',
      form(
        sharingPage,
        'pages/sharing.njk',
        assignContributor as never,
        (r) => ({ planId: r.params.planId, userId: r.params.userId, assigned: r.body.assigned === 'yes' }),
        (r) => toSharing(r, r.body.assigned === 'yes' ? 'Contributor assigned' : 'Contributor removed'),
      ),
    );

    app.get('/account', async (request: Request, reply) =>
      render(request, reply, 'pages/account.njk', await accountPage(request, { banner: request.query.done })),
    );
    // The second factor: start (a new secret, shown on the account page), confirm with a code, or remove.
    app.post('/account/second-factor', async (request: Request, reply) => {
      checkCsrf(request);
      const enrolment = await core.run(startSecondFactor, actorOf(request), {});
      return render(request, reply, 'pages/account.njk', await accountPage(request, { enrolment }));
    });
    app.post('/account/second-factor/confirm', async (request: Request, reply) => {
      checkCsrf(request);
      try {
        const { recoveryCodes } = await core.run(confirmSecondFactor, actorOf(request), {
          code: request.body.code ?? '',
        });
        return render(request, reply, 'pages/account.njk', await accountPage(request, { recoveryCodes }));
      } catch (error) {
        const errors = formErrors(error, { code: 'code' });
        if (!errors) throw error;
        // The secret the app was given stays: show it again with the error.
        const enrolment = await core.queries.accounts.pendingSecondFactor(actorOf(request));
        return render(
          request,
          reply,
          'pages/account.njk',
          await accountPage(request, { enrolment, errors }),
          400,
        );
      }
    });
    app.post(
      '/account/second-factor/remove',
      form(
        accountPage,
        'pages/account.njk',
        removeSecondFactor as never,
        (r) => ({ code: r.body.code ?? '' }),
        () => `/account?done=${encodeURIComponent('Second factor turned off')}`,
        { code: 'remove-code' },
      ),
    );

    app.post('/account/tokens', async (request: Request, reply) => {
      checkCsrf(request);
      const actor = actorOf(request);
      try {
        const created = await core.run(createToken, actor, {
          userId: actor.userId,
          name: request.body.name ?? '',
        });
        // Shown once, on this response only: never in a URL or a log.
        return render(request, reply, 'pages/account.njk', await accountPage(request, { created }));
      } catch (error) {
        const errors = formErrors(error, { name: 'name' });
        if (!errors) throw error;
        return render(request, reply, 'pages/account.njk', await accountPage(request, { errors }), 400);
      }
    });
    app.post(
      '/account/tokens/:tokenId/revoke',
      form(
        accountPage,
        'pages/account.njk',
        revokeToken as never,
        (r) => ({ tokenId: r.params.tokenId }),
        () => `/account?done=${encodeURIComponent('Token revoked')}`,
      ),
    );
    app.post(
      '/account/notifications',
      form(
        accountPage,
        'pages/account.njk',
        setDigestFrequency as never,
        (r) => ({ frequency: r.body.frequency ?? '' }),
        () => `/account?done=${encodeURIComponent('Digest setting saved')}#notifications`,
        { frequency: 'frequency' },
      ),
    );
    // The link at the foot of a digest: a page with one button, so a mail scanner following links changes nothing.
    const kindOf = (request: Request) => {
      const kind = typeof request.query.kind === 'string' ? request.query.kind : 'digest';
      return { kind, name: kind === 'digest' ? 'digests' : (EMAIL_KINDS as Record<string, string>)[kind] };
    };
    app.get('/unsubscribe/:userId/:signature', async (request: Request, reply) => {
      const { kind, name } = kindOf(request);
      return render(request, reply, 'pages/unsubscribe.njk', {
        title: 'Stop these emails',
        what: name ?? 'these emails',
        action: `/unsubscribe/${encodeURIComponent(request.params.userId ?? '')}/${encodeURIComponent(request.params.signature ?? '')}${kind === 'digest' ? '' : `?kind=${encodeURIComponent(kind)}`}`,
      });
    });
    app.post('/unsubscribe/:userId/:signature', async (request: Request, reply) => {
      const { kind, name } = kindOf(request);
      await core.run(
        unsubscribeDigest,
        { kind: 'operator', userId: null, name: 'unsubscribe link' },
        {
          userId: request.params.userId ?? '',
          kind,
          signature: request.params.signature ?? '',
        },
      );
      return render(request, reply, 'pages/unsubscribe.njk', {
        title: 'These emails have stopped',
        what: name ?? 'these emails',
        done: true,
      });
    });
    app.post('/account/emails', async (request: Request, reply) => {
      checkCsrf(request);
      const actor = actorOf(request);
      const on = new Set([request.body.on ?? []].flat());
      for (const kind of Object.keys(EMAIL_KINDS))
        await core.run(setEmailKind, actor, { kind, on: on.has(kind) });
      return reply.redirect(`/account?done=${encodeURIComponent('Email settings saved')}#notifications`, 303);
    });
    // A calendar feed's private address is shown once, here, as a webcal:// link calendar apps subscribe to.
    app.post('/account/calendars', async (request: Request, reply) => {
      checkCsrf(request);
      const actor = actorOf(request);
      const planId = request.body.plan?.trim() || null;
      const { token } = await core.run(createCalendarFeed, actor, { planId });
      const address = `${request.host}/calendars/${token}.ics`;
      const createdFeed = { https: `${request.protocol}://${address}`, webcal: `webcal://${address}` };
      return render(request, reply, 'pages/account.njk', await accountPage(request, { createdFeed }));
    });
    app.post(
      '/account/calendars/:feedId/revoke',
      form(
        accountPage,
        'pages/account.njk',
        revokeCalendarFeed as never,
        (r) => ({ feedId: r.params.feedId }),
        () => `/account?done=${encodeURIComponent('Calendar feed revoked: its address no longer works')}`,
      ),
    );
    app.post(
      '/account/sessions/:sessionId/end',
      form(
        accountPage,
        'pages/account.njk',
        endSession as never,
        (r) => ({ sessionId: r.params.sessionId }),
        () => `/account?done=${encodeURIComponent('Session ended')}`,
      ),
    );

    /**
     * A page where the holder of a one-time link chooses a password: the link's secret is the authority, and
     * nothing is said about a link that is not valid. Used for invitations and password resets.
     */
    function setPasswordPage(
      path: string,
      command: Command<never, unknown>,
      page: { title: string; intro: string; button: string; qa: string; actor: string; done: string },
    ) {
      const view = { ...page, action: path };
      app.get(`${path}/:token`, async (request: Request, reply) =>
        render(request, reply, 'pages/set-password.njk', { ...view, token: request.params.token }),
      );
      app.post(`${path}/:token`, async (request: Request, reply) => {
        const { token } = request.params as { token: string };
        try {
          await core.run(command, { kind: 'operator', userId: null, name: page.actor }, {
            token,
            password: request.body.password ?? '',
          } as never);
        } catch (error) {
          const errors = formErrors(error, { password: 'password' });
          if (!errors) throw error;
          return render(request, reply, 'pages/set-password.njk', { ...view, token, errors }, 400);
        }
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.redirect(page.done, 303);
      });
    }
    setPasswordPage('/password-reset', resetPassword as never, {
      title: 'Choose a new password',
      intro:
        'Choose a new password for your Improvement Plan Tracker account. This link works once; afterwards every other session of your account is signed out.',
      button: 'Change password',
      qa: 'reset-password',
      actor: 'password reset',
      done: `/sign-in?done=${encodeURIComponent(PASSWORD_CHANGED)}`,
    });
    setPasswordPage('/invitations', acceptInvitation as never, {
      title: 'Set up your account',
      intro:
        'You have been invited to Improvement Plan Tracker. Choose a password to finish setting up your account, then sign in with your email address.',
      button: 'Set up account',
      qa: 'accept',
      actor: 'invitation',
      done: '/sign-in?returnTo=%2Fmy-actions',
    });
  };
}
