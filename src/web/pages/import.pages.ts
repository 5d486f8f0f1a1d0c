import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import createError from 'http-errors';
import type { PlanDocument } from '../../domain/plan-format.ts';
import { importBuffer, summarise, UnreadableDocumentError } from '../../import/index.ts';
import { checkCsrf, requirePageUser } from '../auth.ts';
import type { WebContext } from '../app.ts';

interface PendingImport {
  userId: string;
  file: string;
  doc: PlanDocument;
  expires: number;
}

const PREVIEW_MINUTES = 30;

export function importPages({ services, render }: WebContext) {
  // Previews wait here, per user, until confirmed or cancelled; nothing is stored before confirm.
  const pending = new Map<string, PendingImport>();
  const sweep = () => {
    const now = Date.now();
    for (const [id, p] of pending) if (p.expires < now) pending.delete(id);
  };

  return async (app: FastifyInstance) => {
    app.addHook(
      'preHandler',
      requirePageUser((url) => url.startsWith('/import')),
    );

    app.get('/import', async (request, reply) =>
      render(request, reply, 'pages/import.njk', { title: 'Import a plan', section: 'import' }),
    );

    app.post('/import', async (request, reply) => {
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
      sweep();
      const id = randomBytes(12).toString('base64url');
      pending.set(id, {
        userId: request.user.userId,
        file: part.filename,
        doc,
        expires: Date.now() + PREVIEW_MINUTES * 60_000,
      });
      return reply.redirect(`/import/${id}`, 303);
    });

    const find = (id: string, userId: string) => {
      const found = pending.get(id);
      if (!found || found.userId !== userId || found.expires < Date.now())
        throw createError(404, 'This import preview has expired or does not exist. Upload the file again.');
      return found;
    };

    app.get<{ Params: { id: string } }>('/import/:id', async (request, reply) => {
      const found = find(request.params.id, request.user!.userId);
      const { doc } = found;
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
        file: found.file,
        doc,
        summary: summarise(doc),
        tree,
        sample: doc.actions.filter((a) => a.parentId === null).slice(0, 10),
        findings: doc.findings.slice(0, 50),
      });
    });

    app.post<{ Params: { id: string } }>('/import/:id/confirm', async (request, reply) => {
      checkCsrf(request);
      const found = find(request.params.id, request.user!.userId);
      const organisation = await services.organisations.get(request.user!.organisationId);
      if (!organisation) throw createError(404, 'Your organisation no longer exists.');
      const saved = await services.plans.importDocument(found.doc, {
        actor: request.user!.name,
        file: found.file,
        organisation: organisation.name,
      });
      pending.delete(request.params.id);
      return reply.redirect(`/plans/${saved.planId}`, 303);
    });

    app.post<{ Params: { id: string } }>('/import/:id/cancel', async (request, reply) => {
      checkCsrf(request);
      pending.delete(request.params.id);
      return reply.redirect('/import', 303);
    });
  };
}
