/**
 * Followers hear of what changes, by emails made from the event log after commit (real SMTP on loopback, both
 * databases): a lead's new status reaches the plan's managers (who follow by default) and anyone who chose to follow
 * the action, never the lead themself; a manager who stops following hears nothing more; a measure that changes
 * colour reaches those who follow the plan. Reading the log again sends nothing twice.
 */
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordProgress } from '../../src/core/commands/action.commands.ts';
import { recordValue } from '../../src/core/commands/measure.commands.ts';
import { createToken } from '../../src/core/commands/account.commands.ts';
import { setFollowing } from '../../src/core/commands/follow.commands.ts';
import { createCore } from '../../src/core/index.ts';
import { openMigratedDatabase } from '../../src/db/connection.ts';
import { DEMO_ACCOUNTS, DEMO_USER } from '../../src/core/demo.ts';
import { dialectsToTest } from '../support/databases.ts';
import { settleMail, startMailTestApp, type TestSmtp } from '../support/smtp.ts';
import { Browser, csrfIn, startTestApp, type TestApp } from '../support/web.ts';

const lead = DEMO_ACCOUNTS.find((a) => a.role === 'lead')!;
const board = DEMO_ACCOUNTS.find((a) => a.role === 'board')!;
const to = (mail: ParsedMail) => JSON.stringify(mail.to);

