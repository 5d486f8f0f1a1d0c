/** Every page, signed in and not, through real HTTP handling (Fastify inject) on a real database. */
import { actorByEmail } from '../../src/core/actors.ts';
import { addUser } from '../../src/core/commands/account.commands.ts';
import { editAction } from '../../src/core/commands/action.commands.ts';
import { OPERATOR } from '../../src/domain/actor.ts';
import { DEMO_COUNCIL } from '../../src/core/demo.ts';
import { demoWithUnservedRecommendation } from '../support/plan-json.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile } from '../../src/import/index.ts';
import { createHash } from 'node:crypto';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { Browser, csrfIn, startTestApp, type TestApp } from '../support/web.ts';

/** Every inline script must be allowed by the page's policy: by the response's nonce, or by its hash. */
function expectScriptsAllowed(url: string, html: string, policy: string) {
  const scriptSources = /script-src ([^;]*)/.exec(policy)?.[1]?.split(' ') ?? [];
  const nonce = scriptSources.find((s) => s.startsWith("'nonce-"));
  const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>([\s\S]*?)<\/script>/g)];
  expect(inline.length, url).toBeGreaterThan(0);
  for (const [, attributes, body] of inline) {
    const nonceAttribute = /nonce="([^"]+)"/.exec(attributes ?? '')?.[1];
    if (nonceAttribute) expect(`'nonce-${nonceAttribute}'`, url).toBe(nonce);
    else {
      const hash = `'sha256-${createHash('sha256')
        .update(body ?? '')
        .digest('base64')}'`;
      expect(scriptSources, url).toContain(hash);
    }
  }
  // A nonce in a page must be the response's own; a page with none marked needs none in its policy.
  for (const [, value] of html.matchAll(/nonce="([^"]+)"/g)) expect(`'nonce-${value}'`, url).toBe(nonce);
}

