/**
 * Request rates per minute (@fastify/rate-limit), on the doors an attacker leans on: sign-in by address, the API
 * by personal access token, uploads by session (or address). The sign-in throttle counts wrong passwords in the
 * database across processes; these limits, per process, stop floods before they cost a password check or a parse.
 */
import { createHash } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import createError from 'http-errors';
import { SESSION_COOKIE } from './auth.ts';

export interface RateLimits {
  signInPerMinute: number;
  tokenPerMinute: number;
  uploadsPerMinute: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  signInPerMinute: 30,
  tokenPerMinute: 600,
  uploadsPerMinute: 20,
};

const bearer = (request: FastifyRequest) => /^Bearer\s+(\S+)/i.exec(request.headers.authorization ?? '')?.[1];
const digest = (text: string) => createHash('sha256').update(text).digest('base64url');

export async function applyRateLimits(app: FastifyInstance, limits: RateLimits): Promise<void> {
  await app.register(rateLimit, { global: false });
  const limiter = (max: number, key: (request: FastifyRequest) => string, what: string) =>
    app.rateLimit({
      max,
      timeWindow: 60_000,
      keyGenerator: key,
      errorResponseBuilder: (_request, context) =>
        createError(429, `Too many ${what} in a minute: wait ${context.after} and try again`),
    });
  const signIn = limiter(
    limits.signInPerMinute,
    (r) => `sign-in:${r.ip}`,
    'attempts to sign in from this address',
  );
  const token = limiter(
    limits.tokenPerMinute,
    (r) => `token:${digest(bearer(r) ?? '')}`,
    'requests with this access token',
  );
  const uploads = limiter(
    limits.uploadsPerMinute,
    (r) => `upload:${r.cookies?.[SESSION_COOKIE] ? digest(r.cookies[SESSION_COOKIE]) : r.ip}`,
    'uploads',
  );
  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0];
    if (request.method === 'POST' && (path === '/sign-in' || path === '/sign-in/code'))
      return signIn.call(app, request, reply);
    if (bearer(request)) return token.call(app, request, reply);
    if (request.method === 'POST' && request.headers['content-type']?.startsWith('multipart/form-data'))
      return uploads.call(app, request, reply);
  });
}
