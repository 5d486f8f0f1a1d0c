/**
 * Removing a section, recommendation, action or measure: a page that says what goes with it and asks why, and the
 * plan's removed items, each of which can be put back as it was.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { removeFromPlan, restoreToPlan } from '../../core/commands/structure.commands.ts';
import type { Actor } from '../../domain/actor.ts';
import { actorOf, checkCsrf, requirePageUser } from '../auth.ts';
import type { WebContext } from '../app.ts';
import type { FieldError } from '../errors.ts';
import { errorsByField, one, submitForm, versionOf, withBanner, type FormBody } from '../forms.ts';

type RemovableType = 'section' | 'recommendation' | 'action' | 'measure';
const PATHS: Record<RemovableType, string> = {
  section: 'sections',
  recommendation: 'recommendations',
  action: 'actions',
  measure: 'measures',
};

/** What goes with an item, in words; link rows between tables are left out. */
const EXTENT_WORDS: Record<string, [string, string]> = {
  sections: ['section', 'sections'],
  recommendations: ['recommendation', 'recommendations'],
  actions: ['action or milestone', 'actions and milestones'],
  progress_updates: ['progress update', 'progress updates'],
  measures: ['measure', 'measures'],
  measure_values: ['value of a measure', 'values of measures'],
};

export function describeExtent(extent: Record<string, number>): string[] {
  return Object.entries(EXTENT_WORDS)
    .filter(([table]) => (extent[table] ?? 0) > 0)
    .map(([table, [one, many]]) => `${extent[table]} ${extent[table] === 1 ? one : many}`);
}

export function removalPages({ core, render }: WebContext) {
  const q = core.queries.structure;

  /** The item as the removal page shows it, the version to name, and the page to go back to afterwards. */
  async function itemOf(actor: Actor, type: RemovableType, id: string) {
    const { head, extent } = await q.extent(actor, type, id);
    const { doc } = await core.queries.plans.overview(actor, head.planId);
    switch (type) {
      case 'section': {
        const { section } = await q.section(actor, id);
        return {
          head,
          doc,
          extent,
          version: section.version,
          label: `${section.kind}${section.ref ? ` ${section.ref}` : ''}: ${section.title}`,
          page: `/sections/${id}`,
          back: section.parentId
            ? `/sections/${section.parentId}`
            : `/plans/${head.planId}/structure?view=tree`,
        };
      }
      case 'recommendation': {
        const { recommendation } = await q.recommendation(actor, id);
        return {
          head,
          doc,
          extent,
          version: recommendation.version,
          label: `${recommendation.ref ? `${recommendation.ref}: ` : ''}${recommendation.text}`,
          page: `/recommendations/${id}`,
          back: `/plans/${head.planId}/recommendations`,
        };
      }
      case 'action': {
        const { action } = await core.queries.actions.action(actor, id);
        return {
          head,
          doc,
          extent,
          version: action.version,
          label: `${action.ref ? `${action.ref} ` : ''}${action.text}`,
          page: `/actions/${id}`,
          back: action.parentId
            ? `/actions/${action.parentId}`
            : action.sectionId
              ? `/sections/${action.sectionId}`
              : `/plans/${head.planId}/structure`,
        };
      }
      case 'measure': {
        const { measure } = await q.measure(actor, id);
        return {
          head,
          doc,
          extent,
          version: measure.version,
          label: `${measure.ref ? `${measure.ref} ` : ''}${measure.name}`,
          page: `/measures/${id}`,
          back: `/plans/${head.planId}/scorecard`,
        };
      }
    }
  }

  async function showRemoval(
    request: FastifyRequest,
    reply: FastifyReply,
    type: RemovableType,
    id: string,
    errors?: FieldError[],
    values: FormBody = {},
  ) {
    const item = await itemOf(actorOf(request), type, id);
    return render(
      request,
      reply,
      'pages/remove.njk',
      {
        title: `Remove this ${type}`,
        section: 'plans',
        planId: item.head.planId,
        type,
        item,
        goesWith: describeExtent({ ...item.extent, [PATHS[type]]: (item.extent[PATHS[type]] ?? 1) - 1 }),
        action: `/${PATHS[type]}/${id}/remove`,
        errors,
        values,
        fieldError: errorsByField(errors),
      },
      errors ? 400 : 200,
    );
  }

  return async (app: FastifyInstance) => {
    app.addHook(
      'preHandler',
      requirePageUser(
        (url) =>
          url.startsWith('/removed') ||
          /^\/plans\/[^/]+\/removed/.test(url) ||
          /^\/(sections|recommendations|actions|measures)\/[^/]+\/remove/.test(url),
      ),
    );

    for (const type of Object.keys(PATHS) as RemovableType[]) {
      const path = `/${PATHS[type]}/:id/remove`;
      app.get<{ Params: { id: string } }>(path, async (request, reply) => {
        // Only those who may remove it see the question.
        await core.queries.access.plan(
          actorOf(request),
          (await q.extent(actorOf(request), type, request.params.id)).head.planId,
          'plan.manage',
        );
        return showRemoval(request, reply, type, request.params.id);
      });
      app.post<{ Params: { id: string }; Body: FormBody }>(path, async (request, reply) => {
        checkCsrf(request);
        const actor = actorOf(request);
        const { id } = request.params;
        const { back } = await itemOf(actor, type, id);
        return submitForm(reply, {
          run: () =>
            core.run(removeFromPlan, actor, {
              type,
              id,
              version: versionOf(request.body),
              reason: one(request.body.reason) ?? '',
            }),
          done: (removed) =>
            withBanner(
              back,
              `${removed.label} has been removed. You can restore it from the plan's removed items.`,
            ),
          fields: { reason: 'reason' },
          again: (errors) => showRemoval(request, reply, type, id, errors, request.body),
        });
      });
    }

    async function showRemoved(
      request: FastifyRequest,
      reply: FastifyReply,
      planId: string,
      errors?: FieldError[],
    ) {
      const actor = actorOf(request);
      const { head, removed } = await q.removed(actor, planId);
      const { doc } = await core.queries.plans.overview(actor, head.planId);
      const can = head.can.manage;
      return render(
        request,
        reply,
        'pages/removed.njk',
        { title: 'Removed items', section: 'plans', planId: head.planId, head, doc, removed, can, errors },
        errors ? 400 : 200,
      );
    }

    app.get<{ Params: { planId: string } }>('/plans/:planId/removed', (request, reply) =>
      showRemoved(request, reply, request.params.planId),
    );

    app.post<{ Params: { id: string }; Body: FormBody }>('/removed/:id/restore', async (request, reply) => {
      checkCsrf(request);
      const actor = actorOf(request);
      const { id } = request.params;
      return submitForm(reply, {
        run: () => core.run(restoreToPlan, actor, { removedId: id }),
        done: (restored) =>
          withBanner(
            restored.type === 'update'
              ? `/plans/${restored.planId}/removed`
              : `/${PATHS[restored.type]}/${restored.entityId}`,
            `${restored.label} has been restored`,
          ),
        // A restore whose parent is gone is said on the removed items page, by the item's button.
        fields: { removedId: `restore-${id}` },
        again: async (errors) => showRemoved(request, reply, (await q.removedItem(actor, id)).planId, errors),
      });
    });
  };
}
