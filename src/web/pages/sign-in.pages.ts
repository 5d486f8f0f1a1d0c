import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_COOKIE, checkCsrf } from '../auth.ts';
import type { WebContext } from '../app.ts';

const PRE_SESSION_CSRF = 'ipt_signin_csrf';

/** Only paths of this service, never another site, after signing in. */
const safeReturn = (value: unknown) =>
  typeof value === 'string' && /^\/(?!\/)/.test(value) ? value : '/plans';

/** The session waiting for its second factor's code. */
const PENDING_COOKIE = 'ipt_pending';
/** The secret that finds this browser's sign-in with the council's account when the provider sends it back. */
const COUNCIL_COOKIE = 'ipt_council_sign_in';

/** What the user is told when signing in with their council account ends without a session. */
function councilSignInProblem(result: { kind: string; email?: string; organisation?: string }): string {
  switch (result.kind) {
    case 'unverified':
      return 'Your council account’s email address has not been verified, so it cannot be matched to an account here. Ask your IT service desk to verify it';
    case 'none':
      return `There is no account here for ${result.email ?? 'your email address'}. Ask an administrator of your organisation to invite you`;
    case 'waiting':
      return `Your account is waiting for an administrator of ${result.organisation ?? 'your organisation'} to give it a role. You can sign in once they have`;
    case 'deactivated':
      return 'Your account here has been deactivated. Ask an administrator of your organisation if you need it again';
    default:
      return 'Signing in with your council account did not work, or took too long. Try again';
  }
}

export const PASSWORD_CHANGED = 'Password changed: sign in with it';

