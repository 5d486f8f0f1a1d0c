/**
 * The board pack as a Word document: real headings (so the navigation pane and a table of contents work),
 * real tables with a repeated header row, the ratings as shaded cells, and page numbers. Editable, as papers are
 * edited before they go to a board. A provisional pack says DRAFT in its title and on every page.
 */
import {
  AlignmentType,
  Document,
  ImageRun,
  Footer,
  Header,
  HeadingLevel,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import {
  PACK_PART_NAMES,
  packWords,
  RATING_NAMES,
  type BoardPack,
  type PackPart,
} from '../domain/board-pack.ts';
import { ratingsChartSvg, scorecardCharts } from './board-pack-chart.ts';
import { imageOfDataUri } from './image.ts';
import { CHART_HEIGHT, CHART_WIDTH } from './measure-chart.ts';
import { pngOfSvg } from './svg-png.ts';
import type { SnapshotAction } from '../domain/snapshot.ts';

const FILL: Record<string, string> = {
  red: 'D4351C',
  amber: 'F47738',
  green: '00703C',
  blue: '1D70B8',
  awaiting: '4C2C92',
  grey: 'B1B4B6',
};

const heading = (
  text: string,
  level: (typeof HeadingLevel)[keyof typeof HeadingLevel] = HeadingLevel.HEADING_1,
) => new Paragraph({ text, heading: level });
const para = (text: string) => new Paragraph({ children: [new TextRun(text)] });

function cell(text: string, options: { bold?: boolean; fill?: string } = {}) {
  return new TableCell({
    children: [
      new Paragraph({
        children: [new TextRun({ text, bold: options.bold, color: options.fill ? 'FFFFFF' : undefined })],
      }),
    ],
    shading: options.fill ? { type: ShadingType.CLEAR, color: 'auto', fill: options.fill } : undefined,
  });
}

function table(head: string[], rows: (string | { text: string; fill?: string })[][]) {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: head.map((h) => cell(h, { bold: true })) }),
      ...rows.map(
        (r) =>
          new TableRow({
            children: r.map((c) => (typeof c === 'string' ? cell(c) : cell(c.text, { fill: c.fill }))),
          }),
      ),
    ],
  });
}

const ratingCell = (a: SnapshotAction) => {
  const rating = a.complete ? 'blue' : (a.rating ?? 'none');
  return { text: RATING_NAMES[rating] ?? rating, fill: FILL[rating] };
};

const actionRows = (actions: SnapshotAction[], withNarrative = true) =>
  actions.map((a) => [
    a.ref ?? '',
    a.text,
    a.leads.join(', '),
    a.due?.raw ?? '',
    ratingCell(a),
    ...(withNarrative ? [a.lastUpdate?.narrative ?? 'No update'] : []),
  ]);

/** The organisation's logo at the top of the cover, 60 points high. */
function logoImage(dataUri: string): ImageRun | null {
  const image = imageOfDataUri(dataUri);
  if (!image) return null;
  const height = 60;
  return new ImageRun({
    type: image.type === 'png' ? 'png' : 'jpg',
    data: image.data,
    transformation: { width: Math.round((image.width / image.height) * height), height },
  });
}

/**
 * A chart as an SVG picture (Word 2016 and later draw it as vector graphics) with the PNG that older Word
 * processors show instead, `width` points wide. Its title is the picture's description, read by screen readers.
 */
function chartImage(svg: string, size: { width: number; height: number }, title: string): Paragraph {
  return new Paragraph({
    children: [
      new ImageRun({
        type: 'svg',
        data: Buffer.from(svg),
        fallback: { type: 'png', data: pngOfSvg(svg, size.width * 2) },
        transformation: size,
        altText: { name: title, title, description: title },
      }),
    ],
  });
}

/** The rating chart's size, from the SVG it is drawn as (its rows set its height). */
function svgSize(svg: string, width: number) {
  const w = Number(/width="(\d+)"/.exec(svg)?.[1] ?? width);
  const h = Number(/height="(\d+)"/.exec(svg)?.[1] ?? width / 2);
  return { width, height: Math.round((h / w) * width) };
}

