/**
 * The board pack's scorecard draws a chart for each measure with values, from the values locked in the
 * snapshot (a value reported afterwards is not in it): SVG in the page, an SVG picture with a PNG fallback in Word,
 * vector graphics in the PDF (its labels are text pdftotext reads back). On both databases.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import JSZip from 'jszip';
import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordValue } from '../../src/core/commands/measure.commands.ts';
import { lockSnapshot } from '../../src/core/commands/snapshot.commands.ts';
import { DEMO_USER } from '../../src/core/demo.ts';
import { OPERATOR } from '../../src/domain/actor.ts';
import { dialectsToTest } from '../support/databases.ts';
import { Browser, startTestApp, type TestApp } from '../support/web.ts';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'ipt-pack-charts-'));
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47]);

describe.each(dialectsToTest())('the scorecard charts of a board pack on %s', (dialect) => {
  let t: TestApp;
  let manager: Browser;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    manager = await new Browser(t.app).signIn(DEMO_USER.email, DEMO_USER.password);
  });
  afterAll(async () => t?.close());

  it('charts each measure with values as it was locked, in the page, in Word and in the PDF', async () => {
    const measures = (await t.ops.exportDocument(t.planId)).measures;
    const charted = measures.filter((m) => m.values.some((v) => v.value !== null));
    expect(charted.length).toBeGreaterThan(1);
    const { snapshotId } = await t.core.run(lockSnapshot, OPERATOR, { planId: t.planId, period: '2026-11' });
    // A value reported after the lock is not in the locked pack's chart.
    const first = charted[0]!;
    await t.core.run(recordValue, OPERATOR, { measureId: first.id, period: '2026-11', value: 97 });

    const page = (await manager.get(`/snapshots/${snapshotId}`)).body;
    const block = /data-qa="measure-charts"[^>]*>([\s\S]*?)<\/section>/.exec(page)?.[1] ?? '';
    const svgs = [...block.matchAll(/<svg[\s\S]*?<\/svg>/g)].map((m) => m[0]);
    expect(svgs).toHaveLength(charted.length);
    for (const m of charted) expect(block).toContain(`${m.ref}: ${m.name}`);
    const firstChart = svgs.find((svg) => svg.includes(`${first.ref}: ${first.name}`))!;
    const points = first.values.filter((v) => v.value !== null).length;
    expect([...firstChart.matchAll(/<circle /g)]).toHaveLength(points);
    // The pack of now has the new value.
    const now = (await manager.get(`/plans/${t.planId}/board-pack`)).body;
    const nowChart = [...now.matchAll(/<svg[\s\S]*?<\/svg>/g)]
      .map((m) => m[0])
      .find((svg) => svg.includes(`${first.ref}: ${first.name}`))!;
    expect([...nowChart.matchAll(/<circle /g)]).toHaveLength(points + 1);

    // Word: a picture per chart (and the ratings chart), each an SVG with its PNG fallback, under its heading.
    const word = await manager.get(`/snapshots/${snapshotId}/board-pack.docx`);
    const zip = await JSZip.loadAsync(word.rawPayload);
    const media = Object.keys(zip.files).filter((name) => name.startsWith('word/media/'));
    expect(media.filter((name) => name.endsWith('.svg'))).toHaveLength(charted.length + 1);
    const pngs = media.filter((name) => name.endsWith('.png'));
    expect(pngs).toHaveLength(charted.length + 1);
    const png = await zip.file(pngs[0]!)!.async('nodebuffer');
    expect(png.subarray(0, 4).equals(PNG_SIGNATURE)).toBe(true);
    const html = (await mammoth.convertToHtml({ buffer: word.rawPayload })).value;
    for (const m of charted) expect(html).toContain(`<h3>${m.ref}: ${m.name}</h3>`);

    // PDF: each chart's title, and its axis labels drawn as text (vector graphics, not a picture).
    const pdf = join(dir, `pack-${dialect}.pdf`);
    writeFileSync(pdf, (await manager.get(`/snapshots/${snapshotId}/board-pack.pdf`)).rawPayload);
    const text = (await run('pdftotext', [pdf, '-'])).stdout;
    for (const m of charted) expect(text).toContain(`${m.ref}: ${m.name.slice(0, 30)}`);
    const firstPeriod = first.values.map((v) => v.period).sort()[0]!;
    expect(text.split(firstPeriod).length - 1).toBeGreaterThanOrEqual(1);
    const images = (await run('pdfimages', ['-list', pdf])).stdout.trim().split('\n').slice(2);
    expect(images).toHaveLength(0);
  }, 60_000);
});