export function signInPages({ core, render, production }: WebContext) {
  return async (app: FastifyInstance) => {
    const cookieOptions = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: production };

    type Errors = { text: string; href: string }[];

    /** Before a session exists, each form's token is checked against a cookie (double submit). */
    const freshCsrf = (reply: FastifyReply) => {
      const csrf = randomBytes(24).toString('base64url');
      reply.setCookie(PRE_SESSION_CSRF, csrf, cookieOptions);
      return csrf;
    };
    const signInForm = (
      request: FastifyRequest,
      reply: FastifyReply,
      page: {
        returnTo: string;
        values?: Record<string, string | undefined>;
        errors?: Errors;
        banner?: string;
      },
    ) =>
      render(
        request,
        reply,
        'pages/sign-in.njk',
        {
          title: 'Sign in',
          csrf: freshCsrf(reply),
          values: {},
          councilSignIn: core.councilSignIn.enabled,
          ...page,
        },
        page.errors ? 400 : 200,
      );
    /** The second step: the form for the code. */
    const codePage = (
      request: FastifyRequest,
      reply: FastifyReply,
      page: { returnTo: string; endOthers: boolean; errors?: Errors },
    ) =>
      render(
        request,
        reply,
        'pages/sign-in-code.njk',
        { title: 'Enter your security code', csrf: freshCsrf(reply), ...page },
        page.errors ? 400 : 200,
      );
    /** Signed in: the session's cookie, the other sessions ended when asked, and on to where the user was going. */
    const startSession = async (reply: FastifyReply, token: string, endOthers: boolean, returnTo: string) => {
      reply.clearCookie(PRE_SESSION_CSRF, { path: '/' });
      reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions, maxAge: 7 * 86_400 });
      if (endOthers) await core.auth.endOtherSessions(token);
      return reply.redirect(returnTo, 303);
    };

    app.get<{ Querystring: { returnTo?: string; done?: string } }>('/sign-in', async (request, reply) =>
      signInForm(request, reply, {
        returnTo: safeReturn(request.query.returnTo),
        // Only the words this app sends here (after a password change), never text from elsewhere.
        banner: request.query.done === PASSWORD_CHANGED ? PASSWORD_CHANGED : undefined,
      }),
    );

    app.post<{ Body: Record<string, string> }>('/sign-in', async (request, reply) => {
      const body = request.body ?? {};
      if (!body._csrf || body._csrf !== request.cookies[PRE_SESSION_CSRF]) {
        return render(
          request,
          reply,
          'pages/error.njk',
          {
            title: 'You cannot do that',
            status: 403,
            message: 'The sign-in form expired. Go back and try again.',
          },
          403,
        );
      }
      const returnTo = safeReturn(body.returnTo);
      const endOthers = body.endOthers === 'yes';
      const errors: Errors = [];
      if (!body.email?.trim()) errors.push({ text: 'Enter your email address', href: '#email' });
      if (!body.password) errors.push({ text: 'Enter your password', href: '#password' });
      const result =
        errors.length === 0
          ? await core.auth.signIn(body.email ?? '', body.password ?? '', request.ip)
          : null;
      if (result?.kind === 'second-factor') {
        reply.setCookie(PENDING_COOKIE, result.token, { ...cookieOptions, maxAge: 10 * 60 });
        return codePage(request, reply, { returnTo, endOthers });
      }
      if (result?.kind === 'signed-in') return startSession(reply, result.token, endOthers, returnTo);
      if (result?.kind === 'council-account-only')
        errors.push({
          text: 'Your organisation signs its staff in with their council account: use “Sign in with your council account”',
          href: core.councilSignIn.enabled ? '#council-sign-in' : '#email',
        });
      else if (result?.kind === 'locked')
        errors.push({
          text: `There have been too many wrong passwords. Try again in ${result.minutes} minutes, or ask an administrator to reset your password`,
          href: '#email',
        });
      else if (errors.length === 0)
        errors.push({ text: 'Enter a correct email address and password', href: '#email' });
      return signInForm(request, reply, {
        returnTo,
        errors,
        values: { email: body.email, endOthers: body.endOthers },
      });
    });

    app.post<{ Body: Record<string, string> }>('/sign-in/code', async (request, reply) => {
      const body = request.body ?? {};
      const returnTo = safeReturn(body.returnTo);
      const endOthers = body.endOthers === 'yes';
      const pending = request.cookies[PENDING_COOKIE];
      if (!body._csrf || body._csrf !== request.cookies[PRE_SESSION_CSRF] || !pending)
        return reply.redirect('/sign-in', 303);
      if (!body.code?.trim())
        return codePage(request, reply, {
          returnTo,
          endOthers,
          errors: [
            { text: 'Enter the 6-digit code from your authenticator app, or a recovery code', href: '#code' },
          ],
        });
      const result = await core.auth.completeSecondFactor(pending, body.code, request.ip);
      if (result.kind === 'wrong')
        return codePage(request, reply, {
          returnTo,
          endOthers,
          errors: [
            {
              text: 'That code is not right, or it has been used: enter the code your app shows now',
              href: '#code',
            },
          ],
        });
      reply.clearCookie(PENDING_COOKIE, { path: '/' });
      if (result.kind === 'signed-in') return startSession(reply, result.token, endOthers, returnTo);
      const text =
        result.kind === 'locked'
          ? `There have been too many wrong passwords or codes. Try again in ${result.minutes} minutes, or ask an administrator to reset your password`
          : 'Signing in took longer than ten minutes: sign in again';
      return signInForm(request, reply, { returnTo, errors: [{ text, href: '#email' }] });
    });

    // Single sign-on: off to the council's provider, and back with a code for this browser's sign-in only.
    // A link, not a form: the browser goes on to the provider, which a form's redirect could not (form-action).
    app.get<{ Querystring: { returnTo?: string } }>('/sign-in/council', async (request, reply) => {
      const returnTo = safeReturn(request.query.returnTo);
      if (!core.councilSignIn.enabled) return reply.redirect('/sign-in', 303);
      try {
        const { url, browserSecret } = await core.councilSignIn.begin({ returnTo });
        reply.setCookie(COUNCIL_COOKIE, browserSecret, { ...cookieOptions, maxAge: 10 * 60 });
        return reply.redirect(url, 303);
      } catch (error) {
        request.log.error({ err: error }, 'the council sign-in provider could not be reached');
        return signInForm(request, reply, {
          returnTo,
          errors: [
            {
              text: 'Signing in with your council account is not available just now. Try again later',
              href: '#council-sign-in',
            },
          ],
        });
      }
    });

    app.get('/sign-in/council/callback', async (request, reply) => {
      const result = await core.councilSignIn.finish(
        request.cookies[COUNCIL_COOKIE],
        new URL(request.url, 'http://callback.invalid'),
      );
      reply.clearCookie(COUNCIL_COOKIE, { path: '/' });
      if (result.kind === 'signed-in')
        return startSession(reply, result.token, false, safeReturn(result.returnTo));
      if (result.kind === 'failed') request.log.warn({ reason: result.reason }, 'council sign-in failed');
      return signInForm(request, reply, {
        returnTo: '/plans',
        errors: [{ text: councilSignInProblem(result), href: '#council-sign-in' }],
      });
    });

    app.post('/sign-out', async (request, reply) => {
      if (request.user) {
        checkCsrf(request);
        const token = request.cookies[SESSION_COOKIE];
        if (token) await core.auth.signOut(token);
      }
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.redirect('/sign-in', 303);
    });
  };
}
