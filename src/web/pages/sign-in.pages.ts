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

export const PASSWORD_CHANGED = 'Password changed: sign in with it';

export function signInPages({ core, render, production }: WebContext) {
  return async (app: FastifyInstance) => {
    const cookieOptions = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: production };

    app.get<{ Querystring: { returnTo?: string; done?: string } }>('/sign-in', async (request, reply) => {
      // Before a session exists, the form's token is checked against a cookie (double submit).
      const csrf = randomBytes(24).toString('base64url');
      reply.setCookie(PRE_SESSION_CSRF, csrf, cookieOptions);
      return render(request, reply, 'pages/sign-in.njk', {
        title: 'Sign in',
        csrf,
        returnTo: safeReturn(request.query.returnTo),
        values: {},
        // Only the words this app sends here (after a password change), never text from elsewhere.
        banner: request.query.done === PASSWORD_CHANGED ? PASSWORD_CHANGED : undefined,
      });
    });

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
      const errors: { text: string; href: string }[] = [];
      if (!body.email?.trim()) errors.push({ text: 'Enter your email address', href: '#email' });
      if (!body.password) errors.push({ text: 'Enter your password', href: '#password' });
      const result =
        errors.length === 0
          ? await core.auth.signIn(body.email ?? '', body.password ?? '', request.ip)
          : null;
      if (result?.kind === 'second-factor') {
        reply.setCookie(PENDING_COOKIE, result.token, { ...cookieOptions, maxAge: 10 * 60 });
        return codePage(request, reply, safeReturn(body.returnTo), undefined, body.endOthers === 'yes');
      }
      const token = result?.kind === 'signed-in' ? result.token : null;
      if (!token) {
        if (result?.kind === 'locked')
          errors.push({
            text: `There have been too many wrong passwords. Try again in ${result.minutes} minutes, or ask an administrator to reset your password`,
            href: '#email',
          });
        else if (errors.length === 0)
          errors.push({ text: 'Enter a correct email address and password', href: '#email' });
        const csrf = randomBytes(24).toString('base64url');
        reply.setCookie(PRE_SESSION_CSRF, csrf, cookieOptions);
        return render(
          request,
          reply,
          'pages/sign-in.njk',
          {
            title: 'Sign in',
            csrf,
            errors,
            values: { email: body.email, endOthers: body.endOthers },
            returnTo: safeReturn(body.returnTo),
          },
          400,
        );
      }
      reply.clearCookie(PRE_SESSION_CSRF, { path: '/' });
      reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions, maxAge: 7 * 86_400 });
      if (body.endOthers === 'yes') await core.auth.endOtherSessions(token);
      return reply.redirect(safeReturn(body.returnTo), 303);
    });

    /** The second step: the form for the code, with its own double-submit token. */
    const codePage = (
      request: FastifyRequest,
      reply: FastifyReply,
      returnTo: string,
      errors?: { text: string; href: string }[],
      endOthers = false,
    ) => {
      const csrf = randomBytes(24).toString('base64url');
      reply.setCookie(PRE_SESSION_CSRF, csrf, cookieOptions);
      return render(
        request,
        reply,
        'pages/sign-in-code.njk',
        { title: 'Enter your security code', csrf, returnTo, errors, endOthers },
        errors ? 400 : 200,
      );
    };

    app.post<{ Body: Record<string, string> }>('/sign-in/code', async (request, reply) => {
      const body = request.body ?? {};
      const returnTo = safeReturn(body.returnTo);
      const pending = request.cookies[PENDING_COOKIE];
      if (!body._csrf || body._csrf !== request.cookies[PRE_SESSION_CSRF] || !pending)
        return reply.redirect('/sign-in', 303);
      if (!body.code?.trim())
        return codePage(
          request,
          reply,
          returnTo,
          [{ text: 'Enter the 6-digit code from your authenticator app, or a recovery code', href: '#code' }],
          body.endOthers === 'yes',
        );
      const result = await core.auth.completeSecondFactor(pending, body.code, request.ip);
      if (result.kind === 'wrong')
        return codePage(request, reply, returnTo, [
          {
            text: 'That code is not right, or it has been used: enter the code your app shows now',
            href: '#code',
          },
        ]);
      reply.clearCookie(PENDING_COOKIE, { path: '/' });
      if (result.kind !== 'signed-in') {
        const csrf = randomBytes(24).toString('base64url');
        reply.setCookie(PRE_SESSION_CSRF, csrf, cookieOptions);
        const text =
          result.kind === 'locked'
            ? `There have been too many wrong passwords or codes. Try again in ${result.minutes} minutes, or ask an administrator to reset your password`
            : 'Signing in took longer than ten minutes: sign in again';
        return render(
          request,
          reply,
          'pages/sign-in.njk',
          { title: 'Sign in', csrf, errors: [{ text, href: '#email' }], values: {}, returnTo },
          400,
        );
      }
      reply.clearCookie(PRE_SESSION_CSRF, { path: '/' });
      reply.setCookie(SESSION_COOKIE, result.token, { ...cookieOptions, maxAge: 7 * 86_400 });
      if (body.endOthers === 'yes') await core.auth.endOtherSessions(result.token);
      return reply.redirect(returnTo, 303);
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
