/**
 * Passwords as the NCSC advises: long (at least 12 characters), not on a list of the passwords people choose most
 * and attackers try first, and nothing else: no rules about digits or symbols, no forced changes. The list is the
 * 49,000 common passwords that zxcvbn ships (from breach corpora), read once.
 */
import { dictionary } from '@zxcvbn-ts/language-common';

export const MIN_PASSWORD_LENGTH = 12;
export const PASSWORD_LENGTH_MESSAGE = `Use a password of at least ${MIN_PASSWORD_LENGTH} characters`;
export const COMMON_PASSWORD_MESSAGE =
  'That password is one people choose often, so it is among the first an attacker tries: choose another, such as three random words';

let common: Set<string> | null = null;
const commonPasswords = () => (common ??= new Set(dictionary['passwords-common']));

/** Why a password will not do, or null when it will. */
export function passwordProblem(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return PASSWORD_LENGTH_MESSAGE;
  const lower = password.toLowerCase();
  // "password123456", "!!qwertyuiop!!": a common password padded with digits or symbols is as easily guessed.
  const core = lower.replace(/^[\d\W_]+|[\d\W_]+$/g, '');
  if (commonPasswords().has(lower) || (core.length >= 4 && commonPasswords().has(core)))
    return COMMON_PASSWORD_MESSAGE;
  if (/^(.)\1+$/.test(password) || isRun(lower)) return COMMON_PASSWORD_MESSAGE;
  return null;
}

/** One character repeated, or a run such as "abcdefghijkl" or "987654321098". */
function isRun(text: string): boolean {
  const step = text.charCodeAt(1) - text.charCodeAt(0);
  if (Math.abs(step) !== 1) return false;
  for (let i = 2; i < text.length; i++) {
    const d = text.charCodeAt(i) - text.charCodeAt(i - 1);
    if (d !== step && !(text[i - 1] === '9' && text[i] === '0') && !(text[i - 1] === '0' && text[i] === '9'))
      return false;
  }
  return true;
}
