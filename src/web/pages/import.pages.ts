import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import createError from 'http-errors';
import {
  confirmImport,
  dismissImportFindings,
  previewImport,
  remapImport,
  type ImportPreview,
} from '../../core/commands/import.commands.ts';
import { cancelPreview } from '../../core/commands/preview.commands.ts';
import { ROLES } from '../../import/layout.ts';
import { summarise, UnreadableDocumentError, type ImportMapping } from '../../import/index.ts';
import { actorOf, checkCsrf, requirePageUser } from '../auth.ts';
import type { WebContext } from '../app.ts';
import type { FieldError } from '../errors.ts';
import { lines, many, one, submitForm, withBanner, type FormBody } from '../forms.ts';
import { findingGroups } from '../import-findings.ts';
import { uploadedContent } from '../uploads.ts';

/** What each column role is called on the page, in the order the choices are offered. */
export const ROLE_NAMES: Record<(typeof ROLES)[number] | 'ignore', string> = {
  ref: 'Reference',
  section: 'Section (priority, theme)',
  recommendation: 'Recommendation',
  report_ref: 'Report paragraph',
  source: 'Source (Ofsted, CQC …)',
  action: 'Action',
  milestone: 'Milestone',
  due: 'Due date',
  timescale: 'Timescale as written (dates from another column)',
  lead: 'Lead',
  partners: 'Partner agencies',
  status: 'RAG rating or status',
  progress: 'Progress',
  success: 'Success criteria',
  kpi: 'Measures and targets',
  monitoring: 'Monitoring',
  evidence: 'Evidence',
  ignore: 'Not used',
};

/** The row numbers of table `index` in a mapping's "table:row" list, as the form shows them. */
const rowsOf = (entries: string[] | undefined, index: number) =>
  (entries ?? [])
    .filter((e) => e.startsWith(`${index}:`))
    .map((e) => e.slice(String(index).length + 1))
    .join(', ');

/** The mapping the form asks for: each column heading's role, and the rules for rows and section headings. */
function mappingFromForm(body: FormBody): ImportMapping {
  const columns: NonNullable<ImportMapping['columns']> = {};
  const headings = many(body.heading);
  const roles = [body.role ?? []].flat();
  headings.forEach((heading, i) => {
    const role = roles[i];
    if (heading.trim() && role && role !== 'auto') columns[heading.trim()] = role as keyof typeof ROLE_NAMES;
  });
  const mapping: ImportMapping = { columns };
  const recommendationRows = lines(body.recommendationRows);
  const sectionHeadings = lines(body.sectionHeadings);
  if (recommendationRows.length) mapping.recommendationRows = recommendationRows;
  if (sectionHeadings.length) mapping.sectionHeadings = sectionHeadings;
  // "Join rows 14, 15 to the row above" in table 2 → "2:14", "2:15".
  for (const [field, key] of [
    ['join', 'joinRows'],
    ['keep', 'keepRows'],
  ] as const) {
    const entries = Object.entries(body)
      .map(([name, value]) => [new RegExp(`^${field}-(\\d+)$`).exec(name)?.[1], one(value)] as const)
      .flatMap(([table, value]) =>
        table && value
          ? value
              .split(/[\s,;]+/)
              .filter(Boolean)
              .map((row) => `${table}:${row}`)
          : [],
      );
    if (entries.length) mapping[key] = entries;
  }
  const kind = one(body.sectionKind)?.trim();
  if (kind) mapping.sectionKind = kind;
  return mapping;
}

