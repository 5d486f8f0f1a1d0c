/**
 * A measure's chart drawn as SVG, so pages need no JavaScript and pass the content-security policy, and the board
 * pack's PDF draws it as vector graphics: each has a title and a description, and the figures are in a table beside it.
 */
/** One period of a measure: its value and the target that applies then (an Evaluation is one). */
export interface ChartPoint {
  period: string;
  value: number | null;
  target: { value: number | null } | null;
}

export interface ChartInput {
  id: string;
  title: string;
  description: string;
  unit: string;
  series: ChartPoint[];
  comparators: { name: string; period: string; value: number }[];
  /** Its size in pixels rather than the page's width, for documents (an image in Word, a drawing in the PDF). */
  fixedSize?: boolean;
}

export const CHART_WIDTH = 640;
export const CHART_HEIGHT = 280;
const WIDTH = CHART_WIDTH;
const HEIGHT = CHART_HEIGHT;
const PAD = { left: 48, right: 16, top: 16, bottom: 40 };
const COMPARATOR_COLOURS = ['#6f72af', '#b58840', '#28a197'];

const escape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function scale(values: number[]) {
  let min = Math.min(...values);
  let max = Math.max(...values);
  if (min === max) {
    min -= 1;
    max += 1;
  }
  const pad = (max - min) * 0.1;
  return { min: Math.max(0, min - pad), max: max + pad };
}

export function measureChart(input: ChartInput): string {
  const periods = input.series.map((e) => e.period);
  const numbers = [
    ...input.series.flatMap((e) => [e.value, e.target?.value ?? null]),
    ...input.comparators.filter((c) => periods.includes(c.period)).map((c) => c.value),
  ].filter((v): v is number => v !== null);
  const titleId = `${input.id}-title`;
  const descId = `${input.id}-desc`;
  const open = `<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" ${input.fixedSize ? `width="${WIDTH}" height="${HEIGHT}"` : 'width="100%"'} role="img" aria-labelledby="${titleId} ${descId}"><title id="${titleId}">${escape(input.title)}</title><desc id="${descId}">${escape(input.description)}</desc>`;
  if (periods.length === 0 || numbers.length === 0) {
    return `${open}<text x="${WIDTH / 2}" y="${HEIGHT / 2}" text-anchor="middle" font-size="16">No values yet</text></svg>`;
  }
  const { min, max } = scale(numbers);
  const x = (i: number) =>
    PAD.left +
    (periods.length === 1
      ? (WIDTH - PAD.left - PAD.right) / 2
      : (i * (WIDTH - PAD.left - PAD.right)) / (periods.length - 1));
  const y = (v: number) => PAD.top + ((max - v) * (HEIGHT - PAD.top - PAD.bottom)) / (max - min);
  const line = (points: [number, number][], colour: string, dash = '') =>
    points.length > 1
      ? `<polyline fill="none" stroke="${colour}" stroke-width="3"${dash ? ` stroke-dasharray="${dash}"` : ''} points="${points.map(([px, py]) => `${px.toFixed(1)},${py.toFixed(1)}`).join(' ')}"></polyline>`
      : '';
  const parts: string[] = [open];
  for (let t = 0; t <= 4; t++) {
    const value = min + ((max - min) * t) / 4;
    parts.push(
      `<line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${y(value).toFixed(1)}" y2="${y(value).toFixed(1)}" stroke="#b1b4b6" stroke-width="1"></line>`,
      `<text x="${PAD.left - 6}" y="${(y(value) + 4).toFixed(1)}" text-anchor="end" font-size="12">${value.toFixed(value < 10 ? 1 : 0)}${input.unit === '%' ? '%' : ''}</text>`,
    );
  }
  const every = Math.max(1, Math.ceil(periods.length / 8));
  periods.forEach((p, i) => {
    if (i % every === 0 || i === periods.length - 1) {
      // The first and last labels sit inside the chart rather than running off its edges.
      const anchor =
        periods.length > 1 && i === 0
          ? 'start'
          : periods.length > 1 && i === periods.length - 1
            ? 'end'
            : 'middle';
      parts.push(
        `<text x="${x(i).toFixed(1)}" y="${HEIGHT - 16}" text-anchor="${anchor}" font-size="12">${escape(p)}</text>`,
      );
    }
  });
  const targets = input.series.map((e, i) =>
    e.target?.value != null ? ([x(i), y(e.target.value)] as [number, number]) : null,
  );
  parts.push(
    line(
      targets.filter((p): p is [number, number] => p !== null),
      '#0b0c0c',
      '6 4',
    ),
  );
  const names = [...new Set(input.comparators.map((c) => c.name))];
  names.forEach((name, n) => {
    const points = periods
      .map((p, i) => {
        const c = input.comparators.find((cc) => cc.name === name && cc.period === p);
        return c ? ([x(i), y(c.value)] as [number, number]) : null;
      })
      .filter((p): p is [number, number] => p !== null);
    parts.push(line(points, COMPARATOR_COLOURS[n % COMPARATOR_COLOURS.length] as string, '2 3'));
  });
  const values = input.series
    .map((e, i) => (e.value !== null ? ([x(i), y(e.value)] as [number, number]) : null))
    .filter((p): p is [number, number] => p !== null);
  parts.push(line(values, '#1d70b8'));
  for (const [px, py] of values)
    parts.push(`<circle cx="${px.toFixed(1)}" cy="${py.toFixed(1)}" r="4" fill="#1d70b8"></circle>`);
  parts.push('</svg>');
  return parts.join('');
}

/** A small trend line for a table cell; decorative, since the row states the figures in words. */
export function sparkline(series: ChartPoint[]): string {
  // The last year of values is the trend a table cell can show; whole pixels are as fine as it can draw.
  const values = series
    .map((e) => e.value)
    .filter((v): v is number => v !== null)
    .slice(-12);
  if (values.length < 2) return '';
  const { min, max } = scale(values);
  const points = values.map(
    (v, i) =>
      `${Math.round((i * 96) / (values.length - 1) + 2)},${Math.round(2 + ((max - v) * 24) / (max - min))}`,
  );
  return `<svg width="100" height="28" viewBox="0 0 100 28" aria-hidden="true" focusable="false"><polyline fill="none" stroke="#1d70b8" stroke-width="2" points="${points.join(' ')}"></polyline></svg>`;
}
