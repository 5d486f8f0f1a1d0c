/**
 * Importing through the browser: the upload is read into a preview (with the mapping saved for its layout, if
 * the organisation has one), read again as often as the programme manager changes how its columns and rows are
 * read, and stored only when they save it. The preview keeps the upload itself, so every reading starts from
 * the document, and lives in the database like every preview.
 */
import { z } from 'zod';
import { NotFoundError } from '../../db/errors.ts';
import { findImportMapping, saveImportMapping } from '../../db/repositories/import-mapping.repository.ts';
import { getPlanById } from '../../db/repositories/plan.repository.ts';
import { fromJson, toJson } from '../../db/repositories/rows.ts';
import type { PlanDocument } from '../../domain/plan-format.ts';
import type { PackedUpload } from '../../import/packed-upload.ts';
import { MappingSchema, parseMapping, type ImportMapping, type TableReading } from '../../import/index.ts';
import { defineCommand, type CommandContext } from '../runner.ts';
import { importPlan, type SavedPlan } from './plan.commands.ts';
import { setPlanState } from './plan-settings.commands.ts';
import { createPreview, ownPreview } from './preview.commands.ts';
import { authorisedOrganisation } from './subjects.ts';

export interface ImportPreview extends PackedUpload {
  doc: PlanDocument;
  tables: TableReading[];
  signature: string;
  /** The choices the reading used (none: the importer's own reading). */
  mapping: ImportMapping;
  /** When the choices came from a mapping saved for this layout: the file it was made for, and when. */
  savedMapping: { file: string; savedAt: string } | null;
  /** Kinds of finding (codes) the programme manager has dismissed: left out of every reading and of the plan. */
  dismissed?: string[];
}

const withoutDismissed = (doc: PlanDocument, dismissed: string[] = []): PlanDocument =>
  dismissed.length ? { ...doc, findings: doc.findings.filter((f) => !dismissed.includes(f.code)) } : doc;

/** 25 MiB, as the upload limit: a preview never holds more than was accepted. */
const MAX_UPLOAD = 25 * 1024 * 1024;

const hasChoices = (mapping: ImportMapping) =>
  Object.keys(mapping.columns ?? {}).length > 0 ||
  (mapping.sectionHeadings ?? []).length > 0 ||
  (mapping.recommendationRows ?? []).length > 0 ||
  (mapping.joinRows ?? []).length > 0 ||
  (mapping.keepRows ?? []).length > 0;

/** The organisation the plan is to be saved in (the actor's own unless another is chosen), once they may. */
async function organisationOf(ctx: CommandContext, chosen?: string): Promise<string> {
  if (ctx.actor.kind !== 'user') throw new Error('An import preview belongs to a signed-in user');
  const organisationId = chosen ?? ctx.actor.organisationId;
  await authorisedOrganisation(ctx, 'plan.import', organisationId);
  return organisationId;
}

export const previewImport = defineCommand({
  name: 'import.preview',
  input: z.object({
    file: z.string().min(1).max(500),
    content: z.instanceof(Buffer).refine((b) => b.length <= MAX_UPLOAD, 'The file is larger than 25 MB'),
    useSavedMapping: z.boolean().default(true),
  }),
  // Read in the worker pool before the transaction: with the saved mapping for its layout when there is one.
  async prepare(ctx, input) {
    // The upload is packed for the preview as it is read: each new reading starts from it.
    const first = await ctx.readAndPackUpload(input.file, input.content);
    let reading = first.reading;
    let mapping: ImportMapping = {};
    let savedMapping: ImportPreview['savedMapping'] = null;
    const saved =
      input.useSavedMapping && ctx.actor.kind === 'user'
        ? await findImportMapping(ctx.db, ctx.actor.organisationId, reading.signature)
        : undefined;
    const parsed = saved ? parseMapping(fromJson<unknown>(saved.mapping, {})) : null;
    if (saved && parsed && 'mapping' in parsed) {
      mapping = parsed.mapping;
      savedMapping = { file: saved.file, savedAt: saved.saved_at };
      reading = await ctx.readUpload(input.file, first.packed, { mapping });
    }
    return { reading, mapping, savedMapping, packed: first.packed };
  },
  async handle(ctx, input, { reading, mapping, savedMapping, packed }) {
    await organisationOf(ctx);
    const payload: ImportPreview = {
      doc: reading.plan,
      tables: reading.tables,
      signature: reading.signature,
      mapping,
      savedMapping,
      ...packed,
    };
    return ctx.run(createPreview, { kind: 'import', planId: null, file: input.file, payload });
  },
});

