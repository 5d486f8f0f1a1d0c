/**
 * Measures written as prose: "19. % of visits in first 7 days Target: 95%", "Interim target by Oct 2019:
 * 70%", "to 11% by March 2012 and 13% over the period 2012-13", "no more than 200 … by August 2011".
 */
import type { MeasureDoc } from '../domain/plan-format.ts';
import { parseTimescale } from '../domain/timescale.ts';

export interface ExtractedTarget {
  /** null when the plan says the target is to be confirmed. */
  value: number | null;
  by: string | null;
  kind: 'interim' | 'final';
  text: string;
}

export interface ExtractedMeasure {
  ref: string | null;
  name: string;
  unit: string;
  polarity: MeasureDoc['polarity'];
  targets: ExtractedTarget[];
  /** "from the 2009-10 baseline of 46%". */
  baseline?: { value: number; period: string | null } | null;
  /** "the England average of 85%". */
  comparators?: { name: string; period: string | null; value: number }[];
}

const BASELINE =
  /\b(?:from\s+)?(?:the\s+|a\s+)?(?:((?:19|20)\d{2}(?:\s*[-/]\s*\d{2,4})?)\s+)?baseline(?:\s+(?:of|was|is|at)|\s*:)?\s+(\d+(?:\.\d+)?)\s*%?/i;
const COMPARATOR_NAME = String.raw`(England|national|statistical neighbours?['’]?|regional|region(?:al)?|London|core cit(?:y|ies))\s+averages?`;
const COMPARATOR_VALUE = new RegExp(
  String.raw`\b(?:the\s+)?${COMPARATOR_NAME}\s+(?:of|at|is|was|:)?\s*(\d+(?:\.\d+)?)\s*%`,
  'gi',
);
// "to be in line with statistical neighbour averages", "reduces to the statistical neighbour average".
const RELATIVE_TARGET = new RegExp(
  String.raw`\b(?:in line with|(?:reduces?|increases?|falls?|rises?)\s+to|no worse than|at or (?:above|below)|at least)\s+(?:the\s+)?${COMPARATOR_NAME}(?!\s+(?:of|at|is|was|:)?\s*\d)`,
  'i',
);