export function importPages({ core, render }: WebContext) {
  /** Only those who may import see the form; anyone else is told so before uploading anything. */
  const mayImport = (request: Parameters<typeof actorOf>[0]) => {
    const actor = actorOf(request);
    return core.queries.access.organisation(actor, actor.organisationId, 'plan.import');
  };

  return async (app: FastifyInstance) => {
    app.addHook(
      'preHandler',
      requirePageUser((url) => url.startsWith('/import')),
    );

    app.get('/import', async (request, reply) => {
      await mayImport(request);
      return render(request, reply, 'pages/import.njk', { title: 'Import a plan', section: 'import' });
    });

    app.post('/import', async (request, reply) => {
      await mayImport(request);
      const errors: { text: string; href: string }[] = [];
      const part = request.isMultipart() ? await request.file() : undefined;
      const csrf = part?.fields._csrf as { value?: string } | undefined;
      if (!request.user?.csrfToken || csrf?.value !== request.user.csrfToken)
        throw createError(403, 'This form has expired. Go back, reload the page and try again.');
      const content = part ? await uploadedContent(part) : Buffer.alloc(0);
      if (!part || !part.filename) errors.push({ text: 'Select a plan to import', href: '#file' });
      if (errors.length === 0 && part) {
        try {
          const { previewId } = await core.run(previewImport, actorOf(request), {
            file: part.filename,
            content,
          });
          return reply.redirect(`/import/${previewId}`, 303);
        } catch (error) {
          if (!(error instanceof UnreadableDocumentError)) throw error;
          errors.push({
            text: `The selected file could not be read: ${error.message.replace(`${part.filename}: `, '')}`,
            href: '#file',
          });
        }
      }
      return render(
        request,
        reply,
        'pages/import.njk',
        { title: 'Import a plan', section: 'import', errors },
        400,
      );
    });

    async function showPreview(
      request: FastifyRequest<{ Params: { id: string } }>,
      reply: FastifyReply,
      errors?: FieldError[],
    ) {
      const query = request.query as { severity?: string | string[] };
      const severities = many(query.severity).filter((s) => ['error', 'warning', 'info'].includes(s));
      const actor = actorOf(request);
      const { file, payload } = await core.queries.previews.preview<ImportPreview>(
        actor,
        request.params.id,
        'import',
      );
      const { doc } = payload;
      const tree = doc.sections
        .filter((s) => s.parentId === null)
        .map((section) => ({
          section,
          children: doc.sections.filter((c) => c.parentId === section.id),
          actions: doc.actions.filter(
            (a) =>
              a.parentId === null &&
              (a.sectionId === section.id ||
                doc.sections.some((c) => c.parentId === section.id && c.id === a.sectionId)),
          ).length,
        }));
      const chosen = payload.mapping.columns ?? {};
      const tables = (payload.tables ?? []).map((table) => ({
        ...table,
        // Each heading's role as read, and whether it was chosen rather than found.
        joinRows: rowsOf(payload.mapping.joinRows, table.index),
        keepRows: rowsOf(payload.mapping.keepRows, table.index),
        choices: table.firstRow.map((heading, i) => ({
          heading,
          role: table.columns[i]?.role ?? null,
          chosen: chosen[heading.trim()] ?? null,
        })),
      }));
      return render(
        request,
        reply,
        'pages/import-preview.njk',
        {
          title: 'Check the imported plan',
          section: 'import',
          id: request.params.id,
          file,
          doc,
          savedIn: actor.organisationName,
          targets: await core.queries.access.importTargets(actor),
          ownOrganisationId: actor.organisationId,
          summary: summarise(doc),
          tree,
          tables,
          roleNames: ROLE_NAMES,
          roleOptions: Object.keys(ROLE_NAMES),
          mapping: payload.mapping,
          savedMapping: payload.savedMapping,
          sample: doc.actions.filter((a) => a.parentId === null).slice(0, 10),
          findingGroups: findingGroups(doc.findings).filter(
            (g) => severities.length === 0 || severities.includes(g.severity),
          ),
          allFindingGroups: findingGroups(doc.findings),
          severities,
          dismissed: payload.dismissed ?? [],
          errors,
        },
        errors ? 400 : 200,
      );
    }

    app.get<{ Params: { id: string }; Querystring: { severity?: string | string[] } }>(
      '/import/:id',
      (request, reply) => showPreview(request, reply),
    );

    app.post<{ Params: { id: string }; Body: FormBody }>('/import/:id/dismiss', async (request, reply) => {
      checkCsrf(request);
      return submitForm(reply, {
        run: () =>
          core.run(dismissImportFindings, actorOf(request), {
            previewId: request.params.id,
            codes: many(request.body.codes),
          }),
        done: (result) =>
          withBanner(
            `/import/${request.params.id}#findings`,
            `${result.dismissed} kind${result.dismissed === 1 ? '' : 's'} of finding dismissed`,
          ),
        fields: { codes: 'codes' },
        again: (errors) => showPreview(request, reply, errors),
      });
    });

    app.post<{ Params: { id: string }; Body: FormBody }>('/import/:id/read-again', async (request, reply) => {
      checkCsrf(request);
      return submitForm(reply, {
        run: () =>
          core.run(remapImport, actorOf(request), {
            previewId: request.params.id,
            mapping: mappingFromForm(request.body),
          }),
        done: () =>
          withBanner(`/import/${request.params.id}`, 'The plan has been read again with your choices'),
        fields: { mapping: 'reading' },
        again: (errors) =>
          showPreview(
            request,
            reply,
            errors.map((e) => ({
              ...e,
              text: e.text.startsWith('Invalid') ? 'Choose what each column holds from the list' : e.text,
            })),
          ),
      });
    });

    app.post<{ Params: { id: string } }>('/import/:id/confirm', async (request, reply) => {
      checkCsrf(request);
      const body = request.body as FormBody | undefined;
      const state = one(body?.state) === 'approved' ? 'approved' : 'draft';
      const saved = await core.run(confirmImport, actorOf(request), {
        previewId: request.params.id,
        state,
        organisationId: one(body?.organisation) || undefined,
      });
      return reply.redirect(`/plans/${saved.planId}`, 303);
    });

    app.post<{ Params: { id: string } }>('/import/:id/cancel', async (request, reply) => {
      checkCsrf(request);
      await core.run(cancelPreview, actorOf(request), { previewId: request.params.id, kind: 'import' });
      return reply.redirect('/import', 303);
    });
  };
}
