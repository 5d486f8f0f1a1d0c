/**
 * Editing a plan in the browser (forms posted as a browser without JavaScript posts them), on both databases:
 * sections and recommendations added, changed and moved; anything removed with a reason and restored; every
 * change answered with its banner, bad input with the GOV.UK error summary, a stale version with the 409 page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_USER } from '../../src/core/demo.ts';
import { dialectsToTest } from '../support/databases.ts';
import { Browser, csrfIn, startTestApp, versionIn, type TestApp } from '../support/web.ts';

const banner = (html: string) =>
  /govuk-notification-banner__heading">\s*([^<]+)/.exec(html)?.[1]?.trim().replace(/&#39;/g, "'");
const errorSummary = (html: string) => {
  const start = html.indexOf('govuk-error-summary');
  if (start === -1) return [];
  const summary = html.slice(start, html.indexOf('</ul>', start));
  return [...summary.matchAll(/<a href="(#[^"]+)"[^>]*>([^<]+)<\/a>/g)].map((m) => ({
    href: m[1],
    text: m[2]!
      .trim()
      .replace(/&#39;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&'),
  }));
};

describe.each(dialectsToTest())('editing the plan in the browser on %s', (dialect) => {
  let t: TestApp;
  let manager: Browser;
  let csrf: string;
  const doc = () => t.ops.exportDocument(t.planId);

  /** Follows a change's redirect, as a browser does. */
  async function submit(url: string, form: Record<string, string | string[]>) {
    const response = await manager.post(url, { _csrf: csrf, ...form });
    if (response.statusCode !== 303)
      return { status: response.statusCode, html: response.body, location: '' };
    const location = response.headers.location as string;
    const page = await manager.get(location);
    return { status: page.statusCode, html: page.body, location };
  }

  beforeAll(async () => {
    t = await startTestApp(dialect);
    manager = await new Browser(t.app).signIn();
    csrf = csrfIn((await manager.get('/plans')).body);
  });
  afterAll(async () => t?.close());

  it('adds a subsection, changes it and moves it, each with its banner; bad input and stale versions are refused', async () => {
    const before = await doc();
    const [first, second] = before.sections.filter((s) => s.parentId === null);
    const form = await manager.get(`/plans/${t.planId}/sections/new?parent=${first!.id}`);
    expect(form.statusCode).toBe(200);
    // A new section is called what its siblings are called.
    const siblingKind = before.sections.find((s) => s.parentId === first!.id)!.kind;
    expect(form.body).toContain(`value="${siblingKind}"`);

    const empty = await submit(`/plans/${t.planId}/sections/new`, {
      parentId: first!.id,
      kind: 'Outcome',
      title: '',
    });
    expect(empty.status).toBe(400);
    expect(empty.html).toMatch(/<title>Error: /);
    expect(errorSummary(empty.html)).toContainEqual({ href: '#title', text: 'Enter the title' });

    const made = await submit(`/plans/${t.planId}/sections/new`, {
      parentId: first!.id,
      kind: 'Outcome',
      ref: '1.9',
      title: 'Children are heard',
      lead: 'Grace Okafor',
      objectives: 'Every child seen alone\nEvery plan written with the child',
    });
    expect(made.status).toBe(200);
    expect(banner(made.html)).toBe('The section has been added');
    expect(made.html).toContain('Every plan written with the child');
    const sectionId = /\/sections\/([^?]+)/.exec(made.location)![1]!;
    expect((await doc()).sections.find((s) => s.id === sectionId)).toMatchObject({
      parentId: first!.id,
      lead: 'Grace Okafor',
      objectives: ['Every child seen alone', 'Every plan written with the child'],
    });

    const edited = await submit(`/sections/${sectionId}/edit`, {
      version: versionIn(made.html, 'section-edit-form'),
      kind: 'Outcome',
      ref: '1.9',
      title: 'Children are heard and seen',
      lead: 'Grace Okafor',
      objectives: 'Every child seen alone',
    });
    expect(banner(edited.html)).toBe('The section has been changed');
    expect(edited.html).toContain('Children are heard and seen');

    // The form opened before that change is now stale: the 409 page says who changed it, nothing is saved.
    const stale = await submit(`/sections/${sectionId}/edit`, {
      version: versionIn(made.html, 'section-edit-form'),
      kind: 'Outcome',
      title: 'An edit made to an old copy',
    });
    expect(stale.status).toBe(409);
    expect(stale.html).toContain('Someone else changed this section');
    expect(stale.html).toContain(DEMO_USER.name);
    expect(stale.html).toContain(`href="/sections/${sectionId}"`);
    expect((await doc()).sections.find((s) => s.id === sectionId)?.title).toBe('Children are heard and seen');

    // A section cannot go into itself: the move form does not offer it, and the command refuses it anyway.
    const page = await manager.get(`/sections/${first!.id}`);
    expect(page.body).not.toMatch(new RegExp(`<option value="${sectionId}"`));
    const intoItself = await submit(`/sections/${first!.id}/move`, {
      version: versionIn(page.body, 'section-move-form'),
      parentId: sectionId,
    });
    expect(intoItself.status).toBe(400);
    expect(errorSummary(intoItself.html)[0]).toMatchObject({ href: '#parentId' });

    const moved = await submit(`/sections/${sectionId}/move`, {
      version: versionIn(edited.html, 'section-move-form'),
      parentId: second!.id,
    });
    expect(banner(moved.html)).toBe('The section has been moved');
    const underSecond = (await doc()).sections.filter((s) => s.parentId === second!.id).map((s) => s.id);
    expect(underSecond.at(-1)).toBe(sectionId);

    // Changing its place at its level: before the first of its new siblings.
    const placed = await submit(`/sections/${sectionId}/move`, {
      version: versionIn(moved.html, 'section-place-form'),
      beforeId: underSecond[0]!,
    });
    expect(banner(placed.html)).toBe('The section has been moved');
    expect((await doc()).sections.filter((s) => s.parentId === second!.id)[0]?.id).toBe(sectionId);
  });

  it('adds and changes a recommendation, and moves it to another section', async () => {
    const before = await doc();
    const source = before.sources[0]!;
    const target = before.sections.find((s) => s.parentId !== null)!;
    const made = await submit(`/plans/${t.planId}/recommendations/new`, {
      sectionId: target.id,
      sourceId: source.id,
      kind: 'advice',
      ref: 'A1',
      text: 'Leaders should hear from care leavers directly',
      reportRefs: 'para 31\npara 32',
      timeframe: 'Within 6 months',
    });
    expect(banner(made.html)).toBe('The recommendation has been added');
    const id = /\/recommendations\/([^?]+)/.exec(made.location)![1]!;
    expect((await doc()).recommendations.find((r) => r.id === id)).toMatchObject({
      sectionId: target.id,
      sourceId: source.id,
      kind: 'advice',
      reportRefs: ['para 31', 'para 32'],
      timeframe: 'Within 6 months',
    });

    const bad = await submit(`/recommendations/${id}/edit`, {
      version: versionIn(made.html, 'recommendation-edit-form'),
      kind: 'wish',
      text: 'Leaders should hear from care leavers',
    });
    expect(bad.status).toBe(400);
    expect(errorSummary(bad.html)).toContainEqual({ href: '#kind', text: 'Choose what kind of item it is' });

    const edited = await submit(`/recommendations/${id}/edit`, {
      version: versionIn(made.html, 'recommendation-edit-form'),
      kind: 'recommendation',
      sourceId: source.id,
      text: 'Leaders should hear from care leavers directly and often',
      reportRefs: 'para 31',
    });
    expect(banner(edited.html)).toBe('The recommendation has been changed');
    const other = before.sections.find((s) => s.id !== target.id && s.parentId !== null)!;
    const moved = await submit(`/recommendations/${id}/move`, {
      version: versionIn(edited.html, 'recommendation-move-form'),
      sectionId: other.id,
    });
    expect(banner(moved.html)).toBe('The recommendation has been moved');
    expect((await doc()).recommendations.find((r) => r.id === id)).toMatchObject({
      sectionId: other.id,
      reportRefs: ['para 31'],
      text: 'Leaders should hear from care leavers directly and often',
    });
  });

  it('removes a section with what it holds after asking why, and restores it from the removed items', async () => {
    const before = await doc();
    const section = before.sections.find(
      (s) => s.parentId !== null && before.actions.some((a) => a.sectionId === s.id),
    )!;
    const held = before.actions.filter((a) => a.sectionId === section.id);
    const page = await manager.get(`/sections/${section.id}/remove`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/This also removes [^<]*actions and milestones|This also removes [^<]*action/);

    const noReason = await submit(`/sections/${section.id}/remove`, {
      version: versionIn(page.body, 'remove-form'),
      reason: ' ',
    });
    expect(noReason.status).toBe(400);
    expect(errorSummary(noReason.html)).toContainEqual({
      href: '#reason',
      text: 'Enter why it is being removed',
    });
    expect((await doc()).sections.some((s) => s.id === section.id)).toBe(true);

    const removed = await submit(`/sections/${section.id}/remove`, {
      version: versionIn(page.body, 'remove-form'),
      reason: 'Merged into another outcome at the January board',
    });
    expect(removed.status).toBe(200);
    expect(removed.location).toContain(`/sections/${section.parentId}`);
    expect(banner(removed.html)).toMatch(/has been removed\. You can restore it/);
    const gone = await doc();
    expect(gone.sections.some((s) => s.id === section.id)).toBe(false);
    expect(gone.actions.some((a) => held.some((h) => h.id === a.id))).toBe(false);
    expect((await manager.get(`/sections/${section.id}`)).statusCode).toBe(404);

    const list = await manager.get(`/plans/${t.planId}/removed`);
    expect(list.body).toContain('Merged into another outcome at the January board');
    const removedId = /action="\/removed\/([^/]+)\/restore"/.exec(list.body)![1]!;
    const restored = await submit(`/removed/${removedId}/restore`, {});
    expect(restored.location).toContain(`/sections/${section.id}`);
    expect(banner(restored.html)).toMatch(/has been restored$/);
    const back = await doc();
    expect(back.actions.filter((a) => a.sectionId === section.id).map((a) => a.id)).toEqual(
      held.map((h) => h.id),
    );
    expect((await manager.get(`/plans/${t.planId}/removed`)).body).toContain('data-qa="nothing-removed"');
  });

  it('a restore whose parent has gone is refused on the removed items page, naming it', async () => {
    const before = await doc();
    const parent = before.sections.find((s) => before.sections.some((c) => c.parentId === s.id))!;
    const action = before.actions.find(
      (a) => a.sectionId === before.sections.find((c) => c.parentId === parent.id)!.id,
    )!;
    const actionPage = await manager.get(`/actions/${action.id}/remove`);
    await submit(`/actions/${action.id}/remove`, {
      version: versionIn(actionPage.body, 'remove-form'),
      reason: 'Duplicate',
    });
    const sectionPage = await manager.get(`/sections/${parent.id}/remove`);
    await submit(`/sections/${parent.id}/remove`, {
      version: versionIn(sectionPage.body, 'remove-form'),
      reason: 'Restructured',
    });
    const list = (await manager.get(`/plans/${t.planId}/removed`)).body;
    const actionRemoved = [...list.matchAll(/action="\/removed\/([^/]+)\/restore"/g)].map((m) => m[1]!);
    // Newest first: the section, then the action.
    const refused = await submit(`/removed/${actionRemoved[1]}/restore`, {});
    expect(refused.status).toBe(400);
    expect(errorSummary(refused.html)[0]).toMatchObject({ href: `#restore-${actionRemoved[1]}` });
    expect(errorSummary(refused.html)[0]!.text).toMatch(
      new RegExp(
        `section it belonged to \\(Section ${parent.ref ? `${parent.ref} ` : ''}${parent.title.slice(0, 20)}`,
      ),
    );
    await submit(`/removed/${actionRemoved[0]}/restore`, {});
    expect((await submit(`/removed/${actionRemoved[1]}/restore`, {})).status).toBe(200);
  });

  it("sets the plan's details, narrative, state, key, thresholds and governance, each form with its errors", async () => {
    const page = await manager.get(`/plans/${t.planId}/settings`);
    expect(page.statusCode).toBe(200);
    const version = () => versionIn(page.body, 'details-form');

    const badDate = await submit(`/plans/${t.planId}/settings`, {
      part: 'details',
      version: version(),
      title: '',
      'date-day': '31',
      'date-month': '2',
      'date-year': '2026',
    });
    expect(badDate.status).toBe(400);
    expect(badDate.html).toMatch(/<title>Error: /);
    expect(errorSummary(badDate.html)).toEqual([
      { href: '#title', text: 'Enter the title of the plan' },
      { href: '#date-day', text: 'The date of the plan must be a real date' },
    ]);

    const details = await submit(`/plans/${t.planId}/settings`, {
      part: 'details',
      version: version(),
      title: 'Riverside improvement plan 2026–28',
      versionLabel: 'v4',
      'date-day': '3',
      'date-month': '11',
      'date-year': '2026',
      partners: 'Riverside ICB\nRiverside Police',
      'narrative-0-title': 'Our vision',
      'narrative-0-text': 'Every child safe at home, at school and online.',
      'narrative-1-title': '',
      'narrative-1-text': '',
    });
    expect(banner(details.html)).toBe('The plan has been changed');
    let settings = await t.ops.settings(t.planId);
    expect(settings).toMatchObject({
      title: 'Riverside improvement plan 2026–28',
      versionLabel: 'v4',
      date: '2026-11-03',
      inspectionDate: null,
      partners: ['Riverside ICB', 'Riverside Police'],
      narrative: [{ title: 'Our vision', text: 'Every child safe at home, at school and online.' }],
    });

    const duplicate = await submit(`/plans/${t.planId}/settings`, {
      part: 'key',
      version: versionIn(details.html, 'key-form'),
      'key-0-label': 'Done',
      'key-0-state': 'complete',
      'key-0-colour': 'blue',
      'key-1-label': 'done',
      'key-1-state': 'in_progress',
      'key-1-colour': 'green',
    });
    expect(duplicate.status).toBe(400);
    expect(errorSummary(duplicate.html)).toEqual([
      { href: '#key-1-label', text: 'Each status needs a label of its own' },
    ]);
    const key = await submit(`/plans/${t.planId}/settings`, {
      part: 'key',
      version: versionIn(details.html, 'key-form'),
      'key-0-position': '2',
      'key-0-label': 'Done',
      'key-0-state': 'complete',
      'key-0-colour': 'blue',
      'key-1-position': '1',
      'key-1-label': 'On track',
      'key-1-state': 'in_progress',
      'key-1-colour': 'green',
      'key-2-position': '3',
      'key-2-label': '',
      'key-2-state': 'in_progress',
      'key-2-colour': 'grey',
    });
    expect(banner(key.html)).toBe('The plan has been changed');
    settings = await t.ops.settings(t.planId);
    expect(settings.statusKey.map((k) => [k.label, k.state, k.colour])).toEqual([
      ['On track', 'in_progress', 'green'],
      ['Done', 'complete', 'blue'],
    ]);

    const badDays = await submit(`/plans/${t.planId}/settings`, {
      part: 'thresholds',
      version: versionIn(key.html, 'thresholds-form'),
      dueSoonDays: 'two weeks',
      staleUpdateDays: '45',
    });
    expect(errorSummary(badDays.html)).toEqual([
      { href: '#dueSoonDays', text: 'Enter a whole number of days, for example 30' },
    ]);
    await submit(`/plans/${t.planId}/settings`, {
      part: 'thresholds',
      version: versionIn(key.html, 'thresholds-form'),
      dueSoonDays: '14',
      staleUpdateDays: '45',
    });

    const current = await manager.get(`/plans/${t.planId}/settings`);
    const badMeeting = await submit(`/plans/${t.planId}/settings`, {
      part: 'governance',
      version: versionIn(current.body, 'governance-form'),
      'board-0-name': 'Improvement Board',
      'board-0-meetings': '14 January 2027\nsometime in spring',
      'board-0-deadline': 'a week',
    });
    expect(errorSummary(badMeeting.html)).toEqual([
      {
        href: '#board-0-meetings',
        text: 'Write the meeting date “sometime in spring” as a day, for example 14 January 2027',
      },
      {
        href: '#board-0-deadline',
        text: 'Enter the days before each meeting that updates are due as a whole number, for example 7',
      },
    ]);
    const governance = await submit(`/plans/${t.planId}/settings`, {
      part: 'governance',
      version: versionIn(current.body, 'governance-form'),
      'board-0-name': 'Improvement Board',
      'board-0-rhythm': 'Monthly',
      'board-0-receives': 'Highlight report and scorecard',
      'board-0-members': 'Jo Rivers, Independent chair\nSam Patel',
      'board-0-meetings': '11 February 2027\n14 January 2027',
      'board-0-deadline': '10',
      'board-1-name': '',
    });
    expect(banner(governance.html)).toBe('The plan has been changed');
    settings = await t.ops.settings(t.planId);
    expect(settings.ragSettings).toEqual({ dueSoonDays: 14, staleUpdateDays: 45 });
    expect(settings.governance).toEqual([
      {
        board: 'Improvement Board',
        rhythm: 'Monthly',
        reportsTo: null,
        receives: 'Highlight report and scorecard',
        members: [
          { name: 'Jo Rivers', role: 'Independent chair' },
          { name: 'Sam Patel', role: null },
        ],
        meetings: ['2027-01-14', '2027-02-11'],
        updateDeadlineDays: 10,
        // Not chosen on the form: the managers are told three times.
        escalations: 3,
      },
    ]);

    // The demo plan is approved: it can be closed or sent back to draft, with who and when.
    const wrong = await submit(`/plans/${t.planId}/state`, {
      version: versionIn(governance.html, 'state-form'),
      state: 'approved',
    });
    expect(errorSummary(wrong.html)[0]).toMatchObject({ href: '#state' });
    const closed = await submit(`/plans/${t.planId}/state`, {
      version: versionIn(governance.html, 'state-form'),
      state: 'closed',
    });
    expect(banner(closed.html)).toBe('The plan is now closed');
    expect(closed.html).toContain(`by ${DEMO_USER.name}`);
    const reopened = await submit(`/plans/${t.planId}/state`, {
      version: versionIn(closed.html, 'state-form'),
      state: 'approved',
    });
    expect(banner(reopened.html)).toBe('The plan is now approved');
  });

  it("picks an action's leads from the plan's people, keeping roles as text beside them", async () => {
    const before = await doc();
    const action = before.actions.find((a) => !a.parentId && a.leads.length > 0)!;
    const named = before.people.find((p) => p.name === action.leads[0])!;
    const other = before.people.find((p) => !action.leads.includes(p.name))!;
    const page = await manager.get(`/actions/${action.id}`);
    const picker = page.body.slice(page.body.indexOf('data-qa="lead-people"'));
    // Every person of the plan can be ticked; the action's own leads are ticked and come first.
    for (const person of before.people) expect(picker).toContain(`value="${person.name}"`);
    expect(picker).toMatch(new RegExp(`value="${named.name}" checked`));
    expect(picker).not.toMatch(new RegExp(`value="${other.name}" checked`));
    expect(picker.indexOf(`value="${named.name}"`)).toBeLessThan(picker.indexOf(`value="${other.name}"`));
    const version = versionIn(page.body, 'edit-form');

    const form = {
      version,
      text: action.text,
      leads: [other.name, named.name],
      otherLeads: 'Heads of Service\n' + other.name,
      due: action.due?.raw ?? '',
    };
    const refused = await submit(`/actions/${action.id}/edit`, { ...form, evidence: 'javascript:alert(1)' });
    expect(refused.status).toBe(400);
    // What was ticked and typed is shown again.
    expect(refused.html).toMatch(new RegExp(`value="${other.name}" checked`));
    expect(refused.html).toMatch(/name="otherLeads"[^>]*>Heads of Service</);

    const saved = await submit(`/actions/${action.id}/edit`, form);
    expect(saved.status).toBe(200);
    const after = (await doc()).actions.find((a) => a.id === action.id)!;
    // In the order ticked, the role after the people, a name given twice once.
    expect(after.leads).toEqual([other.name, named.name, 'Heads of Service']);
    // The people link to their pages; the role stays text.
    expect(saved.html).toContain(`href="/people/${other.id}">${other.name}</a>`);
    expect(saved.html).not.toMatch(/href="\/people\/[^"]+">Heads of Service/);
    expect(saved.html).toMatch(/name="otherLeads"[^>]*>Heads of Service</);

    // A new milestone takes its leads the same way.
    const made = await submit(`/plans/${t.planId}/actions/new`, {
      parentId: action.id,
      text: 'Heads of service review the audit',
      leads: named.name,
      otherLeads: 'Named Doctor',
    });
    expect(made.status).toBe(200);
    const milestone = (await doc()).actions.find((a) => a.text === 'Heads of service review the audit')!;
    expect(milestone.leads).toEqual([named.name, 'Named Doctor']);
  });

  it("changes an action's every field, moves it with its milestones, and moves a milestone to another action", async () => {
    const before = await doc();
    const action = before.actions.find(
      (a) => !a.parentId && before.actions.some((m) => m.parentId === a.id),
    )!;
    const milestone = before.actions.find((m) => m.parentId === action.id)!;
    const recommendation = before.recommendations.find((r) => !action.recommendationIds.includes(r.id))!;
    const measure = before.measures[0]!;
    const linked = before.actions.find((a) => a.id !== action.id && a.ref)!;
    const page = await manager.get(`/actions/${action.id}`);
    const version = versionIn(page.body, 'edit-form');

    const unsafe = await submit(`/actions/${action.id}/edit`, {
      version,
      text: action.text,
      leads: action.leads.join('\n'),
      due: action.due?.raw ?? '',
      evidence: 'javascript:alert(1)',
      recommendationIds: [recommendation.id],
    });
    expect(unsafe.status).toBe(400);
    expect(errorSummary(unsafe.html)[0]).toMatchObject({ href: '#edit-evidence' });
    // What was typed is kept, the checkbox too.
    expect(unsafe.html).toMatch(new RegExp(`value="${recommendation.id}" checked`));

    const edited = await submit(`/actions/${action.id}/edit`, {
      version,
      ref: '9.1',
      text: 'Audit every child in need plan each quarter',
      leads: 'Daniel Marsh\nTom Ashworth',
      partners: 'Riverside ICB',
      joint: 'yes',
      due: action.due?.raw ?? '',
      successCriteria: '90% of plans rated good',
      monitoring: 'Quarterly audit report to the board',
      evidence: 'https://example.org/audit.pdf',
      crossRefs: `CT 9\n${linked.ref}`,
      recommendationIds: [...action.recommendationIds, recommendation.id],
      measureIds: [measure.id],
    });
    expect(edited.status).toBe(200);
    // A cross-reference to another action's ref links to it; a code the plan does not hold stays text.
    expect(edited.html).toContain(`href="/actions/${linked.id}" data-qa="cross-ref">${linked.ref}</a>`);
    expect(edited.html).not.toMatch(/data-qa="cross-ref">CT 9/);
    expect(edited.html).toContain('Your change has been saved');
    const after = (await doc()).actions.find((a) => a.id === action.id)!;
    expect(after).toMatchObject({
      ref: '9.1',
      text: 'Audit every child in need plan each quarter',
      leads: ['Daniel Marsh', 'Tom Ashworth'],
      partners: ['Riverside ICB'],
      joint: true,
      successCriteria: ['90% of plans rated good'],
      monitoring: ['Quarterly audit report to the board'],
      evidence: ['https://example.org/audit.pdf'],
      crossRefs: ['CT 9', linked.ref],
      recommendationIds: [...action.recommendationIds, recommendation.id],
      measureIds: [measure.id],
    });

    const target = before.sections.find((s) => s.id !== action.sectionId && s.parentId !== null)!;
    const moved = await submit(`/actions/${action.id}/move`, {
      version: versionIn(edited.html, 'move-form'),
      sectionId: target.id,
    });
    expect(banner(moved.html)).toBe('It has been moved');
    const movedDoc = await doc();
    expect(
      movedDoc.actions.filter((a) => a.id === action.id || a.parentId === action.id).map((a) => a.sectionId),
    ).toEqual(expect.arrayContaining([target.id]));
    expect(new Set(movedDoc.actions.filter((a) => a.parentId === action.id).map((a) => a.sectionId))).toEqual(
      new Set([target.id]),
    );

    const otherParent = before.actions.find((a) => !a.parentId && a.id !== action.id)!;
    const milestonePage = await manager.get(`/actions/${milestone.id}`);
    expect(milestonePage.body).toContain('data-qa="move-form"');
    const movedMilestone = await submit(`/actions/${milestone.id}/move`, {
      version: versionIn(milestonePage.body, 'move-form'),
      parentId: otherParent.id,
    });
    expect(banner(movedMilestone.html)).toBe('It has been moved');
    expect((await doc()).actions.find((a) => a.id === milestone.id)?.parentId).toBe(otherParent.id);
  });

  it('corrects an update and withdraws one; the latest-dated one gives the status; a withdrawal is restored', async () => {
    const action = (await doc()).actions.find((a) => !a.parentId && a.leads.includes('Daniel Marsh'))!;
    const key = (await t.ops.settings(t.planId)).statusKey.map((k) => k.label);
    const recorded = async (status: string, date: string, narrative: string) => {
      const page = await manager.get(`/actions/${action.id}`);
      const [y, m, d] = date.split('-');
      return submit(`/actions/${action.id}/progress`, {
        version: versionIn(page.body, 'progress-form'),
        status,
        narrative,
        'date-day': d!,
        'date-month': m!,
        'date-year': y!,
        confirmEarlier: 'yes',
      });
    };
    await recorded(key[0]!, '2026-11-01', 'First audit done');
    await recorded(key[1]!, '2026-11-10', 'Second audit under way');
    const stored = await t.ops.action(action.id);
    const later = stored.updates.find((u) => u.narrative === 'Second audit under way')!;
    const earlier = stored.updates.find((u) => u.narrative === 'First audit done')!;
    expect(stored.status?.raw).toBe(key[1]);

    const page = await manager.get(`/actions/${action.id}`);
    expect(page.body).toContain(`href="/updates/${later.id}"`);
    const form = await manager.get(`/updates/${earlier.id}`);
    expect(form.statusCode).toBe(200);
    const noReason = await submit(`/updates/${earlier.id}/correct`, {
      version: versionIn(form.body, 'correct-form'),
      status: key[0]!,
      narrative: 'First audit done',
      'date-day': '12',
      'date-month': '11',
      'date-year': '2026',
    });
    expect(errorSummary(noReason.html)).toEqual([
      { href: '#reason', text: 'Enter what the correction puts right' },
    ]);
    // Corrected to a later date, the first update is now the latest-dated: its status is the action's.
    const corrected = await submit(`/updates/${earlier.id}/correct`, {
      version: versionIn(form.body, 'correct-form'),
      status: key[0]!,
      narrative: 'First audit done',
      'date-day': '12',
      'date-month': '11',
      'date-year': '2026',
      reason: 'The date was typed wrongly',
    });
    expect(banner(corrected.html)).toBe('The update has been corrected');
    expect((await t.ops.action(action.id)).status?.raw).toBe(key[0]);

    const withdrawForm = await manager.get(`/updates/${earlier.id}`);
    const withdrawn = await submit(`/updates/${earlier.id}/withdraw`, {
      version: versionIn(withdrawForm.body, 'withdraw-form'),
      reason: 'Recorded against the wrong action',
    });
    expect(banner(withdrawn.html)).toMatch(/^The update has been withdrawn/);
    expect((await t.ops.action(action.id)).status?.raw).toBe(key[1]);

    const removed = await manager.get(`/plans/${t.planId}/removed`);
    const removedId = /action="\/removed\/([^/]+)\/restore"/.exec(removed.body)![1]!;
    await submit(`/removed/${removedId}/restore`, {});
    expect((await t.ops.action(action.id)).status?.raw).toBe(key[0]);
  });

  it('adds a measure with a TBC target and a comparator, changes its definition and removes it', async () => {
    const before = await doc();
    const action = before.actions.find((a) => !a.parentId)!;
    const form = await manager.get(`/plans/${t.planId}/measures/new`);
    expect(form.statusCode).toBe(200);
    const bad = await submit(`/plans/${t.planId}/measures/new`, {
      name: '',
      unit: '%',
      polarity: 'higher_is_better',
      'target-0-kind': 'interim',
      'target-0-value': 'about 80',
      'target-0-by': 'March 2027',
    });
    expect(bad.status).toBe(400);
    expect(errorSummary(bad.html)).toEqual([
      { href: '#name', text: 'Enter the name of the measure' },
      { href: '#target-0-value', text: 'Enter the target as a number, or TBC' },
    ]);
    // What was typed is still there.
    expect(bad.html).toContain('value="about 80"');

    const made = await submit(`/plans/${t.planId}/measures/new`, {
      ref: 'KPI 40',
      name: 'Assessments completed within 45 days',
      unit: '%',
      polarity: 'higher_is_better',
      frequency: 'monthly',
      'baseline-value': '61',
      'baseline-period': '2025-26',
      'target-0-kind': 'interim',
      'target-0-value': '75',
      'target-0-by': 'March 2027',
      'target-1-kind': 'final',
      'target-1-value': 'TBC',
      'target-1-by': 'March 2028',
      'comparator-0-name': 'England',
      'comparator-0-period': '2024-25',
      'comparator-0-value': '82.1',
      actionIds: [action.id],
    });
    expect(banner(made.html)).toBe('The measure has been added');
    const measureId = /\/measures\/([^?]+)/.exec(made.location)![1]!;
    const stored = (await doc()).measures.find((m) => m.id === measureId)!;
    expect(stored).toMatchObject({
      ref: 'KPI 40',
      frequency: 'monthly',
      baseline: { value: 61, period: '2025-26' },
      targets: [
        { kind: 'interim', value: 75, by: '2027-03-31' },
        { kind: 'final', value: null, by: '2028-03-31' },
      ],
      comparators: [{ name: 'England', period: '2024-25', value: 82.1 }],
    });
    expect((await doc()).actions.find((a) => a.id === action.id)?.measureIds).toContain(measureId);

    const editForm = await manager.get(`/measures/${measureId}/definition`);
    expect(editForm.body).toContain('value="TBC"');
    const changed = await submit(`/measures/${measureId}/definition`, {
      version: versionIn(editForm.body, 'measure-definition-form'),
      ref: 'KPI 40',
      name: 'Assessments completed within 45 working days',
      unit: '%',
      polarity: 'higher_is_better',
      'target-0-kind': 'final',
      'target-0-value': '85',
      'target-0-by': 'March 2028',
    });
    expect(banner(changed.html)).toBe('The measure has been changed');
    const after = (await doc()).measures.find((m) => m.id === measureId)!;
    expect(after.name).toBe('Assessments completed within 45 working days');
    expect(after.targets).toEqual([expect.objectContaining({ kind: 'final', value: 85 })]);
    expect(after.comparators).toEqual([]);

    const removePage = await manager.get(`/measures/${measureId}/remove`);
    const removed = await submit(`/measures/${measureId}/remove`, {
      version: versionIn(removePage.body, 'remove-form'),
      reason: 'Replaced by the national measure',
    });
    expect(removed.location).toContain('/scorecard');
    expect((await doc()).measures.some((m) => m.id === measureId)).toBe(false);
  });

  it('adds a person, corrects their details and merges two records of one person', async () => {
    const list = await manager.get(`/plans/${t.planId}/people`);
    expect(list.statusCode).toBe(200);
    const badEmail = await submit(`/plans/${t.planId}/people`, {
      name: 'Maria White',
      email: 'maria at riverside',
    });
    expect(badEmail.status).toBe(400);
    expect(errorSummary(badEmail.html)[0]).toMatchObject({ href: '#email' });
    const added = await submit(`/plans/${t.planId}/people`, {
      name: 'Maria White',
      jobTitle: 'Head of Quality Assurance',
      email: 'maria.white@riverside.example',
    });
    expect(banner(added.html)).toBe('Maria White has been added');
    const again = await submit(`/plans/${t.planId}/people`, { name: 'Maria White' });
    expect(errorSummary(again.html)[0]!.text).toMatch(/already one of the organisation's people: merge/);

    // A second record of her, as an imported plan might spell her, leading an action.
    await submit(`/plans/${t.planId}/people`, { name: 'Marie White', organisation: 'Riverside Council' });
    const action = (await doc()).actions.find((a) => !a.parentId)!;
    const actionPage = await manager.get(`/actions/${action.id}`);
    await submit(`/actions/${action.id}/edit`, {
      version: versionIn(actionPage.body, 'edit-form'),
      text: action.text,
      leads: 'Marie White',
      due: action.due?.raw ?? '',
    });
    const people = (await doc()).people;
    const maria = people.find((p) => p.name === 'Maria White')!;
    const marie = people.find((p) => p.name === 'Marie White')!;
    expect(marie).toBeDefined();

    const edit = await manager.get(`/plans/${t.planId}/people/${maria.id}`);
    const edited = await submit(`/plans/${t.planId}/people/${maria.id}`, {
      version: versionIn(edit.body, 'person-form'),
      name: 'Maria White',
      initials: 'MW',
      jobTitle: 'Head of Quality Assurance',
      email: 'maria.white@riverside.example',
    });
    expect(banner(edited.html)).toBe('Their details have been changed');

    const same = await submit(`/plans/${t.planId}/people/merge`, { keepId: maria.id, mergeId: maria.id });
    expect(errorSummary(same.html)).toContainEqual({ href: '#mergeId', text: 'Choose two different people' });
    const merged = await submit(`/plans/${t.planId}/people/merge`, { keepId: maria.id, mergeId: marie.id });
    expect(banner(merged.html)).toBe('The two records are now one');
    const after = await doc();
    expect(after.people.some((p) => p.id === marie.id)).toBe(false);
    expect(after.people.find((p) => p.id === maria.id)).toMatchObject({ initials: 'MW' });
    expect(after.actions.find((a) => a.id === action.id)?.leads).toEqual(['Maria White']);
  });

  it('a lead cannot open the forms that change the structure', async () => {
    const lead = await new Browser(t.app).signIn(
      DEMO_ACCOUNTS.find((a) => a.role === 'lead')!.email,
      DEMO_USER.password,
    );
    const section = (await doc()).sections[0]!;
    const page = await lead.get(`/sections/${section.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('data-qa="section-edit-form"');
    expect((await lead.get(`/sections/${section.id}/remove`)).statusCode).toBe(403);
    expect((await lead.get(`/plans/${t.planId}/sections/new`)).statusCode).toBe(403);
    expect((await lead.get(`/plans/${t.planId}/settings`)).statusCode).toBe(403);
  });
});
