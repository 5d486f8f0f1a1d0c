/**
 * From a document's blocks to a plan. The stages, in order:
 *   1. metadata and people the plan introduces (title, date, organisation, "Jackie Wood (JW)", leads tables);
 *   2. a walk over the blocks: headings become sections, numbered appendix lists become recommendations,
 *      each table is laid out (layout.ts), repaired (repair.ts) and its rows filed (rows.ts);
 *   3. enrichment and checks (enrich.ts): cross-references, measures, people, findings.
 * A readable document always yields a plan; what was not understood becomes a finding.
 */
import { basename } from 'node:path';
import type { Finding } from '../domain/finding.ts';
import { PLAN_FORMAT, type PlanDocument } from '../domain/plan-format.ts';
import { startList, continueList, type ListContext } from './appendix-lists.ts';
import { enrichPlan } from './enrich.ts';
import { groupingWord, looksLikeHeading, readSectionHeading } from './headings.ts';
import {
  chooseDueColumn,
  guessLayout,
  layoutFromHeader,
  twoRowHeadings,
  type Layout,
  type MappedRole,
} from './layout.ts';
import {
  allParagraphs,
  cellText,
  type Block,
  type SourceDocument,
  type TableBlock,
  type TextBlock,
} from './model.ts';
import { labelledRow } from './labelled-rows.ts';
import { introducedPeople, looksLikePersonName } from './people.ts';
import { PlanBuilder } from './plan-builder.ts';
import { readMetadata } from './metadata.ts';
import { pageFurniture } from './page-furniture.ts';
import { readRecommendationLine } from './recommendation-lines.ts';
import { newReading, rowText, SAMPLE_ROWS, type TableReading } from './reading.ts';
import { repairRows, type RepairCounts } from './repair.ts';
import { numberedLine, RowFiler } from './rows.ts';
import { findStatusKey } from './status-key.ts';
import { liftTextRows } from './text-rows.ts';
import { parseTimescale } from '../domain/timescale.ts';

export interface ImportMapping {
  /** Column heading (as written) → role, or `ignore`. */
  columns?: Record<string, MappedRole>;
  /** Rows (or lines) whose first cell starts a recommendation, as text it starts with or /regular expressions/. */
  recommendationRows?: string[];
  /** Rows to join to the row above, as "table:row" ("2:14"; for text, the line: "1:300"). */
  joinRows?: string[];
  /** Rows the importer joined to the row above that stand on their own, as "table:row". */
  keepRows?: string[];
  /** Lines that are section headings, as exact text or /regular expressions/. */
  sectionHeadings?: string[];
  /** The kind of section those headings make (default "Section"). */
  sectionKind?: string;
}

export interface ImportOptions {
  organisation?: string;
  title?: string;
  mapping?: ImportMapping;
}

const NARRATIVE =
  /^(our )?(vision|strengths?|areas? of concern|(our )?approach( to improvement)?|foreword|context|overall context|introduction|summary|governance( arrangements)?|background)\b/i;
const LEADS_HEADING = /\b(leads?|officers?|contacts?)\b.*\b(job titles?|roles?|directory)\b|^who'?s who/i;

export function buildPlan(source: SourceDocument, options: ImportOptions = {}): PlanDocument {
  return readPlan(source, options).plan;
}

