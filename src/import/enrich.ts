/**
 * Enrichment and checks once every row is filed: leads resolved to people, cross-references linked,
 * measures read from target text, and findings for what a plan manager should look at.
 */
import type { ActionDoc, MeasureDoc, RecommendationDoc } from '../domain/plan-format.ts';
import { measuresInText, type ExtractedMeasure } from './kpi-text.ts';
import { looksLikePersonName, leadDirectory, readLeads } from './people.ts';
import type { PlanBuilder } from './plan-builder.ts';
import type { RowFiler } from './rows.ts';

export function enrichPlan(builder: PlanBuilder, filer: RowFiler, planDate: string | null): void {
  resolveLeads(builder, filer);
  reportSimilarPeople(builder);
  linkRecommendationRefs(builder, filer);
  linkCrossReferences(builder);
  readMeasures(builder, filer, planDate);
  sectionsFromRecommendations(builder);
  checkPlan(builder, filer);
}

/** Two spellings one letter apart of the same surname and first name ("Marie White", "Maria White"). */
function reportSimilarPeople(builder: PlanBuilder): void {
  const people = builder.people;
  for (let i = 0; i < people.length; i++)
    for (let j = i + 1; j < people.length; j++) {
      const a = people[i]!.name;
      const b = people[j]!.name;
      if (a.toLowerCase() === b.toLowerCase() || !oneLetterApart(a.toLowerCase(), b.toLowerCase())) continue;
      builder.report(
        'warning',
        'import.person_spelled_twice',
        `"${a}" and "${b}" may be one person spelled two ways: if so, merge them on the plan's people page`,
        undefined,
        'lead',
        `${a} / ${b}`,
      );
    }
}

/** One letter changed, added or removed. */
function oneLetterApart(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1 || a.length < 6) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  let j = 0;
  while (j < a.length - i && j < b.length - i && a[a.length - 1 - j] === b[b.length - 1 - j]) j++;
  return a.length - i - j <= 1 && b.length - i - j <= 1;
}

/** The number of a recommendation's ref, whatever letters the plan puts before it ("R4", "O4", "Rec 4" → "4"). */
const refNumber = (ref: string | null) => /(\d{1,3}[a-z]?)\s*$/i.exec(ref ?? '')?.[1]?.toLowerCase() ?? null;

/**
 * Actions that name their recommendation by number are linked to it, wherever the plan lists it; a
 * recommendation with no section of its own then sits in the section its actions share.
 */
function linkRecommendationRefs(builder: PlanBuilder, filer: RowFiler): void {
  for (const pending of filer.pendingRecommendationRefs) {
    for (const ref of pending.refs) {
      const wanted = refNumber(ref);
      const found = builder.recommendations.find((r) => wanted !== null && refNumber(r.ref) === wanted);
      if (!found) {
        builder.report(
          'warning',
          'import.recommendation_ref_unknown',
          `The recommendation "${ref}" is not one the plan lists, so the action was not linked to it`,
          pending.at,
          'recommendation',
          ref,
        );
        continue;
      }
      for (const action of pending.actions)
        if (!action.recommendationIds.includes(found.id)) action.recommendationIds.push(found.id);
    }
  }
  for (const recommendation of builder.recommendations) {
    if (recommendation.sectionId) continue;
    const sections = new Set(
      builder.actions.filter((a) => a.recommendationIds.includes(recommendation.id)).map((a) => a.sectionId),
    );
    const [only] = [...sections];
    if (sections.size === 1 && only) recommendation.sectionId = only;
  }
}

function resolveLeads(builder: PlanBuilder, filer: RowFiler): void {
  // Names written alone in a lead cell somewhere in the plan are known, so "Hannah Rowe Marcus Bell" elsewhere
  // splits into the two of them.
  const alone = filer.pendingLeads
    .flatMap((p) => p.paragraphs.flatMap((t) => t.split(/\s*(?:\/|,|;|&|\band\b)\s*/)))
    .map((t) => t.trim())
    .filter((t) => looksLikePersonName(t) && !builder.people.some((p) => p.name === t));
  const directory = leadDirectory([
    ...builder.people,
    ...[...new Set(alone)].map((name) => ({ name, initials: null, jobTitle: null })),
  ]);
  for (const pending of filer.pendingLeads) {
    const { leads, unknownInitials } = readLeads(pending.paragraphs, directory);
    pending.action.leads = leads;
    for (const initials of unknownInitials) {
      builder.report(
        'warning',
        'import.unknown_initials',
        `The initials "${initials}" match nobody the plan introduces`,
        pending.at,
        'lead',
        initials,
        { type: 'action', id: pending.action.id },
      );
    }
  }
  for (const action of builder.actions) {
    for (const lead of action.leads)
      if (looksLikePersonName(lead)) builder.addPerson({ name: lead, initials: null, jobTitle: null });
  }
}

