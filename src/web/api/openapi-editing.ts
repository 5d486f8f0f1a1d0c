/**
 * The OpenAPI description of editing a plan through the API: its details and state, sections, recommendations,
 * measures and people, moves, removals and restores, and corrections of progress updates. Request bodies are the
 * commands' own zod schemas, so the document cannot drift from what is accepted.
 */
import { z } from 'zod';
import { MeasureEditSchema, NewMeasureSchema } from '../../core/commands/measure-definition.commands.ts';
import { NewPersonSchema, PersonEditSchema, PersonMergeSchema } from '../../core/commands/person.commands.ts';
import { PlanEditSchema, PlanStateSchema } from '../../core/commands/plan-settings.commands.ts';
import { FollowingSchema } from '../../core/commands/follow.commands.ts';
import {
  ActionMoveSchema,
  NewRecommendationSchema,
  NewSectionSchema,
  RecommendationEditSchema,
  RecommendationMoveSchema,
  RemoveSchema,
  SectionEditSchema,
  SectionMoveSchema,
} from '../../core/commands/structure.commands.ts';
import { UpdateCorrectionSchema, UpdateWithdrawalSchema } from '../../core/commands/update.commands.ts';

type Errors = (...statuses: number[]) => Record<string, unknown>;

const body = (s: z.ZodType) => ({
  required: true,
  content: { 'application/json': { schema: z.toJSONSchema(s, { io: 'input', target: 'openapi-3.0' }) } },
});
const path = (...names: string[]) =>
  names.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));

export function editingPaths(errors: Errors) {
  const read = (summary: string, params: string[], description: string) => ({
    summary,
    parameters: path(...params),
    responses: { 200: { description }, ...errors(401, 404) },
  });
  const change = (
    summary: string,
    params: string[],
    schema: z.ZodType | null,
    description: string,
    created = false,
  ) => ({
    summary,
    parameters: path(...params),
    ...(schema ? { requestBody: body(schema) } : {}),
    responses: {
      [created ? 201 : 200]: { description },
      ...errors(400, 401, 403, 404, ...(created ? [] : [409])),
    },
  });
  const removal = (what: string, param = 'id') =>
    change(
      `Remove ${what} with a reason (kept among the plan's removed items; reason and version may be query parameters)`,
      [param],
      RemoveSchema,
      '{ removedId, label, extent }: what went with it, table by table',
    );
  return {
    '/api/plans/{planId}/settings': {
      get: read(
        "The plan's own details, key, thresholds, governance and state",
        ['planId'],
        'The settings with their version',
      ),
    },
    '/api/plans/{planId}/state': {
      post: change(
        'Move the plan between draft, approved and closed',
        ['planId'],
        PlanStateSchema,
        'The settings',
      ),
    },
    '/api/plans/{planId}/sections': {
      post: change(
        'Add a section at any depth',
        ['planId'],
        NewSectionSchema.omit({ planId: true }),
        'The new section',
        true,
      ),
    },
    '/api/sections/{id}': {
      get: read('One section with its version', ['id'], 'The section'),
      patch: change("Change a section's words, lead or objectives", ['id'], SectionEditSchema, 'The section'),
      delete: removal('a section with its subsections, recommendations and actions'),
    },
    '/api/sections/{id}/move': {
      post: change(
        'Move a section into another, or before a sibling',
        ['id'],
        SectionMoveSchema,
        'The section',
      ),
    },
    '/api/recommendations/{id}': {
      get: read(
        'One recommendation with its version and the actions serving it',
        ['id'],
        'The recommendation',
      ),
      patch: change('Change a recommendation', ['id'], RecommendationEditSchema, 'The recommendation'),
      delete: removal('a recommendation'),
    },
    '/api/recommendations/{id}/move': {
      post: change(
        'Move a recommendation to another section, or before a sibling',
        ['id'],
        RecommendationMoveSchema,
        'The recommendation',
      ),
    },
    '/api/actions/{id}/move': {
      post: change(
        'Move an action (with its milestones) to a section, or a milestone to an action',
        ['id'],
        ActionMoveSchema,
        'The action',
      ),
    },
    '/api/plans/{planId}/removed': {
      get: read("The plan's removed items, newest first", ['planId'], '{ removed: [...] }'),
    },
    '/api/removed/{id}/restore': {
      post: change(
        'Put a removed item back as it was (refused while what it belonged to is removed)',
        ['id'],
        null,
        'What was restored',
        false,
      ),
    },
    '/api/plans/{planId}/people': {
      post: change('Add a person', ['planId'], NewPersonSchema.omit({ planId: true }), 'The person', true),
    },
    '/api/plans/{planId}/people/{personId}': {
      patch: change(
        "Change a person's details (a new name follows them as a lead)",
        ['planId', 'personId'],
        PersonEditSchema,
        'The person',
      ),
    },
    '/api/plans/{planId}/people/merge': {
      post: change(
        'Merge two records of one person into the one kept',
        ['planId'],
        PersonMergeSchema,
        'The person kept',
      ),
    },
    '/api/actions/{actionId}/following': {
      put: change(
        'Follow an action, or stop: its followers are emailed when its status changes',
        ['actionId'],
        FollowingSchema,
        '{ following }',
      ),
    },
    '/api/plans/{planId}/following': {
      put: change(
        "Follow a plan's measures, or stop: an email when one changes colour",
        ['planId'],
        FollowingSchema,
        '{ following }',
      ),
    },
    '/api/updates/{id}': {
      patch: change(
        'Correct a progress update (the original stays in the history)',
        ['id'],
        UpdateCorrectionSchema,
        'The action',
      ),
      delete: change(
        'Withdraw a progress update (it can be restored)',
        ['id'],
        UpdateWithdrawalSchema,
        '{ removedId, action }',
      ),
    },
  };
}