/** The plan, and how each of the document's tables was read (for the import preview). */
export function readPlan(
  source: SourceDocument,
  options: ImportOptions = {},
): { plan: PlanDocument; tables: TableReading[] } {
  const mappingColumns = options.mapping?.columns ?? {};
  const doc = { ...source, blocks: liftTextRows(source.blocks, mappingColumns) };
  const builder = new PlanBuilder(doc.file, doc.unit);
  const paragraphs = allParagraphs(doc.blocks);
  const meta = readMetadata(doc.blocks, paragraphs);
  const planDate = meta.date;
  const furniture = pageFurniture(meta.title);
  const key = findStatusKey(doc.blocks);
  const sectionMatchers = (options.mapping?.sectionHeadings ?? []).map(toMatcher);

  // "Jackie Wood (JW)" is written within one paragraph or cell.
  for (const text of paragraphs) {
    if (text.includes('(')) for (const person of introducedPeople(text)) builder.addPerson(person);
  }
  const headerRows = new Map<TableBlock, number>();
  const headerRowOf = (table: TableBlock) => {
    let index = headerRows.get(table);
    if (index === undefined) headerRows.set(table, (index = headerRowIndex(table, mappingColumns)));
    return index;
  };
  const knownLayouts = doc.blocks
    .filter((b): b is TableBlock => b.type === 'table')
    .map((t) => {
      const index = headerRowOf(t);
      return index < 0 ? null : layoutFromHeader(t.rows[index] as TableBlock['rows'][number], mappingColumns);
    })
    .filter((l): l is Layout => !!l);

  const narrative: { title: string; text: string }[] = [];
  const recommendationMatchers = (options.mapping?.recommendationRows ?? []).map(toStartMatcher);
  const joinRows = options.mapping?.joinRows ?? [];
  const keepRows = options.mapping?.keepRows ?? [];
  const filer = new RowFiler(
    builder,
    planDate,
    furniture,
    key?.entries ?? [],
    (text) => recommendationMatchers.some((m) => m(text)),
    { test: (text) => sectionMatchers.some((m) => m(text)), kind: options.mapping?.sectionKind ?? 'Section' },
  );
  let list: ListContext | null = null;
  let groupingKind: string | null = null;
  let narrativePart: { title: string; text: string } | null = null;
  let expectObjectives = false;

  let dueChoiceReported = false;
  const tables: TableReading[] = [];
  // Since the last table, only page furniture: the next table carries on the same one.
  let sinceTable: 'nothing' | 'furniture' | 'text' = 'text';
  doc.blocks.forEach((block, index) => {
    if (key?.blocks.has(block)) return;
    const next = doc.blocks[index + 1];
    const previous = doc.blocks[index - 1];
    if (block.type === 'table') {
      list = null;
      narrativePart = null;
      if (sinceTable !== 'text') filer.carryOn();
      readTable(block, previous);
      builder.table = null;
      sinceTable = 'nothing';
      return;
    }
    const text = block.text.trim();
    if (furniture(text)) {
      if (sinceTable === 'nothing') sinceTable = 'furniture';
      return;
    }
    sinceTable = 'text';
    if (list && continueList(list, block, builder)) return;
    list = startList(text, builder);
    if (list) {
      narrativePart = null;
      return;
    }
    if (expectObjectives) {
      expectObjectives = false;
      if (!readSectionHeading(text)) {
        builder.describeSection({ objectives: text.split(/;\s*/).filter(Boolean) });
        return;
      }
    }
    const objectives = /^key objectives?\s*:?\s*(.*)$/i.exec(text);
    if (objectives) {
      if (objectives[1]) builder.describeSection({ objectives: objectives[1].split(/;\s*/).filter(Boolean) });
      else expectObjectives = true;
      return;
    }
    const lead = /^(?:priority|theme|section)?\s*leads?\s*(?:\(accountable\))?\s*[–:-]\s*(.+?)[,.]?$/i.exec(
      text,
    );
    if (lead) {
      builder.describeSection({ lead: lead[1]?.trim() });
      return;
    }
    if (sectionMatchers.some((m) => m(text))) {
      filer.enterMappedSection(text);
      return;
    }
    if (recommendationMatchers.some((m) => m(text))) {
      filer.recommendationAbove(readRecommendationLine(text, true) ?? numberedLine(text), block.at);
      narrativePart = null;
      return;
    }
    const heading = readSectionHeading(text);
    if (heading) {
      if (builder.headingSeen(heading)) filer.endRecommendation();
      else filer.carryOn();
      narrativePart = null;
      return;
    }
    // A recommendation on a line of its own beside the action tables (page furniture aside): the actions that
    // follow serve it.
    const after = neighbour(index, 1);
    const nearTable = after?.type === 'table' || neighbour(index, -1)?.type === 'table';
    const recommendation = nearTable ? readRecommendationLine(text, true) : null;
    if (recommendation && (after?.type !== 'table' || tableHasWork(after))) {
      filer.recommendationAbove(recommendation, block.at);
      narrativePart = null;
      return;
    }
    if (
      looksLikeHeading(text) &&
      next?.type === 'table' &&
      !LEADS_HEADING.test(text) &&
      namesAGrouping(text) &&
      tableHasWork(next)
    ) {
      builder.enterNamedSection(text, groupingKind ?? 'Section');
      return;
    }
    const grouping = looksLikeHeading(text) ? groupingWord(text) : null;
    if (grouping && /\b(six|five|four|three|seven|eight|\d+|our|key)\b/i.test(text)) groupingKind = grouping;
    readNarrative(block, text);
  });

  /** The block before or after, passing over page furniture. */
  function neighbour(index: number, step: 1 | -1): Block | undefined {
    for (let i = index + step; i >= 0 && i < doc.blocks.length; i += step) {
      const block = doc.blocks[i] as Block;
      if (block.type === 'table' || !furniture(block.text)) return block;
    }
    return undefined;
  }

  function readNarrative(block: TextBlock, text: string) {
    if (looksLikeHeading(text) && NARRATIVE.test(text)) {
      narrativePart = { title: text.replace(/:$/, ''), text: '' };
      narrative.push(narrativePart);
      return;
    }
    if (narrativePart && !(looksLikeHeading(text) && block.type !== 'list_item')) {
      const line = block.type === 'list_item' ? `- ${text}` : text;
      narrativePart.text = narrativePart.text ? `${narrativePart.text}\n${line}` : line;
    } else if (looksLikeHeading(text)) narrativePart = null;
  }

  function readTable(table: TableBlock, before: Block | undefined) {
    const reading = newReading(
      tables.length + 1,
      table.sheet ?? null,
      table.rows[0]?.at ?? table.at,
      table.rows.length,
    );
    tables.push(reading);
    filer.reading = reading;
    builder.table = { index: reading.index, sheet: reading.sheet };
    const candidate = table.rows.find((r) => r.cells.filter((c) => c.paragraphs.length > 0).length > 1);
    reading.firstRow = (candidate?.cells ?? []).map((c) => cellText(c).replace(/\s+/g, ' ').trim());
    /** `headerAt`: the heading row's index (the rows above it are a card or headings across the table). */
    const file = (rows: TableBlock['rows'], layout: Layout, start: number, headerAt = start - 1) => {
      const above = headerAt > 0 ? repairRows({ ...table, rows: rows.slice(0, headerAt) }, layout, 0) : [];
      reading.guessed = layout.guessed;
      reading.columns = layout.columns.map((role, i) => ({ heading: layout.headings[i] ?? '', role }));
      const counts: RepairCounts = {
        heading: start - headerAt - 1 + (start > 0 ? 1 : 0),
        ignored: 0,
        continuation: 0,
        seen: [],
      };
      const choices = {
        join: rowsChosen(joinRows, reading.index),
        keep: rowsChosen(keepRows, reading.index),
      };
      filer.fileTable([...above, ...repairRows({ ...table, rows }, layout, start, counts, choices)], layout);
      reading.rows.heading += counts.heading;
      reading.rows.ignored += counts.ignored;
      reading.rows.continuation += counts.continuation;
      const header = start > 0 ? table.rows[headerAt] : undefined;
      const heading = header
        ? [{ at: header.at, kind: 'heading' as const, text: rowText(header.cells.map((c) => cellText(c))) }]
        : [];
      reading.sample = [...heading, ...(counts.seen ?? []), ...reading.sample]
        .sort((a, b) => a.at - b.at)
        .slice(0, SAMPLE_ROWS);
    };
    const headerIndex = headerRowOf(table);
    const beforeText = before && before.type !== 'table' ? before.text : '';
    if (headerIndex < 0 && isForm(table)) {
      // Each row its own field: the columns have no roles, the labels say what each row holds.
      const width = Math.max(...table.rows.map((r) => r.cells.length));
      file(table.rows, { columns: Array<null>(width).fill(null), headings: [], guessed: false }, 0);
      return;
    }
    if (headerIndex < 0) {
      if (readLeadsTable(table, beforeText)) {
        reading.use = 'people';
        return;
      }
      if (readGroupingTable(table, beforeText)) {
        reading.use = 'groupings';
        return;
      }
      const width = Math.max(...table.rows.map((r) => r.cells.length));
      const same = knownLayouts.find((l) => l.columns.length === width);
      const layout = same ? { ...same, guessed: true } : guessLayout(table.rows);
      if (!layout) {
        reading.use = 'skipped';
        builder.report(
          'info',
          'import.table_skipped',
          'A table with no recognisable columns was left out',
          table.rows[0]?.at ?? table.at,
          undefined,
          cellText(table.rows[0]?.cells[0]),
        );
        return;
      }
      builder.report(
        'info',
        'import.layout_guessed',
        `Columns of a table without headings were read as ${layout.columns.map((c) => c ?? '?').join(', ')}`,
        table.rows[0]?.at ?? table.at,
      );
      file(table.rows, layout, 0);
      return;
    }
    const headerRow = table.rows[headerIndex] as TableBlock['rows'][number];
    reading.firstRow = headerRow.cells.map((c) => cellText(c).replace(/\s+/g, ' ').trim());
    const below = table.rows[headerIndex + 1];
    const twoRows = below ? twoRowHeadings(headerRow, below, mappingColumns) : null;
    // The heading row was found by layoutFromHeader: it has a layout.
    const oneRow = layoutFromHeader(headerRow, mappingColumns) as Layout;
    const read = twoRows ?? oneRow;
    const firstRow = headerIndex + (twoRows ? 2 : 1);
    const layout = chooseDueColumn(read, table.rows.slice(firstRow), planDate);
    const dates = layout.columns.indexOf('due');
    const written = layout.columns.indexOf('timescale');
    if (dates >= 0 && written >= 0 && !dueChoiceReported) {
      dueChoiceReported = true;
      builder.report(
        'info',
        'import.due_column_chosen',
        `Due dates were taken from the column "${layout.headings[dates]}"; the column "${layout.headings[written]}" is kept beside them as the written timescale`,
        table.rows[headerIndex]?.at,
        layout.headings[dates],
      );
    }
    layout.headings.forEach((heading, i) => {
      if (heading && layout.columns[i] === null) {
        builder.report(
          'warning',
          'import.column_unknown',
          `Column "${heading}" matched no known role; its cells are reported, not stored`,
          table.rows[headerIndex]?.at,
          heading,
        );
      }
    });
    file(table.rows, layout, firstRow, headerIndex);
  }

  /** "Leads and job titles": two columns of names and job titles. */
  function readLeadsTable(table: TableBlock, beforeText: string): boolean {
    const rows = table.rows.filter((r) => r.cells.filter((c) => c.paragraphs.length > 0).length >= 2);
    const names = rows.filter((r) => looksLikePersonName(cellText(r.cells[0]).trim()));
    if (!(LEADS_HEADING.test(beforeText) || (rows.length >= 3 && names.length / rows.length > 0.8)))
      return false;
    for (const row of names) {
      builder.addPerson({
        name: cellText(row.cells[0]).trim(),
        initials: null,
        jobTitle: cellText(row.cells[1]).replace(/\n/g, ' ').trim() || null,
      });
    }
    return names.length > 0;
  }

  /** A table listing the plan's pillars or themes, each cell a title with its bullet points. */
  function readGroupingTable(table: TableBlock, beforeText: string): boolean {
    const kind = groupingWord(beforeText);
    const cells = table.rows.flatMap((r) => r.cells).filter((c) => c.paragraphs.length > 0);
    if (!kind || cells.length < 2 || !cells.every((c) => c.paragraphs.length >= 2)) return false;
    for (const cell of cells)
      builder.addTopSection(kind, cell.paragraphs[0] as string, cell.paragraphs.slice(1));
    return true;
  }

  function tableHasWork(table: TableBlock): boolean {
    return headerRowOf(table) >= 0 || knownLayouts.length > 0 || isForm(table);
  }

  enrichPlan(builder, filer, planDate);
  const organisation = options.organisation ?? meta.organisation;
  if (!organisation)
    builder.report(
      'warning',
      'import.organisation_unknown',
      'The plan does not name its council; give it with --org',
    );
  if (!meta.date)
    builder.report(
      'warning',
      'import.plan_date_unknown',
      "The plan's date was not found, so relative timescales have no dates",
    );
  const plan: PlanDocument = {
    format: PLAN_FORMAT,
    plan: {
      title: options.title ?? meta.title ?? basename(doc.file).replace(/\.[^.]+$/, ''),
      organisation: organisation ?? 'Unknown organisation',
      version: meta.version,
      // Approval is the board's decision, recorded here with who and when: a plan read from a document starts as a
      // draft, whatever the document says of itself.
      state: 'draft',
      date: planDate,
      inspectionDate: null,
      approvedDate: null,
      statusKey: (key?.entries ?? []).map((e) => ({ ...e, description: e.description ?? null })),
      governance: [],
      narrative: narrative.filter((n) => n.text),
      partners: [],
      ragSettings: { dueSoonDays: 30, staleUpdateDays: 30 },
    },
    sources: builder.sources,
    sections: builder.sections,
    recommendations: builder.recommendations,
    actions: builder.actions,
    measures: builder.measures,
    people: builder.people,
    findings: oncePerPlace(builder.findings),
  };
  return { plan, tables };
}

