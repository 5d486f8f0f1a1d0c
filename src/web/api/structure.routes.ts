/**
 * Editing a plan through the API: its details and state; sections, recommendations, measures and people added,
 * changed, moved and removed; removed items restored; progress updates corrected or withdrawn. Every route runs
 * the same command as the page, so both refuse the same things in the same words.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { editMeasureDefinition, createMeasure } from '../../core/commands/measure-definition.commands.ts';
import { createPerson, editPerson, mergePeople } from '../../core/commands/person.commands.ts';
import { editPlan, setPlanState } from '../../core/commands/plan-settings.commands.ts';
import {
  createRecommendation,
  createSection,
  editRecommendation,
  editSection,
  moveAction,
  moveRecommendation,
  moveSection,
  removeFromPlan,
  restoreToPlan,
} from '../../core/commands/structure.commands.ts';
import { correctUpdate, withdrawUpdate } from '../../core/commands/update.commands.ts';
import type { Core } from '../../core/index.ts';
import { actorOf, requireApiUser } from '../auth.ts';

/** The body as sent (a DELETE may send its reason and version as query parameters instead). */
const input = (request: FastifyRequest): Record<string, unknown> => {
  const body = z.record(z.string(), z.unknown()).catch({}).parse(request.body);
  const query = z.record(z.string(), z.string()).catch({}).parse(request.query);
  const fromQuery: Record<string, unknown> = {};
  if (query.reason !== undefined) fromQuery.reason = query.reason;
  if (query.version !== undefined) fromQuery.version = Number(query.version);
  return { ...fromQuery, ...body };
};

type Params = { Params: Record<string, string> };
const guarded = { preHandler: requireApiUser };

