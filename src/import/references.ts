/** Codes and references written in cells: cross-references, report paragraphs, sources, joint markers. */
import type { SourceDoc } from '../domain/plan-format.ts';
import { parseTimescale } from '../domain/timescale.ts';

// "IN 3.", "O 14.", "CT 6.", "CT1." — a short capital code and a number.
const CROSS_REF = /\b(IN|O|CT|CQC|R|PC|IB)\s?(\d{1,2})\b\.?/g;

export function crossRefsIn(text: string): string[] {
  return [...text.matchAll(CROSS_REF)].map((m) => `${m[1]} ${m[2]}.`);
}

/** A paragraph made only of codes ("IN 4. CT 4.") is a cross-reference, not part of the action. */
export function isOnlyCrossRefs(text: string): boolean {
  return crossRefsIn(text).length > 0 && text.replace(CROSS_REF, '').replace(/[\s.,;]+/g, '') === '';
}

/** Cuts trailing codes off an action's text: "Managers review open cases. O 1." → text and ["O 1."]. */
export function splitTrailingCrossRefs(text: string): { text: string; refs: string[] } {
  const match = /((?:\s*\b(?:IN|O|CT|CQC|PC|IB)\s?\d{1,2}\b\.?)+)\s*$/.exec(text);
  if (!match || match.index === 0) return { text, refs: [] };
  return { text: text.slice(0, match.index).trim(), refs: crossRefsIn(match[1] ?? '') };
}

/** "Pg 3 Para 2 Pg 4 Para 8" → ["Pg 3 Para 2", "Pg 4 Para 8"]. */
export function splitReportRefs(paragraphs: string[]): string[] {
  return paragraphs
    .flatMap((p) => p.split(/(?=\b(?:Pg|Page|Para(?:graph)?)\s*\d)/i))
    .map((p) => p.trim().replace(/[,;]$/, ''))
    .filter((p) => p !== '')
    .reduce<string[]>((refs, part) => {
      // Keep "Pg 3" and its "Para 2" together.
      const last = refs[refs.length - 1];
      if (last && /^(pg|page)\s*\d+$/i.test(last) && /^para/i.test(part))
        refs[refs.length - 1] = `${last} ${part}`;
      else refs.push(part);
      return refs;
    }, []);
}

const BODIES: [SourceDoc['body'], RegExp][] = [
  ['improvement_notice', /improvement notice|\bnotice\b|secretary of state|\bdfe\b/],
  ['cqc', /\bcqc\b|care quality/],
  ['ofsted', /ofsted|inspection|\bilacs\b|\bsif\b/],
  ['peer_challenge', /peer/],
  ['scrutiny', /scrutiny/],
  ['earlier_plan', /previous|earlier|last (year'?s )?plan|improvement plan/],
  ['internal', /strategy|service plan|internal|audit|review/],
];

/** The body a source text names first ("Ofsted Safeguarding (Aug '10) CQC (Aug '10)" is Ofsted's). */
export function sourceBodyOf(text: string): SourceDoc['body'] {
  const t = text.toLowerCase();
  let best: { body: SourceDoc['body']; index: number } = { body: 'other', index: Infinity };
  for (const [body, pattern] of BODIES) {
    const index = t.search(pattern);
    if (index >= 0 && index < best.index) best = { body, index };
  }
  return best.body;
}

/** The date a source names, e.g. "(Aug '10)" → 2010-08-01. */
export function sourceDateOf(text: string, planDate: string | null): string | null {
  const inBrackets = /\(([^)]*\d[^)]*)\)/.exec(text)?.[1];
  if (!inBrackets) return null;
  const parsed = parseTimescale(inBrackets, { planDate });
  return parsed.kind === 'unknown' ? null : parsed.start;
}

/** "[Peer Challenge Action Plan]" after an action names where it came from. */
export function bracketedSources(text: string): { text: string; sources: string[] } {
  const sources = [...text.matchAll(/\[([^\]]{3,80})\]/g)]
    .map((m) => (m[1] ?? '').trim())
    .filter((s) => !/^see\b/i.test(s));
  if (sources.length === 0) return { text, sources };
  let rest = text;
  for (const s of sources) rest = rest.replace(`[${s}]`, '');
  return { text: rest.replace(/\s+/g, ' ').trim(), sources };
}

/** "(*Joint with Health)", "*Joint with Partners" → the partner named. */
export function jointMarker(text: string): { joint: boolean; partners: string[] } {
  const match = /\*?\s*joint(?:\s+(?:with|–|-)\s+([A-Za-z ,&]+?))?(?:[):;]|$|\s-|\s–)/i.exec(text);
  if (!match) return { joint: false, partners: [] };
  const partners = (match[1] ?? '')
    .split(/,|&| and /)
    .map((p) => p.trim())
    .filter((p) => p && !/^(also|in)$/i.test(p));
  return { joint: true, partners };
}

// "Link to 3.1.5", "(Cross reference to 5.5.1)", "see also 2.3.4": a pointer to another action of the plan.
const ACTION_LINK =
  /\b(?:link(?:ed)? (?:to|with)|cross[- ]?ref(?:erence)?s?(?: to)?|see(?: also)?)\s+((?:\d+\.){1,3}\d+)\b/gi;

/** The action refs a text points to. */
export function actionLinksIn(text: string): string[] {
  return [...text.matchAll(ACTION_LINK)].map((m) => m[1] as string);
}

/** A paragraph that is only such a pointer, which is a link rather than a success criterion or a measure. */
export const isOnlyActionLink = (text: string): boolean =>
  actionLinksIn(text).length > 0 && text.replace(ACTION_LINK, '').replace(/[\s.,;()]+/g, '') === '';
