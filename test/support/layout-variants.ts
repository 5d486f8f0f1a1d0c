/**
 * Layout variants of one plan of our own writing (a fictional council), for scoring the importer on layouts it
 * was not tuned to: the same sections, recommendations, actions, leads, dates and ratings written the many ways
 * councils write them, in Word, Excel, CSV and text. `score` says how much of the truth came back in place.
 */
import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, WidthType } from 'docx';
import ExcelJS from 'exceljs';

export type Rating = 'red' | 'amber' | 'green';

export interface TruthAction {
  /** Its place in the plan, 0 onwards: variants write every few actions another way. */
  k: number;
  text: string;
  leads: string[];
  /** The day it is due, the date as the baseline writes it, and a written timescale beside it. */
  due: { day: number; month: number; year: number; written: string; iso: string; timescale: string };
  rating: Rating;
}
export interface TruthRecommendation {
  number: number;
  text: string;
  actions: TruthAction[];
}
export interface TruthSection {
  number: number;
  title: string;
  recommendations: TruthRecommendation[];
}

const PEOPLE = ['Hannah Rowe', 'Marcus Bell', 'Priya Shah', 'Owen Daly', 'Lucy Fenwick', 'Tom Okoro'];
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const SECTION_TITLES = [
  'Leadership and management oversight',
  'Quality of social work practice',
  'Children in care and care leavers',
  'Working together with partners',
];
const RECOMMENDATIONS = [
  'Make sure senior leaders know the quality of frontline practice through regular audit',
  'Strengthen the oversight of caseloads so that social workers have manageable work',
  'Improve the timeliness and quality of assessments for children in need',
  'Ensure that plans for children are specific, measurable and reviewed on time',
  'Increase the stability of placements for children who live away from home',
  'Make sure care leavers have a pathway plan written with them',
  'Improve the attendance of health partners at strategy discussions',
  'Develop a shared threshold document used by every agency in the partnership',
];
const ACTIONS = [
  [
    'Run a monthly practice audit programme led by heads of service',
    'Report audit themes to the leadership team every quarter',
  ],
  [
    'Set a caseload ceiling of eighteen children for each social worker',
    'Publish a weekly caseload dashboard for team managers',
    'Recruit six permanent social workers to the assessment teams',
  ],
  [
    'Introduce a single assessment template with a chronology section',
    'Track every assessment against its due day in the daily huddle',
  ],
  [
    'Train all team managers in writing outcome focused plans',
    'Audit twenty child in need plans each month for specificity',
  ],
  [
    'Open a new in-house residential home for four young people',
    'Review every placement with two moves in the last year',
  ],
  [
    'Give every care leaver a personal adviser by their seventeenth birthday',
    'Co-produce the pathway plan template with the children in care council',
  ],
  [
    'Agree a protocol for health attendance at strategy meetings',
    'Report health attendance rates to the partnership board monthly',
  ],
  [
    'Write and launch the shared threshold document with all partners',
    'Deliver multi-agency threshold training to three hundred staff',
  ],
];
const RATINGS: Rating[] = ['green', 'amber', 'red', 'green', 'amber'];
const TIMESCALES = ['Immediate', 'Within 3 months', 'Within 6 months', 'By the end of the year'];

