/**
 * The board pack as a typeset PDF (pdfmake, all JavaScript, fonts from its npm package): the same parts as the
 * Word document, headings in the outline, a repeated header row on every table, the ratings as coloured cells, a
 * bar chart of the ratings by section drawn as vector graphics, and page numbers. A provisional pack says DRAFT on
 * every page.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import pdfmake from 'pdfmake';
import type { Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import {
  PACK_PART_NAMES,
  packWords,
  RATING_NAMES,
  type BoardPack,
  type PackPart,
} from '../domain/board-pack.ts';
import { ratingsChartSvg, scorecardCharts, type ScorecardChart } from './board-pack-chart.ts';
import { imageOfDataUri } from './image.ts';
import type { SnapshotAction } from '../domain/snapshot.ts';

const require = createRequire(import.meta.url);
const ROBOTO = join(dirname(require.resolve('pdfmake/package.json')), 'fonts', 'Roboto');
pdfmake.setFonts({
  Roboto: {
    normal: join(ROBOTO, 'Roboto-Regular.ttf'),
    bold: join(ROBOTO, 'Roboto-Medium.ttf'),
    italics: join(ROBOTO, 'Roboto-Italic.ttf'),
    bolditalics: join(ROBOTO, 'Roboto-MediumItalic.ttf'),
  },
});
// Only its own fonts are read from disk; a pack never names a file or a URL.
pdfmake.setLocalAccessPolicy((path) => path.startsWith(ROBOTO));
pdfmake.setUrlAccessPolicy(() => false);

const FILL: Record<string, string> = {
  red: '#d4351c',
  amber: '#f47738',
  green: '#00703c',
  blue: '#1d70b8',
  awaiting: '#4c2c92',
  grey: '#505a5f',
  none: '#505a5f',
};

const heading = (text: string): Content => ({ text, style: 'h2', tocItem: false, headlineLevel: 1 });
const body = (text: string): Content => ({ text, margin: [0, 0, 0, 6] });

const ratingCell = (rating: string | null): TableCell => {
  const r = rating ?? 'none';
  return { text: RATING_NAMES[r] ?? r, color: '#ffffff', fillColor: FILL[r] ?? FILL.none, bold: true };
};

function table(head: string[], rows: TableCell[][], widths?: (string | number)[]): Content {
  return {
    table: {
      headerRows: 1,
      dontBreakRows: true,
      widths: widths ?? head.map(() => '*'),
      body: [head.map((h) => ({ text: h, bold: true, fillColor: '#f3f2f1' })), ...rows],
    },
    layout: 'lightHorizontalLines',
    fontSize: 8,
    margin: [0, 0, 0, 10],
  };
}

const actionRows = (actions: SnapshotAction[], narrative: boolean): TableCell[][] =>
  actions.map((a) => [
    a.ref ?? '',
    a.text,
    a.leads.join(', '),
    a.due?.raw ?? '',
    ratingCell(a.complete ? 'blue' : a.rating),
    ...(narrative ? [a.lastUpdate?.narrative ?? 'No update'] : []),
  ]);

/** The measures' charts two to a row, each under its title, as vector graphics. */
function chartGrid(charts: ScorecardChart[]): Content[] {
  const rows: Content[] = [];
  for (let i = 0; i < charts.length; i += 2) {
    rows.push({
      columns: charts.slice(i, i + 2).map((chart) => ({
        width: 250,
        stack: [
          { text: chart.title, bold: true, fontSize: 8, margin: [0, 0, 0, 2] },
          { svg: chart.svg, width: 250 },
        ],
      })),
      columnGap: 15,
      margin: [0, 0, 0, 10],
      unbreakable: true,
    });
  }
  return rows;
}

