/**
 * The organisation's board pack template, for its administrators: what it calls the pack, which parts it has in
 * which order, and its logo (a PNG or JPEG uploaded here).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import createError from 'http-errors';
import { LOGO_LIMIT, setPackTemplate } from '../../core/commands/pack-template.commands.ts';
import { PACK_PART_NAMES, PACK_PARTS, type PackPart } from '../../domain/board-pack.ts';
import { actorOf, checkCsrf, requirePageUser } from '../auth.ts';
import type { WebContext } from '../app.ts';
import type { FieldError } from '../errors.ts';
import { errorsByField, one, submitForm, textOrNull, withBanner, type FormBody } from '../forms.ts';

export function packTemplatePages({ core, render }: WebContext) {
  async function organisationOf(request: FastifyRequest) {
    const actor = actorOf(request);
    if (actor.kind !== 'user') throw createError(404, 'No organisation');
    return actor.organisationId;
  }

  async function show(
    request: FastifyRequest,
    reply: FastifyReply,
    errors?: FieldError[],
    values?: FormBody,
  ) {
    const organisationId = await organisationOf(request);
    const template = await core.queries.accounts.packTemplate(actorOf(request), organisationId);
    const position = (part: PackPart) => template.parts.indexOf(part);
    return render(
      request,
      reply,
      'pages/pack-template.njk',
      {
        title: 'Board pack',
        section: 'organisation',
        template,
        parts: [...PACK_PARTS]
          .sort((a, b) => (position(a) === -1 ? 99 : position(a)) - (position(b) === -1 ? 99 : position(b)))
          .map((part, i) => ({
            part,
            name: PACK_PART_NAMES[part],
            included: position(part) !== -1,
            position: i + 1,
          })),
        values: values ?? {},
        errors,
        fieldError: errorsByField(errors),
      },
      errors ? 400 : 200,
    );
  }

  return async (app: FastifyInstance) => {
    app.addHook(
      'preHandler',
      requirePageUser((url) => url.startsWith('/organisation/board-pack')),
    );

    app.get('/organisation/board-pack', (request, reply) => show(request, reply));

    app.post<{ Body: FormBody }>('/organisation/board-pack', async (request, reply) => {
      checkCsrf(request);
      const organisationId = await organisationOf(request);
      const body = request.body;
      const parts = PACK_PARTS.filter((p) => one(body[`include-${p}`]) === 'yes').sort(
        (a, b) => Number(one(body[`position-${a}`]) || 99) - Number(one(body[`position-${b}`]) || 99),
      );
      return submitForm(reply, {
        run: () =>
          core.run(setPackTemplate, actorOf(request), {
            organisationId,
            name: textOrNull(body.name),
            parts,
            ...(one(body.removeLogo) === 'yes' ? { logo: null } : {}),
          }),
        done: () => withBanner('/organisation/board-pack', 'The board pack has been changed'),
        fields: { parts: 'include-summary', name: 'name' },
        again: (errors) => show(request, reply, errors, body),
      });
    });

    app.post('/organisation/board-pack/logo', async (request, reply) => {
      const organisationId = await organisationOf(request);
      // Only its administrators may change it: asked before anything is read of the upload.
      const current = await core.queries.accounts.packTemplate(actorOf(request), organisationId);
      const part = request.isMultipart()
        ? await request.file({ limits: { fileSize: LOGO_LIMIT + 1 } })
        : undefined;
      const csrf = part?.fields._csrf as { value?: string } | undefined;
      if (!request.user?.csrfToken || csrf?.value !== request.user.csrfToken)
        throw createError(403, 'This form has expired. Go back, reload the page and try again.');
      const content = part ? await part.toBuffer().catch(() => null) : null;
      const errors: FieldError[] = [];
      if (!part?.filename) errors.push({ text: 'Select a PNG or JPEG image', href: '#logo' });
      else if (!content || content.length > LOGO_LIMIT)
        errors.push({ text: 'The logo must be 300 KB or smaller', href: '#logo' });
      else if (!['image/png', 'image/jpeg'].includes(part.mimetype))
        errors.push({ text: 'The logo must be a PNG or JPEG image', href: '#logo' });
      if (errors.length || !content || !part) return show(request, reply, errors);
      return submitForm(reply, {
        run: () =>
          core.run(setPackTemplate, actorOf(request), {
            organisationId,
            name: current.name,
            parts: current.parts,
            logo: `data:${part.mimetype};base64,${content.toString('base64')}`,
          }),
        done: () => withBanner('/organisation/board-pack', 'The logo has been saved'),
        fields: { logo: 'logo' },
        again: (errors) => show(request, reply, errors),
      });
    });
  };
}
