/**
 * The board pack as one self-contained HTML file (styles inline, nothing fetched), for the CLI and for sending
 * round by email: the same parts as the Word document, in the same order.
 */
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';
import { RATING_NAMES, type BoardPack } from '../domain/board-pack.ts';
import { ratingsChartSvg, scorecardCharts } from './board-pack-chart.ts';

const env = new nunjucks.Environment(
  new nunjucks.FileSystemLoader(fileURLToPath(new URL('./templates', import.meta.url))),
  { autoescape: true, throwOnUndefined: false },
);

export function boardPackHtml(pack: BoardPack): string {
  return env.render('board-pack.njk', {
    pack,
    ratingNames: RATING_NAMES,
    ratingsChart: pack.summary.sections.length ? ratingsChartSvg(pack) : null,
    measureCharts: scorecardCharts(pack, { fixedSize: false }),
  });
}
