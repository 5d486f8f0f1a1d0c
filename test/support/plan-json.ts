/** Helpers to compare Plan JSON documents whose ids differ (a store makes its own ids). */
import { readFileSync } from 'node:fs';
import { completeDocument } from '../../src/domain/plan-document.ts';
import { PlanDocumentSchema, type PlanDocument } from '../../src/domain/plan-format.ts';

export function demoDocumentInput(): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL('../../demo/riverside-plan.json', import.meta.url), 'utf8'));
}

/** A plan of our own in which no action serves the demo's first recommendation: a gap in the register. */
export function demoWithUnservedRecommendation(): Record<string, unknown> {
  const input = demoDocumentInput() as {
    recommendations: { id: string }[];
    actions: { recommendationIds?: string[] }[];
  };
  const first = input.recommendations[0]!.id;
  for (const a of input.actions) a.recommendationIds = (a.recommendationIds ?? []).filter((r) => r !== first);
  return input;
}

/** The demo plan as the store should give it back: validated, with derived fields filled in. */
export function expectedDemoDocument(): PlanDocument {
  return completeDocument(PlanDocumentSchema.parse(demoDocumentInput()));
}

const ID_FIELDS = new Set(['id', 'parentId', 'sectionId', 'sourceId']);
const ID_LIST_FIELDS = new Set(['recommendationIds', 'measureIds']);

/** Replaces every id by its place of first appearance, so two copies of a plan compare equal. */
export function withCanonicalIds(doc: PlanDocument): unknown {
  const names = new Map<string, string>();
  const name = (id: string) => {
    if (!names.has(id)) names.set(id, `#${names.size + 1}`);
    return names.get(id) as string;
  };
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value).map(([key, v]) => {
          if (ID_FIELDS.has(key) && typeof v === 'string') return [key, name(v)];
          if (ID_LIST_FIELDS.has(key) && Array.isArray(v)) return [key, v.map((x) => name(String(x)))];
          return [key, walk(v)];
        }),
      );
    }
    return value;
  };
  // Name ids in a fixed order of lists so both sides number them alike.
  for (const list of [
    doc.sources,
    doc.sections,
    doc.recommendations,
    doc.measures,
    doc.people,
    doc.actions,
  ]) {
    for (const item of list) name(item.id);
  }
  return walk(doc);
}
