/**
 * Who is asking: a browser session (cookie) or a personal access token (Authorization: Bearer …).
 * Pages redirect strangers to /sign-in; the API answers 401. Forms must carry the session's CSRF token.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import createError from 'http-errors';
import type { Auth, SignedInUser } from '../core/auth.ts';

export const SESSION_COOKIE = 'ipt_session';

declare module 'fastify' {
  interface FastifyRequest {
    user: SignedInUser | null;
  }
}

/** The token or session cookie a request carries, if any. */
function credentialsOf(request: FastifyRequest) {
  const authorization = request.headers.authorization;
  const bearer = authorization ? /^Bearer\s+(\S+)$/i.exec(authorization)?.[1] : undefined;
  return { bearer, session: request.cookies[SESSION_COOKIE] };
}

/** What a stranger may send a body to: signing in and out, and accepting an invitation. */
const OPEN_TO_STRANGERS =
  /^\/(sign-in(?:\/code|\/council)?|sign-out|invitations\/[^/?]+|password-reset\/[^/?]+|unsubscribe\/[^/?]+\/[^/?]+)(\?|$)/;
const WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function registerAuth(app: FastifyInstance, auth: Auth) {
  app.decorateRequest('user', null);
  // A request that sends a body is answered before its body is read when nobody is signed in: strangers cannot
  // make the server read (and hold) uploads or large documents.
  app.addHook('onRequest', (request, _reply, done) => {
    if (!WITH_BODY.has(request.method) || OPEN_TO_STRANGERS.test(request.url)) return done();
    const { bearer, session } = credentialsOf(request);
    if (bearer || session) return done();
    // The error handler answers it as any other 401: the API's error body, or the sign-in page for a form.
    done(createError(401, 'Sign in, or send a personal access token as Authorization: Bearer …'));
  });
  app.addHook('preHandler', (request, _reply, done) => {
    const { bearer, session } = credentialsOf(request);
    // Most requests come from a session this process has just seen: answered without waiting on a promise.
    const known = !bearer && session ? auth.rememberedSessionUser(session) : undefined;
    if (known !== undefined) {
      request.user = known;
      return done();
    }
    (bearer ? auth.tokenUser(bearer) : auth.sessionUser(session)).then(
      (user) => {
        request.user = user;
        done();
      },
      (error: Error) => done(error),
    );
  });
}

/** What a user who must still set up a second factor may reach: their account page, its forms, signing out. */
const BEFORE_SECOND_FACTOR =
  /^\/(account(?:\/second-factor(?:\/confirm)?)?|sign-out|health)(\?|$)|^\/(stylesheets|javascripts|assets)\//;

/**
 * Where the organisation requires a second factor, a user who signed in with only a password reaches nothing but
 * the page to set one up until they have. Callback hook: it runs on every request.
 */
export function requireSecondFactorWhereRequired(app: FastifyInstance) {
  app.addHook('preHandler', (request, reply, done) => {
    if (!request.user?.mustSetUpSecondFactor || BEFORE_SECOND_FACTOR.test(request.url)) return done();
    if (request.url.startsWith('/api/'))
      return done(
        createError(403, 'Your organisation requires a second factor: set one up on your account page first'),
      );
    reply.redirect('/account?setUpSecondFactor=1#second-factor', 303);
  });
}

/**
 * For pages: a hook that sends strangers to sign in (and back afterwards) from the paths `covers` names. A callback
 * hook, as it runs on every page view.
 */
export function requirePageUser(covers: (url: string) => boolean) {
  return (request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void) => {
    if (request.user || !covers(request.url)) return done();
    reply.redirect(`/sign-in?returnTo=${encodeURIComponent(request.url)}`);
  };
}

/** The signed-in actor of a request that has passed a sign-in check. */
export function actorOf(request: FastifyRequest): SignedInUser {
  if (!request.user) throw createError(401, 'Sign in first');
  return request.user;
}

export async function requireApiUser(request: FastifyRequest) {
  if (!request.user)
    throw createError(401, 'Sign in, or send a personal access token as Authorization: Bearer …');
  // A browser session changing data through the API must send its CSRF token as a header.
  if (
    request.method !== 'GET' &&
    request.user.csrfToken &&
    request.headers['x-csrf-token'] !== request.user.csrfToken
  ) {
    throw createError(403, 'Missing or wrong x-csrf-token header');
  }
}

/** For form posts: the hidden _csrf field must match the signed-in session. */
export function checkCsrf(request: FastifyRequest) {
  const body = (request.body ?? {}) as Record<string, unknown>;
  if (!request.user?.csrfToken || body._csrf !== request.user.csrfToken) {
    throw createError(
      403,
      'This form has expired or did not come from this service. Go back, reload the page and try again.',
    );
  }
}
