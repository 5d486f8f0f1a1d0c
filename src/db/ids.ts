import { randomBytes } from 'node:crypto';

let lastTime = 0;
let counter = 0;

// Random bytes are drawn in blocks: a plan import makes thousands of ids at once, and every response a nonce.
let pool = randomBytes(4096);
let poolAt = 0;

/** `size` random bytes as text, each byte used once. */
export function randomText(size: number, encoding: 'hex' | 'base64'): string {
  if (poolAt + size > pool.length) {
    pool = randomBytes(Math.max(4096, size));
    poolAt = 0;
  }
  poolAt += size;
  return pool.toString(encoding, poolAt - size, poolAt);
}

/**
 * Ids made by the application (both databases accept them): time first, so ids sort in the order they
 * were made, which keeps the audit log and imported rows in order without a database sequence.
 */
export function newId(): string {
  const now = Date.now();
  counter = now === lastTime ? counter + 1 : 0;
  lastTime = now;
  return now.toString(36).padStart(9, '0') + counter.toString(36).padStart(4, '0') + randomText(6, 'hex');
}

let isoAt = 0;
let iso = '';

/** The current time as ISO text; rows stored in the same millisecond share one string rather than format it again. */
export function nowIso(): string {
  const now = Date.now();
  if (now !== isoAt) {
    isoAt = now;
    iso = new Date(now).toISOString();
  }
  return iso;
}