const comparatorName = (text: string) => {
  const words = text.toLowerCase().replace(/['’]/g, '').replace(/s$/, '');
  return words.startsWith('statistical')
    ? 'statistical neighbour average'
    : `${words} average`.replace(/^england/, 'England');
};

/** The baseline, comparators and comparator-relative target a measure's text gives beside its figures. */
function contextOf(text: string, planDate: string | null) {
  const base = BASELINE.exec(text);
  const comparators = [...text.matchAll(COMPARATOR_VALUE)].map((m) => ({
    name: comparatorName(m[1] ?? ''),
    period: planDate ? planDate.slice(0, 4) : null,
    value: Number(m[2]),
  }));
  const relative = RELATIVE_TARGET.exec(text);
  return {
    baseline: base ? { value: Number(base[2]), period: base[1]?.replace(/\s+/g, '') ?? null } : null,
    comparators,
    relative: relative
      ? {
          value: null,
          by: null,
          kind: 'final' as const,
          text: `in line with the ${comparatorName(relative[1] ?? '')}`,
        }
      : null,
  };
}

interface Hit {
  index: number;
  end: number;
  value: number;
  unit: string | null;
  polarity: MeasureDoc['polarity'] | null;
  interim: boolean;
  label: string | null;
  text: string;
}

const NUM = String.raw`(\d+(?:\.\d+)?)`;
const UNIT = String.raw`\s*(%|percent\b|percentage points?)?`;

const PATTERNS: {
  pattern: RegExp;
  polarity: MeasureDoc['polarity'] | null;
  labelled?: boolean;
  needsVerb?: boolean;
}[] = [
  {
    pattern: new RegExp(
      String.raw`(interim\s+)?target(?:\s+(?:by|for)\s+([^:]{3,24})\s*:|\s*:?)\s*(?:is\s+)?${NUM}${UNIT}`,
      'gi',
    ),
    polarity: null,
    labelled: true,
  },
  { pattern: new RegExp(String.raw`no more than\s+${NUM}${UNIT}`, 'gi'), polarity: 'lower_is_better' },
  {
    pattern: new RegExp(String.raw`\bto\s+${NUM}${UNIT}\s+or\s+(?:less|fewer|below|lower)`, 'gi'),
    polarity: 'lower_is_better',
  },
  { pattern: new RegExp(String.raw`\bbelow\s+${NUM}${UNIT}`, 'gi'), polarity: 'lower_is_better' },
  {
    pattern: new RegExp(
      String.raw`(?:at least|a minimum of|no less than)\s+(?:the\s+[A-Za-z ]{2,30}?\s+of\s+)?${NUM}${UNIT}`,
      'gi',
    ),
    polarity: 'higher_is_better',
  },
  { pattern: new RegExp(String.raw`\b(?:to|and)\s+${NUM}\s*(%)`, 'gi'), polarity: null },
  {
    pattern: new RegExp(String.raw`\bto\s+(\d+)\b(?![.\d]|\s*(?:%|per|years?|months?|weeks?|days?))`, 'gi'),
    polarity: null,
    needsVerb: true,
  },
];

const DATE_PHRASE =
  /\b(?:by|before|in|for)\s+((?:end of\s+)?(?:\d{1,2}\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+'?\d{2,4}|\d{1,2}\/\d{1,2}\/\d{2,4})|over the period\s+((?:19|20)\d{2}\s*[-/]\s*\d{2,4})/gi;

function readHits(clause: string, sentence: string): Hit[] {
  const hits: Hit[] = [];
  const changeVerb = /\b(reduc|decreas|increas|improv|rais|lower|narrow)\w*/i.test(sentence);
  for (const { pattern, polarity, labelled, needsVerb } of PATTERNS) {
    // A bare "to 200" is a target only in a sentence about changing a number ("Reducing … to 200").
    if (needsVerb && !changeVerb) continue;
    pattern.lastIndex = 0;
    for (let match = pattern.exec(clause); match; match = pattern.exec(clause)) {
      const index = match.index;
      const end = index + match[0].length;
      if (hits.some((h) => index < h.end && end > h.index)) continue;
      const groups = labelled
        ? { interim: match[1], label: match[2], value: match[3], unit: match[4] }
        : { value: match[1], unit: match[2] };
      hits.push({
        index,
        end,
        value: Number(groups.value),
        unit: unitOf(groups.unit),
        polarity,
        interim: Boolean(groups.interim),
        label: groups.label ?? null,
        text: match[0].trim(),
      });
    }
  }
  return hits.sort((a, b) => a.index - b.index);
}

function unitOf(text: string | undefined): string | null {
  if (!text) return null;
  if (/point/i.test(text)) return 'percentage points';
  return '%';
}

function dateFrom(text: string, planDate: string | null): string | null {
  const parsed = parseTimescale(text, { planDate });
  return parsed.end ?? parsed.start;
}

function datesIn(text: string, planDate: string | null): { index: number; date: string }[] {
  return [...text.matchAll(DATE_PHRASE)]
    .map((m) => ({ index: m.index ?? 0, date: dateFrom(m[1] ?? m[2] ?? '', planDate) }))
    .filter((d): d is { index: number; date: string } => d.date !== null);
}

function polarityOf(text: string): MeasureDoc['polarity'] {
  return /\b(reduc|decreas|lower|fewer|minimi[sz]|narrow|cut)\w*/i.test(text)
    ? 'lower_is_better'
    : 'higher_is_better';
}

function cleanName(text: string): string {
  return text
    .replace(/^[\s,;:–-]*(and\s+)?/i, '')
    .replace(/[\s,;:–-]+$/, '')
    .replace(/\s+(?:increases?\s+)?(?:to|by|of)$/i, '')
    .replace(/\s+/g, ' ')
    .slice(0, 240)
    .trim();
}

/** Every measure with a numeric target that a piece of plan text states; numbered KPIs even without one. */
export function measuresInText(text: string, planDate: string | null = null): ExtractedMeasure[] {
  // Every target and every numbered KPI has a digit: most text has none and needs no further reading.
  if (!/\d/.test(text)) return [];
  const flat = text.replace(/\s+/g, ' ').trim();
  const numbered = /^(\d{1,3})\.\s+(.+)$/.exec(flat);
  const body = numbered ? (numbered[2] ?? '') : flat;
  const measures: ExtractedMeasure[] = [];
  const sentences = text
    .replace(/^\s*\d{1,3}\.\s+/, '')
    .split(/\n\s*-\s*|;\s*|\.\s+(?=[A-Z])/)
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
  for (const sentence of numbered ? [body] : sentences) {
    // The sentence's last date, read only when a target in it names no date of its own.
    let sentenceDate: string | null | undefined;
    const clauses = numbered ? [sentence] : sentence.split(/,\s+(?=(?:and\s+)?(?:the|a|an)\s)/i);
    for (const clause of clauses) {
      const hits = readHits(clause, sentence);
      if (hits.length === 0) continue;
      const clauseDates = datesIn(clause, planDate);
      const targets = hits
        .map((hit, i): ExtractedTarget & { unit: string | null } => {
          const next = hits[i + 1]?.index ?? clause.length;
          const own = hit.label ? dateFrom(hit.label, planDate) : null;
          const after = clauseDates.find((d) => d.index >= hit.end && d.index < next)?.date;
          const by =
            own ??
            after ??
            clauseDates[clauseDates.length - 1]?.date ??
            (sentenceDate ??= datesIn(sentence, planDate).at(-1)?.date ?? null);
          return {
            value: hit.value,
            by,
            kind: hit.interim ? 'interim' : 'final',
            text: hit.text,
            unit: hit.unit,
          };
        })
        .filter((t, i, all) => all.findIndex((o) => o.value === t.value && o.by === t.by) === i);
      // Without the word "interim", every target but the last is a step on the way.
      if (!hits.some((h) => h.interim))
        targets.forEach((t, i) => (t.kind = i < targets.length - 1 ? 'interim' : 'final'));
      const first = hits[0] as Hit;
      const name = cleanName(clause.slice(0, first.index)) || cleanName(clause);
      const percent = targets.find((t) => t.unit)?.unit;
      const unit =
        percent ??
        (/\bdays?\b/i.test(clause.slice(first.index, first.end + 8))
          ? 'days'
          : /%/.test(name)
            ? '%'
            : 'count');
      const context = contextOf(clause, planDate);
      measures.push({
        ref: numbered?.[1] ?? null,
        name,
        unit,
        polarity: first.polarity ?? hits.find((h) => h.polarity)?.polarity ?? polarityOf(sentence),
        targets: targets.map(({ value, by, kind, text: t }) => ({ value, by, kind, text: t })),
        baseline: context.baseline,
        comparators: context.comparators,
      });
    }
    // A measure whose only target is a comparator's average: "… reduces to the statistical neighbour average".
    const relative = contextOf(sentence, planDate).relative;
    if (relative && !measures.some((m) => m.targets.some((t) => /average/i.test(t.text)))) {
      const at = RELATIVE_TARGET.exec(sentence)?.index ?? sentence.length;
      const name = cleanName(
        sentence.slice(0, at).replace(/^.*\b(?:whilst|while)\s+ensuring\s+that\s+/i, ''),
      );
      if (name.length >= 12)
        measures.push({
          ref: null,
          name,
          unit: /%|percentage|proportion/i.test(sentence) ? '%' : 'count',
          polarity: polarityOf(sentence),
          targets: [relative],
          baseline: null,
          comparators: [],
        });
    }
  }
  if (numbered && measures.length === 0) {
    const tbc = /\btarget\s*:?\s*(tbc|tba|to be (?:confirmed|agreed))\b/i.exec(body);
    const name = cleanName(tbc ? body.slice(0, tbc.index) : body);
    measures.push({
      ref: numbered[1] ?? null,
      name,
      unit: /%|percentage/i.test(body) ? '%' : 'count',
      polarity: polarityOf(name),
      targets: tbc ? [{ value: null, by: null, kind: 'final', text: tbc[0] }] : [],
    });
  }
  return measures;
}