/** "IN 3." names Improvement Notice target 3, stored as ref IN3; "O 14." the Ofsted recommendation O14. */
function linkCrossReferences(builder: PlanBuilder): void {
  const byRef = new Map(builder.recommendations.filter((r) => r.ref).map((r) => [r.ref as string, r]));
  for (const action of builder.actions) {
    for (const code of action.crossRefs) {
      const match = /^([A-Z]+) (\d+)\.$/.exec(code);
      const recommendation = match ? byRef.get(`${match[1]}${match[2]}`) : undefined;
      if (recommendation && !action.recommendationIds.includes(recommendation.id))
        action.recommendationIds.push(recommendation.id);
    }
  }
}

function readMeasures(builder: PlanBuilder, filer: RowFiler, planDate: string | null): void {
  const add = (found: ExtractedMeasure, definition: string | null): MeasureDoc => {
    const key = (m: { ref: string | null; name: string }) => (m.ref ? `#${m.ref}` : m.name.toLowerCase());
    const known = builder.measures.find((m) => key(m) === key(found));
    if (known) return known;
    const measure: MeasureDoc = {
      id: builder.nextId('m'),
      ref: found.ref,
      name: found.name,
      definition,
      unit: found.unit,
      polarity: found.polarity,
      frequency: null,
      baseline: found.baseline ?? null,
      targets: found.targets.map((t) => ({ ...t })),
      comparators: (found.comparators ?? []).map((c) => ({ ...c, period: c.period ?? 'as stated' })),
      values: [],
      tolerance: null,
      trajectory: 'stepwise',
      heldPeriods: 3,
      dataSource: null,
      owner: null,
      recommendationIds: [],
    };
    builder.measures.push(measure);
    return measure;
  };

  for (const recommendation of builder.recommendations.filter((r) => r.kind === 'target')) {
    measuresInText(recommendation.text, planDate).forEach((found, i, all) => {
      const ref = all.length > 1 ? `${recommendation.ref}.${i + 1}` : recommendation.ref;
      const measure = add({ ...found, ref }, `${recommendation.ref ?? 'Target'}: ${recommendation.text}`);
      if (!measure.recommendationIds.includes(recommendation.id))
        measure.recommendationIds.push(recommendation.id);
    });
  }

  for (const pending of filer.pendingMeasures) {
    for (const chunk of joinTargetLines(pending.paragraphs)) {
      // Without a figure there is no target and no numbered measure: plain success criteria.
      if (!/\d/.test(chunk)) {
        const first = pending.actions[0];
        if (!pending.targetsOnly && first && !first.successCriteria.includes(chunk))
          first.successCriteria.push(chunk);
        continue;
      }
      const found = measuresInText(chunk, planDate).filter(
        (m) => m.targets.some((t) => t.value !== null) || (!pending.targetsOnly && m.ref !== null),
      );
      if (found.length === 0) {
        if (pending.targetsOnly) continue;
        const first = pending.actions[0];
        if (first && !first.successCriteria.includes(chunk)) first.successCriteria.push(chunk);
        continue;
      }
      for (const measure of found.map((f) => add(f, null))) {
        for (const action of pending.actions)
          if (!action.measureIds.includes(measure.id)) action.measureIds.push(measure.id);
      }
    }
  }
}

/** "66. % of care leavers in suitable accommodation" followed by "Target: 90%" is one measure. */
function joinTargetLines(paragraphs: string[]): string[] {
  const chunks: string[] = [];
  for (const paragraph of paragraphs.flatMap(splitNumberedRun)) {
    const last = chunks.length - 1;
    if (
      last >= 0 &&
      /^\d{1,3}\.\s/.test(chunks[last] as string) &&
      /^(interim\s+)?target\b/i.test(paragraph)
    ) {
      chunks[last] = `${chunks[last]} ${paragraph}`;
    } else chunks.push(paragraph);
  }
  return chunks;
}