/**
 * The heading row: one of the first three rows, or a later one when only labelled rows and headings across the
 * table stand above it (a recommendation's card above the grid of its actions).
 */
function headerRowIndex(table: TableBlock, mapping: Record<string, MappedRole>): number {
  const last = Math.min(table.rows.length, 12);
  for (let i = 0; i < last; i++) {
    const row = table.rows[i] as TableBlock['rows'][number];
    // "Action | Publish a quality assurance framework" names two roles, but it is a form's row, not headings.
    if (!labelledRow(row) && layoutFromHeader(row, mapping)) return i;
    if (i >= 2 && !table.rows.slice(0, i + 1).every((r) => labelledRow(r) || filledCells(r) <= 1)) return -1;
  }
  return -1;
}

const filledCells = (row: TableBlock['rows'][number]) =>
  row.cells.filter((c) => c.paragraphs.length > 0).length;

/** A table written as a form: most of its rows are labelled, and they name an action or a recommendation. */
function isForm(table: TableBlock): boolean {
  const filled = table.rows.filter((r) => filledCells(r) > 0);
  const labelled = filled.map(labelledRow).filter((l) => l !== null);
  return (
    labelled.length >= 2 &&
    labelled.length >= filled.length * 0.6 &&
    labelled.some((l) => l.role === 'action' || l.role === 'recommendation')
  );
}

