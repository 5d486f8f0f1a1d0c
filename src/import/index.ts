/** The importer's entry point: read a file, build the plan, and say what was found. */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { PlanDocument } from '../domain/plan-format.ts';
import { buildPlan, type ImportMapping, type ImportOptions } from './build-plan.ts';
import { ROLES } from './layout.ts';
import { UnreadableDocumentError } from './model.ts';
import { readDocument, readDocumentFile } from './readers/index.ts';

export { UnreadableDocumentError } from './model.ts';
export type { ImportMapping, ImportOptions } from './build-plan.ts';

export async function importFile(path: string, options: ImportOptions = {}): Promise<PlanDocument> {
  return buildPlan(await readDocumentFile(path), options);
}

export async function importBuffer(
  file: string,
  content: Buffer,
  options: ImportOptions = {},
): Promise<PlanDocument> {
  return buildPlan(await readDocument(file, content), options);
}

const MappingSchema = z
  .object({
    columns: z.record(z.string(), z.enum(ROLES)).optional(),
    sectionHeadings: z.array(z.string()).optional(),
    sectionKind: z.string().optional(),
  })
  .strict();

/** Reads a --mapping file, naming the field of any mistake. */
export async function readMappingFile(path: string): Promise<ImportMapping> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new UnreadableDocumentError(path, `not a readable JSON mapping (${(error as Error).message})`);
  }
  const parsed = MappingSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UnreadableDocumentError(path, `${issue?.path.join('.') || '(mapping)'}: ${issue?.message}`);
  }
  return parsed.data;
}

export interface ImportSummary {
  sections: number;
  recommendations: number;
  actions: number;
  milestones: number;
  measures: number;
  people: number;
  findings: { error: number; warning: number; info: number };
}

export function summarise(doc: PlanDocument): ImportSummary {
  const count = (severity: 'error' | 'warning' | 'info') =>
    doc.findings.filter((f) => f.severity === severity).length;
  return {
    sections: doc.sections.length,
    recommendations: doc.recommendations.length,
    actions: doc.actions.filter((a) => a.parentId === null).length,
    milestones: doc.actions.filter((a) => a.parentId !== null).length,
    measures: doc.measures.length,
    people: doc.people.length,
    findings: { error: count('error'), warning: count('warning'), info: count('info') },
  };
}
