import { randomBytes } from 'node:crypto';

let lastTime = 0;
let counter = 0;

/**
 * Ids made by the application (both databases accept them): time first, so ids sort in the order they
 * were made, which keeps the audit log and imported rows in order without a database sequence.
 */
// Random bytes are drawn in blocks: a plan import makes thousands of ids at once.
let pool = randomBytes(6 * 1024);
let poolAt = 0;

function randomHex(): string {
  if (poolAt + 6 > pool.length) {
    pool = randomBytes(6 * 1024);
    poolAt = 0;
  }
  poolAt += 6;
  return pool.toString('hex', poolAt - 6, poolAt);
}

export function newId(): string {
  const now = Date.now();
  counter = now === lastTime ? counter + 1 : 0;
  lastTime = now;
  return now.toString(36).padStart(9, '0') + counter.toString(36).padStart(4, '0') + randomHex();
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
