/**
 * How much of a variant's truth the importer brought back in place: recommendations under the right section,
 * actions under the right recommendation and section, and each action's leads, date and rating.
 */
import type { PlanDocument } from '../../src/domain/plan-format.ts';
import { importBuffer } from '../../src/import/index.ts';
import {
  TRUTH,
  expectedDue,
  formatsOf,
  variantOptions,
  writeVariant,
  type Format,
  type VariantOptions,
} from './layout-variants.ts';

export interface Fidelity {
  recommendations: number;
  actions: number;
  leads: number;
  dates: number;
  ratings: number;
}
export const MEASURES = ['recommendations', 'actions', 'leads', 'dates', 'ratings'] as const;

const normal = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
const holds = (found: string, truth: string) => normal(found).includes(normal(truth).slice(0, 50));

export function score(
  doc: PlanDocument,
  options: VariantOptions = variantOptions({}),
): Fidelity & { misses: string[] } {
  const misses: string[] = [];
  const sectionOf = new Map<string, string | null>();
  for (const s of doc.sections) sectionOf.set(s.id, s.parentId);
  // A section found for a truth section: the one whose title holds it (or an ancestor of what was filed under it).
  const sectionFor = (title: string) => doc.sections.find((s) => holds(s.title, title))?.id ?? null;
  const within = (id: string | null, target: string | null) => {
    for (let at = id, steps = 0; at && steps < 20; at = sectionOf.get(at) ?? null, steps++)
      if (at === target) return true;
    return false;
  };
  let recs = 0;
  let actions = 0;
  let leads = 0;
  let dates = 0;
  let ratings = 0;
  let recTotal = 0;
  let actionTotal = 0;
  for (const section of TRUTH) {
    const sectionId = sectionFor(section.title);
    for (const rec of section.recommendations) {
      recTotal += 1;
      const found = doc.recommendations.find((r) => holds(r.text, rec.text));
      if (found && sectionId && within(found.sectionId, sectionId)) recs += 1;
      else
        misses.push(`recommendation ${rec.number}: ${found ? `in section ${found.sectionId}` : 'not found'}`);
      for (const action of rec.actions) {
        actionTotal += 1;
        const got = doc.actions.find((a) => a.parentId === null && holds(a.text, action.text));
        if (!got) {
          misses.push(`action "${action.text.slice(0, 40)}": not found`);
          continue;
        }
        const linked = !!found && got.recommendationIds.includes(found.id);
        const placed = !!sectionId && within(got.sectionId ?? found?.sectionId ?? null, sectionId);
        if (linked && placed) actions += 1;
        else
          misses.push(
            `action "${action.text.slice(0, 40)}": ${linked ? '' : 'not under its recommendation '}${placed ? '' : 'not in its section'}`,
          );
        // Every lead the truth names, and nothing else taken for a person (roles and qualifiers may stay as text).
        const people = new Set(doc.people.map((p) => normal(p.name)));
        const truthLeads = action.leads.map(normal);
        const gotLeads = got.leads.map(normal);
        const sameLeads =
          truthLeads.every((l) => gotLeads.includes(l)) &&
          gotLeads.filter((l) => !truthLeads.includes(l)).every((l) => !people.has(l));
        if (sameLeads) leads += 1;
        else misses.push(`action "${action.text.slice(0, 40)}": leads ${JSON.stringify(got.leads)}`);
        if (got.due?.end === expectedDue(options, action)) dates += 1;
        else misses.push(`action "${action.text.slice(0, 40)}": due ${JSON.stringify(got.due)}`);
        if (got.status?.rag === action.rating) ratings += 1;
        else misses.push(`action "${action.text.slice(0, 40)}": status ${JSON.stringify(got.status)}`);
      }
    }
  }
  return {
    recommendations: recs / recTotal,
    actions: actions / actionTotal,
    leads: leads / actionTotal,
    dates: dates / actionTotal,
    ratings: ratings / actionTotal,
    misses,
  };
}

export interface VariantResult {
  className: string;
  index: number;
  format: Format;
  fidelity: Fidelity & { misses: string[] };
  error?: string;
}

export async function scoreVariant(
  className: string,
  index: number,
  overrides: Partial<VariantOptions>,
): Promise<VariantResult[]> {
  const options = variantOptions(overrides);
  const results: VariantResult[] = [];
  for (const format of formatsOf(options)) {
    const content = await writeVariant(options, format);
    try {
      const doc = await importBuffer(`northmere-${index}.${format}`, content);
      results.push({ className, index, format, fidelity: score(doc, options) });
    } catch (error) {
      const zero = { recommendations: 0, actions: 0, leads: 0, dates: 0, ratings: 0, misses: [] };
      results.push({ className, index, format, fidelity: zero, error: String(error) });
    }
  }
  return results;
}

/** The mean of each measure over a class's variants and formats. */
export function classFigures(results: VariantResult[]): Fidelity {
  const mean = (m: (typeof MEASURES)[number]) =>
    results.reduce((sum, r) => sum + r.fidelity[m], 0) / Math.max(1, results.length);
  return {
    recommendations: mean('recommendations'),
    actions: mean('actions'),
    leads: mean('leads'),
    dates: mean('dates'),
    ratings: mean('ratings'),
  };
}
