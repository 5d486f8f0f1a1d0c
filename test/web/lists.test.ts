/** Lists a client pages through: actions and milestones with the structure's filters; the recommendation register. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_COUNCIL, DEMO_USER } from '../../src/core/demo.ts';
import { demoWithUnservedRecommendation } from '../support/plan-json.ts';
import { Browser, startTestApp, TODAY, type TestApp } from '../support/web.ts';

interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
  pages: number;
}

describe('lists', () => {
  let t: TestApp;
  let token: string;
  let gapPlanId: string;
  let unservedId: string;

  beforeAll(async () => {
    t = await startTestApp();
    token = (await t.ops.createToken(DEMO_USER.email)).token;
    gapPlanId = (await t.ops.importDocument(demoWithUnservedRecommendation(), { organisation: DEMO_COUNCIL }))
      .planId;
    const stored = await t.ops.exportDocument(gapPlanId);
    unservedId = stored.recommendations.find(
      (r) => !stored.actions.some((a) => a.recommendationIds.includes(r.id)),
    )!.id;
  });
  afterAll(async () => t?.close());

  const get = async <T>(url: string) => {
    const response = await t.app.inject({ url, headers: { authorization: `Bearer ${token}` } });
    return { status: response.statusCode, body: response.json<T>() };
  };

  it("gives one lead's actions and milestones a page at a time", async () => {
    const doc = await t.ops.exportDocument(t.planId);
    const tom = doc.actions.filter((a) => a.leads.includes('Tom Ashworth'));
    const all = await get<Page<{ id: string; leads: string[]; level: string }>>(
      `/api/plans/${t.planId}/actions?lead=Tom+Ashworth&pageSize=200`,
    );
    expect(all.body.total).toBe(tom.length);
    expect(all.body.items.map((i) => i.id).sort()).toEqual(tom.map((a) => a.id).sort());
    expect(all.body.items.some((i) => i.level === 'milestone')).toBe(true);
    const first = await get<Page<{ id: string }>>(
      `/api/plans/${t.planId}/actions?lead=Tom+Ashworth&pageSize=2`,
    );
    const second = await get<Page<{ id: string }>>(
      `/api/plans/${t.planId}/actions?lead=Tom+Ashworth&pageSize=2&page=2`,
    );
    expect(first.body).toMatchObject({
      page: 1,
      pageSize: 2,
      total: tom.length,
      pages: Math.ceil(tom.length / 2),
    });
    expect([...first.body.items, ...second.body.items].map((i) => i.id)).toEqual(
      all.body.items.slice(0, 4).map((i) => i.id),
    );
    const overdue = await get<Page<{ overdue: boolean; due: { end: string } }>>(
      `/api/plans/${t.planId}/actions?overdue=yes&pageSize=200`,
    );
    expect(overdue.body.total).toBeGreaterThan(0);
    for (const item of overdue.body.items) expect(item.due.end < TODAY).toBe(true);
    const tooMany = await get<{ error: { details: { field: string }[] } }>(
      `/api/plans/${t.planId}/actions?pageSize=500`,
    );
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.details[0]?.field).toBe('pageSize');
  });

  it('lists the register with its gaps, through the API and on the page', async () => {
    const gaps = await get<Page<{ id: string; status: string; rollup: { total: number } }>>(
      `/api/plans/${gapPlanId}/recommendations?gap=yes`,
    );
    expect(gaps.body.items.map((r) => r.id)).toEqual([unservedId]);
    expect(gaps.body.items[0]).toMatchObject({ status: 'no_actions', rollup: { total: 0 } });
    const all = await get<Page<{ id: string; serving: { id: string }[] }>>(
      `/api/plans/${t.planId}/recommendations?pageSize=200`,
    );
    const doc = await t.ops.exportDocument(t.planId);
    expect(all.body.total).toBe(doc.recommendations.length);
    for (const r of all.body.items)
      expect(r.serving.map((s) => s.id).sort()).toEqual(
        doc.actions
          .filter((a) => a.recommendationIds.includes(r.id))
          .map((a) => a.id)
          .sort(),
      );
    const browser = await new Browser(t.app).signIn();
    const page = await browser.get(`/plans/${gapPlanId}/recommendations?gap=yes`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('data-qa="register-gap"');
    expect(page.body).toContain(`href="/recommendations/${unservedId}"`);
    expect(Number(/data-qa="register-count">(\d+)/.exec(page.body)?.[1])).toBe(1);
  });

  it("lists the plan's measures a page at a time, with the scorecard's filters", async () => {
    const doc = await t.ops.exportDocument(t.planId);
    const all = await get<Page<{ id: string; latest: { colour: string | null } | null }>>(
      `/api/plans/${t.planId}/measures?pageSize=2`,
    );
    expect(all.body).toMatchObject({ page: 1, pageSize: 2, total: doc.measures.length });
    expect(all.body.items).toHaveLength(Math.min(2, doc.measures.length));
    // A section's measures are those linked to its actions (and its subsections' actions).
    const top = doc.sections.find(
      (s) =>
        s.parentId === null &&
        doc.actions.some(
          (a) =>
            a.measureIds.length > 0 &&
            (a.sectionId === s.id || doc.sections.find((c) => c.id === a.sectionId)?.parentId === s.id),
        ),
    )!;
    const inTop = new Set(
      doc.actions
        .filter(
          (a) =>
            a.sectionId === top.id || doc.sections.find((c) => c.id === a.sectionId)?.parentId === top.id,
        )
        .flatMap((a) => a.measureIds),
    );
    const bySection = await get<Page<{ id: string }>>(
      `/api/plans/${t.planId}/measures?section=${top.id}&pageSize=200`,
    );
    expect(new Set(bySection.body.items.map((m) => m.id))).toEqual(inTop);
    const grey = await get<Page<{ latest: { colour: string | null } | null }>>(
      `/api/plans/${t.planId}/measures?colour=none&pageSize=200`,
    );
    for (const m of grey.body.items) expect(m.latest?.colour ?? 'none').toBe('none');
    const bad = await get<{ error: { details: { field: string }[] } }>(
      `/api/plans/${t.planId}/measures?colour=purple`,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0]).toMatchObject({ field: 'colour' });
  });
});
