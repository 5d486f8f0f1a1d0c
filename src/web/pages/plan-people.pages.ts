/**
 * The plan's people, for its managers: add someone, correct a person's details, and merge two records of one
 * person ("Marie White" and "Maria White"), whose leads, plan links and accounts then name the record kept.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createPerson, editPerson, mergePeople } from '../../core/commands/person.commands.ts';
import { actorOf, checkCsrf, requirePageUser } from '../auth.ts';
import type { WebContext } from '../app.ts';
import type { FieldError } from '../errors.ts';
import {
  errorsByField,
  one,
  submitForm,
  textOrNull,
  versionOf,
  withBanner,
  type FormBody,
} from '../forms.ts';

const PERSON_FIELDS = {
  name: 'name',
  initials: 'initials',
  jobTitle: 'jobTitle',
  organisation: 'organisation',
  email: 'email',
};

const personFields = (body: FormBody) => ({
  name: one(body.name)?.trim() ?? '',
  initials: textOrNull(body.initials),
  jobTitle: textOrNull(body.jobTitle),
  organisation: textOrNull(body.organisation),
  email: textOrNull(body.email),
});

export function planPeoplePages({ core, render }: WebContext) {
  async function showPeople(
    request: FastifyRequest<{ Params: { planId: string } }>,
    reply: FastifyReply,
    failed?: { form: 'add' | 'merge'; errors: FieldError[]; body: FormBody },
  ) {
    const actor = actorOf(request);
    const head = await core.queries.access.plan(actor, request.params.planId, 'plan.manage');
    const { doc } = await core.queries.plans.overview(actor, head.planId);
    const led = new Map<string, number>();
    for (const a of doc.actions) for (const lead of a.leads) led.set(lead, (led.get(lead) ?? 0) + 1);
    const people = [...doc.people].sort((a, b) => a.name.localeCompare(b.name));
    return render(
      request,
      reply,
      'pages/plan-people.njk',
      {
        title: 'People',
        section: 'plans',
        planId: head.planId,
        head,
        doc,
        people: people.map((p) => ({ ...p, leads: led.get(p.name) ?? 0 })),
        adding: failed?.form === 'add' ? failed.body : {},
        merging: failed?.form === 'merge' ? failed.body : {},
        errors: failed?.errors,
        fieldError: errorsByField(failed?.errors),
      },
      failed ? 400 : 200,
    );
  }

  async function showPerson(
    request: FastifyRequest<{ Params: { planId: string; personId: string } }>,
    reply: FastifyReply,
    failed?: { errors: FieldError[]; body: FormBody },
  ) {
    const actor = actorOf(request);
    const { planId, personId } = request.params;
    const head = await core.queries.access.plan(actor, planId, 'plan.manage');
    const { person } = await core.queries.structure.person(actor, planId, personId);
    const { doc } = await core.queries.plans.overview(actor, planId);
    return render(
      request,
      reply,
      'pages/plan-person.njk',
      {
        title: `Change ${person.name}`,
        section: 'plans',
        planId,
        head,
        doc,
        person,
        values: failed?.body ?? person,
        errors: failed?.errors,
        fieldError: errorsByField(failed?.errors),
      },
      failed ? 400 : 200,
    );
  }

  return async (app: FastifyInstance) => {
    app.addHook(
      'preHandler',
      requirePageUser((url) => /^\/plans\/[^/]+\/people/.test(url)),
    );

    app.get<{ Params: { planId: string } }>('/plans/:planId/people', (request, reply) =>
      showPeople(request, reply),
    );

    app.post<{ Params: { planId: string }; Body: FormBody }>(
      '/plans/:planId/people',
      async (request, reply) => {
        checkCsrf(request);
        const { planId } = request.params;
        return submitForm(reply, {
          run: () => core.run(createPerson, actorOf(request), { planId, ...personFields(request.body) }),
          done: () =>
            withBanner(`/plans/${planId}/people`, `${personFields(request.body).name} has been added`),
          fields: PERSON_FIELDS,
          again: (errors) => showPeople(request, reply, { form: 'add', errors, body: request.body }),
        });
      },
    );

    app.post<{ Params: { planId: string }; Body: FormBody }>(
      '/plans/:planId/people/merge',
      async (request, reply) => {
        checkCsrf(request);
        const { planId } = request.params;
        return submitForm(reply, {
          run: () =>
            core.run(mergePeople, actorOf(request), {
              planId,
              keepId: one(request.body.keepId) ?? '',
              mergeId: one(request.body.mergeId) ?? '',
            }),
          done: () => withBanner(`/plans/${planId}/people`, 'The two records are now one'),
          fields: { keepId: 'keepId', mergeId: 'mergeId' },
          again: (errors) => showPeople(request, reply, { form: 'merge', errors, body: request.body }),
        });
      },
    );

    app.get<{ Params: { planId: string; personId: string } }>(
      '/plans/:planId/people/:personId',
      (request, reply) => showPerson(request, reply),
    );

    app.post<{ Params: { planId: string; personId: string }; Body: FormBody }>(
      '/plans/:planId/people/:personId',
      async (request, reply) => {
        checkCsrf(request);
        const { planId, personId } = request.params;
        return submitForm(reply, {
          run: () =>
            core.run(editPerson, actorOf(request), {
              planId,
              personId,
              version: versionOf(request.body),
              ...personFields(request.body),
            }),
          done: () => withBanner(`/plans/${planId}/people`, 'Their details have been changed'),
          fields: PERSON_FIELDS,
          again: (errors) => showPerson(request, reply, { errors, body: request.body }),
        });
      },
    );
  };
}