/** One finding per thing said at one place: a row's cell given to each of its actions is reported once. */
function oncePerPlace(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = JSON.stringify([f.code, f.message, f.location ?? null]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * A line before a table names the grouping of the work in it (a pillar, a theme), unless it is the plan's own
 * name or date ("Improvement Plan", "April 2026") or a spreadsheet's default sheet name ("Sheet1").
 */
function namesAGrouping(text: string): boolean {
  if (/\bplan\b/i.test(text) || /^sheet\s*\d*$/i.test(text)) return false;
  return !(text.length <= 30 && ['date', 'month'].includes(parseTimescale(text).kind));
}

/** The rows of table `index` a mapping names as "table:row". */
function rowsChosen(entries: string[], index: number): Set<number> {
  return new Set(
    entries
      .map((e) => /^\s*(\d+)\s*:\s*(\d+)\s*$/.exec(e))
      .filter((m): m is RegExpExecArray => m !== null && Number(m[1]) === index)
      .map((m) => Number(m[2])),
  );
}

/** A mapping's "rows whose first cell is R<number>": text the line starts with, or a /regular expression/. */
function toStartMatcher(pattern: string): (text: string) => boolean {
  const regex = /^\/(.+)\/([a-z]*)$/.exec(pattern);
  if (regex) {
    const compiled = new RegExp(regex[1] as string, regex[2]);
    return (text) => compiled.test(text.trim());
  }
  const start = pattern.trim().toLowerCase();
  return (text) => start !== '' && text.trim().toLowerCase().startsWith(start);
}

function toMatcher(pattern: string): (text: string) => boolean {
  const regex = /^\/(.+)\/([a-z]*)$/.exec(pattern);
  if (regex) {
    const compiled = new RegExp(regex[1] as string, regex[2]);
    return (text) => compiled.test(text);
  }
  return (text) => text.trim().toLowerCase() === pattern.trim().toLowerCase();
}
