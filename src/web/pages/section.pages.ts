/**
 * A section's page (its objectives, accountable lead, what sits in it) and, for the plan's managers, the forms
 * that add, change and move sections at any depth.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createSection, editSection, moveSection } from '../../core/commands/structure.commands.ts';
import { NotFoundError } from '../../db/errors.ts';
import type { Actor } from '../../domain/actor.ts';
import { actorOf, checkCsrf, requirePageUser } from '../auth.ts';
import type { WebContext } from '../app.ts';
import type { FieldError } from '../errors.ts';
import {
  errorsByField,
  lines,
  one,
  submitForm,
  textOrNull,
  versionOf,
  withBanner,
  type FormBody,
} from '../forms.ts';
import { placeOptions, sectionLabel, sectionOptions } from '../section-options.ts';

type Request<P> = FastifyRequest<{
  Params: P;
  Body: FormBody;
  Querystring: Record<string, string | undefined>;
}>;

const SECTION_FIELDS = { kind: 'kind', ref: 'ref', title: 'title', lead: 'lead', objectives: 'objectives' };
const MOVE_FIELDS = { parentId: 'parentId', beforeId: 'beforeId' };

const sectionFields = (body: FormBody) => ({
  kind: one(body.kind)?.trim() ?? '',
  ref: textOrNull(body.ref),
  title: one(body.title)?.trim() ?? '',
  lead: textOrNull(body.lead),
  objectives: lines(body.objectives),
});

export function sectionPages({ core, render }: WebContext) {
  async function sectionPage(actor: Actor, sectionId: string) {
    const { head, section } = await core.queries.structure.section(actor, sectionId);
    const { doc } = await core.queries.plans.overview(actor, head.planId);
    const siblings = doc.sections.filter((s) => s.parentId === section.parentId);
    return {
      title: sectionLabel(section),
      section: 'plans',
      planId: head.planId,
      head,
      doc,
      item: section,
      parent: doc.sections.find((s) => s.id === section.parentId) ?? null,
      children: doc.sections.filter((s) => s.parentId === sectionId),
      recommendations: doc.recommendations.filter((r) => r.sectionId === sectionId),
      actions: doc.actions.filter((a) => a.sectionId === sectionId && !a.parentId),
      parentOptions: sectionOptions(doc.sections, {
        selected: section.parentId,
        without: sectionId,
        first: { value: '', text: 'The top level of the plan', selected: !section.parentId },
      }),
      placeOptions: placeOptions(siblings, sectionId, sectionLabel),
      values: {},
      fieldError: {},
    };
  }

  async function showSection(
    request: Request<{ id: string }>,
    reply: FastifyReply,
    extra: { errors?: FieldError[]; values?: FormBody } = {},
  ) {
    const page = await sectionPage(actorOf(request), request.params.id);
    const status = extra.errors ? 400 : 200;
    return render(
      request,
      reply,
      'pages/section.njk',
      { ...page, ...extra, fieldError: errorsByField(extra.errors) },
      status,
    );
  }

  async function newSectionPage(actor: Actor, planId: string, parentId: string | undefined, strict = true) {
    const head = await core.queries.access.plan(actor, planId, 'plan.manage');
    const { doc } = await core.queries.plans.overview(actor, planId);
    const parent = parentId ? doc.sections.find((s) => s.id === parentId) : undefined;
    if (parentId && !parent && strict) throw new NotFoundError('section', parentId);
    // A new section is called what the plan calls its siblings (Priority, Theme …).
    const sibling = doc.sections.find((s) => s.parentId === (parentId ?? null));
    return {
      title: parent
        ? `Add a subsection to ${parent.kind.toLowerCase()} ${parent.ref ?? ''}`.trim()
        : 'Add a section',
      section: 'plans',
      planId,
      head,
      doc,
      parentOptions: sectionOptions(doc.sections, {
        selected: parentId ?? null,
        first: { value: '', text: 'The top level of the plan', selected: !parentId },
      }),
      values: { kind: sibling?.kind ?? (parent ? 'Outcome' : 'Priority') },
      fieldError: {},
    };
  }

  return async (app: FastifyInstance) => {
    app.addHook(
      'preHandler',
      requirePageUser((url) => url.startsWith('/sections') || /^\/plans\/[^/]+\/sections\//.test(url)),
    );

    app.get<{ Params: { id: string } }>('/sections/:id', (request, reply) =>
      showSection(request as Request<{ id: string }>, reply),
    );

    app.post<{ Params: { id: string }; Body: FormBody }>('/sections/:id/edit', async (request, reply) => {
      checkCsrf(request);
      const { id } = request.params;
      return submitForm(reply, {
        run: () =>
          core.run(editSection, actorOf(request), {
            sectionId: id,
            version: versionOf(request.body),
            ...sectionFields(request.body),
          }),
        done: () => withBanner(`/sections/${id}`, 'The section has been changed'),
        fields: SECTION_FIELDS,
        again: (errors) =>
          showSection(request as Request<{ id: string }>, reply, { errors, values: request.body }),
      });
    });

    app.post<{ Params: { id: string }; Body: FormBody }>('/sections/:id/move', async (request, reply) => {
      checkCsrf(request);
      const { id } = request.params;
      const body = request.body;
      const actor = actorOf(request);
      return submitForm(reply, {
        run: async () => {
          // "Change its place" names only a sibling: the parent stays the one it has.
          const parentId =
            one(body.parentId) !== undefined
              ? one(body.parentId) || null
              : (await core.queries.structure.section(actor, id)).section.parentId;
          return core.run(moveSection, actor, {
            sectionId: id,
            version: versionOf(body),
            parentId,
            beforeId: one(body.beforeId) || undefined,
          });
        },
        done: () => withBanner(`/sections/${id}`, 'The section has been moved'),
        fields: MOVE_FIELDS,
        again: (errors) => showSection(request as Request<{ id: string }>, reply, { errors }),
      });
    });

    app.get<{ Params: { planId: string }; Querystring: { parent?: string } }>(
      '/plans/:planId/sections/new',
      async (request, reply) =>
        render(
          request,
          reply,
          'pages/new-section.njk',
          await newSectionPage(actorOf(request), request.params.planId, request.query.parent),
        ),
    );

    app.post<{ Params: { planId: string }; Body: FormBody }>(
      '/plans/:planId/sections/new',
      async (request, reply) => {
        checkCsrf(request);
        const actor = actorOf(request);
        const { planId } = request.params;
        const parentId = one(request.body.parentId) || null;
        return submitForm(reply, {
          run: () => core.run(createSection, actor, { planId, parentId, ...sectionFields(request.body) }),
          done: (made) => withBanner(`/sections/${made.sectionId}`, 'The section has been added'),
          fields: { ...SECTION_FIELDS, parentId: 'parentId' },
          again: async (errors) => {
            const page = await newSectionPage(actor, planId, parentId ?? undefined, false);
            return render(
              request,
              reply,
              'pages/new-section.njk',
              { ...page, errors, fieldError: errorsByField(errors), values: request.body },
              400,
            );
          },
        });
      },
    );
  };
}
