/**
 * Re-baselining an approved plan, on both databases: a lead asks for a due date to move with a reason; a manager
 * refuses with a note, then approves a second request; the first date stays visible and the board pack lists the
 * move with its reason and approver. In a draft plan a manager moves dates freely.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_COUNCIL, DEMO_USER } from '../../src/core/demo.ts';
import { dialectsToTest } from '../support/databases.ts';
import { Browser, startTestApp, versionIn, type TestApp } from '../support/web.ts';

const lead = DEMO_ACCOUNTS.find((a) => a.role === 'lead')!;

describe.each(dialectsToTest())('re-baselining on %s', (dialect) => {
  let t: TestApp;
  let leadBrowser: Browser;
  let manager: Browser;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    leadBrowser = await new Browser(t.app).signIn(lead.email, DEMO_USER.password);
    manager = await new Browser(t.app).signIn();
  });
  afterAll(async () => t?.close());

  it('moves a date only with a reason and a manager’s approval, and keeps the first date in view', async () => {
    const doc = await t.ops.exportDocument(t.planId);
    const action = doc.actions.find(
      (a) => a.leads.includes(lead.name) && a.due && !a.joint && a.status?.state !== 'complete',
    )!;
    const first = action.due!.raw;

    const unclear = await leadBrowser.submit(`/actions/${action.id}/due-change`, {
      due: 'when we can',
      reason: 'Staffing',
    });
    expect(unclear.status).toBe(400);
    expect(unclear.html).toContain('Write the new date as the plan would');
    const asked = await leadBrowser.submit(`/actions/${action.id}/due-change`, {
      due: '30 June 2027',
      reason: 'Two practice leads left in October',
    });
    expect(asked.html).toContain('data-qa="pending-due-change"');
    expect(asked.html).not.toContain('data-qa="due-decision-form"');
    expect((await t.ops.action(action.id)).due?.raw).toBe(first);
    const twice = await leadBrowser.submit(`/actions/${action.id}/due-change`, {
      due: 'July 2027',
      reason: 'Again',
    });
    expect(twice.html).toContain('A request to move its date is already waiting for a decision');

    let page = await manager.get(`/actions/${action.id}`);
    const requestId = /action="\/actions\/[^/]+\/due-change\/([^"]+)"/.exec(page.body)![1]!;
    const noNote = await manager.submit(`/actions/${action.id}/due-change/${requestId}`, {
      decision: 'refuse',
    });
    expect(noNote.html).toContain('Say why the date stays as it is');
    const refused = await manager.submit(`/actions/${action.id}/due-change/${requestId}`, {
      decision: 'refuse',
      note: 'Cover agreed with the neighbouring authority',
    });
    expect(refused.html).not.toContain('data-qa="pending-due-change"');
    expect((await t.ops.action(action.id)).due?.raw).toBe(first);

    await leadBrowser.submit(`/actions/${action.id}/due-change`, {
      due: '30 June 2027',
      reason: 'The cover fell through',
    });
    page = await manager.get(`/actions/${action.id}`);
    const second = /action="\/actions\/[^/]+\/due-change\/([^"]+)"/.exec(page.body)![1]!;
    const approved = await manager.submit(`/actions/${action.id}/due-change/${second}`, {
      decision: 'approve',
    });
    expect(approved.html).toContain(`First due: “${first}”`);
    expect((await t.ops.action(action.id)).due?.raw).toBe('30 June 2027');
    expect(approved.html).toContain(
      `The cover fell through (asked by ${lead.name}; approved by ${DEMO_USER.name})`,
    );

    // The board pack lists the move with its reason and approver.
    const pack = (await manager.get(`/plans/${t.planId}/board-pack`)).body;
    const rescheduled = /data-qa="rescheduled"[\s\S]*?<\/table>/.exec(pack)?.[0] ?? '';
    expect(rescheduled).toContain('30 June 2027');
    expect(rescheduled).toContain(`approved by ${DEMO_USER.name}`);
    // A decided request cannot be decided again.
    expect(
      (await manager.submit(`/actions/${action.id}/due-change/${second}`, { decision: 'approve' })).status,
    ).toBe(400);
  });

  it('in a draft plan a manager moves a date without a reason', async () => {
    const draft = await t.ops.importDocument(await t.ops.exportDocument(t.planId), {
      organisation: DEMO_COUNCIL,
    });
    const doc = await t.ops.exportDocument(draft.planId);
    expect(doc.plan.state).toBe('approved');
    const settings = await t.ops.settings(draft.planId);
    await manager.get('/plans');
    const toDraft = await manager.submit(`/plans/${draft.planId}/state`, {
      version: String(settings.version),
      state: 'draft',
    });
    expect(toDraft.html).toContain('The plan is now draft');
    const action = doc.actions.find((a) => a.due)!;
    const page = await manager.get(`/actions/${action.id}`);
    const moved = await manager.submit(`/actions/${action.id}/edit`, {
      version: versionIn(page.body, 'edit-form'),
      text: action.text,
      leads: action.leads.join('\n'),
      due: '31 December 2027',
    });
    expect(moved.status).toBe(303);
    expect((await t.ops.action(action.id)).due?.raw).toBe('31 December 2027');
  });
});
