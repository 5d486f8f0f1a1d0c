/**
 * Under load a page rendered moments ago is sent again for a newer revision of its plan rather than rendered afresh;
 * with nothing else rendering, or when it is too old, or for a later revision than asked, it is not.
 */
import { describe, expect, it } from 'vitest';
import { cachedPage, createRecentPages } from '../../src/web/cached-page.ts';

const page = (text: string) => cachedPage(`<p>${text}</p>`);

describe('recent pages', () => {
  it('sends the page of an earlier revision only while another page is being rendered', async () => {
    const recent = createRecentPages({ maxBehindMs: 60_000 });
    await recent.render('plan|dashboard', 1, () => Promise.resolve(page('revision 1')));
    // Nothing else rendering: the newer revision is rendered afresh.
    expect(recent.recent('plan|dashboard', 2)).toBeUndefined();

    let finish = (_: ReturnType<typeof page>) => {};
    const other = recent.render('plan|structure', 2, () => new Promise((resolve) => (finish = resolve)));
    expect(recent.recent('plan|dashboard', 2)?.html).toBe('<p>revision 1</p>');
    // Never a page for another key, nor one from a later revision than the one asked for.
    expect(recent.recent('plan|scorecard', 2)).toBeUndefined();
    await recent.render('plan|dashboard', 3, () => Promise.resolve(page('revision 3')));
    expect(recent.recent('plan|dashboard', 2)).toBeUndefined();
    finish(page('structure'));
    await other;
    expect(recent.recent('plan|dashboard', 4)).toBeUndefined();
  });

  it('does not send a page older than the limit, however busy', async () => {
    const recent = createRecentPages({ maxBehindMs: -1 });
    await recent.render('plan|dashboard', 1, () => Promise.resolve(page('revision 1')));
    let finish = (_: ReturnType<typeof page>) => {};
    const other = recent.render('plan|structure', 1, () => new Promise((resolve) => (finish = resolve)));
    expect(recent.recent('plan|dashboard', 2)).toBeUndefined();
    finish(page('structure'));
    await other;
  });
});
