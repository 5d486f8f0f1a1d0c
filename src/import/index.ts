/** The importer's entry point: read a file, build the plan, and say what was found. */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { PlanDocument } from '../domain/plan-format.ts';
import { buildPlan, readPlan, type ImportMapping, type ImportOptions } from './build-plan.ts';
import { normaliseHeading, ROLES } from './layout.ts';
import { cellText, UnreadableDocumentError, type SourceDocument } from './model.ts';
import type { TableReading } from './reading.ts';
import { readDocument, readDocumentFile } from './readers/index.ts';

export { UnreadableDocumentError } from './model.ts';
export type { ImportMapping, ImportOptions } from './build-plan.ts';
export type { TableReading } from './reading.ts';
export { ROW_KINDS } from './reading.ts';

export interface UploadReading {
  plan: PlanDocument;
  tables: TableReading[];
  /** What identifies the document's layout: its tables' first rows. A saved mapping is offered for the same. */
  signature: string;
}

/** An upload read for the preview: the plan, how each table was read, and the layout's signature. */
export async function readUpload(
  file: string,
  content: Buffer,
  options: ImportOptions = {},
): Promise<UploadReading> {
  const source = await readDocument(file, content);
  const { plan, tables } = readPlan(source, options);
  return { plan, tables, signature: layoutSignature(source) };
}

/** The distinct first rows of a document's tables, normalised: the same for two editions of one plan. */
export function layoutSignature(source: SourceDocument): string {
  const rows = new Set<string>();
  for (const block of source.blocks) {
    if (block.type !== 'table') continue;
    const first = block.rows.find((r) => r.cells.filter((c) => c.paragraphs.length > 0).length > 1);
    if (!first) continue;
    const cells = first.cells.map((c) => normaliseHeading(cellText(c))).filter((t) => t && t.length <= 80);
    if (cells.length > 1) rows.add(cells.join('|'));
  }
  return [...rows].sort().join('\n').slice(0, 4_000);
}

/**
 * The mapping that reads a document as it was just read: every column heading of its tables with the role it
 * was given (or `ignore`), with what the given mapping said of headings and rows.
 */
export function mappingInEffect(tables: TableReading[], given: ImportMapping = {}): ImportMapping {
  const columns: NonNullable<ImportMapping['columns']> = {};
  for (const table of tables)
    for (const column of table.columns)
      if (column.heading.trim() && !table.guessed) columns[column.heading.trim()] ??= column.role ?? 'ignore';
  return { ...given, columns: { ...columns, ...given.columns } };
}

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

export const MappingSchema = z
  .object({
    columns: z.record(z.string().max(200), z.enum([...ROLES, 'ignore'])).optional(),
    sectionHeadings: z.array(z.string().max(500)).max(200).optional(),
    sectionKind: z.string().max(100).optional(),
    recommendationRows: z.array(z.string().max(500)).max(50).optional(),
    joinRows: z
      .array(z.string().regex(/^\d+:\d+$/, 'Name each row as table:row, for example 2:14'))
      .max(1000)
      .optional(),
    keepRows: z
      .array(z.string().regex(/^\d+:\d+$/, 'Name each row as table:row, for example 2:14'))
      .max(1000)
      .optional(),
  })
  .strict();

/** A mapping from JSON (a file, a saved mapping), or the first mistake in it as `field: message`. */
export function parseMapping(json: unknown): { mapping: ImportMapping } | { error: string } {
  const parsed = MappingSchema.safeParse(json);
  if (parsed.success) return { mapping: parsed.data };
  const issue = parsed.error.issues[0];
  return { error: `${issue?.path.join('.') || '(mapping)'}: ${issue?.message}` };
}

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
