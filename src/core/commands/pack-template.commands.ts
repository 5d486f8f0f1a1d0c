/**
 * An organisation's board pack template: what it calls its pack, which parts it includes in which order, and its
 * logo. Its administrators set it; every pack of its plans (page, Word, PDF, HTML) follows it.
 */
import { z } from 'zod';
import { ValidationError } from '../../db/errors.ts';
import { fromJson, toJson } from '../../db/repositories/rows.ts';
import { imageOfDataUri } from '../../export/image.ts';
import { DEFAULT_TEMPLATE, PACK_PARTS, type PackTemplate } from '../../domain/board-pack.ts';
import { defineCommand } from '../runner.ts';
import { shortText } from './inputs.ts';
import { authorisedOrganisation } from './subjects.ts';

/** A PNG or JPEG as a data URI, small enough to sit in every pack. */
const LOGO = /^data:image\/(png|jpeg);base64,[A-Za-z0-9+/]+=*$/;
export const LOGO_LIMIT = 300 * 1024;

export const PackTemplateSchema = z
  .object({
    organisationId: z.string().min(1).max(100),
    name: shortText.nullable().default(null).describe('What the organisation calls its pack'),
    parts: z
      .array(z.enum(PACK_PARTS, { error: 'Choose parts of the pack' }))
      .min(1, 'Keep at least one part of the pack')
      .max(PACK_PARTS.length)
      .refine((parts) => new Set(parts).size === parts.length, 'Name each part once')
      .describe('The parts included, in their order'),
    logo: z
      .string()
      .max(Math.ceil((LOGO_LIMIT * 4) / 3) + 30, 'The logo must be 300 KB or smaller')
      .regex(LOGO, 'The logo must be a PNG or JPEG image')
      .nullable()
      .optional()
      .describe('A data URI; null removes it, left out keeps it'),
  })
  .strict();

/** A stored template, or the standard pack when there is none. */
export function packTemplateOf(json: string | null): PackTemplate {
  const stored = fromJson<Partial<PackTemplate> | null>(json, null);
  if (!stored) return DEFAULT_TEMPLATE;
  const parts = (stored.parts ?? []).filter((p): p is PackTemplate['parts'][number] =>
    (PACK_PARTS as readonly string[]).includes(p),
  );
  return {
    name: stored.name ?? null,
    parts: parts.length ? parts : [...PACK_PARTS],
    logo: stored.logo ?? null,
  };
}

export const setPackTemplate = defineCommand({
  name: 'organisation.pack-template',
  input: PackTemplateSchema,
  async handle(ctx, input) {
    await authorisedOrganisation(ctx, 'organisation.users', input.organisationId);
    const row = await ctx.trx
      .selectFrom('organisations')
      .select('pack_template')
      .where('id', '=', input.organisationId)
      .executeTakeFirstOrThrow();
    const before = packTemplateOf(row.pack_template);
    if (input.logo && !imageOfDataUri(input.logo))
      throw new ValidationError('logo: The logo could not be read as a PNG or JPEG image', [
        { field: 'logo', message: 'The logo could not be read as a PNG or JPEG image' },
      ]);
    const template: PackTemplate = {
      name: input.name,
      parts: input.parts,
      logo: input.logo === undefined ? before.logo : input.logo,
    };
    await ctx.trx
      .updateTable('organisations')
      .set({ pack_template: toJson(template) })
      .where('id', '=', input.organisationId)
      .execute();
    // Every plan of the organisation shows its packs this way from now on: their cached pages are made again.
    const plans = await ctx.trx
      .selectFrom('plans')
      .select('id')
      .where('organisation_id', '=', input.organisationId)
      .execute();
    for (const plan of plans) await ctx.touchPlan(plan.id);
    ctx.record({
      organisationId: input.organisationId,
      operation: 'update',
      entityType: 'organisation',
      entityId: input.organisationId,
      before: { name: before.name, parts: before.parts, logo: before.logo !== null },
      after: { name: template.name, parts: template.parts, logo: template.logo !== null },
    });
    return { organisationId: input.organisationId, template };
  },
});
