/**
 * A recommendation's page (its source, report references, timeframe and the actions serving it) and, for the
 * plan's managers, the forms that add, change and move recommendations.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  closeRecommendation,
  createRecommendation,
  editRecommendation,
  moveRecommendation,
  reopenRecommendation,
} from '../../core/commands/structure.commands.ts';
import { CLOSURE_EVIDENCE } from '../../domain/plan-format.ts';
import { RECOMMENDATION_KINDS } from '../../domain/plan-format.ts';
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
import { placeOptions, sectionOptions } from '../section-options.ts';

const FIELDS = {
  sectionId: 'sectionId',
  sourceId: 'sourceId',
  ref: 'ref',
  kind: 'kind',
  text: 'text',
  reportRefs: 'reportRefs',
  timeframe: 'timeframe',
  beforeId: 'beforeId',
};

export const KIND_NAMES: Record<(typeof RECOMMENDATION_KINDS)[number], string> = {
  recommendation: 'Recommendation',
  advice: 'Advice',
  target: 'Target',
  area_of_concern: 'Area of concern',
};

const recommendationFields = (body: FormBody) => ({
  sourceId: one(body.sourceId) || null,
  ref: textOrNull(body.ref),
  kind: (one(body.kind) || 'recommendation') as (typeof RECOMMENDATION_KINDS)[number],
  text: one(body.text)?.trim() ?? '',
  reportRefs: lines(body.reportRefs),
  timeframe: textOrNull(body.timeframe),
});

type Doc = Awaited<ReturnType<WebContext['core']['queries']['plans']['overview']>>['doc'];

function choices(doc: Doc, selected: { sectionId?: string | null; sourceId?: string | null; kind?: string }) {
  return {
    sectionOptions: sectionOptions(doc.sections, {
      selected: selected.sectionId ?? null,
      first: { value: '', text: 'No section', selected: !selected.sectionId },
    }),
    sourceOptions: [
      { value: '', text: 'Not given', selected: !selected.sourceId },
      ...doc.sources.map((s) => ({ value: s.id, text: s.title, selected: s.id === selected.sourceId })),
    ],
    kindOptions: RECOMMENDATION_KINDS.map((k) => ({
      value: k,
      text: KIND_NAMES[k],
      selected: k === (selected.kind ?? 'recommendation'),
    })),
  };
}

export function recommendationPages({ core, render }: WebContext) {
  async function recommendationPage(actor: Actor, id: string) {
    const found = await core.queries.plans.recommendation(actor, id);
    const { recommendation } = await core.queries.structure.recommendation(actor, id);
    const siblings = found.doc.recommendations.filter((r) => r.sectionId === recommendation.sectionId);
    return {
      title:
        `${KIND_NAMES[recommendation.kind as keyof typeof KIND_NAMES] ?? 'Recommendation'} ${recommendation.ref ?? ''}`.trim(),
      section: 'plans',
      planId: found.head.planId,
      ...found,
      item: recommendation,
      ...choices(found.doc, recommendation),
      placeOptions: placeOptions(siblings, id, (r) => r.ref ?? r.text.slice(0, 60)),
      closureKinds: CLOSURE_EVIDENCE,
      planMeasures: found.head.can.manage
        ? (await core.queries.measures.scorecard(actor, found.head.planId, { series: false })).map((m) => ({
            id: m.measure.id,
            text: `${m.measure.ref ? `${m.measure.ref}: ` : ''}${m.measure.name} (${m.latest?.statement ?? 'no values yet'})`,
          }))
        : [],
      values: {},
      fieldError: {},
    };
  }

  async function showRecommendation(
    request: FastifyRequest<{ Params: { id: string } }>,
    reply: FastifyReply,
    errors?: FieldError[],
    values: FormBody = {},
  ) {
    const page = await recommendationPage(actorOf(request), request.params.id);
    return render(
      request,
      reply,
      'pages/recommendation.njk',
      { ...page, errors, values, fieldError: errorsByField(errors) },
      errors ? 400 : 200,
    );
  }

  async function newRecommendationPage(actor: Actor, planId: string, values: FormBody) {
    const head = await core.queries.access.plan(actor, planId, 'plan.manage');
    const { doc } = await core.queries.plans.overview(actor, planId);
    return {
      title: 'Add a recommendation',
      section: 'plans',
      planId,
      head,
      doc,
      ...choices(doc, {
        sectionId: one(values.sectionId) ?? null,
        sourceId: one(values.sourceId) ?? null,
        kind: one(values.kind),
      }),
      values,
      fieldError: {},
    };
  }

  return async (app: FastifyInstance) => {
    app.addHook(
      'preHandler',
      requirePageUser(
        (url) => url.startsWith('/recommendations') || /^\/plans\/[^/]+\/recommendations\//.test(url),
      ),
    );

    app.get<{ Params: { id: string } }>('/recommendations/:id', (request, reply) =>
      showRecommendation(request, reply),
    );

    app.post<{ Params: { id: string }; Body: FormBody }>(
      '/recommendations/:id/edit',
      async (request, reply) => {
        checkCsrf(request);
        const { id } = request.params;
        return submitForm(reply, {
          run: () =>
            core.run(editRecommendation, actorOf(request), {
              recommendationId: id,
              version: versionOf(request.body),
              ...recommendationFields(request.body),
            }),
          done: () => withBanner(`/recommendations/${id}`, 'The recommendation has been changed'),
          fields: FIELDS,
          again: (errors) => showRecommendation(request, reply, errors, request.body),
        });
      },
    );

    app.post<{ Params: { id: string }; Body: FormBody }>(
      '/recommendations/:id/close',
      async (request, reply) => {
        checkCsrf(request);
        const { id } = request.params;
        const body = request.body;
        return submitForm(reply, {
          run: () =>
            core.run(closeRecommendation, actorOf(request), {
              recommendationId: id,
              version: versionOf(body),
              kind: (one(body.kind) ?? '') as (typeof CLOSURE_EVIDENCE)[number],
              detail: one(body.detail) ?? '',
              measureId: one(body.measureId) || undefined,
            }),
          done: () =>
            withBanner(`/recommendations/${id}`, 'The recommendation is closed on evidence of its impact'),
          fields: { kind: 'closure-kind', detail: 'closure-detail', measureId: 'closure-measure' },
          again: (errors) => showRecommendation(request, reply, errors, body),
        });
      },
    );

    app.post<{ Params: { id: string }; Body: FormBody }>(
      '/recommendations/:id/reopen',
      async (request, reply) => {
        checkCsrf(request);
        const { id } = request.params;
        return submitForm(reply, {
          run: () =>
            core.run(reopenRecommendation, actorOf(request), {
              recommendationId: id,
              version: versionOf(request.body),
              reason: one(request.body.reason) ?? '',
            }),
          done: () => withBanner(`/recommendations/${id}`, 'The recommendation is open again'),
          fields: { reason: 'reopen-reason' },
          again: (errors) => showRecommendation(request, reply, errors, request.body),
        });
      },
    );

    app.post<{ Params: { id: string }; Body: FormBody }>(
      '/recommendations/:id/move',
      async (request, reply) => {
        checkCsrf(request);
        const { id } = request.params;
        const actor = actorOf(request);
        const body = request.body;
        return submitForm(reply, {
          run: async () => {
            // "Change its place" names only a sibling: the section stays the one it has.
            const sectionId =
              one(body.sectionId) !== undefined
                ? one(body.sectionId) || null
                : (await core.queries.structure.recommendation(actor, id)).recommendation.sectionId;
            return core.run(moveRecommendation, actor, {
              recommendationId: id,
              version: versionOf(body),
              sectionId,
              beforeId: one(body.beforeId) || undefined,
            });
          },
          done: () => withBanner(`/recommendations/${id}`, 'The recommendation has been moved'),
          fields: { sectionId: 'sectionId-move', beforeId: 'beforeId' },
          again: (errors) => showRecommendation(request, reply, errors),
        });
      },
    );

    app.get<{ Params: { planId: string }; Querystring: { section?: string } }>(
      '/plans/:planId/recommendations/new',
      async (request, reply) =>
        render(
          request,
          reply,
          'pages/new-recommendation.njk',
          await newRecommendationPage(actorOf(request), request.params.planId, {
            sectionId: request.query.section,
          }),
        ),
    );

    app.post<{ Params: { planId: string }; Body: FormBody }>(
      '/plans/:planId/recommendations/new',
      async (request, reply) => {
        checkCsrf(request);
        const actor = actorOf(request);
        const { planId } = request.params;
        return submitForm(reply, {
          run: () =>
            core.run(createRecommendation, actor, {
              planId,
              sectionId: one(request.body.sectionId) || null,
              ...recommendationFields(request.body),
            }),
          done: (made) =>
            withBanner(`/recommendations/${made.recommendationId}`, 'The recommendation has been added'),
          fields: FIELDS,
          again: async (errors) =>
            render(
              request,
              reply,
              'pages/new-recommendation.njk',
              {
                ...(await newRecommendationPage(actor, planId, request.body)),
                errors,
                fieldError: errorsByField(errors),
              },
              400,
            ),
        });
      },
    );
  };
}
