/**
 * Cached pages are sent without their templates' indentation and blank lines, except pages holding <pre> or
 * <textarea>, where leading spaces are the user's text.
 */
import { describe, expect, it } from 'vitest';
import { withoutIndentation } from '../../src/web/cached-page.ts';

describe('pages sent without indentation', () => {
  it('drops the spaces and tabs that start each line and every blank line, and keeps the text', () => {
    const page = '<ul>\n    <li>One  two</li>\n\n  \t\n\t<li>Three</li>\n  \n</ul>\n';
    expect(withoutIndentation(page)).toBe('<ul>\n<li>One  two</li>\n<li>Three</li>\n</ul>\n');
  });

  it('leaves a page with preformatted text or a text area as it is', () => {
    for (const page of ['<pre>\n    indented\n\n</pre>', '<TEXTAREA name="p">\n  kept\n</TEXTAREA>'])
      expect(withoutIndentation(page)).toBe(page);
  });
});
