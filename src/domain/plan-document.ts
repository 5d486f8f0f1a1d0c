/**
 * Reading a Plan JSON document: validates its shape, checks that every reference points at something
 * in the document, and fills what can be derived (parsed timescales, state and colour from the key).
 */
import { finding, type Finding } from './finding.ts';
import { PlanDocumentSchema, type PlanDocument, type DueDoc, type StatusDoc } from './plan-format.ts';
import { DEFAULT_STATUS_KEY, ragOf, readStatus, type StatusKeyEntry } from './status.ts';
import { parseTimescale } from './timescale.ts';

export type ReadResult = { ok: true; document: PlanDocument } | { ok: false; errors: Finding[] };

export function readPlanDocument(input: unknown, file = 'input'): ReadResult {
  const parsed = PlanDocumentSchema.safeParse(input);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((issue) =>
      finding('error', 'plan_json.invalid', `${file}: ${pathOf(issue.path)}: ${issue.message}`, {
        file,
        field: pathOf(issue.path),
      }),
    );
    return { ok: false, errors };
  }
  const errors = checkReferences(parsed.data, file);
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, document: completeDocument(parsed.data) };
}

function pathOf(path: PropertyKey[]): string {
  return (
    path
      .map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`))
      .join('')
      .replace(/^\./, '') || '(document)'
  );
}

/** Every id unique within its list, every reference resolved, no parent cycles. */
export function checkReferences(doc: PlanDocument, file = 'input'): Finding[] {
  const errors: Finding[] = [];
  const fail = (field: string, message: string) =>
    errors.push(finding('error', 'plan_json.reference', `${file}: ${field}: ${message}`, { file, field }));

  const idsOf = (name: string, items: { id: string }[]) => {
    const seen = new Set<string>();
    items.forEach((item, i) => {
      if (seen.has(item.id)) fail(`${name}[${i}].id`, `duplicate id "${item.id}"`);
      seen.add(item.id);
    });
    return seen;
  };
  const sources = idsOf('sources', doc.sources);
  const sections = idsOf('sections', doc.sections);
  const recommendations = idsOf('recommendations', doc.recommendations);
  const actions = idsOf('actions', doc.actions);
  const measures = idsOf('measures', doc.measures);
  idsOf('people', doc.people);

  const expect = (field: string, ref: string | null, known: Set<string>, what: string) => {
    if (ref !== null && !known.has(ref)) fail(field, `no ${what} has id "${ref}"`);
  };
  doc.sections.forEach((s, i) => expect(`sections[${i}].parentId`, s.parentId, sections, 'section'));
  doc.recommendations.forEach((r, i) => {
    expect(`recommendations[${i}].sectionId`, r.sectionId, sections, 'section');
    expect(`recommendations[${i}].sourceId`, r.sourceId, sources, 'source');
    r.alsoFrom.forEach((s, j) => expect(`recommendations[${i}].alsoFrom[${j}]`, s, sources, 'source'));
  });
  doc.actions.forEach((a, i) => {
    expect(`actions[${i}].sectionId`, a.sectionId, sections, 'section');
    expect(`actions[${i}].parentId`, a.parentId, actions, 'action');
    a.recommendationIds.forEach((r, j) =>
      expect(`actions[${i}].recommendationIds[${j}]`, r, recommendations, 'recommendation'),
    );
    a.measureIds.forEach((m, j) => expect(`actions[${i}].measureIds[${j}]`, m, measures, 'measure'));
  });
  doc.measures.forEach((m, i) =>
    m.recommendationIds.forEach((r, j) =>
      expect(`measures[${i}].recommendationIds[${j}]`, r, recommendations, 'recommendation'),
    ),
  );
  const subjects = { action: actions, recommendation: recommendations, measure: measures, section: sections };
  doc.findings.forEach((f, i) => {
    if (f.subject)
      expect(`findings[${i}].subject.id`, f.subject.id, subjects[f.subject.type], f.subject.type);
  });
  if (hasCycle(doc.sections)) fail('sections', 'a section is its own ancestor');
  if (hasCycle(doc.actions)) fail('actions', 'an action is its own ancestor');
  return errors;
}

function hasCycle(items: { id: string; parentId: string | null }[]): boolean {
  const parent = new Map(items.map((item) => [item.id, item.parentId]));
  return items.some((item) => {
    const seen = new Set<string>();
    for (let at: string | null | undefined = item.id; at; at = parent.get(at)) {
      if (seen.has(at)) return true;
      seen.add(at);
    }
    return false;
  });
}

/** Fills derived fields the author left out; never changes what the author wrote. */
export function completeDocument(doc: PlanDocument): PlanDocument {
  const key = doc.plan.statusKey.length > 0 ? doc.plan.statusKey : DEFAULT_STATUS_KEY;
  const planDate = doc.plan.date;
  return {
    ...doc,
    actions: doc.actions.map((action) => ({
      ...action,
      due: action.due ? completeDue(action.due, planDate) : null,
      status: action.status ? completeStatus(action.status, key) : null,
      updates: action.updates.map((u) => ({ ...u, status: u.status ? completeStatus(u.status, key) : null })),
    })),
  };
}

function completeDue(due: DueDoc, planDate: string | null): DueDoc {
  if (due.kind !== undefined && due.start !== undefined && due.end !== undefined) return due;
  const parsed = parseTimescale(due.raw, { planDate });
  return {
    ...due,
    kind: due.kind ?? parsed.kind,
    start: due.start !== undefined ? due.start : parsed.start,
    end: due.end !== undefined ? due.end : parsed.end,
    recurrence: due.recurrence !== undefined ? due.recurrence : parsed.recurrence,
  };
}

function completeStatus(status: StatusDoc, key: StatusKeyEntry[]): StatusDoc {
  if (status.state !== null || status.rag !== null) return status;
  const read = readStatus(status.raw, key);
  return { ...status, state: read?.state ?? null, rag: ragOf(read) };
}
