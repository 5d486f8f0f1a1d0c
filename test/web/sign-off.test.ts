/**
 * Completion sign-off in the browser, on both databases: a lead marks an action complete with evidence; it is
 * "complete, awaiting sign-off" (not complete, not amber or green) on its page, the dashboard and a board pack; a
 * manager returns it with a reason, then signs it off once it is marked complete again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_USER } from '../../src/core/demo.ts';
import { dialectsToTest } from '../support/databases.ts';
import { Browser, csrfIn, startTestApp, versionIn, type TestApp } from '../support/web.ts';

const lead = DEMO_ACCOUNTS.find((a) => a.role === 'lead')!;
const boardMember = DEMO_ACCOUNTS.find((a) => a.role === 'board')!;

describe.each(dialectsToTest())('completion sign-off on %s', (dialect) => {
  let t: TestApp;
  let leadBrowser: Browser;
  let manager: Browser;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    leadBrowser = await new Browser(t.app).signIn(lead.email, DEMO_USER.password);
    manager = await new Browser(t.app).signIn();
  });
  afterAll(async () => t?.close());

  it('keeps work marked complete by its lead apart until a manager signs it off', async () => {
    const doc = await t.ops.exportDocument(t.planId);
    const action = doc.actions.find(
      (a) => a.leads.includes(lead.name) && a.status?.state !== 'complete' && !a.joint,
    )!;
    const completeBefore = (await t.ops.counts(t.planId)).complete;
    const markComplete = async (evidence: string) => {
      const page = await leadBrowser.get(`/actions/${action.id}`);
      return leadBrowser.submit(`/actions/${action.id}/progress`, {
        version: versionIn(page.body, 'progress-form'),
        status: 'Complete',
        narrative: 'All practice weeks held',
        evidence,
      });
    };

    const noEvidence = await markComplete('');
    expect(noEvidence.status).toBe(400);
    expect(noEvidence.html).toContain('Give the evidence that it is complete');

    const marked = await markComplete('https://example.org/practice-weeks-report.pdf');
    expect(marked.html).toContain(
      'It is complete once a manager of the plan or its named approver signs it off',
    );
    expect(marked.html).toContain('data-qa="awaiting-sign-off"');
    expect(marked.html).toMatch(/data-qa="lead-rating">Complete, awaiting sign-off</);
    // The lead cannot sign their own work off.
    expect(marked.html).not.toContain('data-qa="sign-off-form"');
    const counts = await t.ops.counts(t.planId);
    expect(counts.complete).toBe(completeBefore);
    expect(counts.awaitingSignOff).toBe(1);
    expect((await manager.get(`/plans/${t.planId}`)).body).toContain('Complete, awaiting sign-off: 1');
    expect((await manager.get(`/plans/${t.planId}/board-pack`)).body).toMatch(/Complete, awaiting sign-off/);

    // Returned with a reason: open again, the reason its latest update.
    let page = await manager.get(`/actions/${action.id}`);
    const noReason = await manager.submit(`/actions/${action.id}/sign-off`, {
      version: versionIn(page.body, 'sign-off-form'),
      decision: 'return',
    });
    expect(noReason.status).toBe(400);
    expect(noReason.html).toContain('Say what is missing before it can be signed off');
    const returned = await manager.submit(`/actions/${action.id}/sign-off`, {
      version: versionIn(page.body, 'sign-off-form'),
      decision: 'return',
      reason: 'The report does not cover the East locality',
    });
    expect(returned.html).toContain('Returned without sign-off: The report does not cover the East locality');
    expect(returned.html).not.toContain('data-qa="awaiting-sign-off"');
    expect((await t.ops.action(action.id)).status?.state).toBe('in_progress');

    await markComplete('https://example.org/practice-weeks-report-v2.pdf');
    page = await manager.get(`/actions/${action.id}`);
    const signed = await manager.submit(`/actions/${action.id}/sign-off`, {
      version: versionIn(page.body, 'sign-off-form'),
      decision: 'approve',
    });
    expect(signed.html).toMatch(/data-qa="lead-rating">Complete</);
    const after = await t.ops.counts(t.planId);
    expect(after).toMatchObject({ complete: completeBefore + 1, awaitingSignOff: 0 });
    const again = await manager.submit(`/actions/${action.id}/sign-off`, {
      version: versionIn(signed.html, 'edit-form'),
      decision: 'approve',
    });
    expect(again.status).toBe(400);
  });

  it("the plan's named approver signs off completed work, only while the plan names them", async () => {
    const doc = await t.ops.exportDocument(t.planId);
    const action = doc.actions.find(
      (a) => a.leads.includes(lead.name) && a.status?.state !== 'complete' && !a.joint,
    )!;
    const form = await leadBrowser.get(`/actions/${action.id}`);
    await leadBrowser.submit(`/actions/${action.id}/progress`, {
      version: versionIn(form.body, 'progress-form'),
      status: 'Complete',
      narrative: 'Audit completed',
      evidence: 'https://example.org/audit.pdf',
    });
    const director = await new Browser(t.app).signIn(boardMember.email, DEMO_USER.password);
    let page = await director.get(`/actions/${action.id}`);
    expect(page.body).toContain('data-qa="awaiting-sign-off"');
    expect(page.body).not.toContain('data-qa="sign-off-form"');
    const version = /name="version" value="(\d+)"/.exec(
      (await manager.get(`/actions/${action.id}`)).body,
    )![1]!;
    const refused = await director.post(`/actions/${action.id}/sign-off`, {
      _csrf: csrfIn(page.body),
      version,
      decision: 'approve',
    });
    expect(refused.statusCode).toBe(403);

    // The manager names the board member as the plan's approver.
    const settings = await manager.get(`/plans/${t.planId}/settings`);
    const option = new RegExp(`<option value="([^"]+)"[^>]*>${boardMember.name} \\(board\\)`).exec(
      settings.body,
    );
    expect(option).not.toBeNull();
    const unknown = await manager.submit(`/plans/${t.planId}/settings`, {
      part: 'approver',
      version: versionIn(settings.body, 'approver-form'),
      signOffApproverId: 'someone-else',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.html).toContain('Choose someone with an active account in the organisation');
    const named = await manager.submit(`/plans/${t.planId}/settings`, {
      part: 'approver',
      version: versionIn(settings.body, 'approver-form'),
      signOffApproverId: option![1]!,
    });
    expect(named.html).toContain('The plan has been changed');
    expect(named.html).toMatch(new RegExp(`value="${option![1]}" selected`));

    page = await director.get(`/actions/${action.id}`);
    const signed = await director.submit(`/actions/${action.id}/sign-off`, {
      version: versionIn(page.body, 'sign-off-form'),
      decision: 'approve',
    });
    expect(signed.status).toBe(303);
    expect(signed.html).toMatch(/data-qa="lead-rating">Complete</);
    expect((await t.ops.action(action.id)).status?.state).toBe('complete');

    // Named no longer, they cannot sign off again.
    const cleared = await manager.get(`/plans/${t.planId}/settings`);
    await manager.submit(`/plans/${t.planId}/settings`, {
      part: 'approver',
      version: versionIn(cleared.body, 'approver-form'),
      signOffApproverId: '',
    });
    expect((await t.ops.settings(t.planId)).signOffApproverId).toBeNull();
  });

  it("a manager's own complete needs no sign-off", async () => {
    const doc = await t.ops.exportDocument(t.planId);
    const action = doc.actions.find((a) => a.status?.state !== 'complete' && !a.parentId)!;
    const page = await manager.get(`/actions/${action.id}`);
    const done = await manager.submit(`/actions/${action.id}/progress`, {
      version: versionIn(page.body, 'progress-form'),
      status: 'Complete',
      narrative: 'Closed at the board',
    });
    expect(done.html).toMatch(/data-qa="lead-rating">Complete</);
    expect(done.html).not.toContain('data-qa="awaiting-sign-off"');
  });
});