export function structureApiRoutes(core: Core) {
  const q = core.queries.structure;
  return async (app: FastifyInstance) => {
    // The plan itself
    app.get<Params>(
      '/api/plans/:planId/settings',
      guarded,
      async (request) => (await q.settings(actorOf(request), request.params.planId!)).plan,
    );
    app.patch<Params>('/api/plans/:planId', guarded, async (request) => {
      const actor = actorOf(request);
      await core.run(editPlan, actor, { ...input(request), planId: request.params.planId } as never);
      return (await q.settings(actor, request.params.planId!)).plan;
    });
    app.post<Params>('/api/plans/:planId/state', guarded, async (request) => {
      const actor = actorOf(request);
      await core.run(setPlanState, actor, { ...input(request), planId: request.params.planId } as never);
      return (await q.settings(actor, request.params.planId!)).plan;
    });

    // Sections
    app.post<Params>('/api/plans/:planId/sections', guarded, async (request, reply) => {
      const actor = actorOf(request);
      const made = await core.run(createSection, actor, {
        ...input(request),
        planId: request.params.planId,
      } as never);
      return reply.status(201).send((await q.section(actor, made.sectionId)).section);
    });
    app.get<Params>(
      '/api/sections/:id',
      guarded,
      async (request) => (await q.section(actorOf(request), request.params.id!)).section,
    );
    app.patch<Params>('/api/sections/:id', guarded, async (request) => {
      const actor = actorOf(request);
      await core.run(editSection, actor, { ...input(request), sectionId: request.params.id } as never);
      return (await q.section(actor, request.params.id!)).section;
    });
    app.post<Params>('/api/sections/:id/move', guarded, async (request) => {
      const actor = actorOf(request);
      await core.run(moveSection, actor, { ...input(request), sectionId: request.params.id } as never);
      return (await q.section(actor, request.params.id!)).section;
    });

    // Recommendations
    app.post<Params>('/api/plans/:planId/recommendations', guarded, async (request, reply) => {
      const actor = actorOf(request);
      const made = await core.run(createRecommendation, actor, {
        ...input(request),
        planId: request.params.planId,
      } as never);
      return reply.status(201).send((await q.recommendation(actor, made.recommendationId)).recommendation);
    });
    app.get<Params>(
      '/api/recommendations/:id',
      guarded,
      async (request) => (await q.recommendation(actorOf(request), request.params.id!)).recommendation,
    );
    app.patch<Params>('/api/recommendations/:id', guarded, async (request) => {
      const actor = actorOf(request);
      await core.run(editRecommendation, actor, {
        ...input(request),
        recommendationId: request.params.id,
      } as never);
      return (await q.recommendation(actor, request.params.id!)).recommendation;
    });
    app.post<Params>('/api/recommendations/:id/move', guarded, async (request) => {
      const actor = actorOf(request);
      await core.run(moveRecommendation, actor, {
        ...input(request),
        recommendationId: request.params.id,
      } as never);
      return (await q.recommendation(actor, request.params.id!)).recommendation;
    });

    // Actions: moving (adding and editing are in actions.routes.ts)
    app.post<Params>('/api/actions/:id/move', guarded, async (request) => {
      const actor = actorOf(request);
      await core.run(moveAction, actor, { ...input(request), actionId: request.params.id } as never);
      return (await core.queries.actions.action(actor, request.params.id!)).action;
    });

    // Measures
    app.post<Params>('/api/plans/:planId/measures', guarded, async (request, reply) => {
      const actor = actorOf(request);
      const made = await core.run(createMeasure, actor, {
        ...input(request),
        planId: request.params.planId,
      } as never);
      return reply.status(201).send((await q.measure(actor, made.measureId)).measure);
    });
    app.patch<Params>('/api/measures/:id', guarded, async (request) => {
      const actor = actorOf(request);
      await core.run(editMeasureDefinition, actor, {
        ...input(request),
        measureId: request.params.id,
      } as never);
      return (await q.measure(actor, request.params.id!)).measure;
    });

    // Removing any of them, and putting it back
    for (const type of ['section', 'recommendation', 'action', 'measure'] as const)
      app.delete<Params>(`/api/${type}s/:id`, guarded, async (request) =>
        core.run(removeFromPlan, actorOf(request), {
          ...input(request),
          type,
          id: request.params.id,
        } as never),
      );
    app.get<Params>('/api/plans/:planId/removed', guarded, async (request) => ({
      removed: (await q.removed(actorOf(request), request.params.planId!)).removed,
    }));
    app.post<Params>('/api/removed/:id/restore', guarded, async (request) =>
      core.run(restoreToPlan, actorOf(request), { removedId: request.params.id } as never),
    );

    // People
    app.post<Params>('/api/plans/:planId/people', guarded, async (request, reply) => {
      const actor = actorOf(request);
      const made = await core.run(createPerson, actor, {
        ...input(request),
        planId: request.params.planId,
      } as never);
      return reply.status(201).send((await q.person(actor, request.params.planId!, made.personId)).person);
    });
    app.patch<Params>('/api/plans/:planId/people/:personId', guarded, async (request) => {
      const actor = actorOf(request);
      const { planId, personId } = request.params;
      await core.run(editPerson, actor, { ...input(request), planId, personId } as never);
      return (await q.person(actor, planId!, personId!)).person;
    });
    app.post<Params>('/api/plans/:planId/people/merge', guarded, async (request) => {
      const actor = actorOf(request);
      const merged = await core.run(mergePeople, actor, {
        ...input(request),
        planId: request.params.planId,
      } as never);
      return (await q.person(actor, request.params.planId!, merged.personId)).person;
    });

    // Progress updates
    app.patch<Params>('/api/updates/:id', guarded, async (request) => {
      const actor = actorOf(request);
      const done = await core.run(correctUpdate, actor, {
        ...input(request),
        updateId: request.params.id,
      } as never);
      return (await core.queries.actions.action(actor, done.actionId)).action;
    });
    app.delete<Params>('/api/updates/:id', guarded, async (request) => {
      const actor = actorOf(request);
      const done = await core.run(withdrawUpdate, actor, {
        ...input(request),
        updateId: request.params.id,
      } as never);
      return {
        ...(await core.queries.actions.action(actor, done.actionId)).action,
        removedId: done.removedId,
      };
    });
  };
}
