/** Adding an action to a section and a milestone to an action: the page's form and the API, on both databases. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_USER } from '../../src/core/demo.ts';
import { dialectsToTest } from '../support/databases.ts';
import { Browser, csrfIn, startTestApp, type TestApp } from '../support/web.ts';

describe.each(dialectsToTest())('adding actions on %s', (dialect) => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    browser = await new Browser(t.app).signIn();
  });
  afterAll(async () => t?.close());

  it('adds an action to a section and a milestone to it through the forms, in plan order, audited', async () => {
    const before = await t.ops.exportDocument(t.planId);
    const section = before.sections.find((s) => s.parentId !== null)!;
    const form = await browser.get(`/plans/${t.planId}/actions/new`);
    expect(form.statusCode).toBe(200);
    const empty = await browser.post(`/plans/${t.planId}/actions/new`, {
      _csrf: csrfIn(form.body),
      sectionId: section.id,
      text: '',
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Enter the action');
    const created = await browser.post(`/plans/${t.planId}/actions/new`, {
      _csrf: csrfIn(form.body),
      sectionId: section.id,
      ref: '9.9',
      text: 'Audit twenty cases each month with the Principal Social Worker',
      leads: 'Daniel Marsh',
      due: '31 March 2027',
    });
    expect(created.statusCode).toBe(303);
    const actionId = /\/actions\/([^?]+)/.exec(String(created.headers.location))![1]!;
    const milestoneForm = await browser.get(`/plans/${t.planId}/actions/new?parent=${actionId}`);
    expect(milestoneForm.body).toContain('A milestone of');
    const milestone = await browser.post(`/plans/${t.planId}/actions/new`, {
      _csrf: csrfIn(milestoneForm.body),
      parentId: actionId,
      text: 'First audit reported to the Improvement Board',
      leads: 'Tom Ashworth',
      due: 'January 2027',
    });
    expect(milestone.statusCode).toBe(303);
    const after = await t.ops.exportDocument(t.planId);
    expect(after.actions).toHaveLength(before.actions.length + 2);
    const added = after.actions.find((a) => a.id === actionId)!;
    expect(added).toMatchObject({
      ref: '9.9',
      sectionId: section.id,
      leads: ['Daniel Marsh'],
      due: { end: '2027-03-31' },
      kind: 'action',
    });
    const child = after.actions.find((a) => a.parentId === actionId)!;
    expect(child).toMatchObject({
      kind: 'milestone',
      sectionId: section.id,
      leads: ['Tom Ashworth'],
      due: { end: '2027-01-31' },
    });
    // In plan order: the action after the last of its section's, its milestone right after it.
    const order = after.actions.map((a) => a.id);
    expect(order.indexOf(child.id)).toBe(order.indexOf(actionId) + 1);
    const inSection = after.actions.filter((a) => a.sectionId === section.id && !a.parentId).map((a) => a.id);
    expect(inSection.at(-1)).toBe(actionId);
    // The structure and the lead's page count them.
    const structure = await browser.get(`/plans/${t.planId}/structure?lead=Tom+Ashworth`);
    expect(structure.body).toContain('First audit reported to the Improvement Board');
    const { organisation_id } = await t.connection.db
      .selectFrom('plans')
      .select('organisation_id')
      .where('id', '=', t.planId)
      .executeTakeFirstOrThrow();
    const audit = await t.ops.audit(organisation_id, { entityId: actionId });
    expect(audit.map((a) => a.operation)).toEqual(['create']);
  });

  it('adds an action through the API, refusing one of a board member and one in no section', async () => {
    const token = (await t.ops.createToken(DEMO_USER.email)).token;
    const board = (await t.ops.createToken(DEMO_ACCOUNTS.find((a) => a.role === 'board')!.email)).token;
    const doc = await t.ops.exportDocument(t.planId);
    const post = (auth: string, payload: object) =>
      t.app.inject({
        method: 'POST',
        url: `/api/plans/${t.planId}/actions`,
        headers: { authorization: `Bearer ${auth}` },
        payload,
      });
    const noSection = await post(token, { text: 'Somewhere' });
    expect(noSection.statusCode).toBe(400);
    expect(noSection.json().error.details[0]).toMatchObject({
      field: 'sectionId',
      message: 'Choose the section the action belongs to',
    });
    const refused = await post(board, { text: 'Not mine', sectionId: doc.sections[0]!.id });
    expect(refused.statusCode).toBe(403);
    const made = await post(token, {
      text: 'Set up a parents’ panel',
      sectionId: doc.sections[0]!.id,
      recommendationIds: [doc.recommendations[0]!.id],
    });
    expect(made.statusCode).toBe(201);
    expect(made.json()).toMatchObject({
      text: 'Set up a parents’ panel',
      version: 1,
      recommendationIds: [doc.recommendations[0]!.id],
    });
  });
});
