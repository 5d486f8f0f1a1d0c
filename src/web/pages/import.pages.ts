import type { FastifyInstance } from 'fastify';
import createError from 'http-errors';
import { cancelPreview, confirmImport, createPreview } from '../../core/commands/preview.commands.ts';
import type { PlanDocument } from '../../domain/plan-format.ts';
import { importBuffer, summarise, UnreadableDocumentError } from '../../import/index.ts';
import { actorOf, checkCsrf, requirePageUser } from '../auth.ts';
import type { WebContext } from '../app.ts';

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
      const content = part ? await part.toBuffer() : Buffer.alloc(0);
      if (!part || !part.filename) errors.push({ text: 'Select a plan to import', href: '#file' });
      let doc: PlanDocument | null = null;
      if (errors.length === 0 && part) {
        try {
          doc = await importBuffer(part.filename, content);
        } catch (error) {
          if (!(error instanceof UnreadableDocumentError)) throw error;
          errors.push({
            text: `The selected file could not be read: ${error.message.replace(`${part.filename}: `, '')}`,
            href: '#file',
          });
        }
      }
      if (!doc || !part)
        return render(
          request,
          reply,
          'pages/import.njk',
          { title: 'Import a plan', section: 'import', errors },
          400,
        );
      const { previewId } = await core.run(createPreview, actorOf(request), {
        kind: 'import',
        planId: null,
        file: part.filename,
        payload: doc,
      });
      return reply.redirect(`/import/${previewId}`, 303);
    });

    app.get<{ Params: { id: string } }>('/import/:id', async (request, reply) => {
      const actor = actorOf(request);
      const { file, payload: doc } = await core.queries.previews.preview<PlanDocument>(
        actor,
        request.params.id,
        'import',
      );
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
      return render(request, reply, 'pages/import-preview.njk', {
        title: 'Check the imported plan',
        section: 'import',
        id: request.params.id,
        file,
        doc,
        savedIn: actor.organisationName,
        summary: summarise(doc),
        tree,
        sample: doc.actions.filter((a) => a.parentId === null).slice(0, 10),
        findings: doc.findings.slice(0, 50),
      });
    });

    app.post<{ Params: { id: string } }>('/import/:id/confirm', async (request, reply) => {
      checkCsrf(request);
      const saved = await core.run(confirmImport, actorOf(request), { previewId: request.params.id });
      return reply.redirect(`/plans/${saved.planId}`, 303);
    });

    app.post<{ Params: { id: string } }>('/import/:id/cancel', async (request, reply) => {
      checkCsrf(request);
      await core.run(cancelPreview, actorOf(request), { previewId: request.params.id, kind: 'import' });
      return reply.redirect('/import', 303);
    });
  };
}
