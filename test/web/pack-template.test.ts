/**
 * An organisation's board pack template, on both databases: its administrator names the pack, leaves parts out,
 * orders the rest and uploads a logo; the pack page and the Word document follow it. Others cannot change it.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_USER } from '../../src/core/demo.ts';
import { dialectsToTest } from '../support/databases.ts';
import { solidPng } from '../support/png.ts';
import { Browser, csrfIn, startTestApp, type TestApp } from '../support/web.ts';

const run = promisify(execFile);
const PNG = solidPng(40, 16);
// A PNG's header with image data that does not inflate: no image, though it says it is one.
const BROKEN_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAYAAAD0In+KAAAAEUlEQVR4nGP4z8DwHwyBTAYAL+4F+7XN7tIAAAAASUVORK5CYII=',
  'base64',
);

function multipart(fields: Record<string, string>, file: { name: string; type: string; content: Buffer }) {
  const boundary = '----ipt' + Math.random().toString(16).slice(2);
  const head = Object.entries(fields)
    .map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
    .join('');
  const payload = Buffer.concat([
    Buffer.from(
      `${head}--${boundary}\r\nContent-Disposition: form-data; name="logo"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
    ),
    file.content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, contentType: `multipart/form-data; boundary=${boundary}` };
}

describe.each(dialectsToTest())('the board pack template on %s', (dialect) => {
  let t: TestApp;
  let admin: Browser;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    admin = await new Browser(t.app).signIn();
  });
  afterAll(async () => t?.close());

  it('names the pack, leaves parts out and orders the rest, with a logo, in the page and in Word', async () => {
    const page = await admin.get('/organisation/board-pack');
    expect(page.statusCode).toBe(200);
    const csrf = csrfIn(page.body);
    const none = await admin.post('/organisation/board-pack', { _csrf: csrf, name: 'Highlight report' });
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('Keep at least one part of the pack');

    const saved = await admin.post('/organisation/board-pack', {
      _csrf: csrf,
      name: 'Improvement Board highlight report',
      'include-scorecard': 'yes',
      'position-scorecard': '1',
      'include-summary': 'yes',
      'position-summary': '2',
      'include-exceptions': 'yes',
      'position-exceptions': '3',
    });
    expect(saved.statusCode).toBe(303);

    const upload = async (name: string, type: string, content: Buffer) => {
      const form = multipart({ _csrf: csrf }, { name, type, content });
      return t.app.inject({
        method: 'POST',
        url: '/organisation/board-pack/logo',
        headers: { cookie: admin.cookieHeader, 'content-type': form.contentType },
        payload: form.payload,
      });
    };
    const refused = await upload('logo.gif', 'image/gif', Buffer.from('GIF89a'));
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('The logo must be a PNG or JPEG image');
    const unreadable = await upload('logo.png', 'image/png', BROKEN_PNG);
    expect(unreadable.statusCode).toBe(400);
    expect(unreadable.body).toContain('The logo could not be read as a PNG or JPEG image');
    const uploaded = await upload('logo.png', 'image/png', PNG);
    expect(uploaded.statusCode).toBe(303);
    expect((await admin.get('/organisation/board-pack')).body).toContain('data-qa="logo"');

    const pack = (await admin.get(`/plans/${t.planId}/board-pack`)).body;
    expect(pack).toContain('Improvement Board highlight report');
    expect(pack).toContain(`src="data:image/png;base64,${PNG.toString('base64')}"`);
    const headings = [...pack.matchAll(/<h2 class="govuk-heading-m">([^<]+)<\/h2>/g)].map((m) => m[1]);
    expect(headings).toEqual(['Scorecard', 'Summary', 'Exception report']);

    const word = await admin.get(`/plans/${t.planId}/board-pack.docx`);
    const html = (await mammoth.convertToHtml({ buffer: word.rawPayload })).value;
    expect([...html.matchAll(/<h1>([^<]+)<\/h1>/g)].map((m) => m[1])).toEqual([
      'Scorecard',
      'Summary',
      'Exception report',
    ]);
    expect(html).toContain('Improvement Board highlight report');
    expect(html).toContain('<img src="data:image/png;base64,');

    // The PDF too: its name for the pack, the parts in its order, and the logo as an image.
    const pdf = await admin.get(`/plans/${t.planId}/board-pack.pdf`);
    expect(pdf.headers['content-type']).toContain('application/pdf');
    const file = join(mkdtempSync(join(tmpdir(), 'ipt-pack-')), 'pack.pdf');
    writeFileSync(file, pdf.rawPayload);
    const text = (await run('pdftotext', ['-layout', file, '-'])).stdout;
    expect(text).toContain('Improvement Board highlight report');
    expect(text.indexOf('Scorecard')).toBeLessThan(text.indexOf('Summary'));
    expect(text).not.toContain('Appendix: every action');
    expect((await run('pdfimages', ['-list', file])).stdout).toMatch(/\n\s+1\s+0\s+image\s+40\s+16\s/);
  });

  it('a manager cannot change the template', async () => {
    const manager = DEMO_ACCOUNTS.find((a) => a.role === 'manager');
    const lead = DEMO_ACCOUNTS.find((a) => a.role === 'lead')!;
    const other = await new Browser(t.app).signIn((manager ?? lead).email, DEMO_USER.password);
    expect((await other.get('/organisation/board-pack')).statusCode).toBe(403);
  });
});
