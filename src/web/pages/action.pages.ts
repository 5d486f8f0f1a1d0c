import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { StaleVersionError } from '../../db/errors.ts';
import { parseTimescale } from '../../domain/timescale.ts';
import { colourOfRag, DEFAULT_STATUS_KEY } from '../../domain/status.ts';
import { viewActions } from '../../services/dashboard.service.ts';
import { checkCsrf, requirePageUser } from '../auth.ts';
import type { WebContext } from '../app.ts';
import { PRECOMPRESSED } from '../cached-page.ts';
import { personIdsByName } from '../person-links.ts';
import { readDateInput } from '../date-input.ts';
import { describeChange } from '../history.ts';

type Form = Record<string, string | undefined>;
interface FieldError {
  text: string;
  href: string;
}

const lines = (text: string | undefined) =>
  (text ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

export function actionPages(context: WebContext) {
  const { services, render, renderCached, today } = context;

  async function showAction(
    request: FastifyRequest,
    reply: FastifyReply,
    actionId: string,
    extra: Record<string, unknown> = {},
    status = 200,
  ) {
    const context = await actionPageData(request.user!.organisationId, actionId, today());
    return render(request, reply, 'pages/action.njk', { ...context, ...extra }, status);
  }

  async function actionPageData(org: string, actionId: string, day: string) {
    const planId = await services.actions.planIdOf(org, actionId);
    const { lastUpdate: _lastUpdate, ...doc } = await services.plans.overview(org, planId);
    const { version, ...action } = await services.actions.getVersioned(org, actionId);
    const view = viewActions({ ...doc, actions: [action] }, day).find((v) => v.action.id === actionId);
    const history = await services.organisations.audit(org, { entityId: actionId });
    const key = doc.plan.statusKey.length > 0 ? doc.plan.statusKey : DEFAULT_STATUS_KEY;
    return {
      title: `${action.ref ? `${action.ref} ` : ''}${action.text.slice(0, 60)}`,
      section: 'plans',
      planId,
      doc,
      action,
      view,
      leadColour: view?.complete
        ? 'blue'
        : (view?.leadColour ?? colourOfRag(action.status?.rag ?? null) ?? 'none'),
      suggestedColour: view?.suggestion.colour ?? 'none',
      version,
      parent: doc.actions.find((a) => a.id === action.parentId) ?? null,
      milestones: doc.actions.filter((a) => a.parentId === actionId),
      personIds: personIdsByName(doc.people),
      recommendations: doc.recommendations.filter((r) => action.recommendationIds.includes(r.id)),
      sectionOf: doc.sections.find((s) => s.id === action.sectionId) ?? null,
      parsedDue: action.due ? parseTimescale(action.due.raw, { planDate: doc.plan.date }) : null,
      key,
      history: history
        .slice()
        .reverse()
        .map((h) => ({ ...h, what: describeChange(h) })),
      today: day,
      progress: {},
      editing: {},
    };
  }

  return async (app: FastifyInstance) => {
    app.addHook(
      'preHandler',
      requirePageUser((url) => url.startsWith('/actions') || url.startsWith('/recommendations')),
    );

    app.get<{ Params: { actionId: string } }>('/actions/:actionId', PRECOMPRESSED, async (request, reply) => {
      const org = request.user!.organisationId;
      const { actionId } = request.params;
      const day = today();
      const planId = await services.actions.planIdOf(org, actionId);
      return renderCached(
        request,
        reply,
        { planId, key: `action|${org}|${actionId}|${day}` },
        'pages/action.njk',
        () => actionPageData(org, actionId, day),
      );
    });

    app.post<{ Params: { actionId: string }; Body: Form }>(
      '/actions/:actionId/progress',
      async (request, reply) => {
        checkCsrf(request);
        const body = request.body;
        const errors: FieldError[] = [];
        if (!body.status) errors.push({ text: "Choose a status from the plan's key", href: '#status' });
        if (!body.narrative?.trim()) errors.push({ text: 'Describe the progress made', href: '#narrative' });
        const read = readDateInput(body, 'date', today());
        const date = read.date ?? '';
        if (read.error) errors.push({ text: `Date of the update ${read.error}`, href: '#date-day' });
        else if (date > today())
          errors.push({ text: 'Date of the update must be today or in the past', href: '#date-day' });
        if (body.evidence && !/^https?:\/\/\S+$/.test(body.evidence.trim()))
          errors.push({
            text: 'Enter the evidence link as a web address starting http:// or https://',
            href: '#evidence',
          });
        if (errors.length > 0)
          return showAction(request, reply, request.params.actionId, { errors, progress: body }, 400);
        try {
          await services.actions.recordProgress(
            request.user!.organisationId,
            request.params.actionId,
            {
              version: Number(body.version),
              status: body.status as string,
              narrative: body.narrative as string,
              date,
              evidence: body.evidence ? [body.evidence.trim()] : [],
            },
            request.user!.name,
          );
        } catch (error) {
          if (error instanceof StaleVersionError) return showStale(request, reply, request.params.actionId);
          throw error;
        }
        return reply.redirect(`/actions/${request.params.actionId}?updated=1`, 303);
      },
    );

    app.post<{ Params: { actionId: string }; Body: Form }>(
      '/actions/:actionId/edit',
      async (request, reply) => {
        checkCsrf(request);
        const body = request.body;
        const current = await services.actions.get(request.user!.organisationId, request.params.actionId);
        const errors: FieldError[] = [];
        if (!body.text?.trim()) errors.push({ text: 'Enter the action', href: '#text' });
        const dueChanged = (body.due ?? '').trim() !== (current.due?.raw ?? '');
        if (dueChanged && !body.dueChangeReason?.trim())
          errors.push({ text: 'Give a reason for changing the timescale', href: '#dueChangeReason' });
        if (errors.length > 0)
          return showAction(request, reply, request.params.actionId, { errors, editing: body }, 400);
        try {
          await services.actions.edit(
            request.user!.organisationId,
            request.params.actionId,
            {
              version: Number(body.version),
              text: body.text?.trim(),
              leads: lines(body.leads),
              ...(dueChanged
                ? { due: (body.due ?? '').trim(), dueChangeReason: body.dueChangeReason?.trim() }
                : {}),
            },
            request.user!.name,
          );
        } catch (error) {
          if (error instanceof StaleVersionError) return showStale(request, reply, request.params.actionId);
          if (error instanceof ZodError)
            return showAction(
              request,
              reply,
              request.params.actionId,
              {
                errors: error.issues.map((i) => ({ text: i.message, href: `#${String(i.path[0])}` })),
                editing: body,
              },
              400,
            );
          throw error;
        }
        return reply.redirect(`/actions/${request.params.actionId}?updated=1`, 303);
      },
    );

    /** 409: someone else saved first. Shows what the action is now and who changed it. */
    async function showStale(request: FastifyRequest, reply: FastifyReply, actionId: string) {
      const org = request.user!.organisationId;
      const action = await services.actions.get(org, actionId);
      const last = (await services.organisations.audit(org, { entityId: actionId })).at(-1);
      return render(
        request,
        reply,
        'pages/error.njk',
        {
          title: 'Someone else changed this action',
          status: 409,
          message: 'Someone else saved a change to this action after you opened it.',
          stale: { action, changedBy: last?.actor ?? null, changedAt: last?.occurredAt ?? null },
        },
        409,
      );
    }

    app.get<{ Params: { id: string } }>('/recommendations/:id', async (request, reply) => {
      const org = request.user!.organisationId;
      const planId = await services.plans.planOfRecommendation(org, request.params.id);
      const doc = await services.plans.overview(org, planId);
      const recommendation = doc.recommendations.find((r) => r.id === request.params.id);
      const serving = doc.actions.filter((a) => a.recommendationIds.includes(request.params.id));
      return render(request, reply, 'pages/recommendation.njk', {
        title: `Recommendation ${recommendation?.ref ?? ''}`,
        section: 'plans',
        planId: planId,
        doc,
        recommendation,
        source: doc.sources.find((s) => s.id === recommendation?.sourceId) ?? null,
        sectionOf: doc.sections.find((s) => s.id === recommendation?.sectionId) ?? null,
        serving,
      });
    });
  };
}
