import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  createAction,
  editAction,
  recordProgress,
  signOffAction,
} from '../../core/commands/action.commands.ts';
import { moveAction } from '../../core/commands/structure.commands.ts';
import { setFollowing } from '../../core/commands/follow.commands.ts';
import { decideDueChange, requestDueChange } from '../../core/commands/due-change.commands.ts';
import { viewActions } from '../../core/read-models/action-views.ts';
import { MissingVersionError, NotFoundError, StaleVersionError } from '../../db/errors.ts';
import type { Actor } from '../../domain/actor.ts';
import { colourOfRag, DEFAULT_STATUS_KEY } from '../../domain/status.ts';
import { parseTimescale } from '../../domain/timescale.ts';
import { actorOf, checkCsrf, requirePageUser } from '../auth.ts';
import type { WebContext } from '../app.ts';
import { PRECOMPRESSED } from '../cached-page.ts';
import { readDateInput } from '../date-input.ts';
import { formErrors, type FieldError } from '../errors.ts';
import { describeChange } from '../history.ts';
import {
  errorsByField,
  lines,
  many,
  one,
  submitForm,
  textOrNull,
  versionOf,
  withBanner,
  type FormBody,
  flatten,
} from '../forms.ts';
import { leadChoices, leadsFromForm } from '../lead-fields.ts';
import { personIdsByName } from '../person-links.ts';
import { placeOptions, sectionOptions } from '../section-options.ts';

type Form = Record<string, string | undefined>;

/** Where each command field's control is on the action page. */
const PROGRESS_FIELDS = {
  status: 'status',
  narrative: 'narrative',
  date: 'date-day',
  evidence: 'evidence',
  confirmEarlier: 'confirmEarlier',
};
const EDIT_FIELDS = {
  text: 'text',
  dueChangeReason: 'dueChangeReason',
  leads: 'leads',
  due: 'due',
  ref: 'ref',
  partners: 'partners',
  successCriteria: 'successCriteria',
  monitoring: 'monitoring',
  evidence: 'edit-evidence',
  crossRefs: 'crossRefs',
  recommendationIds: 'recommendationIds',
  measureIds: 'measureIds',
};
const MOVE_FIELDS = { sectionId: 'move-sectionId', parentId: 'move-parentId', beforeId: 'move-beforeId' };

interface ActionLike {
  id: string;
  ref: string | null;
  text: string;
  parentId: string | null;
  sectionId: string | null;
}

/** Where an action can go: another section (an action) or another action (a milestone), and its place there. */
function moveChoices(
  doc: { sections: Parameters<typeof sectionOptions>[0]; actions: ActionLike[] },
  action: ActionLike,
) {
  const label = (a: ActionLike) => `${a.ref ? `${a.ref} ` : ''}${a.text}`.slice(0, 90);
  const siblings = doc.actions.filter((a) =>
    action.parentId ? a.parentId === action.parentId : !a.parentId && a.sectionId === action.sectionId,
  );
  return {
    sectionChoices: action.parentId ? [] : sectionOptions(doc.sections, { selected: action.sectionId }),
    parentChoices: action.parentId
      ? doc.actions
          .filter((a) => !a.parentId)
          .map((a) => ({ value: a.id, text: label(a), selected: a.id === action.parentId }))
      : [],
    placeChoices: placeOptions(siblings, action.id, label),
  };
}

/** Each cross-reference with the page it points to: an action by its ref ("3.1.5"), a recommendation by its code ("IN 3."). */
function crossRefLinks(
  doc: {
    actions: { id: string; ref: string | null }[];
    recommendations: { id: string; ref: string | null }[];
  },
  codes: string[],
) {
  return codes.map((code) => {
    const compact = code.replace(/[\s.]+$/, '').replace(/\s+/g, '');
    const action = doc.actions.find((a) => a.ref !== null && a.ref.replace(/\.$/, '') === compact);
    const recommendation = doc.recommendations.find((r) => r.ref !== null && r.ref === compact);
    const href = action
      ? `/actions/${action.id}`
      : recommendation
        ? `/recommendations/${recommendation.id}`
        : null;
    return { text: code, href };
  });
}

