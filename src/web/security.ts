/**
 * Security headers, with a fresh content-security-policy nonce for each response. Pages kept in the page cache
 * are byte-for-byte the same across responses, so they carry no nonce and their policy names none: GOV.UK Frontend's one inline script (it
 * marks the body as JavaScript-enabled) is allowed by its hash, as the design system documents.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';

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

// Random bytes are drawn in blocks: asking the operating system for 16 bytes a request cost more than the page.
let pool = randomBytes(16 * 256);
let poolAt = 0;

/** 128 random bits, each value used once. */
function nextNonce(): string {
  if (poolAt + 16 > pool.length) {
    pool = randomBytes(16 * 256);
    poolAt = 0;
  }
  poolAt += 16;
  return pool.toString('base64', poolAt - 16, poolAt);
}

export function registerSecurityHeaders(
  app: FastifyInstance,
  options: { production: boolean; scriptHashes: string[] },
) {
  // Only the nonce differs between responses: the rest of the policy is joined once.
  const before = `default-src 'self'; script-src 'self' ${options.scriptHashes.join(' ')} 'nonce-`;
  const after = [
    "'",
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
    request.cspNonce = nextNonce();
    done();
  });
  const fixed: Record<string, string> = {
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'same-origin',
  };
  if (options.production) fixed['strict-transport-security'] = 'max-age=31536000; includeSubDomains';
  // A page with nothing to mark (a cached page, the same bytes for everyone) clears its nonce and gets a fixed policy.
  const withoutNonce = before.slice(0, before.lastIndexOf(" 'nonce-")) + after.slice(1);
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header(
      'content-security-policy',
      request.cspNonce ? before + request.cspNonce + after : withoutNonce,
    );
    reply.headers(fixed);
    done(null, payload);
  });
}