export async function boardPackDocx(pack: BoardPack): Promise<Buffer> {
  const { cover, summary } = pack;
  const draft = pack.draft ? 'DRAFT – ' : '';
  const words = packWords(pack);
  const ratings = summary.sections.length ? ratingsChartSvg(pack) : null;
  const parts: Record<PackPart, (Paragraph | Table)[]> = {
    summary: [
      heading('Summary'),
      para(words.summary),
      para(words.measures),
      table(
        ['Section', 'Complete', 'Green', 'Amber', 'Red', 'Not rated', 'Overdue', '% complete'],
        summary.sections.map((s) => [
          s.title,
          String(s.totals.byRating.blue ?? 0),
          String(s.totals.byRating.green ?? 0),
          String(s.totals.byRating.amber ?? 0),
          String(s.totals.byRating.red ?? 0),
          String((s.totals.byRating.none ?? 0) + (s.totals.byRating.grey ?? 0)),
          String(s.totals.overdue),
          `${s.totals.percentComplete}%`,
        ]),
      ),
      ...(ratings
        ? [chartImage(ratings, svgSize(ratings, 450), 'Ratings by section (figures in the table above)')]
        : []),
    ],
    changes: pack.changes ? [heading(PACK_PART_NAMES.changes), para(words.changes ?? '')] : [],
    exceptions: [
      heading('Exception report'),
      ...(pack.exceptions.length
        ? [
            table(
              ['Ref', 'Action', 'Lead', 'Due', 'Rating', 'Why', 'Latest update'],
              pack.exceptions.map((a) => [
                a.ref ?? '',
                a.text,
                a.leads.join(', '),
                a.due?.raw ?? '',
                ratingCell(a),
                a.why.join(', '),
                a.lastUpdate?.narrative ?? 'No update',
              ]),
            ),
          ]
        : [para('No action is rated red, overdue or re-scheduled.')]),
    ],
    due: [
      heading('Due before the next meeting'),
      ...(pack.dueBeforeNext.length
        ? [table(['Ref', 'Action', 'Lead', 'Due', 'Rating'], actionRows(pack.dueBeforeNext, false))]
        : [para(`Nothing falls due by ${pack.nextBy}.`)]),
    ],
    scorecard: [
      heading('Scorecard'),
      ...(pack.scorecard.length
        ? [
            table(
              ['Ref', 'Measure', 'Period', 'Value', 'Target', 'Distance', 'Rating'],
              pack.scorecard.map((m) => [
                m.ref ?? '',
                m.name,
                m.period ?? '',
                m.value === null ? '' : `${m.value}${m.unit === '%' ? '%' : ''}`,
                m.target === null ? 'TBC' : `${m.target}${m.unit === '%' ? '%' : ''}`,
                m.gap === null ? '' : `${m.gap > 0 ? '+' : ''}${m.gap}`,
                {
                  text: m.colour ? (RATING_NAMES[m.colour] ?? m.colour) : 'No colour',
                  fill: m.colour ? FILL[m.colour] : undefined,
                },
              ]),
            ),
          ]
        : [para('The plan has no measures.')]),
      ...scorecardCharts(pack, { fixedSize: true }).flatMap((chart) => [
        heading(chart.title, HeadingLevel.HEADING_3),
        chartImage(
          chart.svg,
          { width: 420, height: Math.round((420 * CHART_HEIGHT) / CHART_WIDTH) },
          chart.title,
        ),
      ]),
    ],
    coverage: [
      heading('Recommendation coverage'),
      table(
        ['Recommendations', 'Number'],
        pack.coverage.map((c) => [c.label, String(c.count)]),
      ),
      ...pack.uncovered.map((r) => para(`Without an action: ${r.ref ? `${r.ref} ` : ''}${r.text}`)),
    ],
    rescheduled: [
      heading('Re-scheduled actions'),
      ...(pack.rescheduled.length
        ? [
            table(
              ['Ref', 'Action', 'From', 'To', 'Reason', 'By'],
              pack.rescheduled.map((r) => [
                r.ref ?? '',
                r.text,
                r.from ?? '',
                r.to ?? '',
                r.reason,
                `${r.by}, ${r.at.slice(0, 10)}`,
              ]),
            ),
          ]
        : [para('No due date has been moved.')]),
    ],
    appendix: [
      heading('Appendix: every action'),
      table(['Ref', 'Action', 'Lead', 'Due', 'Rating', 'Latest update'], actionRows(pack.appendix)),
    ],
  };
  const logo = pack.template.logo ? logoImage(pack.template.logo) : null;
  const children = [
    ...(logo ? [new Paragraph({ children: [logo] })] : []),
    new Paragraph({ text: words.title, heading: HeadingLevel.TITLE }),
    ...(pack.template.name ? [para(pack.template.name)] : []),
    para(words.meeting),
    para(words.locked),
    ...(words.correction ? [para(words.correction)] : []),
    ...pack.template.parts.flatMap((part) => parts[part]),
  ];
  const document = new Document({
    title: `${draft}${cover.plan}: board pack ${cover.period}`,
    creator: 'Improvement Plan Tracker',
    sections: [
      {
        headers: pack.draft
          ? {
              default: new Header({
                children: [
                  new Paragraph({
                    alignment: AlignmentType.CENTER,
                    children: [new TextRun({ text: 'DRAFT', bold: true })],
                  }),
                ],
              }),
            }
          : undefined,
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [
                  new TextRun({
                    children: [`${draft}Page `, PageNumber.CURRENT, ' of ', PageNumber.TOTAL_PAGES],
                  }),
                ],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(document);
}