export function boardPackDefinition(pack: BoardPack): TDocumentDefinitions {
  const { cover, summary } = pack;
  const draft = pack.draft ? 'DRAFT – ' : '';
  const words = packWords(pack);
  const parts: Record<PackPart, Content[]> = {
    summary: [
      heading('Summary'),
      body(`${words.summary} ${words.measures}`),
      ...(summary.sections.length
        ? [{ svg: ratingsChartSvg(pack), width: 500, margin: [0, 4, 0, 8] } as Content]
        : []),
      table(
        ['Section', 'Complete', 'Green', 'Amber', 'Red', 'Overdue', '% complete'],
        summary.sections.map((s) => [
          s.title,
          String(s.totals.byRating.blue ?? 0),
          String(s.totals.byRating.green ?? 0),
          String(s.totals.byRating.amber ?? 0),
          String(s.totals.byRating.red ?? 0),
          String(s.totals.overdue),
          `${s.totals.percentComplete}%`,
        ]),
        ['*', 45, 40, 40, 35, 45, 50],
      ),
    ],
    changes: pack.changes ? [heading(PACK_PART_NAMES.changes), body(words.changes ?? '')] : [],
    exceptions: [
      heading('Exception report'),
      pack.exceptions.length
        ? table(
            ['Ref', 'Action', 'Lead', 'Due', 'Rating', 'Why', 'Latest update'],
            pack.exceptions.map((a) => [
              a.ref ?? '',
              a.text,
              a.leads.join(', '),
              a.due?.raw ?? '',
              ratingCell(a.rating),
              a.why.join(', '),
              a.lastUpdate?.narrative ?? 'No update',
            ]),
            [30, '*', 60, 50, 45, 45, '*'],
          )
        : body('No action is rated red, overdue or re-scheduled.'),
    ],
    due: [
      heading('Due before the next meeting'),
      pack.dueBeforeNext.length
        ? table(['Ref', 'Action', 'Lead', 'Due', 'Rating'], actionRows(pack.dueBeforeNext, false), [
            30,
            '*',
            80,
            60,
            50,
          ])
        : body(`Nothing falls due by ${pack.nextBy}.`),
    ],
    scorecard: [
      heading('Scorecard'),
      pack.scorecard.length
        ? table(
            ['Ref', 'Measure', 'Period', 'Value', 'Target', 'Against target', 'Rating'],
            pack.scorecard.map((m) => [
              m.ref ?? '',
              m.name,
              m.period ?? '',
              m.value === null ? '' : String(m.value),
              m.target === null ? 'TBC' : String(m.target),
              m.statement,
              ratingCell(m.colour),
            ]),
            [35, '*', 40, 35, 35, '*', 45],
          )
        : body('The plan has no measures.'),
      ...chartGrid(scorecardCharts(pack, { fixedSize: true })),
    ],
    coverage: [
      heading('Recommendation coverage'),
      table(
        ['Recommendations', 'Number'],
        pack.coverage.map((c) => [c.label, String(c.count)]),
        ['*', 60],
      ),
      ...pack.uncovered.map((r) => body(`Without an action: ${r.ref ? `${r.ref} ` : ''}${r.text}`)),
    ],
    rescheduled: [
      heading('Re-scheduled actions'),
      pack.rescheduled.length
        ? table(
            ['Ref', 'Action', 'From', 'To', 'Reason', 'By'],
            pack.rescheduled.map((r) => [
              r.ref ?? '',
              r.text,
              r.from ?? '',
              r.to ?? '',
              r.reason,
              `${r.by}, ${r.at.slice(0, 10)}`,
            ]),
          )
        : body('No due date has been moved.'),
    ],
    appendix: [
      heading('Appendix: every action'),
      table(['Ref', 'Action', 'Lead', 'Due', 'Rating', 'Latest update'], actionRows(pack.appendix, true), [
        30,
        '*',
        60,
        50,
        45,
        '*',
      ]),
    ],
  };
  const content: Content[] = [
    ...(pack.template.logo && imageOfDataUri(pack.template.logo)
      ? [{ image: pack.template.logo, fit: [200, 45], margin: [0, 0, 0, 8] } as Content]
      : []),
    { text: words.title, style: 'title' },
    ...(pack.template.name ? [body(pack.template.name)] : []),
    body(words.meeting),
    body(words.locked),
    ...(words.correction ? [body(words.correction)] : []),
    ...pack.template.parts.flatMap((part) => parts[part]),
  ];
  return {
    info: { title: `${draft}${cover.plan}: board pack ${cover.period}`, creator: 'Improvement Plan Tracker' },
    pageSize: 'A4',
    pageMargins: [40, 50, 40, 50],
    defaultStyle: { font: 'Roboto', fontSize: 10 },
    styles: {
      title: { fontSize: 20, bold: true, margin: [0, 0, 0, 8] },
      h2: { fontSize: 14, bold: true, margin: [0, 14, 0, 6] },
    },
    header: pack.draft
      ? { text: 'DRAFT', alignment: 'center', bold: true, color: '#d4351c', margin: [0, 20, 0, 0] }
      : undefined,
    footer: (current, total) => ({
      text: `${draft}Page ${current} of ${total}`,
      alignment: 'center',
      fontSize: 8,
      margin: [0, 20, 0, 0],
    }),
    content,
  };
}

export async function boardPackPdf(pack: BoardPack): Promise<Buffer> {
  return pdfmake.createPdf(boardPackDefinition(pack)).getBuffer();
}
