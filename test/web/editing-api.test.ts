/**
 * Editing a plan through the API, on both databases: its details and state; sections, recommendations, actions and
 * measures added, changed, moved, removed and restored; people added and merged; updates corrected and withdrawn.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_USER } from '../../src/core/demo.ts';
import { dialectsToTest } from '../support/databases.ts';
import { startTestApp, type TestApp } from '../support/web.ts';

describe.each(dialectsToTest())('editing through the API on %s', (dialect) => {
  let t: TestApp;
  let token: string;
  let leadToken: string;
  let boardToken: string;

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, auth = token) =>
    t.app.inject({ method, url, headers: { authorization: `Bearer ${auth}` }, payload });
  const doc = () => t.ops.exportDocument(t.planId);

  beforeAll(async () => {
    t = await startTestApp(dialect);
    token = (await t.ops.createToken(DEMO_USER.email)).token;
    leadToken = (await t.ops.createToken(DEMO_ACCOUNTS.find((a) => a.role === 'lead')!.email)).token;
    boardToken = (await t.ops.createToken(DEMO_ACCOUNTS.find((a) => a.role === 'board')!.email)).token;
  });
  afterAll(async () => t?.close());

  it("changes the plan's details and key, and moves it between states with who and when", async () => {
    const settings = (await call('GET', `/api/plans/${t.planId}/settings`)).json();
    const noVersion = await call('PATCH', `/api/plans/${t.planId}`, { title: 'Renamed' });
    expect(noVersion.statusCode).toBe(409);
    const badKey = await call('PATCH', `/api/plans/${t.planId}`, {
      version: settings.version,
      statusKey: [{ label: 'Done', state: 'finished', colour: 'blue' }],
    });
    expect(badKey.statusCode).toBe(400);
    expect(badKey.json().error.details[0]).toMatchObject({ field: 'statusKey[0].state' });
    const edited = await call('PATCH', `/api/plans/${t.planId}`, {
      version: settings.version,
      title: 'Riverside improvement plan 2026–28',
      versionLabel: 'v3.1',
      narrative: [{ title: 'Our vision', text: 'Every child safe at home, at school and online.' }],
      governance: [
        {
          board: 'Improvement Board',
          rhythm: 'Monthly',
          receives: 'Highlight report and scorecard',
          members: [{ name: 'Jo Rivers', role: 'Independent chair' }],
          meetings: ['2026-12-14'],
        },
      ],
      statusKey: [
        { label: 'Done', state: 'complete', colour: 'blue' },
        { label: 'On track', state: 'in_progress', colour: 'green' },
        { label: 'Off track', state: 'in_progress', colour: 'red' },
      ],
      ragSettings: { dueSoonDays: 14, staleUpdateDays: 45 },
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ version: settings.version + 1, versionLabel: 'v3.1' });
    const stored = (await doc()).plan;
    expect(stored).toMatchObject({
      title: 'Riverside improvement plan 2026–28',
      version: 'v3.1',
      ragSettings: { dueSoonDays: 14, staleUpdateDays: 45 },
    });
    expect(stored.statusKey.map((s) => s.label)).toEqual(['Done', 'On track', 'Off track']);
    expect(stored.governance[0]!.members[0]).toEqual({ name: 'Jo Rivers', role: 'Independent chair' });
    // The key now decides which statuses progress may use.
    const action = (await doc()).actions.find((a) => !a.parentId)!;
    const version = (await call('GET', `/api/actions/${action.id}`)).json().version;
    const oldLabel = await call('POST', `/api/actions/${action.id}/progress`, {
      version,
      status: 'On schedule',
      narrative: 'Old key',
    });
    expect(oldLabel.json().error.message).toContain('Done, On track, Off track');

    const current = (await call('GET', `/api/plans/${t.planId}/settings`)).json();
    expect(current.state).toBe('approved');
    const skip = await call('POST', `/api/plans/${t.planId}/state`, {
      version: current.version,
      state: 'approved',
    });
    expect(skip.statusCode).toBe(400);
    expect(skip.json().error.message).toContain('An approved plan can become closed or draft');
    const closed = await call('POST', `/api/plans/${t.planId}/state`, {
      version: current.version,
      state: 'closed',
    });
    expect(closed.json()).toMatchObject({ state: 'closed', stateChangedBy: DEMO_USER.name });
    const lead = await call(
      'POST',
      `/api/plans/${t.planId}/state`,
      { version: current.version + 1, state: 'approved' },
      leadToken,
    );
    expect(lead.statusCode).toBe(403);
  });

  it('adds, edits, moves, removes and restores a section with everything in it', async () => {
    const before = await doc();
    const top = before.sections.filter((s) => s.parentId === null);
    const made = await call('POST', `/api/plans/${t.planId}/sections`, {
      parentId: top[0]!.id,
      kind: 'Outcome',
      ref: '1.9',
      title: 'Children are heard',
      lead: 'Grace Okafor',
      objectives: ['Every child seen alone'],
    });
    expect(made.statusCode).toBe(201);
    const section = made.json();
    // Placed after its parent's other subsections.
    const order = (await doc()).sections.map((s) => s.id);
    const siblings = before.sections.filter((s) => s.parentId === top[0]!.id).map((s) => s.id);
    expect(order.indexOf(section.id)).toBe(order.indexOf(siblings.at(-1)!) + 1);

    const stale = await call('PATCH', `/api/sections/${section.id}`, { version: 7, title: 'x' });
    expect(stale.statusCode).toBe(409);
    const edited = await call('PATCH', `/api/sections/${section.id}`, {
      version: 1,
      title: 'Children are heard and seen',
    });
    expect(edited.json()).toMatchObject({
      title: 'Children are heard and seen',
      version: 2,
      lead: 'Grace Okafor',
    });

    const intoItself = await call('POST', `/api/sections/${top[0]!.id}/move`, {
      version: 1,
      parentId: section.id,
    });
    expect(intoItself.json().error.details[0]).toMatchObject({ field: 'parentId' });
    const moved = await call('POST', `/api/sections/${section.id}/move`, {
      version: 2,
      parentId: top[1]!.id,
      beforeId: before.sections.find((s) => s.parentId === top[1]!.id)!.id,
    });
    expect(moved.json()).toMatchObject({ parentId: top[1]!.id, version: 3 });
    const afterMove = (await doc()).sections.filter((s) => s.parentId === top[1]!.id).map((s) => s.title);
    expect(afterMove[0]).toBe('Children are heard and seen');

    // A recommendation and an action in it go when it is removed, and come back with it.
    const rec = (
      await call('POST', `/api/plans/${t.planId}/recommendations`, {
        sectionId: section.id,
        kind: 'advice',
        text: 'Record the child’s voice in every assessment',
        reportRefs: ['para 23'],
      })
    ).json();
    const action = (
      await call('POST', `/api/plans/${t.planId}/actions`, {
        sectionId: section.id,
        text: 'Add a voice-of-the-child box to the assessment form',
        recommendationIds: [rec.id],
      })
    ).json();
    const noReason = await call('DELETE', `/api/sections/${section.id}`, { version: 3 });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.details[0]).toMatchObject({
      field: 'reason',
      message: 'Enter why it is being removed',
    });
    const removed = await call(
      'DELETE',
      `/api/sections/${section.id}?version=3&reason=${encodeURIComponent('Merged into 2.1')}`,
    );
    expect(removed.statusCode).toBe(200);
    expect(removed.json().extent).toMatchObject({
      sections: 1,
      recommendations: 1,
      actions: 1,
      action_recommendations: 1,
    });
    const gone = await doc();
    expect(gone.sections.some((s) => s.id === section.id)).toBe(false);
    expect(gone.actions.some((a) => a.id === action.id)).toBe(false);
    expect((await call('GET', `/api/sections/${section.id}`)).statusCode).toBe(404);
    const list = (await call('GET', `/api/plans/${t.planId}/removed`)).json().removed;
    expect(list[0]).toMatchObject({ type: 'section', reason: 'Merged into 2.1', removedBy: DEMO_USER.name });

    const restored = await call('POST', `/api/removed/${removed.json().removedId}/restore`);
    expect(restored.statusCode).toBe(200);
    const back = await doc();
    expect(back.actions.find((a) => a.id === action.id)?.recommendationIds).toEqual([rec.id]);
    expect(back.recommendations.find((r) => r.id === rec.id)).toMatchObject({
      kind: 'advice',
      reportRefs: ['para 23'],
    });
    expect((await call('POST', `/api/removed/${removed.json().removedId}/restore`)).statusCode).toBe(404);
  });

  it('moves an action with its milestones to another section, and a milestone to another action', async () => {
    const before = await doc();
    const withMilestones = before.actions.find((a) => before.actions.some((m) => m.parentId === a.id))!;
    const target = before.sections.find(
      (s) => s.id !== withMilestones.sectionId && before.actions.some((a) => a.sectionId === s.id),
    )!;
    const version = (await call('GET', `/api/actions/${withMilestones.id}`)).json().version;
    const moved = await call('POST', `/api/actions/${withMilestones.id}/move`, {
      version,
      sectionId: target.id,
    });
    expect(moved.statusCode).toBe(200);
    const after = await doc();
    const ids = after.actions.map((a) => a.id);
    const milestones = after.actions.filter((a) => a.parentId === withMilestones.id);
    expect(milestones.length).toBeGreaterThan(0);
    for (const m of milestones) {
      expect(m.sectionId).toBe(target.id);
      expect(ids.indexOf(m.id)).toBeGreaterThan(ids.indexOf(withMilestones.id));
    }
    const lastOfSection = after.actions.filter((a) => a.sectionId === target.id).at(-1)!;
    expect([withMilestones.id, ...milestones.map((m) => m.id)]).toContain(lastOfSection.id);

    const milestone = milestones[0]!;
    const other = after.actions.find((a) => !a.parentId && a.id !== withMilestones.id)!;
    const mv = (await call('GET', `/api/actions/${milestone.id}`)).json().version;
    const toSection = await call('POST', `/api/actions/${milestone.id}/move`, {
      version: mv,
      sectionId: target.id,
    });
    expect(toSection.json().error.message).toContain('A milestone moves to another action');
    const reparented = await call('POST', `/api/actions/${milestone.id}/move`, {
      version: mv,
      parentId: other.id,
    });
    expect(reparented.json()).toMatchObject({ parentId: other.id, sectionId: other.sectionId });
  });

  it('removes an action with its updates and restores it; refuses a restore whose section has gone', async () => {
    const before = await doc();
    const action = before.actions.find((a) => !a.parentId && a.updates.length > 0)!;
    const version = (await call('GET', `/api/actions/${action.id}`)).json().version;
    const removed = (
      await call('DELETE', `/api/actions/${action.id}`, { version, reason: 'Duplicate of 2.3' })
    ).json();
    expect(removed.extent.progress_updates).toBe(action.updates.length);
    expect((await call('GET', `/api/actions/${action.id}`)).statusCode).toBe(404);
    // Its section goes too, then the action cannot come back on its own.
    const section = (await call('GET', `/api/sections/${action.sectionId}`)).json();
    const sectionGone = (
      await call('DELETE', `/api/sections/${section.id}`, { version: section.version, reason: 'Merged' })
    ).json();
    const refused = await call('POST', `/api/removed/${removed.removedId}/restore`);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.message).toContain('Restore that first');
    await call('POST', `/api/removed/${sectionGone.removedId}/restore`);
    expect((await call('POST', `/api/removed/${removed.removedId}/restore`)).statusCode).toBe(200);
    const back = (await call('GET', `/api/actions/${action.id}`)).json();
    expect(back.updates).toHaveLength(action.updates.length);
    expect(back.status?.raw).toBe(action.status?.raw);
  });

  it('adds a measure with targets and links, edits it and removes it', async () => {
    const before = await doc();
    const action = before.actions[0]!;
    const made = await call('POST', `/api/plans/${t.planId}/measures`, {
      ref: 'KPI 9',
      name: 'Re-referrals within 12 months',
      unit: '%',
      polarity: 'lower_is_better',
      frequency: 'monthly',
      baseline: { value: 26, period: '2025-26' },
      targets: [
        { kind: 'interim', value: 22, by: '2027-03-31' },
        { kind: 'final', value: null, text: 'TBC' },
      ],
      comparators: [{ name: 'England', period: '2024-25', value: 22.4 }],
      actionIds: [action.id],
    });
    expect(made.statusCode).toBe(201);
    const measure = made.json();
    expect(measure).toMatchObject({
      polarity: 'lower_is_better',
      baseline: { value: 26 },
      actionIds: [action.id],
    });
    expect(measure.targets).toHaveLength(2);
    const badLink = await call('PATCH', `/api/measures/${measure.id}`, { version: 1, actionIds: ['nope'] });
    expect(badLink.json().error.details[0]).toMatchObject({ field: 'actionIds[0]' });
    const edited = await call('PATCH', `/api/measures/${measure.id}`, {
      version: 1,
      targets: [{ kind: 'final', value: 18, by: '2028-03-31' }],
    });
    expect(edited.json().targets).toEqual([expect.objectContaining({ kind: 'final', value: 18 })]);
    expect((await doc()).actions.find((a) => a.id === action.id)?.measureIds).toContain(measure.id);
    const removed = await call('DELETE', `/api/measures/${measure.id}`, {
      version: 2,
      reason: 'Not collected',
    });
    expect(removed.statusCode).toBe(200);
    expect((await doc()).measures.some((m) => m.id === measure.id)).toBe(false);
    expect((await doc()).actions.find((a) => a.id === action.id)?.measureIds).not.toContain(measure.id);
  });

  it('adds a person, refuses a second record of one name, and merges two records of one person', async () => {
    const action = (await doc()).actions.find((a) => !a.parentId)!;
    const av = (await call('GET', `/api/actions/${action.id}`)).json().version;
    await call('PATCH', `/api/actions/${action.id}`, { version: av, leads: ['Maria White'] });
    const maria = await call('POST', `/api/plans/${t.planId}/people`, { name: 'Maria White' });
    expect(maria.statusCode).toBe(201);
    const again = await call('POST', `/api/plans/${t.planId}/people`, { name: 'Maria White' });
    expect(again.json().error.details[0]).toMatchObject({ field: 'name' });
    const marie = (
      await call('POST', `/api/plans/${t.planId}/people`, {
        name: 'Marie White',
        jobTitle: 'Head of Service',
        email: 'marie.white@riverside.example',
      })
    ).json();
    const merged = await call('POST', `/api/plans/${t.planId}/people/merge`, {
      keepId: marie.id,
      mergeId: maria.json().id,
    });
    expect(merged.json()).toMatchObject({ name: 'Marie White', jobTitle: 'Head of Service' });
    const after = await doc();
    expect(after.actions.find((a) => a.id === action.id)?.leads).toEqual(['Marie White']);
    expect(after.people.map((p) => p.name)).not.toContain('Maria White');
    const page = await t.app.inject({
      method: 'GET',
      url: `/api/plans/${t.planId}/actions?lead=${encodeURIComponent('Marie White')}`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(page.json().items.map((i: { id: string }) => i.id)).toContain(action.id);
  });

  it('corrects and withdraws an update: the latest-dated one decides the status, and a withdrawal can be undone', async () => {
    const action = (await doc()).actions.find((a) => !a.parentId && a.updates.length === 0)!;
    let version = (await call('GET', `/api/actions/${action.id}`)).json().version;
    const key = (await doc()).plan.statusKey.map((s) => s.label);
    const first = await call('POST', `/api/actions/${action.id}/progress`, {
      version,
      date: '2026-10-01',
      status: key[1],
      narrative: 'Started',
    });
    version = first.json().version;
    const second = await call('POST', `/api/actions/${action.id}/progress`, {
      version,
      date: '2026-11-01',
      status: key[2],
      narrative: 'Slipping',
    });
    expect(second.json().status.raw).toBe(key[2]);
    const updates = second.json().updates as { id: string; version: number; date: string }[];
    const latest = updates.find((u) => u.date === '2026-11-01')!;
    // Corrected to a date before the other: the other is now the latest, so its status is current.
    const corrected = await call('PATCH', `/api/updates/${latest.id}`, {
      version: latest.version,
      date: '2026-09-15',
      reason: 'Typed the wrong month',
    });
    expect(corrected.statusCode).toBe(200);
    expect(corrected.json().status.raw).toBe(key[1]);
    const noReason = await call('PATCH', `/api/updates/${latest.id}`, { version: 2, narrative: 'x' });
    expect(noReason.json().error.details[0]).toMatchObject({ field: 'reason' });
    const earliest = corrected.json().updates.find((u: { date: string }) => u.date === '2026-10-01');
    const byBoard = await call(
      'DELETE',
      `/api/updates/${earliest.id}`,
      { version: earliest.version, reason: 'Not this action' },
      boardToken,
    );
    expect(byBoard.statusCode).toBe(403);
    const withdrawn = await call('DELETE', `/api/updates/${earliest.id}`, {
      version: earliest.version,
      reason: 'Not this action',
    });
    expect(withdrawn.json().status.raw).toBe(key[2]);
    expect(withdrawn.json().updates).toHaveLength(1);
    await call('POST', `/api/removed/${withdrawn.json().removedId}/restore`);
    const restored = (await call('GET', `/api/actions/${action.id}`)).json();
    expect(restored.updates).toHaveLength(2);
    expect(restored.status.raw).toBe(key[1]);
    // Withdrawing both gives back the status it had before any update was recorded here.
    for (const u of restored.updates as { id: string; version: number }[])
      await call('DELETE', `/api/updates/${u.id}`, {
        version: u.version,
        reason: 'Entered on the wrong plan',
      });
    expect((await call('GET', `/api/actions/${action.id}`)).json().status?.raw ?? null).toBe(
      action.status?.raw ?? null,
    );
    const { organisation_id } = await t.connection.db
      .selectFrom('plans')
      .select('organisation_id')
      .where('id', '=', t.planId)
      .executeTakeFirstOrThrow();
    const ops = (await t.ops.audit(organisation_id, { entityId: action.id })).map((a) => a.operation);
    expect(ops).toEqual(expect.arrayContaining(['correct-update', 'withdraw-update']));
  });
});
