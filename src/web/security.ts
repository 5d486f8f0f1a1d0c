/**
 * Security headers, with a fresh content-security-policy nonce for each response. Pages kept in the page cache
 * are byte-for-byte the same across responses, so they carry no nonce and their policy names none: GOV.UK Frontend's one inline script (it
 * marks the body as JavaScript-enabled) is allowed by its hash, as the design system documents.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { randomText } from '../db/ids.ts';

declare module 'fastify' {
  interface FastifyRequest {
    cspNonce: string;
  }
}

/** The hash source of the inline script in govuk-frontend's page template, read from the installed version. */
export function govukInlineScriptHash(govukDist: string): string {
  const template = readFileSync(join(govukDist, 'govuk', 'template.njk'), 'utf8');
  const script = /<script[^>]*>(document\.body\.className[^<]*)<\/script>/.exec(template)?.[1];
  if (!script) throw new Error("govuk-frontend's template has no js-enabled script to allow");
  return `'sha256-${createHash('sha256').update(script).digest('base64')}'`;
}

export function registerSecurityHeaders(
  app: FastifyInstance,
  options: { production: boolean; scriptHashes: string[] },
) {
  // Only the nonce differs between responses: the rest of the policy is joined once.
  const scripts = `default-src 'self'; script-src 'self' ${options.scriptHashes.join(' ')}`;
  const rest = [
    '',
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
  ].join('; ');
  app.decorateRequest('cspNonce', '');
  // Callback hooks rather than async ones: they run on every response, and a promise each costs more than the work.
  app.addHook('onRequest', (request, _reply, done) => {
    request.cspNonce = randomText(16, 'base64');
    done();
  });
  const fixed: Record<string, string> = {
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'same-origin',
  };
  if (options.production) fixed['strict-transport-security'] = 'max-age=31536000; includeSubDomains';
  // A page with nothing to mark (a cached page, the same bytes for everyone) clears its nonce and gets a fixed policy.
  const withoutNonce = scripts + rest;
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header(
      'content-security-policy',
      request.cspNonce ? `${scripts} 'nonce-${request.cspNonce}'${rest}` : withoutNonce,
    );
    reply.headers(fixed);
    done(null, payload);
  });
}
