/**
 * The app's own template filters: trim (replacing Nunjucks' slow one) keeps whether its text was marked safe. The
 * variables the templates set (loops, `{% set %}`, macro arguments) behave as Nunjucks documents now that their
 * setting is faster. And the templates compiled before the first request.
 */
import nunjucks from 'nunjucks';
import { describe, expect, it, vi } from 'vitest';
import { createViews } from '../../src/web/views.ts';
import { Browser, startTestApp } from '../support/web.ts';

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

describe('template variables', () => {
  const views = createViews();

  it('gives every loop its own loop.index, first and last, nested loops included', () => {
    expect(
      views.renderString(
        '{% for x in ["a", "b", "c"] %}{{ loop.index }}{{ x }}{{ loop.first }}{{ loop.last }} {% endfor %}',
        {},
      ),
    ).toBe('1atruefalse 2bfalsefalse 3cfalsetrue ');
    expect(
      views.renderString(
        '{% for a in [1, 2] %}{% for b in [3, 4] %}{{ loop.index }}:{{ a }}{{ b }} {% endfor %}{{ loop.index }}; {% endfor %}',
        {},
      ),
    ).toBe('1:13 2:14 1; 1:23 2:24 2; ');
  });

  it('lets {% set %} in a loop change the variable outside it, but not the caller’s inside a macro', () => {
    expect(
      views.renderString(
        '{% set total = 0 %}{% for x in [1, 2, 3] %}{% set total = total + x %}{% endfor %}{{ total }}',
        {},
      ),
    ).toBe('6');
    expect(
      views.renderString(
        '{% set x = 1 %}{% macro m(a, b = 2) %}{% set x = a + b %}{{ x }}{% endmacro %}{{ m(3) }}/{{ x }}',
        {},
      ),
    ).toBe('5/1');
    expect(
      views.renderString('{% set x = "top" %}{{ x }}{% set x = "again" %} {{ x }}', { x: 'given' }),
    ).toBe('top again');
  });
});

describe('templates compiled at start-up', () => {
  it('leaves no template to compile on a first request, of ours or of the design systems', async () => {
    const t = await startTestApp('sqlite', {}, { warmTemplates: true });
    // Nunjucks compiles a template's source here (not in its typings): once for each template it has not seen.
    const { compiler } = nunjucks as unknown as { compiler: { compile: (...args: unknown[]) => string } };
    const compile = vi.spyOn(compiler, 'compile');
    try {
      const browser = await new Browser(t.app).signIn();
      const action = (await t.ops.exportDocument(t.planId)).actions[0]!;
      for (const path of [`/plans/${t.planId}`, `/plans/${t.planId}/scorecard`, `/actions/${action.id}`])
        expect((await browser.get(path)).statusCode).toBe(200);
      expect(compile).not.toHaveBeenCalled();
    } finally {
      compile.mockRestore();
      await t.close();
    }
  });
});
