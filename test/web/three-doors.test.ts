/**
 * The same bad input through the three doors — the browser form, the JSON API and the `ipt` command — gets the
 * same answer, because each door runs the same command and the rule lives there once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { EVIDENCE_MESSAGE } from '../../src/core/commands/inputs.ts';
import { DEMO_USER } from '../../src/core/demo.ts';
import { dialectsToTest } from '../support/databases.ts';
import { Browser, csrfIn, startTestApp, type TestApp } from '../support/web.ts';

async function ipt(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['node', 'ipt', ...args], { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const unescape = (html: string) =>
  html
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/&rsquo;/g, '’');

/** The messages in a page's GOV.UK error summary. */
const summaryOf = (html: string) =>
  [
    ...(/govuk-error-summary__list">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? '').matchAll(
      /<a href="[^"]*">([^<]*)<\/a>/g,
    ),
  ].map((m) => unescape(m[1]!.trim()));

describe.each(dialectsToTest())('three doors on %s', (dialect) => {
  let t: TestApp;
  let browser: Browser;
  let token: string;
  let actionId: string;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    browser = await new Browser(t.app).signIn();
    token = (await t.ops.createToken(DEMO_USER.email)).token;
    actionId = (await t.ops.exportDocument(t.planId)).actions.find((a) => a.ref === '2.2.2')!.id;
  });
  afterAll(async () => t?.close());

  const version = async () => String((await t.ops.action(actionId)).version);

  async function throughPage(path: 'progress' | 'edit', form: Record<string, string>) {
    const page = await browser.get(`/actions/${actionId}`);
    const response = await browser.post(`/actions/${actionId}/${path}`, {
      _csrf: csrfIn(page.body),
      ...form,
    });
    return {
      status: response.statusCode,
      messages: summaryOf(response.body),
      body: response.body,
      location: String(response.headers.location ?? ''),
    };
  }

  async function throughApi(method: 'POST' | 'PATCH', body: Record<string, unknown>) {
    const response = await t.app.inject({
      method,
      url: method === 'POST' ? `/api/actions/${actionId}/progress` : `/api/actions/${actionId}`,
      headers: { authorization: `Bearer ${token}` },
      payload: body,
    });
    const error = response.json<{ error: { code: string; details?: { message: string }[] | object } }>()
      .error;
    return { status: response.statusCode, error };
  }

  const cli = (...args: string[]) =>
    ipt('--database', t.databaseUrl, '--as', DEMO_USER.email, 'action', ...args);

  it.each([
    {
      what: 'a status that is not in the plan’s key',
      page: { status: 'Sort of fine', narrative: 'Going well.' },
      api: { status: 'Sort of fine', narrative: 'Going well.' },
      cli: ['--status', 'Sort of fine', '--narrative', 'Going well.'],
      message:
        "Choose a status from the plan's key (Complete, On schedule, In progress, Behind schedule, Not started)",
    },
    {
      what: 'an update dated in the future',
      page: {
        status: 'On schedule',
        narrative: 'Going well.',
        'date-day': '1',
        'date-month': '1',
        'date-year': '2099',
      },
      api: { status: 'On schedule', narrative: 'Going well.', date: '2099-01-01' },
      cli: ['--status', 'On schedule', '--narrative', 'Going well.', '--date', '2099-01-01'],
      message: 'Date of the update must be today or in the past',
    },
    {
      what: 'evidence that is neither a web address nor a document',
      page: { status: 'On schedule', narrative: 'Going well.', evidence: 'javascript:alert(1)' },
      api: { status: 'On schedule', narrative: 'Going well.', evidence: ['javascript:alert(1)'] },
      cli: ['--status', 'On schedule', '--narrative', 'Going well.', '--evidence', 'javascript:alert(1)'],
      message: EVIDENCE_MESSAGE,
    },
    {
      what: 'no narrative',
      page: { status: 'On schedule', narrative: '' },
      api: { status: 'On schedule', narrative: '' },
      cli: ['--status', 'On schedule'],
      message: 'Describe the progress made',
    },
  ])('refuses $what with the same words at every door, storing nothing', async (c) => {
    const before = await version();
    const page = await throughPage('progress', {
      version: before,
      ...(c.page as unknown as Record<string, string>),
    });
    expect(page.status).toBe(400);
    expect(page.messages).toEqual([c.message]);
    const api = await throughApi('POST', { version: Number(before), ...c.api });
    expect(api.status).toBe(400);
    expect((api.error.details as { message: string }[]).map((d) => d.message)).toEqual([c.message]);
    const line = await cli('progress', actionId, '--version', before, ...c.cli);
    expect(line.code).toBe(2);
    expect(line.err).toMatch(new RegExp(`^ipt: \\w+(\\[\\d\\])?: ${c.message.replace(/[()[\]]/g, '\\$&')}$`));
    expect(await version()).toBe(before);
  });

  it('refuses a timescale changed without a reason the same way at every door', async () => {
    const before = await version();
    const message = 'Give a reason for changing the timescale';
    const page = await throughPage('edit', {
      version: before,
      text: 'Observed practice week',
      leads: 'Daniel Marsh',
      due: 'March 2027',
    });
    expect(page.status).toBe(400);
    expect(page.messages).toEqual([message]);
    const api = await throughApi('PATCH', { version: Number(before), due: 'March 2027' });
    expect(api.status).toBe(400);
    expect((api.error.details as { message: string }[]).map((d) => d.message)).toEqual([message]);
    const line = await cli('edit', actionId, '--version', before, '--due', 'March 2027');
    expect(line).toMatchObject({ code: 2, err: `ipt: dueChangeReason: ${message}` });
    expect(await version()).toBe(before);
  });

  it('refuses a change that names no version at every door (409, naming the current version)', async () => {
    const before = await version();
    const page = await throughPage('progress', { status: 'On schedule', narrative: 'Going well.' });
    expect(page.status).toBe(409);
    expect(page.body).toContain('Someone else changed this action');
    const api = await throughApi('POST', { status: 'On schedule', narrative: 'Going well.' });
    expect(api.status).toBe(409);
    expect(api.error).toMatchObject({ code: 'version_required', details: { current: Number(before) } });
    const line = await cli('progress', actionId, '--status', 'On schedule', '--narrative', 'Going well.');
    expect(line.code).toBe(1);
    expect(line.err).toContain(`it is now at version ${before}`);
    expect(await version()).toBe(before);
  });

  it("stores an update dated before the plan's own date, with a warning at every door", async () => {
    const warning = "The update is dated before the plan's own date (2 February 2026)";
    const early = { status: 'On schedule', narrative: 'Recorded late.' };
    const page = await throughPage('progress', {
      version: await version(),
      ...early,
      'date-day': '5',
      'date-month': '1',
      'date-year': '2026',
    });
    expect(page.status).toBe(303);
    const shown = await browser.get(page.location);
    expect(unescape(shown.body)).toContain(`Your change has been saved. ${warning}`);
    const api = await t.app.inject({
      method: 'POST',
      url: `/api/actions/${actionId}/progress`,
      headers: { authorization: `Bearer ${token}` },
      payload: { version: Number(await version()), ...early, date: '2026-01-05' },
    });
    expect(api.statusCode).toBe(201);
    expect(api.json<{ warnings: string[] }>().warnings).toEqual([warning]);
    const line = await cli(
      'progress',
      actionId,
      '--version',
      await version(),
      '--status',
      'On schedule',
      '--narrative',
      'Recorded late.',
      '--date',
      '2026-01-05',
    );
    expect(line.code).toBe(0);
    expect(line.out).toContain(`warning: ${warning}`);
  });

  it('asks before storing an update dated before the latest one, which stays the current status', async () => {
    await throughPage('progress', {
      version: await version(),
      status: 'Behind schedule',
      narrative: 'Latest.',
      'date-day': '20',
      'date-month': '11',
      'date-year': '2026',
    });
    const earlier = { status: 'Complete', narrative: 'Back-dated.' };
    const message =
      'This update is dated before the latest one (20 November 2026): check the date, or confirm that it is right';
    const page = await throughPage('progress', {
      version: await version(),
      ...earlier,
      'date-day': '1',
      'date-month': '10',
      'date-year': '2026',
    });
    expect(page.status).toBe(400);
    expect(page.messages).toEqual([message]);
    expect(page.body).toContain('data-qa="confirm-earlier"');
    const api = await throughApi('POST', {
      version: Number(await version()),
      ...earlier,
      date: '2026-10-01',
    });
    expect((api.error.details as { message: string }[]).map((d) => d.message)).toEqual([message]);
    const line = await cli(
      'progress',
      actionId,
      '--version',
      await version(),
      '--status',
      'Complete',
      '--narrative',
      'Back-dated.',
      '--date',
      '2026-10-01',
    );
    expect(line).toMatchObject({ code: 2, err: `ipt: confirmEarlier: ${message}` });
    const confirmed = await throughPage('progress', {
      version: await version(),
      ...earlier,
      'date-day': '1',
      'date-month': '10',
      'date-year': '2026',
      confirmEarlier: 'yes',
    });
    expect(confirmed.status).toBe(303);
    const after = await t.ops.action(actionId);
    expect(after.updates.map((u) => u.narrative)).toContain('Back-dated.');
    expect(after.status?.raw).toBe('Behind schedule');
  });

  it('accepts the same good input at every door, each adding one update', async () => {
    const page = await throughPage('progress', {
      version: await version(),
      status: 'On schedule',
      narrative: 'Page.',
    });
    expect(page.status).toBe(303);
    const api = await throughApi('POST', {
      version: Number(await version()),
      status: 'On schedule',
      narrative: 'API.',
      evidence: ['Audit of 40 case files, March 2026'],
    });
    expect(api.status).toBe(201);
    const line = await cli(
      'progress',
      actionId,
      '--version',
      await version(),
      '--status',
      'on schedule',
      '--narrative',
      'CLI.',
      '--evidence',
      'https://example.org/minutes',
    );
    expect(line.code).toBe(0);
    const updates = (await t.ops.action(actionId)).updates.slice(-3);
    expect(updates.map((u) => u.narrative)).toEqual(['Page.', 'API.', 'CLI.']);
    expect(updates.map((u) => u.evidence)).toEqual([
      [],
      ['Audit of 40 case files, March 2026'],
      ['https://example.org/minutes'],
    ]);
    // The audit log names the acting user by id at every door.
    const { organisation_id } = await t.connection.db
      .selectFrom('plans')
      .select('organisation_id')
      .where('id', '=', t.planId)
      .executeTakeFirstOrThrow();
    const audit = (await t.ops.audit(organisation_id, { entityId: actionId })).slice(-3);
    const grace = await t.connection.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', DEMO_USER.email)
      .executeTakeFirstOrThrow();
    expect(audit.map((a) => a.actorId)).toEqual([grace.id, grace.id, grace.id]);
  });
});