/** The actor's own import preview, with what it holds, or NotFound. */
async function ownImportPreview(ctx: CommandContext, previewId: string) {
  const row = await ownPreview(ctx, previewId, 'import');
  const payload = fromJson<ImportPreview | null>(row.payload, null);
  if (!payload?.content) throw new NotFoundError('preview', previewId);
  return { row, payload };
}

export const remapImport = defineCommand({
  name: 'import.remap',
  input: z.object({ previewId: z.string().min(1).max(100), mapping: MappingSchema }),
  // The stored upload is read again in the worker pool before the transaction; only its owner's preview is read.
  async prepare(ctx, input) {
    if (ctx.actor.kind !== 'user') return null;
    const row = await ctx.db
      .selectFrom('previews')
      .select(['file', 'payload'])
      .where('id', '=', input.previewId)
      .where('user_id', '=', ctx.actor.userId)
      .where('kind', '=', 'import')
      .executeTakeFirst();
    const payload = row ? fromJson<ImportPreview | null>(row.payload, null) : null;
    if (!row || !payload?.content) return null;
    return ctx.readUpload(row.file, payload, { mapping: input.mapping });
  },
  async handle(ctx, input, reading) {
    // Someone else's preview does not exist for them, whatever they may do.
    const { row, payload } = await ownImportPreview(ctx, input.previewId);
    await organisationOf(ctx);
    if (!reading) throw new NotFoundError('preview', input.previewId);
    const next: ImportPreview = {
      ...payload,
      doc: withoutDismissed(reading.plan, payload.dismissed),
      tables: reading.tables,
      mapping: input.mapping,
      savedMapping: null,
    };
    await ctx.trx
      .updateTable('previews')
      .set({ payload: toJson(next) })
      .where('id', '=', row.id)
      .execute();
    return { previewId: row.id, summary: { actions: reading.plan.actions.length } };
  },
});

export const dismissImportFindings = defineCommand({
  name: 'import.dismiss-findings',
  input: z.object({
    previewId: z.string().min(1).max(100),
    codes: z.array(z.string().min(1).max(100)).min(1, 'Choose the findings to dismiss').max(100),
  }),
  async handle(ctx, input) {
    const { row, payload } = await ownImportPreview(ctx, input.previewId);
    await organisationOf(ctx);
    const dismissed = [...new Set([...(payload.dismissed ?? []), ...input.codes])];
    const next: ImportPreview = { ...payload, dismissed, doc: withoutDismissed(payload.doc, dismissed) };
    await ctx.trx
      .updateTable('previews')
      .set({ payload: toJson(next) })
      .where('id', '=', row.id)
      .execute();
    return { previewId: row.id, dismissed: input.codes.length };
  },
});

export const confirmImport = defineCommand({
  name: 'import.confirm',
  input: z.object({
    previewId: z.string().min(1).max(100),
    state: z.enum(['draft', 'approved'], { error: 'Choose draft or approved' }).default('draft'),
    /** Where to save it: the actor's own organisation unless they choose a partner organisation they may import into. */
    organisationId: z.string().min(1).max(100).optional(),
  }),
  async handle(ctx, input): Promise<SavedPlan> {
    const { row, payload } = await ownImportPreview(ctx, input.previewId);
    const organisationId = await organisationOf(ctx, input.organisationId);
    const saved = await ctx.run(importPlan, { document: payload.doc, file: row.file, organisationId });
    // A plan the board has already agreed is saved approved, by whom and when recorded like any approval.
    if (input.state === 'approved') {
      const plan = await getPlanById(ctx.trx, saved.planId);
      await ctx.run(setPlanState, { planId: saved.planId, state: 'approved', version: plan?.version });
    }
    // The choices made for this layout are offered when the actor's organisation imports it again.
    if (hasChoices(payload.mapping) && ctx.actor.kind === 'user') {
      const own = ctx.actor.organisationId;
      await saveImportMapping(ctx.trx, {
        organisationId: own,
        signature: payload.signature,
        mapping: toJson(payload.mapping),
        file: row.file,
        savedBy: ctx.actor.userId,
      });
      ctx.record({
        organisationId: own,
        operation: 'update',
        entityType: 'import_mapping',
        entityId: payload.signature.slice(0, 100),
        after: payload.mapping,
      });
    }
    await ctx.trx.deleteFrom('previews').where('id', '=', row.id).execute();
    return saved;
  },
});