describe.each(dialectsToTest())('followers told of changes on %s', (dialect) => {
  let smtp: TestSmtp;
  let t: TestApp;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ t, smtp, close } = await startMailTestApp(dialect));
  });
  afterAll(async () => close?.());

  const drain = () => settleMail(t.core);

  /** The emails that arrive because of `run`. */
  async function mailsAfter(run: () => Promise<unknown>): Promise<ParsedMail[]> {
    await drain();
    const before = smtp.received.length;
    await run();
    await drain();
    return smtp.received.slice(before);
  }

  it("tells the action's followers of a new status, and not those who stopped", async () => {
    const doc = await t.ops.exportDocument(t.planId);
    const action = doc.actions.find(
      (a) => a.leads.includes(lead.name) && a.status?.raw !== 'Behind schedule' && !a.joint,
    )!;
    const leadActor = await t.core.actorByEmail(lead.email);
    const progress = async (status: string) =>
      t.core.run(recordProgress, leadActor, {
        actionId: action.id,
        version: (await t.core.queries.actions.action(leadActor, action.id)).action.version,
        status,
        narrative: `Now ${status}`,
      });

    // The board member does not follow it until they ask to.
    const member = await new Browser(t.app).signIn(board.email, DEMO_USER.password);
    const page = await member.get(`/actions/${action.id}`);
    expect(page.body).toContain('You do not follow this action');
    await member.post(`/actions/${action.id}/follow`, { _csrf: csrfIn(page.body), following: 'yes' });
    expect((await member.get(`/actions/${action.id}`)).body).toContain('Stop following this action');

    const told = await mailsAfter(() => progress('Behind schedule'));
    const toManager = told.find((m) => to(m).includes(DEMO_USER.email));
    expect(toManager?.subject).toMatch(/^Now Behind schedule: /);
    expect(toManager?.text).toContain(`is now “Behind schedule” (it was “${action.status?.raw ?? 'none'}”)`);
    expect(toManager?.text).toContain(`after an update by ${lead.name}`);
    expect(toManager?.text).toContain(`https://ipt.riverside.example/actions/${action.id}`);
    expect(toManager?.text).toMatch(/Stop emails of this kind: \S+kind=status-change/);
    expect(told.some((m) => to(m).includes(board.email))).toBe(true);
    expect(told.some((m) => to(m).includes(lead.email))).toBe(false);

    // The same status again is no change: nobody is told.
    expect(await mailsAfter(() => progress('Behind schedule'))).toHaveLength(0);

    // The manager stops following (a default follower's choice is kept); the board member still hears.
    const manager = await new Browser(t.app).signIn();
    const managerPage = await manager.get(`/actions/${action.id}`);
    expect(managerPage.body).toContain('You follow this action without having asked');
    await manager.post(`/actions/${action.id}/follow`, { _csrf: csrfIn(managerPage.body), following: 'no' });
    const later = await mailsAfter(() => progress('On schedule'));
    expect(later.some((m) => to(m).includes(DEMO_USER.email))).toBe(false);
    expect(later.find((m) => to(m).includes(board.email))?.subject).toMatch(/^Now On schedule/);

    // Reading the log again, as the worker does each minute, sends nothing twice.
    expect(await mailsAfter(() => t.core.jobs.notifyFollowers())).toHaveLength(0);
    // The reader's place is the head of the log; put back to the start, it reads everything again and still
    // sends nothing twice (each email's key names its event and recipient).
    const db = t.core.connection.db;
    const organisationId = (
      await db
        .selectFrom('plans')
        .select('organisation_id')
        .where('id', '=', t.planId)
        .executeTakeFirstOrThrow()
    ).organisation_id;
    const head = await db
      .selectFrom('audit_heads')
      .select('seq')
      .where('organisation_id', '=', organisationId)
      .executeTakeFirstOrThrow();
    const place = () =>
      db
        .selectFrom('event_cursors')
        .select('seq')
        .where('organisation_id', '=', organisationId)
        .executeTakeFirstOrThrow();
    expect(Number((await place()).seq)).toBe(Number(head.seq));
    const again = await mailsAfter(async () => {
      await db.updateTable('event_cursors').set({ seq: 0 }).execute();
      await t.core.jobs.notifyFollowers();
    });
    expect(again).toHaveLength(0);
    expect(Number((await place()).seq)).toBe(Number(head.seq));
  });

  it('tells them a moment after the change without waiting for the worker, and before a process stops', async () => {
    const doc = await t.ops.exportDocument(t.planId);
    const [first, second] = doc.actions.filter((a) => a.kind === 'action' && !a.joint);
    const admin = await t.core.actorByEmail(DEMO_USER.email);
    const progress = async (core: typeof t.core, actionId: string, status: string) =>
      core.run(recordProgress, admin, {
        actionId,
        version: (await core.queries.actions.action(admin, actionId)).action.version,
        status,
        narrative: `Now ${status}`,
      });
    const subjectsTo = (email: string) =>
      smtp.received.filter((m) => to(m).includes(email)).map((m) => m.subject);
    await drain();
    const boardMember = await t.core.actorByEmail(board.email);
    await t.core.run(setFollowing, boardMember, { subject: 'action', id: first!.id, following: true });
    await t.core.run(setFollowing, boardMember, { subject: 'action', id: second!.id, following: true });

    // Through the app: the email arrives on its own.
    await progress(t.core, first!.id, 'Complete');
    await expect
      .poll(() => subjectsTo(board.email), { timeout: 5_000 })
      .toContainEqual(expect.stringMatching(/^Now Complete: /));

    // Through a command line that stops at once: its change is told before it closes.
    const connection = await openMigratedDatabase(t.databaseUrl);
    const cli = createCore(connection);
    await progress(cli, second!.id, 'Not started');
    await cli.close();
    await connection.close();
    const queued = await t.core.connection.db
      .selectFrom('mail_outbox')
      .select('subject')
      .where('to_address', 'like', `%${board.email}%`)
      .execute();
    expect(queued.map((q) => q.subject)).toContainEqual(expect.stringMatching(/^Now Not started: /));
  });

  it("tells the plan's followers when a measure changes colour", async () => {
    const admin = await t.core.actorByEmail(DEMO_USER.email);
    const rows = await t.core.queries.measures.scorecard(admin, t.planId);
    // A quarterly measure where lower is better, amber or green now: a high value for the next quarter is red.
    const measure = rows.find(
      (r) =>
        r.measure.polarity === 'lower_is_better' &&
        ['green', 'amber'].includes(r.latest?.colour ?? '') &&
        r.latest?.period === '2026-Q3',
    );
    expect(measure).toBeDefined();

    const member = await new Browser(t.app).signIn(board.email, DEMO_USER.password);
    const scorecard = await member.get(`/plans/${t.planId}/scorecard`);
    expect(scorecard.body).toContain('You do not follow this plan&#39;s measures');
    await member.post(`/plans/${t.planId}/follow`, { _csrf: csrfIn(scorecard.body), following: 'yes' });
    expect((await member.get(`/plans/${t.planId}/scorecard`)).body).toContain(
      'Stop following this plan&#39;s measures',
    );

    const told = await mailsAfter(() =>
      t.core.run(recordValue, admin, { measureId: measure!.measure.id, period: '2026-Q4', value: 99 }),
    );
    const toMember = told.find((m) => to(m).includes(board.email));
    expect(toMember?.subject).toBe(`${measure!.measure.name} is now red`);
    expect(toMember?.text).toContain(`to red at 2026-Q4, after values entered by ${DEMO_USER.name}`);
    expect(toMember?.text).toContain(`https://ipt.riverside.example/measures/${measure!.measure.id}`);
    // Whoever entered it is not told of their own change.
    expect(told.some((m) => to(m).includes(DEMO_USER.email))).toBe(false);

    // A value that leaves the colour as it is tells nobody.
    expect(
      await mailsAfter(() =>
        t.core.run(recordValue, admin, { measureId: measure!.measure.id, period: '2026-Q4', value: 98 }),
      ),
    ).toHaveLength(0);
  });
});

