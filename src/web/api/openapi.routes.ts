/** The API's OpenAPI document, generated from the same zod schemas that validate requests. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { PlanDocumentSchema, ActionSchema } from '../../domain/plan-format.ts';
import {
  ActionEditSchema,
  NewActionSchema,
  ProgressInputSchema,
} from '../../core/commands/action.commands.ts';
import { ValueInputSchema } from '../../core/commands/measure.commands.ts';
import { ValuesUploadSchema } from './measures.routes.ts';
import type { WebContext } from '../app.ts';
import { editingAdditions, editingPaths } from './openapi-editing.ts';

const schema = (s: z.ZodType, io: 'input' | 'output' = 'output') =>
  z.toJSONSchema(s, { io, target: 'openapi-3.0' });

export function openApiDocument() {
  const error = {
    type: 'object',
    properties: {
      error: {
        type: 'object',
        properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} },
        required: ['code', 'message'],
      },
    },
  };
  const errors = (...statuses: number[]) =>
    Object.fromEntries(
      statuses.map((s) => [
        String(s),
        {
          description: {
            400: 'Invalid input',
            401: 'Not signed in',
            403: 'The actor may see this but not do that to it (see docs/who-may-do-what.md)',
            404: 'Not found, or not the actor’s to see',
            409: 'Stale version (someone else changed it), or no version named: the current one is in details',
          }[s],
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
      ]),
    );
  const actionId = { name: 'actionId', in: 'path', required: true, schema: { type: 'string' } };
  const query = (names: [string, string, string][]) =>
    names.map(([name, type, description]) => ({
      name,
      in: 'query',
      required: false,
      description,
      schema: { type },
    }));
  const document = {
    openapi: '3.0.3',
    info: {
      title: 'Improvement Plan Tracker API',
      version: '1',
      description:
        'Read plans, record progress and edit a plan. Send a personal access token as `Authorization: Bearer …` (make one on "Your account" or with `ipt token create --email …`). A token acts as its account, with its role: 403 when the account may see a thing but not do that to it, 404 when it may not see it at all. Every change names the `version` it was made against.',
    },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        session: { type: 'apiKey', in: 'cookie', name: 'ipt_session' },
      },
      schemas: {
        Error: error,
        PlanDocument: schema(PlanDocumentSchema),
        Action: {
          allOf: [schema(ActionSchema), { type: 'object', properties: { version: { type: 'integer' } } }],
        },
        ActionEdit: schema(ActionEditSchema, 'input'),
        NewAction: schema(NewActionSchema.omit({ planId: true }), 'input'),
        ProgressInput: schema(ProgressInputSchema, 'input'),
        ValueInput: schema(ValueInputSchema, 'input'),
        ValuesUpload: schema(ValuesUploadSchema, 'input'),
      },
    },
    security: [{ bearer: [] }, { session: [] }],
    paths: {
      '/api/plans': {
        get: {
          summary: "The organisation's plans",
          responses: { 200: { description: 'Plans with counts' }, ...errors(401) },
        },
      },
      '/api/plans/{planId}': {
        get: {
          summary: 'A whole plan as Plan JSON (improvement-plan/v1)',
          parameters: [{ name: 'planId', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            200: {
              description: 'Plan JSON',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/PlanDocument' } } },
            },
            ...errors(401, 404),
          },
        },
      },
      '/api/actions/{actionId}': {
        get: {
          summary: 'One action with its version',
          parameters: [actionId],
          responses: {
            200: {
              description: 'The action',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Action' } } },
            },
            ...errors(401, 404),
          },
        },
        patch: {
          summary: "Change an action's text, leads, partners or timescale",
          parameters: [actionId],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/ActionEdit' } } },
          },
          responses: {
            200: {
              description: 'The changed action',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Action' } } },
            },
            ...errors(400, 401, 403, 404, 409),
          },
        },
      },
      '/api/plans/{planId}/actions': {
        post: {
          summary: 'Add an action to a section, or a milestone to an action (parentId)',
          parameters: [{ name: 'planId', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/NewAction' } } },
          },
          responses: {
            201: {
              description: 'The new action',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Action' } } },
            },
            ...errors(400, 401, 403, 404),
          },
        },
        get: {
          summary:
            "A page of the plan's actions and milestones, filtered as the structure page filters them (one lead's open actions without the whole plan)",
          parameters: [
            { name: 'planId', in: 'path', required: true, schema: { type: 'string' } },
            ...query([
              ['lead', 'string', "A lead's name as the plan writes it"],
              ['state', 'string', 'not_started, in_progress or complete'],
              ['rag', 'string', "The lead's rating: red, amber, green, blue, grey or none"],
              ['overdue', 'string', 'yes: only overdue'],
              ['dueSoon', 'string', "yes: only due within the plan's due-soon window"],
              ['dueBefore', 'string', 'YYYY-MM-DD or D/M/YYYY'],
              ['section', 'string', 'A section id'],
              ['source', 'string', 'ofsted, cqc, improvement_notice …'],
              ['q', 'string', 'Words in the ref, text or leads'],
              ['page', 'integer', 'From 1'],
              ['pageSize', 'integer', '1 to 200 (default 25)'],
            ]),
          ],
          responses: {
            200: { description: '{ items, page, pageSize, total, pages }' },
            ...errors(400, 401, 404),
          },
        },
      },
      '/api/plans/{planId}/recommendations': {
        get: {
          summary:
            'A page of the recommendation register: each recommendation with the actions serving it, their roll-up, its status and measures',
          parameters: [
            { name: 'planId', in: 'path', required: true, schema: { type: 'string' } },
            ...query([
              ['source', 'string', 'ofsted, cqc, improvement_notice …'],
              ['section', 'string', 'A section id'],
              ['status', 'string', 'no_actions, complete, overdue, in_progress or not_started'],
              ['gap', 'string', 'yes: only those no action serves'],
              ['page', 'integer', 'From 1'],
              ['pageSize', 'integer', '1 to 200 (default 25)'],
            ]),
          ],
          responses: {
            200: { description: '{ items, page, pageSize, total, pages }' },
            ...errors(400, 401, 404),
          },
        },
      },
      '/api/plans/{planId}/measures': {
        get: {
          summary:
            "A page of the plan's scorecard: each measure with its latest evaluation, filtered as the scorecard page filters",
          parameters: [
            { name: 'planId', in: 'path', required: true, schema: { type: 'string' } },
            ...query([
              ['section', 'string', 'A top-level section id: measures linked to its actions'],
              ['colour', 'string', 'Of the latest evaluation: red, amber, green, blue, grey or none'],
              ['page', 'integer', 'From 1'],
              ['pageSize', 'integer', '1 to 200 (default 25)'],
            ]),
          ],
          responses: {
            200: { description: '{ items, page, pageSize, total, pages }' },
            ...errors(400, 401, 404),
          },
        },
      },
      '/api/plans/{planId}/values': {
        post: {
          summary: 'Several measure values at once (?dryRun=true to preview); all rows are stored or none',
          parameters: [
            { name: 'planId', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'dryRun', in: 'query', required: false, schema: { type: 'boolean' } },
          ],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/ValuesUpload' } } },
          },
          responses: {
            201: { description: 'Stored' },
            200: { description: 'Preview (dry run)' },
            ...errors(400, 401, 403, 404),
          },
        },
      },
      '/api/measures/{measureId}': {
        get: {
          summary: 'One measure with its series and value history',
          parameters: [{ name: 'measureId', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { 200: { description: 'The measure' }, ...errors(401, 404) },
        },
      },
      '/api/measures/{measureId}/values': {
        post: {
          summary: "Record (or correct) a period's value",
          parameters: [{ name: 'measureId', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/ValueInput' } } },
          },
          responses: {
            201: { description: 'The measure with its new evaluation' },
            ...errors(400, 401, 403, 404),
          },
        },
      },
      '/api/actions/{actionId}/progress': {
        post: {
          summary: 'Record progress: a status from the plan key, a narrative, a date and evidence',
          parameters: [actionId],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/ProgressInput' } } },
          },
          responses: {
            201: {
              description: 'The action with its new status',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Action' } } },
            },
            ...errors(400, 401, 403, 404, 409),
          },
        },
      },
    },
  };
  const paths: Record<string, Record<string, unknown>> = { ...document.paths, ...editingPaths(errors) };
  for (const [at, operations] of Object.entries(editingAdditions(errors)))
    paths[at] = { ...paths[at], ...operations };
  return { ...document, paths };
}

export function openApiRoutes({ render }: WebContext) {
  return async (app: FastifyInstance) => {
    const document = openApiDocument();
    app.get('/api/openapi.json', async () => document);
    app.get('/api/docs', async (request, reply) => {
      if (!request.user) return reply.redirect(`/sign-in?returnTo=${encodeURIComponent('/api/docs')}`);
      return render(request, reply, 'pages/api-docs.njk', {
        title: 'API',
        section: 'api',
        document,
        json: JSON.stringify(document, null, 2),
      });
    });
  };
}
