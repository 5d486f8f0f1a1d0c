/**
 * The import preview's mapping step, on both databases: a plan laid out as the importer would not guess is
 * read wrongly, the programme manager says what its columns and rows are, reads it again and saves a correct
 * plan; importing the next edition offers the choices saved for its layout. Nothing is stored before "Save".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AWKWARD, awkwardPlanDocx } from '../support/awkward-plan.ts';
import { addOrganisation } from '../../src/core/commands/account.commands.ts';
import { DEMO_COUNCIL } from '../../src/core/demo.ts';
import { OPERATOR } from '../../src/domain/actor.ts';
import { dialectsToTest } from '../support/databases.ts';
import { Browser, csrfIn, startTestApp, type TestApp } from '../support/web.ts';

const summaryValue = (html: string, key: string) =>
  new RegExp(`${key}\\s*</dt>\\s*<dd[^>]*>\\s*([^<]+)`).exec(html)?.[1]?.trim();

describe.each(dialectsToTest())('the import mapping step on %s', (dialect) => {
  let t: TestApp;
  let manager: Browser;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    manager = await new Browser(t.app).signIn();
  });
  afterAll(async () => t?.close());

  const choices = (roles: Record<string, string>) => ({
    heading: Object.keys(roles),
    role: Object.values(roles),
  });

  it('repairs an awkward plan by its columns and rows, saves it, and offers the choices again', async () => {
    const plansBefore = (await t.ops.organisations()).length;
    const uploaded = await manager.upload('/import', 'awkward.docx', await awkwardPlanDocx());
    expect(uploaded.statusCode).toBe(303);
    const previewUrl = uploaded.headers.location as string;
    let page = (await manager.get(previewUrl)).body;
    // As read: no sections or recommendations, the heading row taken for an action.
    expect(summaryValue(page, 'Recommendations')).toBe('0');
    expect(summaryValue(page, 'Actions')).toBe('9');
    expect(page).toContain('no heading row, columns guessed');
    for (const heading of ['Thing to do', 'Finish', 'Owner', 'How it is going'])
      expect(page).toContain(`name="heading" value="${heading}"`);
    expect(page).toMatch(/data-qa="finding-group" data-code="import\.layout_guessed"/);

    const again = await manager.post(`${previewUrl}/read-again`, {
      _csrf: csrfIn(page),
      ...choices({ 'Thing to do': 'action', Finish: 'due', Owner: 'auto', 'How it is going': 'status' }),
      recommendationRows: 'Ask',
      sectionHeadings: '/^Ambition \\d+:/',
      sectionKind: 'Ambition',
    });
    expect(again.statusCode).toBe(303);
    page = (await manager.get(again.headers.location as string)).body;
    expect(page).toContain('The plan has been read again with your choices');
    expect(summaryValue(page, 'Sections')).toBe('2');
    expect(summaryValue(page, 'Recommendations')).toBe('4');
    expect(summaryValue(page, 'Actions')).toBe('8');
    // The choices are shown as made.
    expect(page).toMatch(/<option value="due" selected>Due date<\/option>/);
    expect(page).toContain('Ambition 1: Children get help early (4 actions)');

    // Findings filtered by severity, and a kind of them dismissed: left out of the plan.
    const warnings = (await manager.get(`${previewUrl}?severity=warning`)).body;
    const groups = (html: string) =>
      [...html.matchAll(/data-qa="finding-group" data-code="([^"]+)"/g)].map((m) => m[1]);
    const shown = groups(warnings);
    expect(shown.length).toBeGreaterThan(0);
    expect(warnings).not.toMatch(
      /data-qa="finding-group"[^>]*>\s*<summary[^>]*>\s*<span[^>]*><strong class="govuk-tag govuk-tag--grey">Note/,
    );
    const noChoice = await manager.post(`${previewUrl}/dismiss`, { _csrf: csrfIn(page) });
    expect(noChoice.statusCode).toBe(400);
    expect(noChoice.body).toContain('Choose the findings to dismiss');
    const dismissed = await manager.post(`${previewUrl}/dismiss`, { _csrf: csrfIn(page), codes: shown[0]! });
    expect(dismissed.statusCode).toBe(303);
    page = (await manager.get(dismissed.headers.location as string)).body;
    expect(page).toContain('1 kind of finding dismissed');
    expect(groups(page)).not.toContain(shown[0]);

    // Nothing stored until it is saved; saved as approved, as the board has agreed it.
    const before = await t.connection.db.selectFrom('plans').select('id').execute();
    const confirmed = await manager.post(`${previewUrl}/confirm`, { _csrf: csrfIn(page), state: 'approved' });
    expect(confirmed.statusCode).toBe(303);
    const planId = /\/plans\/([^/?]+)/.exec(confirmed.headers.location as string)![1]!;
    expect((await t.connection.db.selectFrom('plans').select('id').execute()).length).toBe(before.length + 1);
    const doc = await t.ops.exportDocument(planId);
    expect(doc.plan.state).toBe('approved');
    expect(doc.findings.map((f) => f.code)).not.toContain(shown[0]);
    expect(doc.sections.map((s) => [s.kind, s.ref, s.title])).toEqual([
      ['Ambition', '1', 'Children get help early'],
      ['Ambition', '2', 'Children in care thrive'],
    ]);
    expect(doc.recommendations.map((r) => r.text)).toEqual(
      AWKWARD.asks.flat().map((a) => a.replace(/^Ask \d+ – /, '')),
    );
    const first = doc.actions.find((a) => a.text === AWKWARD.actions[0]![0])!;
    expect(first).toMatchObject({
      leads: ['Nadia Brooks'],
      due: { end: '2027-03-10' },
      status: { rag: 'green' },
    });
    expect(first.recommendationIds).toEqual([doc.recommendations[0]!.id]);
    expect((await t.ops.organisations()).length).toBe(plansBefore);

    // The next edition of the same layout is read with the saved choices straight away.
    const next = await manager.upload('/import', 'awkward-december.docx', await awkwardPlanDocx());
    const offered = (await manager.get(next.headers.location as string)).body;
    expect(offered).toContain('data-qa="saved-mapping"');
    expect(offered).toContain('Read with the choices saved when awkward.docx was imported');
    expect(summaryValue(offered, 'Recommendations')).toBe('4');
    expect(summaryValue(offered, 'Actions')).toBe('8');
  });

  it("refuses a mapping that names a role there is not, and keeps the preview's reading", async () => {
    const uploaded = await manager.upload('/import', 'awkward.docx', await awkwardPlanDocx());
    const previewUrl = uploaded.headers.location as string;
    const page = (await manager.get(previewUrl)).body;
    const refused = await manager.post(`${previewUrl}/read-again`, {
      _csrf: csrfIn(page),
      ...choices({ 'Thing to do': 'wish' }),
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toMatch(/<title>Error: /);
    expect(refused.body).toContain('href="#reading">Choose what each column holds from the list</a>');
    // The reading is as it was.
    const kept = (await manager.get(previewUrl)).body;
    expect(summaryValue(kept, 'Actions')).toBe(summaryValue(page, 'Actions'));
  });

  it('joins a row a page break split off, and keeps apart a row the importer joined', async () => {
    const plan = [
      'Westbury Council Improvement Plan, 1 September 2026',
      '',
      'Ref\tAction\tLead\tTarget date',
      '1\tOpen two family hubs in the north\tNadia Brooks\t10 March 2027',
      '\tAnd one more in the south of the borough',
      '2\tTrain hub staff in the family assessment\tOwen Pike\t11 March 2027',
      '\tmeet every family within a week of referral',
    ].join('\n');
    const uploaded = await manager.upload('/import', 'westbury.txt', Buffer.from(plan));
    const previewUrl = uploaded.headers.location as string;
    let page = (await manager.get(previewUrl)).body;
    // As read: the fragment on line 5 left out, the one on line 7 joined to the action above.
    expect(summaryValue(page, 'Actions')).toBe('2');
    expect(page).toContain('data-qa="table-sample"');
    expect(page).toMatch(/>5<\/td>\s*<td[^>]*>Row left out</);
    expect(page).toMatch(/>7<\/td>\s*<td[^>]*>Row joined to the row above</);

    const again = await manager.post(`${previewUrl}/read-again`, {
      _csrf: csrfIn(page),
      'join-1': '5',
      'keep-1': '7',
    });
    expect(again.statusCode).toBe(303);
    page = (await manager.get(again.headers.location as string)).body;
    expect(page).toContain('value="5"');
    const confirmed = await manager.post(`${previewUrl}/confirm`, { _csrf: csrfIn(page) });
    const planId = /\/plans\/([^/?]+)/.exec(confirmed.headers.location as string)![1]!;
    const texts = (await t.ops.exportDocument(planId)).actions.map((a) => a.text);
    expect(texts).toEqual([
      'Open two family hubs in the north And one more in the south of the borough',
      'Train hub staff in the family assessment',
      'meet every family within a week of referral',
    ]);
  });

  it('saves into a partner organisation the council lists, which the council can then read, and nowhere else', async () => {
    const partnership = 'Riverside Safeguarding Partnership';
    await t.core.run(addOrganisation, OPERATOR, { name: partnership, kind: 'partnership' });
    await t.core.run(addOrganisation, OPERATOR, { name: 'Eastvale Council', kind: 'council' });
    const organisations = await t.ops.organisations();
    const idOf = (name: string) => organisations.find((o) => o.name === name)!.id;
    await t.connection.db
      .insertInto('organisation_partners')
      .values({
        organisation_id: idOf(DEMO_COUNCIL),
        partner_organisation_id: idOf(partnership),
        created_at: new Date().toISOString(),
      })
      .execute();
    const text = ['Safeguarding Partnership Plan, 1 October 2026', '', 'Action\tLead\tTarget date']
      .concat(['Audit strategy discussions\tNadia Brooks\t1 March 2027'])
      .join('\n');
    const uploaded = await manager.upload('/import', 'partnership.txt', Buffer.from(text));
    const previewUrl = uploaded.headers.location as string;
    const page = (await manager.get(previewUrl)).body;
    const offered = [...page.matchAll(/name="organisation" type="radio" value="([^"]+)"/g)].map((m) => m[1]);
    expect(offered).toContain(idOf(partnership));
    expect(offered[0]).toBe(idOf(DEMO_COUNCIL));
    expect(offered).not.toContain(idOf('Eastvale Council'));

    // An organisation not offered is one the manager may not know of: nothing is saved, the preview stays.
    const plansBefore = (await t.connection.db.selectFrom('plans').select('id').execute()).length;
    const refused = await manager.post(`${previewUrl}/confirm`, {
      _csrf: csrfIn(page),
      organisation: idOf('Eastvale Council'),
    });
    expect(refused.statusCode).toBe(404);
    expect((await t.connection.db.selectFrom('plans').select('id').execute()).length).toBe(plansBefore);

    const saved = await manager.post(`${previewUrl}/confirm`, {
      _csrf: csrfIn(page),
      organisation: idOf(partnership),
    });
    expect(saved.statusCode).toBe(303);
    const planId = /\/plans\/([^/?]+)/.exec(saved.headers.location as string)![1]!;
    const plan = await t.connection.db
      .selectFrom('plans')
      .select('organisation_id')
      .where('id', '=', planId)
      .executeTakeFirstOrThrow();
    expect(plan.organisation_id).toBe(idOf(partnership));
    // The council reads what it saved there, but runs it no more than any reader.
    const view = await manager.get(`/plans/${planId}`);
    expect(view.statusCode).toBe(200);
    expect(view.body).toContain('Safeguarding Partnership Plan');
    expect((await manager.get(`/plans/${planId}/settings`)).statusCode).toBe(403);
  });
});