/** Added to the paths the main document already has (same path, another method). */
export function editingAdditions(errors: Errors) {
  const removal = (what: string, param: string) => ({
    summary: `Remove ${what} with a reason (kept among the plan's removed items; reason and version may be query parameters)`,
    parameters: path(param),
    requestBody: body(RemoveSchema),
    responses: { 200: { description: '{ removedId, label, extent }' }, ...errors(400, 401, 403, 404, 409) },
  });
  return {
    '/api/actions/{actionId}': { delete: removal('an action with its milestones and updates', 'actionId') },
    '/api/measures/{measureId}': {
      patch: {
        summary: "Change a measure's definition, baseline, targets, comparators or links",
        parameters: path('measureId'),
        requestBody: body(MeasureEditSchema),
        responses: { 200: { description: 'The measure' }, ...errors(400, 401, 403, 404, 409) },
      },
      delete: removal('a measure with its values', 'measureId'),
    },
    '/api/plans/{planId}': {
      patch: {
        summary: "Change the plan's details, narrative, governance, status key or RAG thresholds",
        parameters: path('planId'),
        requestBody: body(PlanEditSchema),
        responses: { 200: { description: 'The settings' }, ...errors(400, 401, 403, 404, 409) },
      },
    },
    '/api/plans/{planId}/recommendations': {
      post: {
        summary: 'Add a recommendation, advice, target or area of concern',
        parameters: path('planId'),
        requestBody: body(NewRecommendationSchema.omit({ planId: true })),
        responses: { 201: { description: 'The new recommendation' }, ...errors(400, 401, 403, 404) },
      },
    },
    '/api/plans/{planId}/measures': {
      post: {
        summary: 'Add a measure with its definition, baseline, targets and links',
        parameters: path('planId'),
        requestBody: body(NewMeasureSchema.omit({ planId: true })),
        responses: { 201: { description: 'The new measure' }, ...errors(400, 401, 403, 404) },
      },
    },
  };
}