describe('pages', () => {
  let t: TestApp;
  let browser: Browser;
  let actionId: string;
  let recommendationGapId: string;
  let personId: string;

  beforeAll(async () => {
    t = await startTestApp();
    browser = await new Browser(t.app).signIn();
    const doc = await t.ops.exportDocument(t.planId);
    actionId = doc.actions.find((a) => a.ref === '2.2.2')!.id;
    const served = new Set(doc.actions.flatMap((a) => a.recommendationIds));
    recommendationGapId =
      doc.recommendations.find((r) => !served.has(r.id))?.id ?? doc.recommendations[0]!.id;
    personId = doc.people.find((p) => p.name === 'Daniel Marsh')!.id;
  });
  afterAll(async () => t?.close());

  const pages = () => [
    '/plans',
    `/plans/${t.planId}`,
    `/plans/${t.planId}/structure`,
    `/plans/${t.planId}/structure?lead=Daniel+Marsh&overdue=yes`,
    `/plans/${t.planId}/findings`,
    `/actions/${actionId}`,
    `/recommendations/${recommendationGapId}`,
    `/people/${personId}`,
    '/my-actions',
    '/import',
    '/api/docs',
  ];

  it('renders every page for a signed-in user', async () => {
    for (const url of pages()) {
      const response = await browser.get(url);
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type'], url).toMatch(/text\/html/);
      expect(response.body, url).toContain('govuk-template');
      expectScriptsAllowed(url, response.body, String(response.headers['content-security-policy']));
    }
  });

  it('serves every image and font the stylesheets ask for', async () => {
    const wanted = new Set<string>();
    for (const sheet of ['govuk-frontend.min.css', 'moj-frontend.min.css', 'app.css']) {
      const css = await t.app.inject({ url: `/stylesheets/${sheet}` });
      expect(css.statusCode, sheet).toBe(200);
      for (const [, url] of css.body.matchAll(/url\(["']?(\/assets\/[^"')?#]+)/g)) wanted.add(url as string);
    }
    expect(wanted.size).toBeGreaterThan(5);
    for (const url of wanted) expect((await t.app.inject({ url })).statusCode, url).toBe(200);
  });

  it('compresses stylesheets and pages rendered per request for clients that accept it', async () => {
    const css = await t.app.inject({
      url: '/stylesheets/govuk-frontend.min.css',
      headers: { 'accept-encoding': 'br, gzip' },
    });
    expect(css.statusCode).toBe(200);
    // Compressed as it is sent with gzip (a brotli stream per response costs too much to set up).
    expect(css.headers['content-encoding']).toBe('gzip');
    const plainCss = await t.app.inject({ url: '/stylesheets/govuk-frontend.min.css' });
    expect(gunzipSync(css.rawPayload).toString('utf8')).toBe(plainCss.body);
    expect(css.rawPayload.length).toBeLessThan(plainCss.body.length / 4);
    // A page rendered for each request, over the 8 KB below which answers go as they are.
    const measureId = (await t.ops.measuresOf(t.planId))[0]!.id;
    const perRequest = await t.app.inject({
      url: `/measures/${measureId}`,
      headers: { cookie: browser.cookieHeader, 'accept-encoding': 'gzip' },
    });
    expect(perRequest.headers['content-encoding']).toBe('gzip');
    const html = gunzipSync(perRequest.rawPayload).toString('utf8');
    expect(html).toContain('govuk-template');
    expect(html.length).toBeGreaterThan(8 * 1024);
    const small = await t.app.inject({ url: '/health', headers: { 'accept-encoding': 'gzip' } });
    expect(small.headers['content-encoding']).toBeUndefined();
  });

  it('gives pages rendered for each request a fresh nonce, and cached pages a policy without one', async () => {
    const nonceOf = (policy: unknown) => /'nonce-([^']+)'/.exec(String(policy))?.[1];
    const first = await browser.get('/import');
    const second = await browser.get('/import');
    expect(nonceOf(first.headers['content-security-policy'])).toMatch(/^[A-Za-z0-9+/=]{22,}$/);
    expect(first.body).toContain(`nonce="${nonceOf(first.headers['content-security-policy'])}"`);
    expect(nonceOf(second.headers['content-security-policy'])).not.toBe(
      nonceOf(first.headers['content-security-policy']),
    );
    const dashboard = await browser.get(`/plans/${t.planId}`);
    expect(nonceOf(dashboard.headers['content-security-policy'])).toBeUndefined();
    expect(dashboard.body).not.toContain('nonce=');
  });

  it('sends a cached page compressed as the client accepts it, and answers a matching ETag with 304', async () => {
    const url = `/plans/${t.planId}`;
    const plain = await browser.get(url);
    const as = (acceptEncoding: string) =>
      t.app.inject({ url, headers: { cookie: browser.cookieHeader, 'accept-encoding': acceptEncoding } });
    const brotli = await as('gzip, deflate, br, zstd');
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(brotli.headers.vary).toMatch(/accept-encoding/);
    expect(brotliDecompressSync(brotli.rawPayload).toString('utf8')).toBe(plain.body);
    expect(brotli.rawPayload.length).toBeLessThan(plain.body.length / 4);
    const zipped = await as('br;q=0, gzip');
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(zipped.rawPayload).toString('utf8')).toBe(plain.body);
    const refused = await as('gzip;q=0, identity');
    expect(refused.headers['content-encoding']).toBeUndefined();
    expect(refused.body).toBe(plain.body);
    const again = await t.app.inject({
      url,
      headers: { cookie: browser.cookieHeader, 'if-none-match': String(plain.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  it('sends strangers to sign in, and back afterwards', async () => {
    const stranger = new Browser(t.app);
    for (const url of pages()) {
      const response = await stranger.get(url);
      expect(response.statusCode, url).toBe(302);
      expect(response.headers.location, url).toBe(`/sign-in?returnTo=${encodeURIComponent(url)}`);
    }
    expect((await stranger.get('/health')).statusCode).toBe(200);
  });

  it('refuses a wrong password with the GOV.UK error summary', async () => {
    const stranger = new Browser(t.app);
    const page = await stranger.get('/sign-in');
    const response = await stranger.post('/sign-in', {
      _csrf: csrfIn(page.body),
      email: 'grace.okafor@riverside.example',
      password: 'wrong password',
      returnTo: '/plans',
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('govuk-error-summary');
    expect(response.body).toContain('Enter a correct email address and password');
  });

  it('refuses a sign-in form without its CSRF token', async () => {
    const stranger = new Browser(t.app);
    await stranger.get('/sign-in');
    const response = await stranger.post('/sign-in', {
      email: 'grace.okafor@riverside.example',
      password: 'riverside-demo-2026',
    });
    expect(response.statusCode).toBe(403);
  });

  it('shows the dashboard numbers with links to the lists behind them', async () => {
    const response = await browser.get(`/plans/${t.planId}`);
    expect(response.body).toMatch(/data-qa="overdue"><span class="app-figure__number">\d+<\/span> overdue/);
    expect(response.body).toContain(`href="/plans/${t.planId}/structure?overdue=yes"`);
    expect(response.body).toMatch(/href="\/plans\/[^"]+\/structure\?rag=red"/);
  });

  it('links every dashboard number to the list behind it', async () => {
    const dashboard = await browser.get(`/plans/${t.planId}`);
    const count = (html: string) => Number(/data-qa="result-count">(\d+)/.exec(html)?.[1]);
    for (const qa of ['overdue', 'due-soon', 'recently-updated', 'differs']) {
      const link = new RegExp(`href="([^"]+)" data-qa="${qa}"><span class="app-figure__number">(\\d+)`).exec(
        dashboard.body,
      );
      expect(link, qa).not.toBeNull();
      const list = await browser.get((link?.[1] as string).replace(/&amp;/g, '&'));
      expect(count(list.body), qa).toBe(Number(link?.[2]));
    }
    // And each section's overdue count, to the section's overdue actions.
    const perSection = [...dashboard.body.matchAll(/href="([^"]+)" data-qa="overdue-[^"]+">(\d+) overdue/g)];
    expect(perSection.length).toBeGreaterThan(1);
    for (const [, href, shown] of perSection) {
      const list = await browser.get((href as string).replace(/&amp;/g, '&'));
      expect(count(list.body), href).toBe(Number(shown));
    }
  });

  it('filters the structure by lead and by overdue, keeping the filter in the URL', async () => {
    const all = await browser.get(`/plans/${t.planId}/structure`);
    const count = (html: string) => Number(/data-qa="result-count">(\d+)/.exec(html)?.[1]);
    const byLead = await browser.get(`/plans/${t.planId}/structure?lead=Tom+Ashworth`);
    const overdue = await browser.get(`/plans/${t.planId}/structure?overdue=yes`);
    // Every action and milestone is listed; a milestone counts for its own lead.
    const doc = await t.ops.exportDocument(t.planId);
    expect(count(all.body)).toBe(doc.actions.length);
    expect(count(byLead.body)).toBe(doc.actions.filter((a) => a.leads.includes('Tom Ashworth')).length);
    expect(doc.actions.some((a) => a.parentId && a.leads.includes('Tom Ashworth'))).toBe(true);
    expect(byLead.body).toContain('Milestone of');
    expect(count(overdue.body)).toBeGreaterThan(0);
    expect(count(overdue.body)).toBeLessThan(count(all.body));
    expect(byLead.body).toContain('<option value="Tom Ashworth" selected>');
    // The MOJ filter lists the filter in force, with a link that removes it.
    expect(byLead.body).toContain(`<a class="moj-filter__tag" href="/plans/${t.planId}/structure">`);
  });

  it('counts milestones for their leads, rolls them up on their action, and agrees with the plans list', async () => {
    const doc = await t.ops.exportDocument(t.planId);
    const milestone = doc.actions.find((a) => a.parentId && a.leads.includes('Tom Ashworth'))!;
    const tom = doc.people.find((p) => p.name === 'Tom Ashworth')!;
    const person = await browser.get(`/people/${tom.id}`);
    expect(person.body).toContain(`href="/actions/${milestone.id}"`);
    const structure = await browser.get(`/plans/${t.planId}/structure`);
    const parent = doc.actions.find((a) => a.id === milestone.parentId)!;
    const siblings = doc.actions.filter((a) => a.parentId === parent.id);
    expect(structure.body).toContain(
      `0 of ${siblings.length} milestone${siblings.length === 1 ? '' : 's'} complete`,
    );
    const dashboard = await browser.get(`/plans/${t.planId}`);
    const percent = Number(
      /data-qa="percent-complete"><span class="app-figure__number">(\d+)%/.exec(dashboard.body)?.[1],
    );
    const listed = await t.app.inject({ url: '/api/plans', headers: { cookie: browser.cookieHeader } });
    expect(
      listed.json<{ plans: { id: string; percentComplete: number }[] }>().plans.find((p) => p.id === t.planId)
        ?.percentComplete,
    ).toBe(percent);
    expect(dashboard.body).toContain(
      `${siblings.length > 0 ? doc.actions.filter((a) => a.parentId).length : 0} milestones`,
    );
  });

  it("shows what the importer kept: the plan's narrative, governance and key, sections' leads and objectives, each action's imported progress", async () => {
    const doc = await t.ops.exportDocument(t.planId);
    const home = await browser.get(`/plans/${t.planId}`);
    const text = home.body.replace(/&#39;/g, "'");
    for (const part of doc.plan.narrative) expect(text).toContain(part.text);
    for (const board of doc.plan.governance) expect(text).toContain(board.board);
    for (const key of doc.plan.statusKey) expect(text).toContain(key.label);
    const section = doc.sections.find((s) => s.parentId === null && s.lead)!;
    expect(text).toContain(`Accountable lead: ${section.lead}.`);
    const reported = doc.actions.find((a) => a.progress)!;
    const page = await browser.get(`/actions/${reported.id}`);
    expect(page.body.replace(/&#39;/g, "'")).toContain(`data-qa="imported-progress">${reported.progress}`);
    expect(page.body).toContain('Imported with the plan');
  });

  it('shows the structure as a tree: section, recommendation, action, milestones, without JavaScript', async () => {
    const doc = await t.ops.exportDocument(t.planId);
    const tree = await browser.get(`/plans/${t.planId}/structure?view=tree`);
    expect(tree.statusCode).toBe(200);
    expect(tree.body).toContain('data-qa="tree"');
    expect((tree.body.match(/data-qa="tree-section"/g) ?? []).length).toBe(doc.sections.length);
    // Every action and milestone is in it once, a milestone after its action.
    for (const a of doc.actions) expect(tree.body.split(`href="/actions/${a.id}"`).length - 1, a.id).toBe(1);
    const milestone = doc.actions.find((a) => a.parentId)!;
    expect(tree.body.indexOf(`href="/actions/${milestone.parentId}"`)).toBeLessThan(
      tree.body.indexOf(`href="/actions/${milestone.id}"`),
    );
    const filtered = await browser.get(`/plans/${t.planId}/structure?view=tree&lead=Tom+Ashworth`);
    const tom = doc.actions.filter((a) => a.leads.includes('Tom Ashworth'));
    for (const a of tom) expect(filtered.body).toContain(`href="/actions/${a.id}"`);
    const other = doc.actions.find(
      (a) =>
        !a.leads.includes('Tom Ashworth') &&
        !a.parentId &&
        !doc.actions.some((m) => m.parentId === a.id && m.leads.includes('Tom Ashworth')),
    )!;
    expect(filtered.body).not.toContain(`href="/actions/${other.id}"`);
  });

  it('links each lead the plan knows to their page, from the structure and the action', async () => {
    const structure = await browser.get(`/plans/${t.planId}/structure`);
    expect(structure.body).toContain(`<a class="govuk-link" href="/people/${personId}">Daniel Marsh</a>`);
    const action = await browser.get(`/actions/${actionId}`);
    expect(action.body).toMatch(/href="\/people\/[^"]+">[A-Z][a-z]+ [A-Z][a-z]+<\/a>/);
    const person = await browser.get(`/people/${personId}`);
    expect(person.statusCode).toBe(200);
    expect(person.body).toContain('Daniel Marsh');
    expect(person.body).toContain('Principal Social Worker, Riverside Borough Council');
    expect(person.body).toContain('href="mailto:daniel.marsh@riverside.example"');
  });

  it('filters by a due-before date written as the date picker writes it, or as ISO', async () => {
    const count = (html: string) => Number(/data-qa="result-count">(\d+)/.exec(html)?.[1]);
    const all = count((await browser.get(`/plans/${t.planId}/structure`)).body);
    const slashed = await browser.get(
      `/plans/${t.planId}/structure?dueBefore=${encodeURIComponent('1/7/2026')}`,
    );
    const iso = await browser.get(`/plans/${t.planId}/structure?dueBefore=2026-07-01`);
    expect(count(slashed.body)).toBeGreaterThan(0);
    expect(count(slashed.body)).toBeLessThan(all);
    expect(count(iso.body)).toBe(count(slashed.body));
    // The picker shows the date back as it writes it, and JavaScript makes it a calendar.
    expect(slashed.body).toMatch(/data-module="moj-date-picker"/);
    expect(slashed.body).toMatch(
      /id="dueBefore"[^>]*value="1\/7\/2026"|value="1\/7\/2026"[^>]*id="dueBefore"/,
    );
    const nonsense = await browser.get(`/plans/${t.planId}/structure?dueBefore=31%2F2%2F2026`);
    expect(count(nonsense.body)).toBe(all);
  });

  it('records progress from the action page, and shows it in the timeline and history', async () => {
    const page = await browser.get(`/actions/${actionId}`);
    const version = /name="version" value="(\d+)"/.exec(page.body)?.[1] as string;
    const response = await browser.post(`/actions/${actionId}/progress`, {
      _csrf: csrfIn(page.body),
      version,
      status: 'Behind schedule',
      narrative: 'Two team managers on leave; practice week moved.',
      'date-day': '20',
      'date-month': '11',
      'date-year': '2026',
    });
    expect(response.statusCode).toBe(303);
    const after = await browser.get(`/actions/${actionId}`);
    expect(after.body).toContain('Two team managers on leave; practice week moved.');
    expect(after.body).toMatch(/data-qa="lead-rating">Red/);
    expect(after.body).toContain('Progress: Behind schedule');
  });

  it('shows every missing field of the progress form in the error summary', async () => {
    const page = await browser.get(`/actions/${actionId}`);
    const response = await browser.post(`/actions/${actionId}/progress`, {
      _csrf: csrfIn(page.body),
      version: '1',
      'date-day': '31',
      'date-month': '13',
      'date-year': '2026',
    });
    expect(response.statusCode).toBe(400);
    for (const message of [
      'Choose a status from the plan',
      'Describe the progress made',
      'Date of the update must be a real date',
    ]) {
      expect(response.body).toContain(message);
    }
    // The summary links to the date's first field, which is marked as in error and keeps what was typed.
    expect(response.body).toContain('href="#date-day"');
    expect(response.body).toMatch(/For example, \d{1,2} \d{1,2} \d{4}\. Leave blank for today\./);
    expect(response.body).toMatch(/govuk-input--error"[^>]*id="date-day"[^>]*value="31"/);
    const partial = await browser.post(`/actions/${actionId}/progress`, {
      _csrf: csrfIn(page.body),
      version: '1',
      status: 'On schedule',
      narrative: 'Going well.',
      'date-day': '3',
    });
    expect(partial.statusCode).toBe(400);
    expect(partial.body).toContain('Date of the update must include a month and year');
  });

  it('refuses a form post without the CSRF token', async () => {
    const response = await browser.post(`/actions/${actionId}/progress`, {
      status: 'Complete',
      narrative: 'x',
      version: '1',
    });
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('This form has expired');
  });

  it('explains a stale edit with a 409 page showing the change someone else made', async () => {
    const page = await browser.get(`/actions/${actionId}`);
    const version = /name="version" value="(\d+)"/.exec(page.body)?.[1] as string;
    const csrf = csrfIn(page.body);
    await t.core.run(addUser, OPERATOR, {
      email: 'tom.ashworth@riverside.example',
      name: 'Tom Ashworth',
      organisation: DEMO_COUNCIL,
      role: 'manager',
      password: 'a-long-password',
    });
    const tom = await actorByEmail(t.connection.db, 'tom.ashworth@riverside.example');
    await t.core.run(editAction, tom, {
      actionId,
      version: Number(version),
      text: 'Observed practice week for every team manager, moved to January',
    });
    const response = await browser.post(`/actions/${actionId}/edit`, {
      _csrf: csrf,
      version,
      text: 'My change',
      leads: 'Daniel Marsh',
      due: '30/09/2026',
    });
    expect(response.statusCode).toBe(409);
    expect(response.body).toContain('Someone else changed this action');
    expect(response.body).toContain('Observed practice week for every team manager, moved to January');
    expect(response.body).toContain('Tom Ashworth');
  });

  it('asks for a reason when the timescale changes, and keeps the old one in the history', async () => {
    const page = await browser.get(`/actions/${actionId}`);
    const version = /name="version" value="(\d+)"/.exec(page.body)?.[1] as string;
    const form = { _csrf: csrfIn(page.body), version, text: 'Observed practice week', leads: 'Daniel Marsh' };
    const noReason = await browser.post(`/actions/${actionId}/edit`, { ...form, due: '31 January 2027' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('Give a reason for changing the timescale');
    const withReason = await browser.post(`/actions/${actionId}/edit`, {
      ...form,
      due: '31 January 2027',
      dueChangeReason: 'Managers on leave in the autumn',
    });
    expect(withReason.statusCode).toBe(303);
    const after = await browser.get(`/actions/${actionId}`);
    expect(after.body).toContain(
      'the timescale from “30/09/2026” to “31 January 2027” (Managers on leave in the autumn)',
    );
  });

  it('shows a recommendation without actions as a gap', async () => {
    const saved = await t.ops.importDocument(demoWithUnservedRecommendation(), {
      organisation: DEMO_COUNCIL,
    });
    const doc = await t.ops.exportDocument(saved.planId);
    const served = new Set(doc.actions.flatMap((a) => a.recommendationIds));
    const gap = doc.recommendations.find((r) => !served.has(r.id));
    expect(gap, 'the demo plan has a recommendation no action serves').toBeDefined();
    expect((await browser.get(`/recommendations/${gap!.id}`)).body).toContain('data-qa="gap"');
    const covered = doc.recommendations.find((r) => served.has(r.id))!;
    expect((await browser.get(`/recommendations/${covered.id}`)).body).toContain('data-qa="serving"');
  });

  it('lists a person\'s actions and "My actions" for the signed-in lead', async () => {
    const mine = await browser.get('/my-actions');
    expect(mine.body).toContain('data-qa="person-actions"');
    expect(mine.body).toContain('Open a multi-agency hub');
  });

  it('links each import finding to what it concerns, and dismisses with a reason', async () => {
    const doc = await importFile(new URL('../fixtures/harbour-plan.txt', import.meta.url).pathname);
    const saved = await t.ops.importDocument(doc, { organisation: 'Riverside Borough Council' });
    const stored = await t.ops.exportDocument(saved.planId);
    const gap = stored.recommendations.find((r) => r.ref === '3');
    const page = await browser.get(`/plans/${saved.planId}/findings`);
    expect(page.body).toContain(`href="/recommendations/${gap?.id}" data-qa="finding-subject"`);
    expect(page.body).toMatch(/href="\/actions\/[^"]+" data-qa="finding-subject"/);
    const findingId = /action="\/plans\/[^/]+\/findings\/([^/]+)\/dismiss"/.exec(page.body)?.[1] as string;
    const empty = await browser.post(`/plans/${saved.planId}/findings/${findingId}/dismiss`, {
      _csrf: csrfIn(page.body),
      reason: '',
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Enter why this finding can be dismissed');
    const dismissed = await browser.post(`/plans/${saved.planId}/findings/${findingId}/dismiss`, {
      _csrf: csrfIn(page.body),
      reason: 'Checked with the plan owner',
    });
    expect(dismissed.statusCode).toBe(303);
    const after = await browser.get(`/plans/${saved.planId}/findings`);
    expect(after.body).toContain('Dismissed: Checked with the plan owner');
    expect(after.body).toMatch(/data-qa="open-count">\d+ open of 2</);
  });

  it('answers 404 with a page for unknown ids and paths', async () => {
    for (const url of [
      '/actions/nope',
      `/plans/nope`,
      '/recommendations/nope',
      '/people/nope',
      '/no-such-page',
    ]) {
      const response = await browser.get(url);
      expect(response.statusCode, url).toBe(404);
      expect(response.body, url).toContain('data-qa="error-title"');
    }
  });

  it('signs out', async () => {
    const other = await new Browser(t.app).signIn();
    const page = await other.get('/plans');
    expect((await other.post('/sign-out', { _csrf: csrfIn(page.body) })).statusCode).toBe(303);
    expect((await other.get('/plans')).statusCode).toBe(302);
  });
});
