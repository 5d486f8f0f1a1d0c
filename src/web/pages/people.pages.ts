import type { FastifyInstance } from 'fastify';
import { actorOf, requirePageUser } from '../auth.ts';
import type { WebContext } from '../app.ts';
import { PRECOMPRESSED } from '../cached-page.ts';

export function peoplePages({ core, renderCached, today }: WebContext) {
  return async (app: FastifyInstance) => {
    app.addHook(
      'preHandler',
      requirePageUser((url) => url.startsWith('/people') || url.startsWith('/my-actions')),
    );

    // A person's list is worked out from the plans' cached views; its page is kept while those plans' revisions hold.
    app.get<{ Params: { id: string } }>('/people/:id', PRECOMPRESSED, async (request, reply) => {
      const day = today();
      const { person, rows, revisions } = await core.queries.people.person(
        actorOf(request),
        request.params.id,
        day,
      );
      const key = { planId: `people|${person.id}`, revision: 0, key: `${day}|${revisions}` };
      return renderCached(request, reply, key, 'pages/person.njk', async () => ({
        title: person.name,
        section: 'plans',
        person,
        mine: false,
        rows,
      }));
    });

    app.get('/my-actions', PRECOMPRESSED, async (request, reply) => {
      const actor = actorOf(request);
      const day = today();
      const { person, rows, revisions } = await core.queries.people.mine(actor, day);
      const key = { planId: `mine|${actor.userId}`, revision: 0, key: `${day}|${revisions}` };
      return renderCached(request, reply, key, 'pages/person.njk', async () => ({
        title: 'My actions',
        section: 'my-actions',
        person,
        mine: true,
        rows,
      }));
    });
  };
}
