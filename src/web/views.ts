/**
 * Nunjucks, set up once with the search paths of govuk-frontend and MOJ Frontend so templates call the
 * design system's macros directly.
 */
import { naturalKey } from '../core/read-models/structure-tree.ts';
import { createRequire } from 'node:module';
import { readdirSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';
import { formatLong } from '../domain/calendar.ts';

const require = createRequire(import.meta.url);
export const GOVUK_DIST = join(dirname(require.resolve('govuk-frontend/package.json')), 'dist');
export const MOJ_ROOT = dirname(require.resolve('@ministryofjustice/frontend/package.json'));
const VIEWS = join(dirname(fileURLToPath(import.meta.url)), 'views');

const COLOUR_TAGS: Record<string, { text: string; classes: string }> = {
  red: { text: 'Red', classes: 'govuk-tag--red' },
  amber: { text: 'Amber', classes: 'govuk-tag--orange' },
  green: { text: 'Green', classes: 'govuk-tag--green' },
  blue: { text: 'Complete', classes: 'govuk-tag--blue' },
  awaiting: { text: 'Complete, awaiting sign-off', classes: 'govuk-tag--purple' },
  grey: { text: 'Not started', classes: 'govuk-tag--grey' },
  none: { text: 'No rating', classes: 'govuk-tag--grey' },
};

/**
 * Nunjucks sets every loop variable (`loop.index`, `loop.first`, … on each turn), macro argument and `{% set %}`
 * through Frame.set, which splits the name on dots each time: a tenth of a large page's rendering went on those
 * splits. The names are the templates' own, so each is split once and remembered; the rest is Nunjucks' own code.
 */
function speedUpFrameSet(): void {
  interface Frame {
    variables: Record<string, unknown>;
    resolve(name: string, forWrite: boolean): Frame | undefined;
    set(name: string, value: unknown, resolveUp?: boolean): void;
  }
  const prototype = (nunjucks.runtime as unknown as { Frame: { prototype: Frame & { fast?: true } } }).Frame
    .prototype;
  if (prototype.fast) return;
  const split = new Map<string, string[]>();
  prototype.set = function (this: Frame, name: string, value: unknown, resolveUp?: boolean): void {
    let parts = split.get(name);
    if (!parts) split.set(name, (parts = name.split('.')));
    if (resolveUp) {
      const frame = this.resolve(parts[0] as string, true);
      if (frame) return frame.set(name, value);
    }
    let target = this.variables;
    for (let i = 0; i < parts.length - 1; i++) {
      const id = parts[i] as string;
      target[id] ||= {};
      target = target[id] as Record<string, unknown>;
    }
    target[parts[parts.length - 1] as string] = value;
  };
  prototype.fast = true;
}

export function createViews(): nunjucks.Environment {
  const env = nunjucks.configure([VIEWS, GOVUK_DIST, MOJ_ROOT], {
    autoescape: true,
    noCache: process.env.IPT_RELOAD_TEMPLATES === '1',
  });
  // The design system's macros trim every block of HTML they are given; Nunjucks' own trim is a regular expression
  // (/^\s*|\s*$/g) that rescans each run of spaces inside a large block, a tenth of a big page's rendering. The
  // string's own trim does the same in one pass, keeping whether the text was marked safe.
  const { SafeString } = nunjucks.runtime;
  env.addFilter('trim', (value: unknown) => {
    const text =
      value instanceof SafeString
        ? value.val
        : typeof value === 'string'
          ? value
          : typeof value === 'number' || typeof value === 'boolean'
            ? String(value)
            : '';
    const trimmed = text.trim();
    return value instanceof SafeString ? new SafeString(trimmed) : trimmed;
  });
  speedUpFrameSet();
  // MOJ Frontend's components (the timeline) use its own filters.
  const mojFilters = (require('@ministryofjustice/frontend/moj/filters/all') as () => unknown)() as Record<
    string,
    (...args: unknown[]) => unknown
  >;
  for (const [name, filter] of Object.entries(mojFilters)) env.addFilter(name, filter);
  // 2027-03-31 → 31/3/2027, as the MOJ date picker writes dates.
  env.addFilter('slashDate', (value: string | null | undefined) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value ?? '');
    return m ? `${Number(m[3])}/${Number(m[2])}/${m[1]}` : '';
  });
  // Refs in counting order for sorting: 1.5.2 before 1.5.10.
  env.addFilter('naturalKey', (ref: string | null | undefined) => naturalKey(ref));
  // How the import preview names the rows of a table it read: "3 recommendations", "1 heading row".
  const ROW_KIND_NAMES: Record<string, [string, string]> = {
    heading: ['heading row', 'heading rows'],
    section: ['section heading', 'section headings'],
    recommendation: ['recommendation', 'recommendations'],
    action: ['row of actions', 'rows of actions'],
    milestone: ['milestone row', 'milestone rows'],
    continuation: ['row joined to the row above', 'rows joined to the row above'],
    field: ['labelled row (one field)', 'labelled rows (one field each)'],
    page: ['page header or footer', 'page headers or footers'],
    ignored: ['row left out', 'rows left out'],
  };
  env.addFilter('rowKind', (kind: string, n: number) => ROW_KIND_NAMES[kind]?.[n === 1 ? 0 : 1] ?? kind);
  env.addFilter('longDate', (value: string | null | undefined) =>
    value ? formatLong(value.slice(0, 10)) : '',
  );
  /** A moment as the UK reads it, in UTC as stored: "3 December 2026, 07:31". */
  env.addFilter('dateTime', (value: string | null | undefined) =>
    value ? `${formatLong(value.slice(0, 10))}, ${value.slice(11, 16)}` : '',
  );
  env.addFilter(
    'colourTag',
    (colour: string | null | undefined) => COLOUR_TAGS[colour ?? 'none'] ?? COLOUR_TAGS.none,
  );
  env.addFilter('query', (params: Record<string, string | undefined>) =>
    new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => !!e[1])).toString(),
  );
  return env;
}

/**
 * Every template as the name it is cached under: ours and the design systems' macros by the names templates import
 * them by; what those import by a relative path (a component's template.njk, shared macros) by its full path.
 */
function templateNames(): string[] {
  const njk = (root: string) =>
    readdirSync(root, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.njk'))
      .map((f) => f.split(sep).join('/'));
  const designSystems = [
    ...njk(join(GOVUK_DIST, 'govuk')).map((f) => ({ root: GOVUK_DIST, name: `govuk/${f}` })),
    ...njk(join(MOJ_ROOT, 'moj')).map((f) => ({ root: MOJ_ROOT, name: `moj/${f}` })),
  ];
  return [
    ...njk(VIEWS),
    ...designSystems
      .filter((t) => t.name.endsWith('/macro.njk') || t.name === 'govuk/template.njk')
      .map((t) => t.name),
    ...designSystems.map((t) => join(t.root, t.name)),
  ];
}

/**
 * Compiles every template now, not on the first request that needs it: a server that has just started (after a
 * deployment, beside another under load) would otherwise answer its first requests a template compilation at a time.
 * How many it compiled.
 */
export function warmTemplates(env: nunjucks.Environment): number {
  const names = templateNames();
  for (const name of names) env.getTemplate(name, true);
  return names.length;
}