export function actionPages(context: WebContext) {
  const { core, render, renderCached, today } = context;

  /** `typedLeads`: the leads as just sent, when the form is shown again with its errors. */
  async function actionPageData(actor: Actor, actionId: string, day: string, typedLeads?: string[]) {
    const { head, can, action } = await core.queries.actions.action(actor, actionId);
    const { doc, lastUpdate } = await core.queries.plans.overview(actor, head.planId);
    const own = new Map(lastUpdate);
    const latest = action.updates
      .map((u) => u.date)
      .sort()
      .at(-1);
    if (latest) own.set(action.id, latest);
    const view = viewActions({ ...doc, actions: [action] }, day, own).find((v) => v.action.id === actionId);
    const history = await core.queries.plans.history(head, actionId);
    // The date the plan first gave, when it has been moved since: shown beside the current one.
    const firstMove = history.find(
      (h) => h.operation === 'update' && (h.after as { dueChangeReason?: string } | null)?.dueChangeReason,
    );
    const originalDue = firstMove
      ? ((firstMove.before as { due?: { raw?: string } | null } | null)?.due?.raw ?? null)
      : null;
    const key = doc.plan.statusKey.length > 0 ? doc.plan.statusKey : DEFAULT_STATUS_KEY;
    return {
      follow: await core.queries.follows.state(actor, 'action', actionId),
      title: `${action.ref ? `${action.ref} ` : ''}${action.text.slice(0, 60)}`,
      section: 'plans',
      planId: head.planId,
      head,
      can,
      doc,
      action,
      view,
      leadColour: view?.rating ?? colourOfRag(action.status?.rag ?? null) ?? 'none',
      suggestedColour: view?.suggestion.colour ?? 'none',
      version: action.version,
      parent: doc.actions.find((a) => a.id === action.parentId) ?? null,
      milestones: doc.actions.filter((a) => a.parentId === actionId),
      personIds: personIdsByName(doc.people),
      crossRefLinks: crossRefLinks(doc, action.crossRefs),
      leadPicker: leadChoices(doc.people, typedLeads ?? action.leads),
      recommendations: doc.recommendations.filter((r) => action.recommendationIds.includes(r.id)),
      sectionOf: doc.sections.find((s) => s.id === action.sectionId) ?? null,
      parsedDue: action.due ? parseTimescale(action.due.raw, { planDate: doc.plan.date }) : null,
      key,
      history: history
        .slice()
        .reverse()
        .map((h) => ({ ...h, what: describeChange(h) })),
      today: day,
      originalDue,
      pendingDueChange: await core.queries.actions.pendingDueChange(actor, actionId),
      progress: {},
      editing: {},
      ...(can.edit ? moveChoices(doc, action) : {}),
      measures: can.edit
        ? (await core.queries.measures.measuresOf(actor, head.planId)).map((m) => ({
            id: m.id,
            ref: m.ref,
            name: m.name,
          }))
        : [],
    };
  }

  async function showAction(
    request: FastifyRequest,
    reply: FastifyReply,
    actionId: string,
    extra: Record<string, unknown> = {},
    status = 200,
  ) {
    const typedLeads = extra.editingLeads as string[] | undefined;
    const data = await actionPageData(actorOf(request), actionId, today(), typedLeads);
    const fieldError = errorsByField(extra.errors as FieldError[] | undefined);
    return render(request, reply, 'pages/action.njk', { ...data, fieldError, ...extra }, status);
  }

  /** 409: someone else saved first. Shows what the action is now and who changed it. */
  async function showStale(request: FastifyRequest, reply: FastifyReply, actionId: string) {
    const actor = actorOf(request);
    const { head, action } = await core.queries.actions.action(actor, actionId);
    const last = (await core.queries.plans.history(head, actionId)).at(-1);
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

  /** Runs a form's command: bad input shows the form again with the command's own words; a stale version, 409. */
  async function submit(
    request: FastifyRequest<{ Params: { actionId: string } }>,
    reply: FastifyReply,
    run: () => Promise<{ warnings?: string[] } | object>,
    form: {
      fields: Record<string, string>;
      echo: string;
      body: Form;
      /** Errors in the form's own format (a date in three boxes), with the command's checks of the rest. */
      errors?: FieldError[];
      check?: () => FieldError[];
      /** More of what was typed, for controls that are not text (checkboxes). */
      extra?: Record<string, unknown>;
    },
  ) {
    const { actionId } = request.params;
    if (form.errors?.length) {
      const rest = (form.check?.() ?? []).filter((e) => !form.errors?.some((f) => f.href === e.href));
      const errors = [...rest, ...form.errors];
      return showAction(request, reply, actionId, { errors, [form.echo]: form.body, ...form.extra }, 400);
    }
    try {
      const result = (await run()) as { warnings?: string[] };
      const warned = result.warnings?.length
        ? `&warning=${encodeURIComponent(result.warnings.join(' '))}`
        : '';
      return reply.redirect(`/actions/${actionId}?updated=1${warned}`, 303);
    } catch (error) {
      if (error instanceof StaleVersionError || error instanceof MissingVersionError)
        return showStale(request, reply, actionId);
      const errors = formErrors(error, form.fields);
      if (!errors) throw error;
      return showAction(request, reply, actionId, { errors, [form.echo]: form.body, ...form.extra }, 400);
    }
  }

  return async (app: FastifyInstance) => {
    app.addHook(
      'preHandler',
      requirePageUser((url) => url.startsWith('/actions') || /^\/plans\/[^/]+\/actions\//.test(url)),
    );

    app.get<{ Params: { actionId: string }; Querystring: { updated?: string; warning?: string } }>(
      '/actions/:actionId',
      PRECOMPRESSED,
      async (request, reply) => {
        const actor = actorOf(request);
        const { actionId } = request.params;
        const day = today();
        const { head, facts } =
          core.queries.access.actionNow(actor, actionId) ??
          (await core.queries.access.action(actor, actionId));
        const banner = request.query.updated ? `|${request.query.warning ?? 'updated'}` : '';
        const choice = await core.queries.follows.choice(actor, 'action', actionId);
        // The page shows the progress of this action and its milestones only: kept while the plan's structure and
        // their versions hold, however often other actions are updated.
        return renderCached(
          request,
          reply,
          {
            planId: head.planId,
            revision: head.structureRevision,
            structural: true,
            key: `action|${actionId}|${facts.familyVersion}|${day}${banner}|${String(choice)}`,
          },
          'pages/action.njk',
          async () => ({
            ...(await actionPageData(actor, actionId, day)),
            updated: !!request.query.updated,
            warning: request.query.updated ? (request.query.warning ?? null) : null,
          }),
        );
      },
    );

    app.post<{ Params: { actionId: string }; Body: Form }>(
      '/actions/:actionId/progress',
      async (request, reply) => {
        checkCsrf(request);
        const body = request.body;
        // The form's own format: a date written in three boxes. Every rule about the update is the command's.
        const read = readDateInput(body, 'date', today());
        const errors = read.error ? [{ text: `Date of the update ${read.error}`, href: '#date-day' }] : [];
        const input = {
          actionId: request.params.actionId,
          version: body.version ? Number(body.version) : undefined,
          status: body.status ?? '',
          narrative: body.narrative ?? '',
          date: read.date ?? undefined,
          evidence: lines(body.evidence),
          confirmEarlier: body.confirmEarlier === 'yes',
        };
        const check = () => {
          const parsed = recordProgress.input.safeParse(input);
          return parsed.success ? [] : (formErrors(parsed.error, PROGRESS_FIELDS) ?? []);
        };
        return submit(request, reply, () => core.run(recordProgress, actorOf(request), input), {
          fields: PROGRESS_FIELDS,
          echo: 'progress',
          body,
          errors,
          check,
        });
      },
    );

    app.post<{ Params: { actionId: string }; Body: FormBody }>(
      '/actions/:actionId/edit',
      async (request, reply) => {
        checkCsrf(request);
        const body = request.body;
        const flat = flatten(body);
        return submit(
          request,
          reply,
          () =>
            core.run(editAction, actorOf(request), {
              actionId: request.params.actionId,
              version: versionOf(body),
              text: one(body.text) ?? '',
              ref: textOrNull(body.ref),
              leads: leadsFromForm(body),
              partners: lines(body.partners),
              joint: one(body.joint) === 'yes',
              due: (one(body.due) ?? '').trim(),
              dueChangeReason: one(body.dueChangeReason)?.trim() || undefined,
              successCriteria: lines(body.successCriteria),
              monitoring: lines(body.monitoring),
              evidence: lines(body.evidence),
              crossRefs: lines(body.crossRefs),
              recommendationIds: many(body.recommendationIds),
              measureIds: many(body.measureIds),
            }),
          {
            fields: EDIT_FIELDS,
            echo: 'editing',
            body: { ...flat, recommendationIds: undefined, measureIds: undefined },
            extra: {
              editingLeads: leadsFromForm(body),
              editingRecommendations: many(body.recommendationIds),
              editingMeasures: many(body.measureIds),
            },
          },
        );
      },
    );

    app.post<{ Params: { actionId: string }; Body: Form }>(
      '/actions/:actionId/follow',
      async (request, reply) => {
        checkCsrf(request);
        const { actionId } = request.params;
        await core.run(setFollowing, actorOf(request), {
          subject: 'action',
          id: actionId,
          following: request.body.following === 'yes',
        });
        return reply.redirect(`/actions/${actionId}?updated=1`, 303);
      },
    );

    app.post<{ Params: { actionId: string }; Body: FormBody }>(
      '/actions/:actionId/sign-off',
      async (request, reply) => {
        checkCsrf(request);
        const body = request.body;
        return submit(
          request,
          reply,
          () =>
            core.run(signOffAction, actorOf(request), {
              actionId: request.params.actionId,
              version: versionOf(body),
              decision: one(body.decision) as 'approve' | 'return',
              reason: one(body.reason)?.trim() || undefined,
            }),
          {
            fields: { decision: 'decision', reason: 'signOffReason' },
            echo: 'signingOff',
            body: flatten(body),
          },
        );
      },
    );

    app.post<{ Params: { actionId: string }; Body: FormBody }>(
      '/actions/:actionId/due-change',
      async (request, reply) => {
        checkCsrf(request);
        const body = request.body;
        return submit(
          request,
          reply,
          () =>
            core.run(requestDueChange, actorOf(request), {
              actionId: request.params.actionId,
              due: one(body.due) ?? '',
              reason: one(body.reason) ?? '',
            }),
          { fields: { due: 'newDue', reason: 'dueReason' }, echo: 'dueRequest', body: flatten(body) },
        );
      },
    );

    app.post<{ Params: { actionId: string; requestId: string }; Body: FormBody }>(
      '/actions/:actionId/due-change/:requestId',
      async (request, reply) => {
        checkCsrf(request);
        const body = request.body;
        return submit(
          request,
          reply,
          () =>
            core.run(decideDueChange, actorOf(request), {
              requestId: request.params.requestId,
              decision: one(body.decision) as 'approve' | 'refuse',
              note: one(body.note)?.trim() || undefined,
            }),
          { fields: { decision: 'dueDecision', note: 'dueNote' }, echo: 'dueDecision', body: flatten(body) },
        );
      },
    );

    app.post<{ Params: { actionId: string }; Body: FormBody }>(
      '/actions/:actionId/move',
      async (request, reply) => {
        checkCsrf(request);
        const body = request.body;
        const { actionId } = request.params;
        return submitForm(reply, {
          run: () =>
            core.run(moveAction, actorOf(request), {
              actionId,
              version: versionOf(body),
              sectionId: one(body.sectionId) || undefined,
              parentId: one(body.parentId) || undefined,
              beforeId: one(body.beforeId) || undefined,
            }),
          done: () => withBanner(`/actions/${actionId}`, 'It has been moved'),
          fields: MOVE_FIELDS,
          again: (errors) => showAction(request, reply, actionId, { errors }, 400),
        });
      },
    );

    async function newActionPage(
      actor: Actor,
      planId: string,
      parentId: string | undefined,
      sectionId?: string,
    ) {
      const head = await core.queries.access.plan(actor, planId, 'plan.manage');
      const { doc } = await core.queries.plans.overview(actor, planId);
      const parent = parentId ? (doc.actions.find((a) => a.id === parentId) ?? null) : null;
      if (parentId && !parent) throw new NotFoundError('action', parentId);
      return {
        title: parent ? 'Add a milestone' : 'Add an action',
        section: 'plans',
        planId,
        head,
        doc,
        parent,
        values: { sectionId },
        leadPicker: leadChoices(doc.people, []),
        fieldError: {},
      };
    }

    app.get<{ Params: { planId: string }; Querystring: { parent?: string; section?: string } }>(
      '/plans/:planId/actions/new',
      async (request, reply) =>
        render(
          request,
          reply,
          'pages/new-action.njk',
          await newActionPage(
            actorOf(request),
            request.params.planId,
            request.query.parent,
            request.query.section,
          ),
        ),
    );

    app.post<{ Params: { planId: string }; Body: Record<string, string | string[] | undefined> }>(
      '/plans/:planId/actions/new',
      async (request, reply) => {
        checkCsrf(request);
        const actor = actorOf(request);
        const body = request.body;
        const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
        const parentId = one(body.parentId) || undefined;
        try {
          const created = await core.run(createAction, actor, {
            planId: request.params.planId,
            parentId,
            sectionId: one(body.sectionId) || undefined,
            ref: one(body.ref),
            text: one(body.text) ?? '',
            leads: leadsFromForm(body),
            due: one(body.due) || undefined,
            recommendationIds: [body.recommendationIds ?? []].flat().filter(Boolean),
          });
          return reply.redirect(`/actions/${created.actionId}?updated=1`, 303);
        } catch (error) {
          const errors = formErrors(error, { text: 'text', sectionId: 'sectionId', parentId: 'text' });
          if (!errors) throw error;
          const page = await newActionPage(actor, request.params.planId, parentId);
          return render(
            request,
            reply,
            'pages/new-action.njk',
            {
              ...page,
              leadPicker: leadChoices(page.doc.people, leadsFromForm(body)),
              errors,
              fieldError: Object.fromEntries(errors.map((e) => [e.href.slice(1), { text: e.text }])),
              values: { ...body, recommendationIds: [body.recommendationIds ?? []].flat() },
            },
            400,
          );
        }
      },
    );
  };
}
