/** Pieces of input schemas every door shares: real dates, sensible lengths, evidence as a link or a document. */
import { z } from 'zod';
import { isIsoDate } from '../../domain/calendar.ts';

export const LIMITS = { text: 20_000, reason: 2_000, name: 200 } as const;

export const isoDate = z.string().trim().refine(isIsoDate, 'must be a real date written YYYY-MM-DD');

export const shortText = z.string().trim().max(LIMITS.name);

const LINK = /^https?:\/\/[^\s]+$/i;
// Addresses that would run or open something in the reader's browser are neither links we show nor documents.
const OTHER_SCHEME = /^\s*(javascript|data|vbscript|file):/i;

export const EVIDENCE_MESSAGE =
  'Enter each piece of evidence as a web address starting http:// or https://, or the name of a document';

/** Evidence: a web address, or the name of a document ("Audit of 40 case files, March 2026"). */
export const evidenceItem = z
  .string()
  .trim()
  .min(1, EVIDENCE_MESSAGE)
  .max(500, 'Evidence must be 500 characters or fewer')
  .refine(
    (text) => LINK.test(text) || (!OTHER_SCHEME.test(text) && !hasControlCharacter(text)),
    EVIDENCE_MESSAGE,
  );

function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) < 32) return true;
  return false;
}

export const email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, 'Enter an email address in the correct format, like name@example.com');
