/** Calendar feeds: GET /calendars/SECRET.ics, for calendar apps (no session: the secret in the address is the key). */
import type { FastifyInstance } from 'fastify';
import { NotFoundError } from '../../db/errors.ts';
import { writeCalendar } from '../../export/calendar.ts';
import type { WebContext } from '../app.ts';

export function calendarPages({ core }: WebContext) {
  return async (app: FastifyInstance) => {
    app.get<{ Params: { file: string } }>('/calendars/:file', async (request, reply) => {
      const token = /^([A-Za-z0-9_-]{16,200})\.ics$/.exec(request.params.file)?.[1];
      if (!token) throw new NotFoundError('calendar feed', 'this link');
      const feed = await core.queries.calendar.feed(token, core.today());
      return reply
        .type('text/calendar; charset=utf-8')
        .header('cache-control', 'private, max-age=300')
        .send(writeCalendar({ ...feed, baseUrl: `${request.protocol}://${request.host}` }));
    });
  };
}
