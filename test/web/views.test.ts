/** The app's own template filters: trim (replacing Nunjucks' slow one) keeps whether its text was marked safe. */
import { describe, expect, it } from 'vitest';
import { createViews } from '../../src/web/views.ts';

describe('template filters', () => {
  const views = createViews();

  it('trims as Nunjucks does: safe HTML stays HTML, other text is still escaped', () => {
    expect(views.renderString('[{{ "  <b>kept</b>\n\n  " | safe | trim }}]', {})).toBe('[<b>kept</b>]');
    expect(views.renderString('[{{ "  <b>escaped</b>  " | trim }}]', {})).toBe(
      '[&lt;b&gt;escaped&lt;/b&gt;]',
    );
    expect(views.renderString('[{{ value | trim }}]', { value: 42 })).toBe('[42]');
    expect(views.renderString('[{{ missing | trim }}]', {})).toBe('[]');
  });
});