/** "70. … Target: 80% 71. Evidence …": consecutive numbers inside one paragraph start new measures. */
function splitNumberedRun(paragraph: string): string[] {
  const first = /^(\d{1,3})\.\s/.exec(paragraph);
  if (!first) return [paragraph];
  let expected = Number(first[1]) + 1;
  const parts: string[] = [];
  let start = 0;
  for (const match of paragraph.matchAll(/\s(\d{1,3})\.\s+(?=[A-Z%])/g)) {
    if (Number(match[1]) !== expected) continue;
    parts.push(paragraph.slice(start, match.index).trim());
    start = (match.index ?? 0) + 1;
    expected += 1;
  }
  parts.push(paragraph.slice(start).trim());
  return parts;
}

/** A plan whose tables are organised by recommendation alone ("Area for improvement 3") gets those as its sections. */
function sectionsFromRecommendations(builder: PlanBuilder): void {
  if (builder.sections.length > 0) return;
  for (const recommendation of builder.recommendations) {
    if (!builder.actions.some((a) => a.recommendationIds.includes(recommendation.id))) continue;
    const section = builder.addTopSection(
      'Area for improvement',
      firstSentence(recommendation.text),
      [],
      recommendation.ref,
    );
    recommendation.sectionId = section.id;
    const ids = new Set(
      builder.actions.filter((a) => a.recommendationIds.includes(recommendation.id)).map((a) => a.id),
    );
    for (const action of builder.actions) {
      if (ids.has(action.id) || (action.parentId && ids.has(action.parentId))) action.sectionId = section.id;
    }
  }
}

const firstSentence = (text: string) => (text.split(/(?<=\.)\s/)[0] ?? text).slice(0, 200);

function checkPlan(builder: PlanBuilder, filer: RowFiler): void {
  const served = new Set(builder.actions.flatMap((a) => a.recommendationIds));
  for (const recommendation of builder.recommendations) {
    if (!served.has(recommendation.id)) {
      builder.report(
        'warning',
        'import.recommendation_without_action',
        `Recommendation ${recommendation.ref ?? ''} has no action`.replace('  ', ' '),
        filer.recommendationRow.get(recommendation),
        'recommendation',
        recommendation.text,
        { type: 'recommendation', id: recommendation.id },
      );
    }
  }
  const children = (action: ActionDoc) => builder.actions.filter((a) => a.parentId === action.id);
  for (const action of builder.actions.filter((a) => a.parentId === null)) {
    const family = [action, ...children(action)];
    const at = filer.rowOf.get(action);
    const label = action.ref ? `Action ${action.ref}` : 'An action';
    if (family.every((a) => a.leads.length === 0))
      builder.report(
        'warning',
        'import.action_without_lead',
        `${label} has no lead`,
        at,
        'lead',
        action.text,
        { type: 'action', id: action.id },
      );
    if (family.every((a) => a.due === null))
      builder.report(
        'warning',
        'import.action_without_due',
        `${label} has no timescale`,
        at,
        'due',
        action.text,
        { type: 'action', id: action.id },
      );
  }
  reportDuplicates(
    builder,
    builder.actions.filter((a) => a.ref),
    (a) => `${a.ref}`,
    'action',
    filer,
  );
  reportDuplicates(
    builder,
    builder.recommendations.filter((r) => r.ref),
    (r: RecommendationDoc) => `${r.sectionId ?? ''}/${r.ref}`,
    'recommendation',
    filer,
  );
}

function reportDuplicates<T extends { id: string; ref: string | null; text: string }>(
  builder: PlanBuilder,
  items: T[],
  key: (item: T) => string,
  what: 'action' | 'recommendation',
  filer: RowFiler,
): void {
  const seen = new Set<string>();
  for (const item of items) {
    const k = key(item);
    if (seen.has(k)) {
      const at =
        what === 'action'
          ? filer.rowOf.get(item as unknown as ActionDoc)
          : filer.recommendationRow.get(item as unknown as RecommendationDoc);
      builder.report(
        'warning',
        'import.duplicate_ref',
        `The ${what} ref "${item.ref}" is used more than once`,
        at,
        'ref',
        item.text,
        { type: what, id: item.id },
      );
    }
    seen.add(k);
  }
}
