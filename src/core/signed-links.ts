/** Links in emails that act without signing in (unsubscribe): what they do, signed with the service's key. */
import { createHmac, timingSafeEqual } from 'node:crypto';

export function signLink(secret: string, parts: string[]): string {
  return createHmac('sha256', secret).update(parts.join('|')).digest('base64url');
}

export function linkSigned(secret: string, parts: string[], signature: string): boolean {
  const expected = Buffer.from(signLink(secret, parts));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** The one-click link that turns one kind of email off for one user (`digest` for digests). */
export function unsubscribePath(secret: string, userId: string, kind: string): string {
  const signature = signLink(secret, ['unsubscribe', kind, userId]);
  return `/unsubscribe/${userId}/${signature}${kind === 'digest' ? '' : `?kind=${encodeURIComponent(kind)}`}`;
}
