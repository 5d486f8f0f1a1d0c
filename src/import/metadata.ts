/** What a plan says about itself on its first lines: title, date, version, draft, organisation. */
import type { Block } from './model.ts';
import { parseTimescale } from '../domain/timescale.ts';

export interface PlanMetadata {
  title: string | null;
  date: string | null;
  version: string | null;
  draft: boolean;
  organisation: string | null;
}

const COUNCIL =
  /\b((?:[A-Z][a-z]+(?:\s|-))(?:[A-Z][a-z]+(?:\s|-)){0,2}(?:County|Borough|City|District|Metropolitan Borough)\s+Council)\b/g;

/** `paragraphs`: every paragraph of the document (`allParagraphs`), where the council's name is counted. */
export function readMetadata(blocks: Block[], paragraphs: string[]): PlanMetadata {
  const opening = blocks
    .slice(0, 12)
    .filter((b): b is Extract<Block, { text: string }> => b.type !== 'table');
  const lines = opening.map((b) => b.text.trim()).filter((t) => t.length > 0 && t.length < 140);
  const title = lines.find((t) => /\bplan\b/i.test(t) && !/^contents$/i.test(t)) ?? lines[0] ?? null;
  const date = lines.map(dateOfLine).find(Boolean) ?? null;
  const versionMatch = lines.map((l) => /\bv(?:ersion)?\s?(\d+(?:\.\d+)*)\b/i.exec(l)).find(Boolean);
  return {
    title,
    date,
    version: versionMatch ? `v${versionMatch[1]}` : null,
    draft: lines.some((l) => /\bdraft\b/i.test(l)),
    organisation: lines.map(organisationNamed).find(Boolean) ?? mostNamedCouncil(paragraphs),
  };
}

const VERSION = /\bv(?:ersion)?\s?\d+(?:\.\d+)*\b/i;
// "Children's Services Improvement Plan – October 2026", "Version 3 | updated 14/09/2026": a date after a separator.
const TRAILING_DATE =
  /(?:\s[–—|-]\s|,\s|:\s|\b(?:dated|updated|as at|as of|revised|issued)\s)([^–—|,:]{4,30})$/i;

/** The date a title-page line gives the plan: the whole of a short line, or the date at the end of a longer one. */
function dateOfLine(line: string): string | null {
  const text = line
    .replace(/\bdraft\b/i, '')
    .replace(VERSION, '')
    .trim();
  const candidates = text.length <= 40 ? [text] : [];
  const trailing = TRAILING_DATE.exec(text)?.[1];
  if (trailing && text.length <= 120) candidates.push(trailing);
  for (const candidate of candidates) {
    const parsed = parseTimescale(candidate);
    if (['month', 'date'].includes(parsed.kind) && parsed.start) return parsed.start;
  }
  return null;
}

const WORD = "[A-Z][A-Za-z'’.-]+";
const NAME = `${WORD}(?:\\s(?:upon|on|le|in|&|and|of|the)?\\s?${WORD}){0,4}`;
// The body a plan belongs to, as its title page names it.
const ORGANISATIONS = [
  new RegExp(`\\b((?:London|Royal) Borough of ${NAME})`),
  new RegExp(`\\b(City of ${NAME} Council)\\b`),
  new RegExp(`\\b(Council of the ${NAME})`),
  new RegExp(
    `\\b(${NAME} (?:County |Borough |City |District |Metropolitan Borough |Metropolitan District )?Council)\\b`,
  ),
  new RegExp(`\\b(${NAME} NHS (?:Foundation )?Trust)\\b`),
  new RegExp(
    `\\b(${NAME} (?:Safeguarding (?:Children )?Partnership|Children['’]s Trust|Integrated Care Board))\\b`,
  ),
];

/** An organisation named on a title-page line ("London Borough of Northmere", "Ashby & Fell Council"). */
export function organisationNamed(line: string): string | null {
  if (line.length > 100) return null;
  for (const pattern of ORGANISATIONS) {
    const match = pattern.exec(line);
    // "Children's Services Improvement Plan of the Council" names no council.
    if (match?.[1] && !/^(The|Our|This|A|An|Each|Every|All)\s/.test(match[1]))
      return match[1].replace(/\s+/g, ' ').trim();
  }
  return null;
}

function mostNamedCouncil(paragraphs: string[]): string | null {
  const counts = new Map<string, number>();
  for (const text of paragraphs) {
    if (!text.includes('Council')) continue;
    for (const match of text.matchAll(COUNCIL)) {
      const name = (match[1] ?? '').replace(/\s+/g, ' ').trim();
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
  }
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}
