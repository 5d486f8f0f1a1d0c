import type { FastifyInstance } from 'fastify';
import { actorOf, requirePageUser } from '../auth.ts';
import type { WebContext } from '../app.ts';

export function peoplePages({ core, render, today }: WebContext) {
  return async (app: FastifyInstance) => {
    app.addHook(
      'preHandler',
      requirePageUser((url) => url.startsWith('/people') || url.startsWith('/my-actions')),
    );

    app.get<{ Params: { id: string } }>('/people/:id', async (request, reply) => {
      const { person, rows } = await core.queries.people.person(actorOf(request), request.params.id, today());
      return render(request, reply, 'pages/person.njk', {
        title: person.name,
        section: 'plans',
        person,
        mine: false,
        rows,
      });
    });

    app.get('/my-actions', async (request, reply) => {
      const { person, rows } = await core.queries.people.mine(actorOf(request), today());
      return render(request, reply, 'pages/person.njk', {
        title: 'My actions',
        section: 'my-actions',
        person,
        mine: true,
        rows,
      });
    });
  };
}
