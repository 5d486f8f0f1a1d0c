/**
 * The second factor: a TOTP code from an authenticator app (RFC 6238, 30-second steps, one step of drift either
 * way, each step usable once), or one of ten single-use recovery codes, stored hashed.
 */
import { createHash, randomInt } from 'node:crypto';
import { generateSecret, generateSync, generateURI, verify } from 'otplib';

const STEP_SECONDS = 30;
export const RECOVERY_CODES = 10;

export const newTotpSecret = () => generateSecret();

export const totpUri = (secret: string, email: string) =>
  generateURI({ issuer: 'Improvement Plan Tracker', label: email, secret });

/** The code an app would show now (for tests and the enrolment check). */
export const totpCode = (secret: string, at = Date.now()) =>
  generateSync({ secret, epoch: Math.floor(at / 1000) });

/** The time step of a right code not used before, or null. */
export async function acceptedStep(
  secret: string,
  code: string,
  lastStep: number | null | undefined,
  at = Date.now(),
): Promise<number | null> {
  const token = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const result = await verify({
    secret,
    token,
    epoch: Math.floor(at / 1000),
    epochTolerance: STEP_SECONDS,
  });
  if (!result.valid) return null;
  const step = Math.floor(at / 1000 / STEP_SECONDS) + result.delta;
  return lastStep !== null && lastStep !== undefined && step <= lastStep ? null : step;
}

const hashCode = (code: string) =>
  createHash('sha256').update(code.replace(/[\s-]/g, '').toLowerCase()).digest('hex');

/** Ten codes to write down (shown once) and their hashes to store. */
export function newRecoveryCodes(): { codes: string[]; hashes: string[] } {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const codes = Array.from({ length: RECOVERY_CODES }, () => {
    const chars = Array.from({ length: 10 }, () => alphabet[randomInt(alphabet.length)]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
  return { codes, hashes: codes.map(hashCode) };
}

/** The hashes left once `code` is used, or null when it is not one of them. */
export function useRecoveryCode(hashes: string[], code: string): string[] | null {
  const hash = hashCode(code);
  return hashes.includes(hash) ? hashes.filter((h) => h !== hash) : null;
}
