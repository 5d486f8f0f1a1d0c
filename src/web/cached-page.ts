/**
 * A page kept in memory until its plan changes: the HTML, and its brotli or gzip form made (off the event loop) the
 * first time a client asks for it, so each later response only sends bytes. A client that accepts neither gets the HTML as it is.
 */
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { performance } from 'node:perf_hooks';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Options of a route that sends cached pages, already compressed: the compression plugin stays out of its way. */
export const PRECOMPRESSED = { compress: false } as const;

export interface CachedPage {
  html: string;
  etag: string;
  /** Each coding made the first time a client asks for it (most ask for one only), then kept. */
  coded: Partial<Record<'br' | 'gzip', Promise<Buffer>>>;
}

const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);
// Brotli's best setting (11) shrinks a page a further tenth but takes ~100 ms of a zlib thread even on a 60 KB page:
// a plan being updated many times a minute is re-rendered as often, and those waits queued behind each other. Level
// 5 takes a few milliseconds for nearly the same bytes.
const BROTLI_QUALITY = 5;

/**
 * Template indentation is most of a large page's bytes. Cached pages (no <pre> or <textarea>, where leading
 * spaces would matter) are sent without it.
 */
export function withoutIndentation(html: string): string {
  return /<(pre|textarea)\b/i.test(html)
    ? html
    : // One pass: a line break and every space, tab and blank line after it become one line break.
      html.replace(/\n[\n \t]+/g, '\n');
}

export function cachedPage(html: string): CachedPage {
  return {
    html,
    etag: `"${createHash('sha256').update(html).digest('base64url').slice(0, 27)}"`,
    coded: {},
  };
}

function encoded(page: CachedPage, coding: 'br' | 'gzip'): Promise<Buffer> {
  let made = page.coded[coding];
  if (!made) {
    made =
      coding === 'br'
        ? brotliAsync(page.html, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
              [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
              [constants.BROTLI_PARAM_SIZE_HINT]: Buffer.byteLength(page.html),
            },
          })
        : gzipAsync(page.html);
    page.coded[coding] = made;
  }
  return made;
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

export async function sendCachedPage(
  request: FastifyRequest,
  reply: FastifyReply,
  page: CachedPage,
): Promise<FastifyReply> {
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
  const body = await encoded(page, coding);
  reply.header('content-encoding', coding);
  return reply.send(body);
}

/**
 * Under load, a page rendered in the last second may be sent again for a newer revision of its plan instead of being
 * rendered afresh: while this process is already rendering another page, a plan updated many times a second would
 * otherwise be rendered for every reader after every change, and every reader would wait in that queue. So under
 * load a page is at most a second behind its plan and rendered about once a second however often the plan changes;
 * with nothing else rendering (one user at a time) it is always rendered afresh.
 */
export function createRecentPages(options: { maxBehindMs?: number; maxPages?: number } = {}) {
  const { maxBehindMs = 1_000, maxPages = 2_000 } = options;
  const pages = new Map<string, { page: CachedPage; revision: number; at: number }>();
  let inFlight = 0;
  return {
    /** The page rendered for an earlier revision, when the process is busy and it is recent enough to send. */
    recent(id: string, revision: number): CachedPage | undefined {
      if (inFlight === 0) return undefined;
      const kept = pages.get(id);
      if (!kept || kept.revision > revision || performance.now() - kept.at > maxBehindMs) return undefined;
      return kept.page;
    },
    /** Renders (counted while it runs) and keeps the page as the latest of its kind. */
    async render(id: string, revision: number, make: () => Promise<CachedPage>): Promise<CachedPage> {
      inFlight += 1;
      try {
        const page = await make();
        const kept = pages.get(id);
        if (!kept || kept.revision < revision) {
          pages.delete(id);
          if (pages.size >= maxPages) pages.delete(pages.keys().next().value as string);
          pages.set(id, { page, revision, at: performance.now() });
        }
        return page;
      } finally {
        inFlight -= 1;
      }
    },
  };
}
