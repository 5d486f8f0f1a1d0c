/**
 * The board's cycle in the browser, on both databases: lock a report, see its pack (HTML and Word), change the
 * plan, see what changed, correct the report; a locked report never changes.
 */
import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_USER } from '../../src/core/demo.ts';
import { OPERATOR } from '../../src/domain/actor.ts';
import { editPlan } from '../../src/core/commands/plan-settings.commands.ts';
import { dialectsToTest } from '../support/databases.ts';
import { Browser, csrfIn, startTestApp, TODAY, type TestApp } from '../support/web.ts';

describe.each(dialectsToTest())('board reports on %s', (dialect) => {
  let t: TestApp;
  let manager: Browser;
  let csrf: string;

  async function submit(url: string, form: Record<string, string>) {
    const response = await manager.post(url, { _csrf: csrf, ...form });
    if (response.statusCode !== 303)
      return { status: response.statusCode, html: response.body, location: '' };
    const location = response.headers.location as string;
    return { status: 200, html: (await manager.get(location)).body, location };
  }

  beforeAll(async () => {
    t = await startTestApp(dialect);
    manager = await new Browser(t.app).signIn();
    csrf = csrfIn((await manager.get('/plans')).body);
  });
  afterAll(async () => t?.close());

  it('locks a report whose figures stay as they were, and shows what changed since', async () => {
    const bad = await submit(`/plans/${t.planId}/snapshots`, {
      period: 'November',
      board: 'A board it lacks',
    });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('Enter the period as a year and month, for example 2026-11');

    const period = TODAY.slice(0, 7);
    const locked = await submit(`/plans/${t.planId}/snapshots`, { period });
    expect(locked.html).toContain(`The plan as reported for ${period} has been locked`);
    const snapshotId = /\/snapshots\/([^?]+)/.exec(locked.location)![1]!;
    const doc = await t.ops.exportDocument(t.planId);
    const complete = doc.actions.filter((a) => a.status?.state === 'complete').length;
    expect(locked.html).toMatch(
      new RegExp(`${complete} of ${doc.actions.length} actions and milestones complete`),
    );
    expect(locked.html).not.toContain('data-qa="draft"');

    // The plan moves on: one open action is completed.
    const open = doc.actions.find((a) => !a.parentId && a.status?.state !== 'complete')!;
    const stored = await t.ops.action(open.id);
    await t.ops.recordProgress(open.id, {
      version: stored.version,
      status: 'Complete',
      narrative: 'Signed off at the board',
    });

    // The locked report still says what it said.
    const again = (await manager.get(`/snapshots/${snapshotId}`)).body;
    expect(again).toMatch(new RegExp(`${complete} of ${doc.actions.length} actions and milestones complete`));
    // The draft of now differs, and says it is a draft.
    const draft = (await manager.get(`/plans/${t.planId}/board-pack`)).body;
    expect(draft).toContain('data-qa="draft"');
    // The summary's chart: a bar for each top-level section, drawn from the same figures as the table.
    const chart = /data-qa="pack-chart">([\s\S]*?)<\/svg>/.exec(draft)?.[1] ?? '';
    expect(chart).toContain('role="img"');
    expect([...chart.matchAll(/<text /g)]).toHaveLength(
      doc.sections.filter((s) => s.parentId === null).length,
    );
    expect(draft).toMatch(
      new RegExp(`${complete + 1} of ${doc.actions.length} actions and milestones complete`),
    );

    const changes = (await manager.get(`/plans/${t.planId}/changes?from=${snapshotId}&to=now`)).body;
    expect(/data-qa="newly-complete">([\s\S]*?)<\/ul>/.exec(changes)?.[1]).toContain(open.text.slice(0, 40));

    // The Word pack has real headings and the exception report's table.
    const word = await manager.get(`/snapshots/${snapshotId}/board-pack.docx`);
    expect(word.headers['content-type']).toContain('wordprocessingml');
    const html = (await mammoth.convertToHtml({ buffer: word.rawPayload })).value;
    for (const heading of [
      'Summary',
      'Exception report',
      'Due before the next meeting',
      'Scorecard',
      'Recommendation coverage',
      'Appendix: every action',
    ])
      expect(html).toContain(`<h1>${heading}</h1>`);
    expect(html).toMatch(new RegExp(`${complete} of ${doc.actions.length} actions and milestones complete`));
    const draftWord = await manager.get(`/plans/${t.planId}/board-pack.docx`);
    expect((await mammoth.extractRawText({ buffer: draftWord.rawPayload })).value).toMatch(/^DRAFT – /);

    // A correction is a new report naming the one it corrects; the first stays as it was.
    const noReason = await submit(`/snapshots/${snapshotId}/correct`, { reason: '' });
    expect(noReason.status).toBe(400);
    expect(noReason.html).toContain('Say what the correction puts right');
    const corrected = await submit(`/snapshots/${snapshotId}/correct`, {
      reason: 'An update was recorded late',
    });
    expect(corrected.html).toContain('The corrected pack has been locked');
    expect(corrected.html).toContain('It corrects an earlier report: An update was recorded late');
    // A correction's pack compares with the report before the one it corrects (here none), not with that one.
    const correctionId = /\/snapshots\/([^?]+)/.exec(corrected.location)![1]!;
    const correction = await t.core.queries.snapshots.get(OPERATOR, correctionId);
    expect(await t.core.queries.snapshots.previous(OPERATOR, correction, t.planId)).toBeNull();
    const first = (await manager.get(`/snapshots/${snapshotId}`)).body;
    expect(first).toContain('A later report corrects it');
    expect(first).toMatch(new RegExp(`${complete} of ${doc.actions.length} actions and milestones complete`));
  });

  it('a board member reads the reports but cannot lock one', async () => {
    const board = await new Browser(t.app).signIn(
      DEMO_ACCOUNTS.find((a) => a.role === 'board')!.email,
      DEMO_USER.password,
    );
    const list = await board.get(`/plans/${t.planId}/snapshots`);
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain('data-qa="lock-form"');
    const refused = await board.post(`/plans/${t.planId}/snapshots`, {
      _csrf: csrfIn(list.body),
      period: '2026-11',
    });
    expect(refused.statusCode).toBe(403);
  });

  it('shows who still owes an update this month, and each lead what they owe', async () => {
    const leadAccount = DEMO_ACCOUNTS.find((a) => a.role === 'lead')!;
    const page = await manager.get(`/plans/${t.planId}/updates-due`);
    expect(page.statusCode).toBe(200);
    const doc = await t.ops.exportDocument(t.planId);
    const owed = doc.actions.find(
      (a) =>
        a.leads.includes(leadAccount.name) &&
        a.status?.state !== 'complete' &&
        !a.updates.some((u) => u.date >= `${TODAY.slice(0, 7)}-01`),
    )!;
    const section = (html: string) => new RegExp(`${leadAccount.name} \\((\\d+)\\)`).exec(html)?.[1];
    const before = Number(section(page.body));
    expect(page.body).toContain(`href="/actions/${owed.id}"`);
    const lead = await new Browser(t.app).signIn(leadAccount.email, DEMO_USER.password);
    const mine = (await lead.get('/my-actions')).body;
    expect(mine).toContain('data-qa="update-due"');
    expect(mine).toMatch(/data-qa="updates-due-count">\d+ needs? an update/);

    const stored = await t.ops.action(owed.id);
    await t.ops.recordProgress(owed.id, {
      version: stored.version,
      status: 'On schedule',
      narrative: 'November update',
    });
    const after = (await manager.get(`/plans/${t.planId}/updates-due`)).body;
    expect(after).not.toContain(`href="/actions/${owed.id}"`);
    expect(Number(section(after) ?? 0)).toBe(before - 1);
    expect((await lead.get(`/plans/${t.planId}/updates-due`)).statusCode).toBe(403);

    // With meetings on a board's calendar, the period runs from its last meeting to the next.
    const settings = await t.ops.settings(t.planId);
    await t.core.run(editPlan, OPERATOR, {
      planId: t.planId,
      version: settings.version,
      governance: [{ board: 'Improvement Board', meetings: ['2026-11-09', '2026-12-14'] }],
    });
    const meeting = (await manager.get(`/plans/${t.planId}/updates-due?board=Improvement+Board`)).body;
    expect(/data-qa="period">([^<]+)/.exec(meeting)?.[1]?.replace(/\s+/g, ' ')).toBe(
      'Improvement Board meets on 14 December 2026: updates are due by 7 December 2026, and those made since 9 November 2026 count.',
    );
    // Each board sets its own deadline.
    await t.core.run(editPlan, OPERATOR, {
      planId: t.planId,
      version: (await t.ops.settings(t.planId)).version,
      governance: [
        { board: 'Improvement Board', meetings: ['2026-11-09', '2026-12-14'] },
        { board: 'Scrutiny Committee', meetings: ['2026-12-10'], updateDeadlineDays: 14 },
      ],
    });
    const scrutiny = (await manager.get(`/plans/${t.planId}/updates-due?board=Scrutiny+Committee`)).body;
    expect(/data-qa="period">([^<]+)/.exec(scrutiny)?.[1]?.replace(/\s+/g, ' ')).toMatch(
      /^Scrutiny Committee meets on 10 December 2026: updates are due by 26 November 2026,/,
    );
    // A lead sees what they owe for the next meeting (the first board with one to come) and by when.
    expect((await lead.get('/my-actions')).body).toMatch(
      /data-qa="updates-due-count">\d+ needs? an update for the next board meeting, the first by 7 December 2026\./,
    );
  });

  it('closes a recommendation only on evidence of its impact, and the register and the pack say so', async () => {
    const doc = await t.ops.exportDocument(t.planId);
    const recommendation = doc.recommendations.find((r) => !r.closure)!;
    const page = await manager.get(`/recommendations/${recommendation.id}`);
    const version = /data-qa="close-form"[\s\S]*?name="version" value="(\d+)"/.exec(page.body)![1]!;
    const noDetail = await submit(`/recommendations/${recommendation.id}/close`, {
      version,
      kind: 'audit',
      detail: '',
    });
    expect(noDetail.status).toBe(400);
    expect(noDetail.html).toContain('Describe the evidence');
    // A measure below its target is not evidence of impact.
    const scorecard = await t.core.queries.measures.scorecard(OPERATOR, t.planId);
    const below = scorecard.find(
      (m) => m.latest && m.latest.colour !== 'green' && m.latest.colour !== 'blue',
    );
    expect(below).toBeDefined();
    const refused = await submit(`/recommendations/${recommendation.id}/close`, {
      version,
      kind: 'measure',
      measureId: below!.measure.id,
      detail: 'The measure',
    });
    expect(refused.status).toBe(400);
    expect(refused.html).toContain('is not at its target');
    const closed = await submit(`/recommendations/${recommendation.id}/close`, {
      version,
      kind: 'audit',
      detail: 'Audit of 40 cases in October 2026: 38 with the child seen alone',
    });
    expect(closed.html).toContain('The recommendation is closed on evidence of its impact');
    expect(closed.html).toContain('data-qa="closure"');
    const register = (await manager.get(`/plans/${t.planId}/recommendations?status=closed`)).body;
    expect(register).toContain(`href="/recommendations/${recommendation.id}"`);
    const pack = (await manager.get(`/plans/${t.planId}/board-pack`)).body;
    expect(/Closed on evidence of impact<\/td>\s*<td[^>]*>1</.test(pack)).toBe(true);

    const reopenVersion = /data-qa="reopen-form"[\s\S]*?name="version" value="(\d+)"/.exec(closed.html)![1]!;
    const reopened = await submit(`/recommendations/${recommendation.id}/reopen`, {
      version: reopenVersion,
      reason: 'The re-audit in November found 30 of 40',
    });
    expect(reopened.html).toContain('The recommendation is open again');
    expect(
      (await t.ops.exportDocument(t.planId)).recommendations.find((r) => r.id === recommendation.id)?.closure,
    ).toBeNull();
  });
});
