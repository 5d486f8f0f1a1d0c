import type { BoardPack } from '../domain/board-pack.ts';
import { measureChart } from './measure-chart.ts';

const FILL: Record<string, string> = {
  red: '#d4351c',
  amber: '#f47738',
  green: '#00703c',
  blue: '#1d70b8',
  awaiting: '#4c2c92',
  none: '#505a5f',
};

/**
 * Stacked bars of each section's ratings as SVG: vector graphics in the PDF, and an image on the pack's page (its
 * figures are in the table beside it, which the label points to).
 */
export function ratingsChartSvg(pack: BoardPack): string {
  const order = ['blue', 'awaiting', 'green', 'amber', 'red', 'none'] as const;
  const width = 500;
  const rowHeight = 18;
  const label = 170;
  const rows = pack.summary.sections.map((s, i) => {
    const total = Math.max(1, s.totals.total);
    let x = label;
    const bars = order
      .map((r) => {
        const n =
          r === 'none'
            ? (s.totals.byRating.none ?? 0) + (s.totals.byRating.grey ?? 0)
            : (s.totals.byRating[r] ?? 0);
        const w = ((width - label) * n) / total;
        const bar = n
          ? `<rect x="${x.toFixed(1)}" y="${i * rowHeight + 2}" width="${w.toFixed(1)}" height="${rowHeight - 4}" fill="${FILL[r]}"/>`
          : '';
        x += w;
        return bar;
      })
      .join('');
    const title = s.title.length > 32 ? `${s.title.slice(0, 31)}…` : s.title;
    const escaped = title.replace(/&/g, '&amp;').replace(/</g, '&lt;');
    return `<text x="0" y="${i * rowHeight + 13}" font-size="9">${escaped}</text>${bars}`;
  });
  const ariaLabel =
    'Ratings by section: complete, awaiting sign-off, green, amber, red and not rated (figures in the table below)';
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${ariaLabel}" width="${width}" height="${Math.max(1, rows.length) * rowHeight}">${rows.join('')}</svg>`;
}

export interface ScorecardChart {
  measureId: string;
  title: string;
  svg: string;
}

/**
 * One chart per measure of the scorecard that has values: its reported values, the target of each period and
 * where the measure stands, as locked in the snapshot (a snapshot locked before series were kept has none).
 */
export function scorecardCharts(pack: BoardPack, options: { fixedSize: boolean }): ScorecardChart[] {
  return pack.scorecard
    .filter((m) => (m.series ?? []).some((r) => r.value !== null))
    .map((m) => {
      const series = (m.series ?? []).map((r) => ({
        period: r.period,
        value: r.value,
        target: r.target === null ? null : { value: r.target },
      }));
      const title = `${m.ref ? `${m.ref}: ` : ''}${m.name}`;
      return {
        measureId: m.id,
        title,
        svg: measureChart({
          id: `pack-measure-${m.id}`,
          title,
          description: `Values from ${series[0]?.period ?? ''} to ${series.at(-1)?.period ?? ''} (solid line) and the target for each period (dashed). ${m.statement}`,
          unit: m.unit,
          series,
          comparators: [],
          fixedSize: options.fixedSize,
        }),
      };
    });
}
