/** A calendar feed as iCalendar text (ical-generator): all-day events with stable UIDs and their SEQUENCE. */
import ical from 'ical-generator';
import type { CalendarEvent } from '../domain/calendar-events.ts';

export function writeCalendar(feed: { name: string; baseUrl: string; events: CalendarEvent[] }): string {
  const calendar = ical({
    name: feed.name,
    prodId: { company: 'Improvement Plan Tracker', product: 'ipt', language: 'EN' },
    // Calendar apps fetch a subscribed feed again about this often.
    ttl: 60 * 60,
  });
  for (const event of feed.events) {
    // Noon UTC of the day, written as a date: the same day wherever the calendar is.
    const day = new Date(`${event.date}T12:00:00Z`);
    calendar.createEvent({
      id: event.uid,
      sequence: event.sequence,
      start: day,
      allDay: true,
      summary: event.summary,
      description: event.description,
      url: new URL(event.path, feed.baseUrl).href,
    });
  }
  return calendar.toString();
}
