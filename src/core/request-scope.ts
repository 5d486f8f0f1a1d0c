/**
 * What one request has already read, kept for the rest of that request only. A page asks for its plan's revision
 * several times (authorising, its cached parts, its menu); on PostgreSQL each ask is a round trip. Within a request
 * the first answer stands, until a change the request itself makes (the runner forgets after its commit). Nothing is
 * kept between requests, so a change made through another process is still seen on the very next request.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const requestReads = new AsyncLocalStorage<Map<string, unknown>>();

/** Runs `work` (and all it starts) as one request: its reads through `readOnce` are remembered until it ends. */
export function withinRequest<T>(work: () => T): T {
  return requestReads.run(new Map(), work);
}

/** Runs `work` outside any request: work after a commit outlives the request that started it. */
export function outsideRequest<T>(work: () => T): T {
  return requestReads.exit(work);
}

/** The value read earlier in this request under `key`, else `read()` (remembered; a failed read is not). */
export function readOnce<T>(key: string, read: () => T): T {
  const reads = requestReads.getStore();
  if (!reads) return read();
  if (reads.has(key)) return reads.get(key) as T;
  const value = read();
  reads.set(key, value);
  if (value instanceof Promise) value.catch(() => reads.delete(key));
  return value;
}

/** Forgets what this request read: it has just changed the database. */
export function forgetRequestReads(): void {
  requestReads.getStore()?.clear();
}
