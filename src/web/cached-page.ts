/**
 * A page kept in memory until its plan changes: the HTML with its gzip form made once, so each response only
 * sends bytes. Browsers all accept gzip; a client that does not gets the HTML as it is.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

export interface CachedPage {
  html: string;
  gzip: Buffer;
  etag: string;
}

export function cachedPage(html: string): CachedPage {
  return {
    html,
    gzip: gzipSync(html),
    etag: `"${createHash('sha256').update(html).digest('base64url').slice(0, 27)}"`,
  };
}

/** True unless the client names no gzip or refuses it ("gzip;q=0"). */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  const match = /(?:^|,)\s*(gzip|\*)\s*(?:;\s*q\s*=\s*([0-9.]+))?/i.exec(value);
  return !!match && (match[2] === undefined || Number(match[2]) > 0);
}

export function sendCachedPage(request: FastifyRequest, reply: FastifyReply, page: CachedPage): FastifyReply {
  // Pages are per person: a shared cache must not keep them; the browser may revalidate with the ETag.
  reply
    .type('text/html; charset=utf-8')
    .header('cache-control', 'private, no-cache')
    .header('vary', 'accept-encoding, cookie')
    .header('etag', page.etag);
  if (request.headers['if-none-match'] === page.etag) return reply.status(304).send();
  if (!acceptsGzip(request.headers['accept-encoding'])) return reply.send(page.html);
  return reply.header('content-encoding', 'gzip').send(page.gzip);
}