/** The plan every variant writes: 4 sections, 8 recommendations, 18 actions. */
export const TRUTH: TruthSection[] = SECTION_TITLES.map((title, s) => ({
  number: s + 1,
  title,
  recommendations: [0, 1].map((r) => {
    const index = s * 2 + r;
    return {
      number: index + 1,
      text: RECOMMENDATIONS[index]!,
      actions: ACTIONS[index]!.map((text, a) => {
        const k = index * 3 + a;
        const month = (k * 5) % 12;
        const day = [28, 15, 30, 1, 12][k % 5]!;
        const year = 2027 + (k % 2);
        const leads = k % 4 === 0 ? [PEOPLE[k % 6]!, PEOPLE[(k + 1) % 6]!] : [PEOPLE[k % 6]!];
        return {
          k,
          text,
          leads,
          due: {
            day,
            month,
            year,
            written: `${day} ${MONTHS[month]} ${year}`,
            iso: `${year}-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
            timescale: TIMESCALES[k % TIMESCALES.length]!,
          },
          rating: RATINGS[k % RATINGS.length]!,
        };
      }),
    };
  }),
}));

// ---- The abstract document each variant is written as, before a format writes it.

type Cells = string[];
export type VariantBlock =
  | { kind: 'title'; text: string }
  | { kind: 'paragraph'; text: string; heading?: boolean }
  | { kind: 'table'; rows: VariantRow[]; sheet?: string };

/** A table row: `spanning`, one cell across the table; `labelled`, a label and its value merged across the rest. */
export interface VariantRow {
  cells: Cells;
  spanning?: boolean;
  labelled?: boolean;
}

export type Format = 'docx' | 'xlsx' | 'csv' | 'txt';
export type Column =
  | 'ref'
  | 'action'
  | 'lead'
  | 'due'
  | 'rating'
  | 'progress'
  | 'extra'
  | 'recommendation'
  | 'timescale'
  | 'recref';

export interface VariantOptions {
  /**
   * Where recommendations are written; `card`: each its own table, its labelled rows (source, senior lead, what
   * success looks like) around the grid of its actions; `form`: a heading, then a table of labelled rows per action.
   */
  recommendations: 'row' | 'heading' | 'column' | 'appendix' | 'card' | 'form';
  /** How a recommendation row or heading is written. */
  recommendationLabel: (n: number, text: string) => string;
  /** Where sections are written: paragraphs before each section's table, or merged rows in one table. */
  sections: 'heading' | 'row';
  sectionLabel: (n: number, title: string) => string;
  columns: Column[];
  headings: Partial<Record<Column, string>>;
  /** Page headers, footers and repeated heading rows inside the tables. */
  pageNoise: boolean;
  /** How several leads share a cell. */
  leadJoin: string;
  /** How a lead cell is written (by default the names joined by `leadJoin`). */
  leadStyle: ((action: TruthAction, join: string) => string) | null;
  /** How a due date is written, and the day it then means. */
  dueStyle: ((action: TruthAction) => { written: string; iso: string }) | null;
  ratingStyle: (rating: Rating) => string;
  /** The organisation as the title page names it. */
  organisation: string;
  /** Lines after the title (a list of who's who, say). */
  preamble: string[];
  /** A table of the RAG key after the preamble. */
  keyTable: boolean;
  /** A recommendation row: one merged cell, or its text in the first cell and the others left empty. */
  recommendationRow: 'merged' | 'empty';
  /** With page furniture: an action row cut by the page break, its sentence carried on after it. */
  splitRows: boolean;
  /** With page furniture: the section's heading repeated at the top of the next page. */
  repeatSection: boolean;
  csvSeparator: ',' | ';';
  /** Excel: dates as date cells. */
  excelDates: boolean;
  /** Excel: one sheet per section, heading rows not on the first row. */
  sheetPerSection: boolean;
}

const OWN_WORDS: Record<Rating, string> = {
  red: 'Significant concern',
  amber: 'Minor concern',
  green: 'No concern',
};

const ROMAN = ['i', 'ii', 'iii', 'iv', 'v', 'vi', 'vii', 'viii', 'ix', 'x'];
const NUMBER_WORDS = ['One', 'Two', 'Three', 'Four', 'Five', 'Six'];

export const BASELINE: VariantOptions = {
  recommendations: 'row',
  recommendationLabel: (n, text) => `Recommendation ${n}: ${text}`,
  sections: 'heading',
  sectionLabel: (n, title) => `Priority ${n}: ${title}`,
  columns: ['ref', 'action', 'lead', 'due', 'rating'],
  headings: { ref: 'Ref', action: 'Action', lead: 'Lead', due: 'Target date', rating: 'RAG' },
  pageNoise: false,
  leadJoin: ', ',
  leadStyle: null,
  dueStyle: null,
  ratingStyle: (r) => r[0]!.toUpperCase() + r.slice(1),
  organisation: 'Northmere Borough Council',
  preamble: [],
  keyTable: false,
  recommendationRow: 'merged',
  splitRows: false,
  repeatSection: false,
  csvSeparator: ',',
  excelDates: false,
  sheetPerSection: false,
};

const pad = (n: number) => String(n).padStart(2, '0');
const isoOf = (year: number, month: number, day: number) => `${year}-${pad(month + 1)}-${pad(day)}`;
const monthEnd = (year: number, month: number) =>
  isoOf(year, month, new Date(Date.UTC(year, month + 1, 0)).getUTCDate());
const PLAN_DATE = { year: 2026, month: 8, day: 14 };
const ORDINAL = (d: number) =>
  `${d}${d % 10 === 1 && d !== 11 ? 'st' : d % 10 === 2 && d !== 12 ? 'nd' : d % 10 === 3 && d !== 13 ? 'rd' : 'th'}`;

/** The day a variant's due cell means: the baseline's, unless it writes dates another way. */
export function expectedDue(options: VariantOptions, action: TruthAction): string {
  return options.dueStyle ? options.dueStyle(action).iso : action.due.iso;
}

/** The classes of layout the importer must read without help, each varying its baseline one way. */
export const VARIANT_CLASSES: Record<string, Partial<VariantOptions>[]> = {
  'recommendation rows': [
    { recommendationLabel: (n, t) => `R${n} ${t}` },
    { recommendationLabel: (n, t) => `Rec ${n}: ${t}` },
    { recommendationLabel: (n, t) => `${n}. ${t}` },
    { recommendationLabel: (n, t) => `${String.fromCharCode(64 + n)}) ${t}` },
    { recommendationLabel: (n, t) => `(${ROMAN[n - 1]}) ${t}` },
    { recommendationLabel: (n, t) => `R${n} RECOMMENDATION: ${t}` },
  ],
  'recommendation headings': [
    { recommendations: 'heading' },
    { recommendations: 'heading', recommendationLabel: (n, t) => `Recommendation ${n} – ${t}` },
  ],
  'recommendation appendix': [
    {
      recommendations: 'appendix',
      columns: ['ref', 'recref', 'action', 'lead', 'due', 'rating'],
      headings: { recref: 'Rec' },
    },
    {
      recommendations: 'appendix',
      columns: ['recref', 'ref', 'action', 'lead', 'due', 'rating'],
      headings: { recref: 'Recommendation no' },
    },
  ],
  'recommendation column': [
    { recommendations: 'column', columns: ['recommendation', 'ref', 'action', 'lead', 'due', 'rating'] },
  ],
  'section styles': [
    { sectionLabel: (n, t) => `PRIORITY ${n}: ${t.toUpperCase()}` },
    { sectionLabel: (n, t) => `Priority ${NUMBER_WORDS[n - 1]} – ${t}` },
    { sectionLabel: (n, t) => `Theme ${n}: ${t}` },
    { sectionLabel: (n, t) => `Area for improvement ${n}: ${t}` },
    { sectionLabel: (n, t) => `Outcome ${n}.1 ${t}` },
    { sectionLabel: (n, t) => `Workstream ${String.fromCharCode(64 + n)}: ${t}` },
    { sections: 'row' },
    { sections: 'row', sectionLabel: (n, t) => `THEME ${n} – ${t.toUpperCase()}` },
  ],
  'column headings': [
    {
      columns: ['action', 'ref', 'due', 'lead', 'extra', 'rating'],
      headings: {
        action: 'What we will do',
        ref: 'No',
        due: 'Timescale',
        lead: 'Lead officer',
        extra: 'Resources',
        rating: 'Status',
      },
    },
    {
      columns: ['ref', 'action', 'extra', 'lead', 'due', 'rating', 'progress'],
      headings: {
        ref: 'Action No',
        action: 'Actions required',
        extra: 'Budget',
        lead: 'By whom',
        due: 'Deadline',
        rating: 'Progress (RAG)',
        progress: 'Update',
      },
    },
    {
      columns: ['due', 'lead', 'action', 'rating', 'ref'],
      headings: {
        due: 'Completion date',
        lead: 'Responsible',
        action: 'Action',
        rating: 'Rating',
        ref: 'Ref',
      },
    },
    {
      columns: ['ref', 'action', 'lead', 'due', 'rating'],
      headings: { ref: 'Ref', action: 'Action to be taken', lead: 'Who', due: 'When', rating: 'RAG status' },
    },
    {
      columns: ['ref', 'action', 'lead', 'due', 'rating', 'progress'],
      headings: {
        ref: 'Ref',
        action: 'What we will do',
        lead: 'Accountable lead',
        due: 'Target date',
        rating: 'BRAG',
        progress: 'Comments',
      },
    },
  ],
  'two date columns': [
    {
      columns: ['ref', 'action', 'lead', 'timescale', 'due', 'rating'],
      headings: {
        ref: 'Ref',
        action: 'Action',
        lead: 'Lead',
        timescale: 'Timescale',
        due: 'Delivery date',
        rating: 'RAG',
      },
    },
  ],
  'page headers and footers': [{ pageNoise: true }, { pageNoise: true, sections: 'row' }],
  'several leads': [
    { leadJoin: ' / ' },
    { leadJoin: ' and ' },
    { leadJoin: '\n' },
    { leadJoin: ' & ' },
    { leadJoin: ' ' },
  ],
  'lead roles and initials': [
    {
      // Roles and qualifiers beside the names: kept as text, never as people.
      leadStyle: (a, join) =>
        [
          `${a.leads.join(join)} (and external resource)`,
          `${a.leads.join(join)} via Heads of Service`,
          `${a.leads.join(join)}, Named Doctor`,
        ][a.k % 3]!,
    },
    {
      preamble: [
        'Leads: Hannah Rowe (HR), Marcus Bell (MB), Priya Shah (PS), Owen Daly (OD), Lucy Fenwick (LF) and Tom Okoro (TO).',
      ],
      leadStyle: (a) =>
        a.leads
          .map((n) =>
            n
              .split(' ')
              .map((w) => w[0])
              .join(''),
          )
          .join('/'),
    },
  ],
  'date formats': [
    {
      dueStyle: (a) => ({
        written: `${pad(a.due.day)}/${pad(a.due.month + 1)}/${a.due.year}`,
        iso: a.due.iso,
      }),
    },
    {
      dueStyle: (a) => ({
        written: `${ORDINAL(a.due.day)} ${MONTHS[a.due.month]} ${a.due.year}`,
        iso: a.due.iso,
      }),
    },
    {
      dueStyle: (a) => ({
        written: `${MONTHS[a.due.month]} ${a.due.year}`,
        iso: monthEnd(a.due.year, a.due.month),
      }),
    },
    {
      dueStyle: (a) => ({
        written: `${MONTHS[a.due.month]!.slice(0, 3)}-${String(a.due.year).slice(2)}`,
        iso: monthEnd(a.due.year, a.due.month),
      }),
    },
    {
      dueStyle: (a) => ({
        written: `End of ${MONTHS[a.due.month]} ${a.due.year}`,
        iso: monthEnd(a.due.year, a.due.month),
      }),
    },
    { excelDates: true, dueStyle: (a) => ({ written: a.due.iso, iso: a.due.iso }) },
  ],
  'relative timescales': [
    {
      // Resolved against the plan's date on its title page (14 September 2026).
      dueStyle: (a) => {
        const months = [1, 3, 6, 9, 12][a.k % 5]!;
        const total = PLAN_DATE.month + months;
        return {
          written: `Within ${months} month${months === 1 ? '' : 's'}`,
          iso: isoOf(PLAN_DATE.year + Math.floor(total / 12), total % 12, PLAN_DATE.day),
        };
      },
    },
  ],
  ratings: [
    { ratingStyle: (r) => r[0]!.toUpperCase() },
    { ratingStyle: (r) => r.toUpperCase() },
    {
      ratingStyle: (r) =>
        ({ red: 'Red – off track', amber: 'Amber – some slippage', green: 'Green – on track' })[r],
    },
  ],
  'rows across pages': [
    { pageNoise: true, splitRows: true },
    { pageNoise: true, repeatSection: true },
    { recommendationRow: 'empty' },
  ],
  'semicolon CSV': [{ csvSeparator: ';' }],
  'RAG key': [
    {
      // The plan's key gives its own words a colour: the status cells use them.
      preamble: ['Key to RAG rating'],
      keyTable: true,
      ratingStyle: (r) => OWN_WORDS[r],
    },
    {
      preamble: [
        'Key:',
        'Red – Significant concern',
        'Amber – Minor concern',
        'Green – No concern',
        'Blue – Complete',
      ],
      ratingStyle: (r) => OWN_WORDS[r],
    },
  ],
  'excel sheets': [{ sheetPerSection: true }],
  'recommendation cards': [
    { recommendations: 'card' },
    {
      recommendations: 'card',
      sectionLabel: (n, title) => `Theme ${n} – ${title}`,
      headings: { action: 'What we will do', lead: 'Lead officer', due: 'By when', rating: 'RAG status' },
    },
  ],
  'action forms': [
    { recommendations: 'form' },
    {
      recommendations: 'form',
      recommendationLabel: (n, text) => `Area of concern ${n}: ${text}`,
      headings: {
        ref: 'Action no',
        action: 'What we will do',
        lead: 'Responsible officer',
        due: 'Target completion date',
        rating: 'Current RAG status',
      },
    },
  ],
};

const ACTION_REF = (s: number, r: number, a: number) => `${s}.${r}.${a}`;

function headingRow(options: VariantOptions): Cells {
  return options.columns.map((c) => options.headings[c] ?? BASELINE.headings[c] ?? c);
}

function actionRow(
  options: VariantOptions,
  section: TruthSection,
  rec: TruthRecommendation,
  r: number,
  a: number,
  action: TruthAction,
): Cells {
  return options.columns.map((column) => {
    switch (column) {
      case 'ref':
        return ACTION_REF(section.number, r + 1, a + 1);
      case 'action':
        return action.text;
      case 'lead':
        return options.leadStyle
          ? options.leadStyle(action, options.leadJoin)
          : action.leads.join(options.leadJoin);
      case 'due':
        return options.dueStyle ? options.dueStyle(action).written : action.due.written;
      case 'timescale':
        return action.due.timescale;
      case 'rating':
        return options.ratingStyle(action.rating);
      case 'progress':
        return 'Work has started and is reported to the board.';
      case 'extra':
        return 'Within existing budget';
      case 'recommendation':
        return options.recommendationLabel(rec.number, rec.text);
      case 'recref':
        return options.headings.recref === 'Rec' ? `R${rec.number}` : String(rec.number);
    }
  });
}

/**
 * A recommendation written as a card (its labelled rows around the grid of its actions) or as a heading over one
 * form per action (a labelled row per field).
 */
function labelledTables(
  options: VariantOptions,
  section: TruthSection,
  rec: TruthRecommendation,
  r: number,
): VariantBlock[] {
  const labelled = (label: string, value: string): VariantRow => ({ cells: [label, value], labelled: true });
  if (options.recommendations === 'card') {
    return [
      {
        kind: 'table',
        rows: [
          labelled(`Recommendation ${rec.number}`, rec.text),
          labelled('Source', 'Ofsted inspection of children’s services, June 2026'),
          labelled('Senior responsible officer', 'Director of Children’s Services'),
          { cells: headingRow(options) },
          ...rec.actions.map((action, a) => ({ cells: actionRow(options, section, rec, r, a, action) })),
          labelled('What success will look like', 'Every audit graded good or better'),
        ],
      },
    ];
  }
  const headings = headingRow(options);
  return [
    { kind: 'paragraph', text: options.recommendationLabel(rec.number, rec.text) },
    ...rec.actions.map((action, a): VariantBlock => ({
      kind: 'table',
      rows: actionRow(options, section, rec, r, a, action).map((value, i) => labelled(headings[i]!, value)),
    })),
  ];
}

const PAGE_HEADER = 'Northmere Children’s Services Improvement Plan – working document';

/** The variant as blocks: a title page, then each section's recommendations and actions. */
export function variantBlocks(options: VariantOptions): VariantBlock[] {
  const width = options.columns.length;
  const blocks: VariantBlock[] = [
    { kind: 'title', text: options.organisation },
    { kind: 'paragraph', text: 'Children’s Services Improvement Plan' },
    { kind: 'paragraph', text: 'Version 2.1, 14 September 2026' },
    ...options.preamble.map((text) => ({ kind: 'paragraph' as const, text })),
  ];
  if (options.keyTable)
    blocks.push({
      kind: 'table',
      rows: Object.entries(OWN_WORDS).map(([colour, words]) => ({
        cells: [colour.charAt(0).toUpperCase() + colour.slice(1), words],
      })),
    });
  let table: VariantRow[] | null = null;
  let rowsSinceBreak = 0;
  let sectionLabel = '';
  const startTable = (sheet?: string) => {
    table = [{ cells: headingRow(options) }];
    blocks.push({ kind: 'table', rows: table, sheet });
    rowsSinceBreak = 0;
  };
  const pageBreak = () => {
    // A page break inside the table: the footer, the next page's header, the heading row again.
    table!.push({ cells: [`Page ${Math.floor(table!.length / 4)} of 9`], spanning: true });
    table!.push({ cells: [PAGE_HEADER], spanning: true });
    table!.push({ cells: headingRow(options) });
    if (options.repeatSection) table!.push({ cells: [`${sectionLabel} (continued)`], spanning: true });
    rowsSinceBreak = 0;
  };
  const push = (cells: Cells, spanning = false) => {
    if (!table) startTable();
    rowsSinceBreak += 1;
    const breakHere = options.pageNoise && rowsSinceBreak >= 4;
    const actionColumn = options.columns.indexOf('action');
    if (breakHere && options.splitRows && !spanning && actionColumn >= 0) {
      // The row's sentence runs over the page: its end starts the next page, in lower case, other cells empty.
      const words = (cells[actionColumn] ?? '').split(' ');
      const cut = Math.ceil(words.length / 2);
      const first = [...cells];
      first[actionColumn] = words.slice(0, cut).join(' ');
      table!.push({ cells: first });
      pageBreak();
      const rest = cells.map((_, i) => (i === actionColumn ? words.slice(cut).join(' ') : ''));
      table!.push({ cells: rest });
      return;
    }
    table!.push({ cells, spanning });
    if (breakHere) pageBreak();
  };
  const acrossRow = (text: string, merged = true) =>
    push([text, ...Array.from({ length: width - 1 }, () => '')], merged);
  for (const section of TRUTH) {
    sectionLabel = options.sectionLabel(section.number, section.title);
    if (options.sections === 'heading' || options.sheetPerSection) {
      blocks.push({ kind: 'paragraph', text: sectionLabel, heading: true });
      table = null;
    } else acrossRow(sectionLabel);
    if (options.sheetPerSection) startTable(`Priority ${section.number}`);
    section.recommendations.forEach((rec, r) => {
      const label = options.recommendationLabel(rec.number, rec.text);
      if (options.recommendations === 'card' || options.recommendations === 'form') {
        blocks.push(...labelledTables(options, section, rec, r));
        table = null;
        return;
      }
      if (options.recommendations === 'heading') {
        blocks.push({ kind: 'paragraph', text: label });
        table = null;
        if (options.sheetPerSection) startTable(`Priority ${section.number} (${r + 1})`);
      } else if (options.recommendations === 'row') acrossRow(label, options.recommendationRow === 'merged');
      rec.actions.forEach((action, a) => push(actionRow(options, section, rec, r, a, action)));
    });
  }
  if (options.recommendations === 'appendix') {
    // The inspection's recommendations listed at the end, the tables naming each by its number.
    blocks.push({ kind: 'paragraph', text: 'Appendix A: Ofsted recommendations', heading: true });
    for (const rec of TRUTH.flatMap((s) => s.recommendations))
      blocks.push({ kind: 'paragraph', text: `${rec.number}. ${rec.text}.` });
  }
  return blocks;
}

export function variantOptions(overrides: Partial<VariantOptions>): VariantOptions {
  return { ...BASELINE, ...overrides, headings: { ...BASELINE.headings, ...overrides.headings } };
}

// ---- Writers.

async function docxOf(blocks: VariantBlock[]): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [];
  for (const block of blocks) {
    if (block.kind === 'title')
      children.push(new Paragraph({ text: block.text, heading: HeadingLevel.TITLE }));
    else if (block.kind === 'paragraph')
      children.push(
        new Paragraph({ text: block.text, heading: block.heading ? HeadingLevel.HEADING_2 : undefined }),
      );
    else {
      const width = Math.max(...block.rows.map((r) => r.cells.length));
      children.push(
        new Table({
          width: { size: 100, type: WidthType.PERCENTAGE },
          rows: block.rows.map(
            (row) =>
              new TableRow({
                children: row.spanning
                  ? [new TableCell({ columnSpan: width, children: [new Paragraph(row.cells[0] ?? '')] })]
                  : row.labelled && width > 2
                    ? [
                        new TableCell({ children: [new Paragraph(row.cells[0] ?? '')] }),
                        new TableCell({
                          columnSpan: width - 1,
                          children: [new Paragraph(row.cells[1] ?? '')],
                        }),
                      ]
                    : row.cells.map(
                        (text) =>
                          new TableCell({ children: text.split('\n').map((line) => new Paragraph(line)) }),
                      ),
              }),
          ),
        }),
      );
      children.push(new Paragraph(''));
    }
  }
  return Packer.toBuffer(new Document({ sections: [{ children }] }));
}

async function xlsxOf(blocks: VariantBlock[], options: VariantOptions): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  let sheet = workbook.addWorksheet('Plan');
  let pendingText: string[] = [];
  for (const block of blocks) {
    if (block.kind !== 'table') {
      pendingText.push(block.text);
      if (!options.sheetPerSection) sheet.addRow([block.text]);
      continue;
    }
    if (block.sheet) {
      sheet = workbook.addWorksheet(block.sheet);
      // The heading rows are not on the first row: the sheet opens with its title lines.
      for (const text of pendingText.slice(-2)) sheet.addRow([text]);
      sheet.addRow([]);
    }
    pendingText = [];
    const width = Math.max(...block.rows.map((r) => r.cells.length));
    for (const row of block.rows) {
      const values = options.excelDates
        ? row.cells.map((c) => (/^\d{4}-\d\d-\d\d$/.test(c) ? new Date(`${c}T00:00:00Z`) : c))
        : row.cells;
      const added = sheet.addRow(values);
      if (row.spanning && width > 1) sheet.mergeCells(added.number, 1, added.number, width);
      if (row.labelled && width > 2) sheet.mergeCells(added.number, 2, added.number, width);
      added.eachCell((c) => (c.alignment = { wrapText: true, vertical: 'top' }));
    }
    sheet.addRow([]);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const csvCell = (text: string) => (/[",;\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

function csvOf(blocks: VariantBlock[], separator: string): Buffer {
  const lines: string[] = [];
  for (const block of blocks) {
    if (block.kind !== 'table') lines.push(csvCell(block.text));
    else for (const row of block.rows) lines.push(row.cells.map(csvCell).join(separator));
  }
  // As Excel saves a CSV: a byte-order mark and CRLF line ends.
  return Buffer.from(`\ufeff${lines.join('\r\n')}\r\n`, 'utf8');
}

function txtOf(blocks: VariantBlock[]): Buffer {
  const lines: string[] = [];
  for (const block of blocks) {
    if (block.kind !== 'table') lines.push(block.text, '');
    else {
      for (const row of block.rows)
        lines.push(
          // A merged row comes out of Word as its text alone, with no tabs.
          row.spanning ? (row.cells[0] ?? '') : row.cells.map((c) => c.replace(/\n/g, ' / ')).join('\t'),
        );
      lines.push('');
    }
  }
  return Buffer.from(lines.join('\n'), 'utf8');
}

export async function writeVariant(options: VariantOptions, format: Format): Promise<Buffer> {
  const blocks = variantBlocks(options);
  if (format === 'docx') return docxOf(blocks);
  if (format === 'xlsx') return xlsxOf(blocks, options);
  if (format === 'csv') return csvOf(blocks, options.csvSeparator);
  return txtOf(blocks);
}

/** The formats a class is written in: a sheet per section only makes sense in Excel. */
export const formatsOf = (options: VariantOptions): Format[] =>
  options.sheetPerSection ? ['xlsx'] : ['docx', 'xlsx', 'csv', 'txt'];