describe.each(dialectsToTest())('following through the API on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t?.close());

  it('follows and stops by token, and refuses a body without a yes or no in the words of the field', async () => {
    const member = await t.core.actorByEmail(board.email);
    const { token } = await t.core.run(createToken, member, { email: board.email });
    const put = async (path: string, body: unknown) => {
      const response = await t.app.inject({
        method: 'PUT',
        url: path,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        payload: JSON.stringify(body),
      });
      return { status: response.statusCode, json: () => response.json<unknown>() };
    };
    const action = (await t.ops.exportDocument(t.planId)).actions[0]!;
    const bad = await put(`/api/actions/${action.id}/following`, { following: 'perhaps' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json())).toContain('following');
    const followed = await put(`/api/actions/${action.id}/following`, { following: true });
    expect(followed.json()).toEqual({ following: true });
    expect(await t.core.queries.follows.state(member, 'action', action.id)).toEqual({
      following: true,
      byDefault: false,
    });
    await put(`/api/plans/${t.planId}/following`, { following: true });
    expect((await t.core.queries.follows.state(member, 'plan', t.planId))?.following).toBe(true);
    await put(`/api/plans/${t.planId}/following`, { following: false });
    expect((await t.core.queries.follows.state(member, 'plan', t.planId))?.following).toBe(false);
  });
});

describe.skipIf(!dialectsToTest().includes('postgres'))(
  'the notifier beside another process on postgres',
  () => {
    it("skips an organisation's log another process is reading, and tells its events on the next round", async () => {
      const { t, smtp, close } = await startMailTestApp('postgres');
      try {
        const organisationId = (
          await t.core.connection.db
            .selectFrom('plans')
            .select('organisation_id')
            .where('id', '=', t.planId)
            .executeTakeFirstOrThrow()
        ).organisation_id;
        await settleMail(t.core);
        // Another process holds this organisation's place in the log.
        const other = await t.core.connection.pgPool!.connect();
        await other.query('begin');
        await other.query(
          "select seq from event_cursors where consumer = 'notifications' and organisation_id = $1 for update",
          [organisationId],
        );
        const before = smtp.received.length;
        try {
          const doc = await t.ops.exportDocument(t.planId);
          const action = doc.actions.find((a) => a.leads.includes(lead.name) && !a.joint)!;
          const leadActor = await t.core.actorByEmail(lead.email);
          await t.core.run(recordProgress, leadActor, {
            actionId: action.id,
            version: (await t.core.queries.actions.action(leadActor, action.id)).action.version,
            status: action.status?.raw === 'Behind schedule' ? 'On schedule' : 'Behind schedule',
            narrative: 'Told later',
          });
          // Not waited for: nothing is told while the other process reads.
          expect(await t.core.jobs.notifyFollowers()).toBe(0);
        } finally {
          await other.query('commit');
          other.release();
        }
        await settleMail(t.core);
        expect(smtp.received.length).toBeGreaterThan(before);
      } finally {
        await close();
      }
    });
  },
);
