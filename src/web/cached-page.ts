/**
 * A page kept in memory until its plan changes: the HTML with its brotli and gzip forms made once (off the event
 * loop), so each response only sends bytes. A client that accepts neither gets the HTML as it is.
 */
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Options of a route that sends cached pages, already compressed: the compression plugin stays out of its way. */
export const PRECOMPRESSED = { compress: false } as const;

export interface CachedPage {
  html: string;
  brotli: Buffer;
  gzip: Buffer;
  etag: string;
}

const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);
// Brotli's best setting (11) shrinks a page a further tenth but takes ~100 ms of a zlib thread even on a 60 KB page:
// a plan being updated many times a minute is re-rendered as often, and those waits queued behind each other. Level
// 5 takes a few milliseconds for nearly the same bytes.
const BROTLI_QUALITY = 5;

export async function cachedPage(html: string): Promise<CachedPage> {
  const quality = BROTLI_QUALITY;
  const [brotli, gzipped] = await Promise.all([
    brotliAsync(html, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: quality,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: Buffer.byteLength(html),
      },
    }),
    gzipAsync(html),
  ]);
  return {
    html,
    brotli,
    gzip: gzipped,
    etag: `"${createHash('sha256').update(html).digest('base64url').slice(0, 27)}"`,
  };
}

/** Whether an Accept-Encoding header allows a coding: named (or "*") without "q=0". */
export function accepts(header: string | string[] | undefined, coding: 'br' | 'gzip'): boolean {
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  for (const part of value.split(',')) {
    const [name, ...parameters] = part.split(';').map((p) => p.trim().toLowerCase());
    if (name !== coding && name !== '*') continue;
    const q = parameters.find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  }
  return false;
}

// Browsers send a handful of Accept-Encoding values over and over: each is read once.
const codings = new Map<string, 'br' | 'gzip' | null>();

function codingFor(header: string | undefined): 'br' | 'gzip' | null {
  const value = header ?? '';
  let coding = codings.get(value);
  if (coding === undefined) {
    coding = accepts(value, 'br') ? 'br' : accepts(value, 'gzip') ? 'gzip' : null;
    if (codings.size >= 100) codings.clear();
    codings.set(value, coding);
  }
  return coding;
}

export function sendCachedPage(request: FastifyRequest, reply: FastifyReply, page: CachedPage): FastifyReply {
  // Nothing in a cached page carries a nonce, so its policy names none.
  request.cspNonce = '';
  // Pages are per person: a shared cache must not keep them; the browser may revalidate with the ETag.
  reply.headers({
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'private, no-cache',
    vary: 'accept-encoding, cookie',
    etag: page.etag,
  });
  if (request.headers['if-none-match'] === page.etag) return reply.status(304).send();
  const coding = codingFor(request.headers['accept-encoding']);
  if (coding === null) return reply.send(page.html);
  reply.header('content-encoding', coding);
  return reply.send(coding === 'br' ? page.brotli : page.gzip);
}
