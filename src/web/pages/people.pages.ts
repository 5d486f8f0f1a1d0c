import type { PersonSummary } from '../../services/people.service.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { NotFoundError } from '../../db/errors.ts';
import { viewActions, type ActionView } from '../../services/dashboard.service.ts';
import { requirePageUser } from '../auth.ts';
import type { WebContext } from '../app.ts';

export function peoplePages({ services, render, today }: WebContext) {
  /** A person's actions across the organisation's plans, overdue first, then by due date. */
  async function actionsOf(organisationId: string, person: { id: string; name: string }) {
    const links = await services.people.ledActions(organisationId, person);
    const byPlan = new Map<string, Set<string>>();
    for (const l of links) byPlan.set(l.plan_id, (byPlan.get(l.plan_id) ?? new Set()).add(l.id));
    const rows: { view: ActionView; planId: string; planTitle: string }[] = [];
    for (const [planId, ids] of byPlan) {
      const { lastUpdate, ...doc } = await services.plans.overview(organisationId, planId);
      for (const view of viewActions(doc, today(), lastUpdate)) {
        if (ids.has(view.action.id)) rows.push({ view, planId, planTitle: doc.plan.title });
      }
    }
    return rows.sort(
      (a, b) =>
        Number(b.view.overdue) - Number(a.view.overdue) ||
        (a.view.action.due?.end ?? '9999').localeCompare(b.view.action.due?.end ?? '9999'),
    );
  }

  async function showPerson(
    request: FastifyRequest,
    reply: FastifyReply,
    person: PersonSummary | null,
    mine: boolean,
  ) {
    const rows = person ? await actionsOf(request.user!.organisationId, person) : [];
    return render(request, reply, 'pages/person.njk', {
      title: mine ? 'My actions' : (person?.name ?? 'Person'),
      section: mine ? 'my-actions' : 'plans',
      person,
      mine,
      rows,
    });
  }

  return async (app: FastifyInstance) => {
    app.addHook(
      'preHandler',
      requirePageUser((url) => url.startsWith('/people') || url.startsWith('/my-actions')),
    );

    app.get<{ Params: { id: string } }>('/people/:id', async (request, reply) => {
      const person = await services.people.get(request.user!.organisationId, request.params.id);
      if (!person) throw new NotFoundError('person', request.params.id);
      return showPerson(request, reply, person, false);
    });

    app.get('/my-actions', async (request, reply) => {
      const user = request.user!;
      const person = (await services.people.forAccount(user.organisationId, user)) ?? null;
      return showPerson(request, reply, person, true);
    });
  };
}
