/**
 * A lead's progress update changes the plan's revision but not its structure revision: the pages that show no
 * progress but an action's own (other actions' pages, the scorecard) are kept, and the pages that show it (the
 * action's, its parent's milestone table) are rendered again. Any other change raises both. The changes come from
 * another process, so only the revisions tell this one what to read again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editAction, recordProgress } from '../../src/core/commands/action.commands.ts';
import { recordValue } from '../../src/core/commands/measure.commands.ts';
import { editSection } from '../../src/core/commands/structure.commands.ts';
import { DEMO_USER } from '../../src/core/demo.ts';
import { createCore, type Core } from '../../src/core/index.ts';
import { openMigratedDatabase, type Connection } from '../../src/db/connection.ts';
import type { Actor } from '../../src/domain/actor.ts';
import type { PlanDocument } from '../../src/domain/plan-format.ts';
import { dialectsToTest } from '../support/databases.ts';
import { Browser, startTestApp, type TestApp } from '../support/web.ts';

describe.each(dialectsToTest())('pages after a progress update on %s', (dialect) => {
  let t: TestApp;
  let admin: Actor;
  let doc: PlanDocument;
  let browser: Browser;
  // Changes are made through a second process on the same database: this one's pages must see them by the
  // revisions alone, with nothing of its memory cleared by the change.
  let elsewhere: { connection: Connection; core: Core };

  beforeAll(async () => {
    t = await startTestApp(dialect);
    admin = await t.core.actorByEmail(DEMO_USER.email);
    doc = await t.ops.exportDocument(t.planId);
    browser = await new Browser(t.app).signIn();
    const connection = await openMigratedDatabase(t.databaseUrl);
    elsewhere = { connection, core: createCore(connection) };
  });
  afterAll(async () => {
    await elsewhere?.core.close();
    await elsewhere?.connection.close();
    await t?.close();
  });

  const revisions = async () =>
    t.core.connection.db
      .selectFrom('plans')
      .select(['revision', 'structure_revision'])
      .where('id', '=', t.planId)
      .executeTakeFirstOrThrow();
  const versionOf = async (actionId: string) =>
    (await t.core.queries.actions.action(admin, actionId)).action.version;
  const milestoneRating = (html: string, milestoneId: string) =>
    new RegExp(
      `href="/actions/${milestoneId}">[\\s\\S]*?<strong class="govuk-tag[^"]*">([^<]+)</strong>`,
    ).exec(html)?.[1];

  it("renders again the pages that show the update, keeps the others, and raises only the plan's revision", async () => {
    const milestone = doc.actions.find((a) => a.parentId && a.status?.rag !== 'red')!;
    const parent = doc.actions.find((a) => a.id === milestone.parentId)!;
    const other = doc.actions.find((a) => !a.parentId && a.id !== parent.id && a.sectionId)!;
    const otherPage = await browser.get(`/actions/${other.id}`);
    const parentPage = await browser.get(`/actions/${parent.id}`);
    const scorecard = await browser.get(`/plans/${t.planId}/scorecard`);
    expect(milestoneRating(parentPage.body, milestone.id)).toBeDefined();
    expect(milestoneRating(parentPage.body, milestone.id)).not.toBe('Red');
    const before = await revisions();

    await elsewhere.core.run(recordProgress, admin, {
      actionId: milestone.id,
      version: await versionOf(milestone.id),
      status: doc.plan.statusKey.find((k) => k.colour === 'red')!.label,
      narrative: 'Slipped: the new provider starts late',
    });

    const after = await revisions();
    expect(after.revision).toBe(before.revision + 1);
    expect(after.structure_revision).toBe(before.structure_revision);
    expect((await browser.get(`/actions/${milestone.id}`)).body).toContain(
      'Slipped: the new provider starts late',
    );
    expect(milestoneRating((await browser.get(`/actions/${parent.id}`)).body, milestone.id)).toBe('Red');
    // The plan's overview (its pages and lists) has the new status, and the rest as it was.
    const overview = (await t.core.queries.plans.overview(admin, t.planId)).doc;
    expect(overview.actions.find((a) => a.id === milestone.id)?.status?.rag).toBe('red');
    expect(overview.actions.find((a) => a.id === milestone.id)?.leads).toEqual(milestone.leads);
    expect(overview.sections).toEqual(doc.sections);
    // Nothing they show has changed: the same pages, not stale ones.
    const otherAgain = await browser.get(`/actions/${other.id}`);
    expect(otherAgain.body).toBe(otherPage.body);
    expect(otherAgain.headers.etag).toBe(otherPage.headers.etag);
    expect((await browser.get(`/plans/${t.planId}/scorecard`)).body).toBe(scorecard.body);
  });

  it('raises both revisions for any other change, and the kept pages show it', async () => {
    const action = doc.actions.find((a) => !a.parentId && a.sectionId)!;
    const section = doc.sections.find((s) => s.id === action.sectionId)!;
    await browser.get(`/actions/${action.id}`);
    const before = await revisions();
    await elsewhere.core.run(editSection, admin, {
      sectionId: section.id,
      version: (
        await t.core.connection.db
          .selectFrom('sections')
          .select('version')
          .where('id', '=', section.id)
          .executeTakeFirstOrThrow()
      ).version,
      title: 'Children in care get the right support at the right time',
    });
    const after = await revisions();
    expect(after.revision).toBe(before.revision + 1);
    expect(after.structure_revision).toBe(before.structure_revision + 1);
    expect((await browser.get(`/actions/${action.id}`)).body).toContain(
      'Children in care get the right support at the right time',
    );
    expect(
      (await t.core.queries.plans.overview(admin, t.planId)).doc.sections.find((s) => s.id === section.id)
        ?.title,
    ).toBe('Children in care get the right support at the right time');

    // A measure's new value is a change of structure too: the measures and scorecard are read again.
    const [measure] = await t.core.queries.measures.scorecard(admin, t.planId);
    await elsewhere.core.run(recordValue, admin, {
      measureId: measure!.measure.id,
      period: '2027-Q1',
      value: 42,
    });
    const rows = await t.core.queries.measures.measuresOf(admin, t.planId);
    expect(rows.find((m) => m.id === measure!.measure.id)?.values).toContainEqual(
      expect.objectContaining({ period: '2027-Q1', value: 42 }),
    );
    expect(
      (await t.core.queries.measures.scorecard(admin, t.planId)).find(
        (r) => r.measure.id === measure!.measure.id,
      )?.latest?.period,
    ).toBe('2027-Q1');

    // An edit of an action is a change of structure too: a milestone's page names its parent.
    const milestone = doc.actions.find((a) => a.parentId)!;
    await browser.get(`/actions/${milestone.id}`);
    await elsewhere.core.run(editAction, admin, {
      actionId: milestone.parentId!,
      version: await versionOf(milestone.parentId!),
      text: 'Commission an independent review of placement sufficiency',
    });
    expect((await revisions()).structure_revision).toBe(after.structure_revision + 2);
    expect((await browser.get(`/actions/${milestone.id}`)).body).toContain(
      'Commission an independent review of placement sufficiency',
    );
  });
});
