/**
 * Calendar feeds (ICS) on both databases, read back with node-ical: a lead's feed holds the actions they lead with
 * their due dates, the days their plan's updates are due, and the meetings of boards that name them; a plan's feed
 * holds every dated action; a moved due date keeps its UID with a higher SEQUENCE; a revoked feed is gone.
 */
import ical, { type VEvent } from 'node-ical';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editAction } from '../../src/core/commands/action.commands.ts';
import { editPlan } from '../../src/core/commands/plan-settings.commands.ts';
import { OPERATOR } from '../../src/domain/actor.ts';
import { dialectsToTest } from '../support/databases.ts';
import { Browser, csrfIn, startTestApp, type TestApp } from '../support/web.ts';

const LEAD = { email: 'daniel.marsh@riverside.example', name: 'Daniel Marsh' };
const BOARD_MEMBER = 'ruth.adeyemi@riverside.example';

const eventsIn = (text: string) =>
  Object.values(ical.sync.parseICS(text)).filter((c): c is VEvent => c?.type === 'VEVENT');
const dayOf = (event: VEvent) => {
  const start = event.start as Date;
  return `${start.getFullYear()}-${String(start.getMonth() + 1).padStart(2, '0')}-${String(start.getDate()).padStart(2, '0')}`;
};

describe.each(dialectsToTest())('calendar feeds on %s', (dialect) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    // The improvement board meets twice; the lead sits on it. Updates are due a week before each meeting.
    const plan = await t.ops.exportDocument(t.planId);
    await t.core.run(editPlan, OPERATOR, {
      planId: t.planId,
      governance: [
        {
          board: 'Riverside Improvement Board',
          members: [{ name: LEAD.name, role: 'Head of Service' }],
          meetings: ['2026-12-15', '2027-01-19'],
          updateDeadlineDays: 7,
        },
      ],
      version: (await t.connection.db.selectFrom('plans').select('version').executeTakeFirstOrThrow())
        .version,
    });
    expect(plan.actions.length).toBeGreaterThan(0);
  });
  afterAll(async () => t?.close());

  /** Makes a feed on the account page; its private https address. */
  async function makeFeed(browser: Browser, plan = '') {
    const page = await browser.get('/account');
    const made = await browser.post('/account/calendars', { _csrf: csrfIn(page.body), plan });
    expect(made.statusCode).toBe(200);
    const webcal = /href="(webcal:\/\/[^"]+)" data-qa="webcal-link"/.exec(made.body)?.[1];
    expect(webcal).toMatch(/^webcal:\/\/.+\/calendars\/[\w-]+\.ics$/);
    const address = /data-qa="feed-address">([^<]+)</.exec(made.body)?.[1] ?? '';
    return new URL(address).pathname;
  }

  it("holds a lead's dated actions, their plan's update deadlines and their board's meetings", async () => {
    const lead = await new Browser(t.app).signIn(LEAD.email);
    const path = await makeFeed(lead);
    // A calendar app fetches it with no session.
    const feed = await new Browser(t.app).get(path);
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['content-type']).toContain('text/calendar');
    const events = eventsIn(feed.body);
    const doc = await t.ops.exportDocument(t.planId);
    const led = doc.actions.filter((a) => a.leads.includes(LEAD.name) && a.due?.end);
    expect(led.length).toBeGreaterThan(0);
    const actionEvents = events.filter((e) => /^(action|milestone)-/.test(e.uid));
    expect(actionEvents.map((e) => [e.uid, dayOf(e)]).sort()).toEqual(
      led.map((a) => [`${a.kind === 'milestone' ? 'milestone' : 'action'}-${a.id}@ipt`, a.due!.end]).sort(),
    );
    expect(
      events
        .filter((e) => e.uid.startsWith('meeting-'))
        .map(dayOf)
        .sort(),
    ).toEqual(['2026-12-15', '2027-01-19']);
    expect(
      events
        .filter((e) => e.uid.startsWith('deadline-'))
        .map(dayOf)
        .sort(),
    ).toEqual(['2026-12-08', '2027-01-12']);
    expect(feed.body).toMatch(/URL(;[^:]*)?:https?:\/\/[^\r\n]+\/actions\//);
  });

  it('moves an event when its due date moves: the same UID, a higher SEQUENCE', async () => {
    const board = await new Browser(t.app).signIn(BOARD_MEMBER);
    const path = await makeFeed(board, t.planId);
    const before = eventsIn((await new Browser(t.app).get(path)).body);
    const doc = await t.ops.exportDocument(t.planId);
    const dated = doc.actions.filter((a) => a.due?.end);
    // A plan's feed holds every dated action and milestone of the plan.
    expect(before.filter((e) => /^(action|milestone)-/.test(e.uid))).toHaveLength(dated.length);
    const action = dated[0]!;
    const uid = `${action.kind === 'milestone' ? 'milestone' : 'action'}-${action.id}@ipt`;
    const was = before.find((e) => e.uid === uid)!;
    const version = (
      await t.connection.db
        .selectFrom('actions')
        .select('version')
        .where('id', '=', action.id)
        .executeTakeFirstOrThrow()
    ).version;
    await t.core.run(editAction, OPERATOR, {
      actionId: action.id,
      version,
      due: '30 June 2027',
      dueChangeReason: 'Moved by the board',
    });
    const after = eventsIn((await new Browser(t.app).get(path)).body);
    const moved = after.find((e) => e.uid === uid)!;
    expect(dayOf(moved)).toBe('2027-06-30');
    expect(Number(moved.sequence)).toBeGreaterThan(Number(was.sequence));
    expect(after.filter((e) => e.uid === uid)).toHaveLength(1);
  });

  it('is gone once revoked, and another person cannot revoke it', async () => {
    const lead = await new Browser(t.app).signIn(LEAD.email);
    const path = await makeFeed(lead);
    const account = await lead.get('/account');
    const feedId = [...account.body.matchAll(/action="\/account\/calendars\/([^/]+)\/revoke"/g)].map(
      (m) => m[1],
    )[0]!;
    const other = await new Browser(t.app).signIn(BOARD_MEMBER);
    const refused = await other.post(`/account/calendars/${feedId}/revoke`, {
      _csrf: csrfIn((await other.get('/account')).body),
    });
    expect(refused.statusCode).toBe(404);
    expect((await new Browser(t.app).get(path)).statusCode).toBe(200);
    const revoked = await lead.post(`/account/calendars/${feedId}/revoke`, { _csrf: csrfIn(account.body) });
    expect(revoked.statusCode).toBe(303);
    expect((await new Browser(t.app).get(path)).statusCode).toBe(404);
    expect((await new Browser(t.app).get('/calendars/not-a-real-feed-secret.ics')).statusCode).toBe(404);
  });
});
