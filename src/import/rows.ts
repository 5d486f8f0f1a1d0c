/**
 * Filing a table's rows into the plan: recommendation rows and columns, actions (one per paragraph when the
 * timescale or lead cells step with them), milestones with their own timescale, lead and status, and the
 * success criteria, measures and progress written beside them.
 */
import type { ActionDoc, DueDoc, RecommendationDoc, StatusDoc } from '../domain/plan-format.ts';
import { DEFAULT_STATUS_KEY, ragOf, readStatus, type StatusKeyEntry } from '../domain/status.ts';
import { parseTimescale } from '../domain/timescale.ts';
import {
  actionUnits,
  cellFor,
  groupActionUnits,
  LEADING_REF,
  sharedByAll,
  stepsWith,
} from './action-cells.ts';
import { readSectionHeading } from './headings.ts';
import { rowText, SAMPLE_ROWS, type RowKind, type TableReading } from './reading.ts';
import { readRecommendationLine, type RecommendationLine } from './recommendation-lines.ts';
import type { Layout, Role } from './layout.ts';
import type { PlanBuilder } from './plan-builder.ts';
import type { PlanRow } from './repair.ts';
import {
  actionLinksIn,
  bracketedSources,
  isOnlyActionLink,
  crossRefsIn,
  isOnlyCrossRefs,
  jointMarker,
  sourceBodyOf,
  sourceDateOf,
  splitReportRefs,
  splitTrailingCrossRefs,
} from './references.ts';

/** Leads are read once the whole plan (and its directory of people) is known. */
export interface PendingLeads {
  action: ActionDoc;
  paragraphs: string[];
  at: number;
}

/** Measure text found beside actions, turned into measures once every action is known. */
export interface PendingMeasureText {
  actions: ActionDoc[];
  paragraphs: string[];
  at: number;
  /** Success criteria count as measures only when they state a numeric target; KPI columns always do. */
  targetsOnly: boolean;
}

const RECOMMENDATION_REFS =
  /^((R|Rec\.?|Recommendation|O|IN|CQC)\s?)?\d{1,3}[a-z]?(\s*[,;&/]\s*((R|Rec\.?|O|IN|CQC)\s?)?\d{1,3}[a-z]?|\s+and\s+\d{1,3})*$/i;

const sameText = (a: string, b: string) =>
  a.toLowerCase().replace(/\s+/g, ' ').trim() === b.toLowerCase().replace(/\s+/g, ' ').trim();

/**
 * The written timescale with the date beside it, "Within 3 months (31 March 2027)": the date is what counts, the
 * wording as the plan gave it. Paired paragraph by paragraph when both cells hold one per action.
 */
function withWrittenTimescale(written: string[], dates: string[] | undefined): string[] {
  if (!dates || dates.length === 0) return written;
  if (written.length !== dates.length) return dates;
  return dates.map((date, i) => (written[i] && written[i] !== date ? `${written[i]} (${date})` : date));
}

/** "Ask 4 – Care leavers have a home", "Ambition 2: …": the word and number as its ref, the rest as its text. */
export function numberedLine(text: string): { ref: string | null; number: string | null; text: string } {
  const match = /^([A-Za-z]+\.?\s*((?:\d+(?:\.\d+)*|[A-Z]|[ivx]+))\b)\s*[:.–—-]\s*(.+)$/i.exec(text.trim());
  return match
    ? { ref: (match[1] ?? '').trim(), number: match[2] ?? null, text: (match[3] ?? '').trim() }
    : { ref: null, number: null, text: text.trim() };
}

/** Labelled rows read as one: each field's text, its label as written and its row. */
interface LabelledRecord {
  values: PlanRow['values'];
  headings: Partial<Record<Role, string>>;
  rows: Partial<Record<Role, number>>;
  /** The record's first row. */
  at: number;
}

export class RowFiler {
  readonly pendingLeads: PendingLeads[] = [];
  readonly pendingMeasures: PendingMeasureText[] = [];
  /** Actions whose recommendation column names it by number only (the recommendations listed elsewhere). */
  readonly pendingRecommendationRefs: { actions: ActionDoc[]; refs: string[]; at: number }[] = [];
  /** Which rows each action came from, for findings. */
  readonly rowOf = new Map<ActionDoc, number>();
  readonly recommendationRow = new Map<RecommendationDoc, number>();
  private recommendation: RecommendationDoc | null = null;
  private action: ActionDoc | null = null;
  private sectionValue: string | null = null;
  private readonly timescales = new Map<string, ReturnType<typeof parseTimescale>>();

  /** The next table carries on where the last left off (a recommendation above it, a page break in between). */
  private carrying = false;

  /** Labelled rows read so far that make one record: a form's action, or what a card says of its actions. */
  private record: LabelledRecord | null = null;
  /** The actions of the current card: those since its recommendation began (or since the table began). */
  private cardActions: ActionDoc[] = [];
  /** What labelled rows say of all the card's actions (a senior lead, a timescale, what success looks like). */
  private cardFacts: LabelledRecord[] = [];
  /** Filing a form's record as a row: its labelled rows were counted already. */
  private filingRecord = false;

  constructor(
    private readonly builder: PlanBuilder,
    private readonly planDate: string | null,
    private readonly furniture: (text: string) => boolean = () => false,
    planKey: StatusKeyEntry[] = [],
    /** The mapping's rule for rows that are recommendations ("rows whose first cell is R<number>"). */
    private readonly isRecommendationRow: (firstCell: string) => boolean = () => false,
    /** The mapping's section headings, and what it calls those sections. */
    private readonly mappedSection: { test: (text: string) => boolean; kind: string } = {
      test: () => false,
      kind: 'Section',
    },
  ) {
    // The plan's own key first, matched by its labels and its descriptions; then the words every plan uses.
    this.key = [
      ...planKey,
      ...planKey.flatMap((e) => (e.description ? [{ ...e, label: e.description }] : [])),
      ...DEFAULT_STATUS_KEY,
    ];
  }

  private readonly key: StatusKeyEntry[];

  /** The reading of the table being filed, counted row by row. */
  reading: TableReading | null = null;

  /** The row being filed, for the reading's sample. */
  private row: PlanRow | null = null;

  private count(kind: RowKind): void {
    if (!this.reading || this.filingRecord) return;
    this.reading.rows[kind] += 1;
    if (this.row && this.reading.sample.length < SAMPLE_ROWS)
      this.reading.sample.push({
        at: this.row.at,
        kind,
        text: rowText(
          this.row.spanning !== null ? [this.row.spanning] : Object.values(this.row.values).flat(),
        ),
      });
  }

  fileTable(rows: PlanRow[], layout: Layout): void {
    if (!this.carrying) {
      this.recommendation = null;
      this.action = null;
      this.sectionValue = null;
    }
    this.carrying = false;
    for (const row of rows) this.fileRow(row, layout);
    this.flushRecord();
    this.endCard();
  }

  /** A recommendation written as a line of its own above (or between) the tables of its actions. */
  recommendationAbove(line: RecommendationLine, at: number): void {
    this.startRecommendation([line.text], line.ref, at);
    this.carrying = true;
  }

  /** A line or row the mapping names a section heading: "Ambition 2: …" is section 2 of the plan's kind. */
  enterMappedSection(text: string): void {
    const named = numberedLine(text);
    const heading = { kind: this.mappedSection.kind, ref: named.number, title: named.text, rank: 1 };
    if (this.builder.headingSeen(heading)) this.endRecommendation();
  }

  carryOn(): void {
    this.carrying = true;
  }

  /** A new section begins: the recommendation before it does not carry into it. */
  endRecommendation(): void {
    this.recommendation = null;
    this.action = null;
    this.carrying = false;
  }

  private fileRow(row: PlanRow, layout: Layout): void {
    this.row = row;
    if (row.label) return this.fileLabelledRow(row.label, row.at);
    this.flushRecord();
    const firstCell = Object.values(row.values)[0]?.[0] ?? '';
    if (this.isRecommendationRow(row.spanning ?? firstCell)) {
      // The whole row states the recommendation: its ref and words in whichever cells they sit.
      const text = row.spanning ?? Object.values(row.values).flat().join(' ');
      const line = readRecommendationLine(text, true) ?? numberedLine(text);
      this.count('recommendation');
      this.startRecommendation([line.text], line.ref, row.at);
      return;
    }
    if (row.spanning !== null && this.mappedSection.test(row.spanning)) {
      this.count('section');
      this.enterMappedSection(row.spanning);
      return;
    }
    if (row.spanning !== null) return this.fileSpanningRow(row);
    if (row.placedByContent) {
      this.builder.report(
        'info',
        'import.cells_placed',
        `A row with fewer cells than the table has columns: its cells were placed under the columns their text fits`,
        row.at,
      );
    }
    const v = row.values;
    // "Link to 3.1.5" beside an action points to another: a cross-reference, not a criterion or a measure.
    const links = Object.values(v)
      .flat()
      .flatMap((p) => actionLinksIn(p));
    for (const role of ['success', 'kpi', 'monitoring', 'progress', 'evidence'] as const) {
      const kept = v[role]?.filter((p) => !isOnlyActionLink(p));
      if (kept && kept.length === 0) delete v[role];
      else if (kept) v[role] = kept;
    }
    if (v.timescale) {
      v.due = withWrittenTimescale(v.timescale, v.due);
      delete v.timescale;
    }
    const refText = (v.ref ?? []).join(' ');
    const rowRefs = crossRefsIn(refText);
    const joint = jointMarker(refText);
    const ownRef = /^\(?(\d+(?:\.\d+)*[a-z]?)\.?\)?(?=\s|$)/.exec(refText.trim())?.[1] ?? null;

    if (v.section) this.enterSectionValue(v.section.join(' '), layout);
    // The row's ref numbers its recommendation, unless the recommendation names its own number ("Rec 4: …")
    // or is the one above repeated: then it numbers the action.
    let refIsAction = !layout.columns.includes('recommendation');
    // "R4", "Rec 4", "4, 7": the recommendation is named by its number, its text is elsewhere (an appendix).
    const recommendationRefs =
      v.recommendation && v.recommendation.every((p) => RECOMMENDATION_REFS.test(p.trim()))
        ? v.recommendation.flatMap((p) => p.split(/\s*[,;&/]\s*|\s+and\s+/)).filter(Boolean)
        : null;
    if (recommendationRefs) {
      delete v.recommendation;
      refIsAction = true;
      this.recommendation = null;
    }
    if (v.recommendation) {
      const labelled = readRecommendationLine(v.recommendation[0] ?? '', false);
      const paragraphs = labelled ? [labelled.text, ...v.recommendation.slice(1)] : v.recommendation;
      if (this.recommendation && sameText(this.recommendation.text, paragraphs.join('\n')))
        refIsAction = true;
      else {
        refIsAction = labelled?.ref != null;
        this.startRecommendation(paragraphs, labelled?.ref ?? ownRef, row.at);
      }
    }
    if (v.source) this.setSource(v.source.join(' '));
    if (v.report_ref && this.recommendation) {
      this.recommendation.reportRefs.push(...splitReportRefs(v.report_ref));
      // An "Ofsted Ref" column says where the recommendation comes from, when no column names its source.
      const heading = layout.headings[layout.columns.indexOf('report_ref')] ?? '';
      const body = sourceBodyOf(heading);
      if (!this.recommendation.sourceId && body !== 'other' && !v.source) {
        this.recommendation.sourceId = this.builder.sourceFor(
          body,
          `${heading.replace(/\s*ref.*$/i, '').trim()} report`,
          null,
        );
      }
    }

    // An action cell holding only codes ("IN 11. O 21") carries on the action above, split by a page break.
    if (v.action && this.action && v.action.every((p) => isOnlyCrossRefs(p))) {
      const codes = crossRefsIn(v.action.join(' ')).filter((r) => !this.action?.crossRefs.includes(r));
      this.action.crossRefs.push(...codes);
      delete v.action;
    }
    const actions = v.action
      ? this.createActions(v.action, row, v.milestone ? null : v, refIsAction ? ownRef : null)
      : [];
    if (recommendationRefs && actions.length > 0)
      this.pendingRecommendationRefs.push({ actions, refs: recommendationRefs, at: row.at });
    for (const action of actions) {
      action.crossRefs.push(...rowRefs.filter((r) => !action.crossRefs.includes(r)));
      if (joint.joint) {
        action.joint = true;
        action.partners.push(...joint.partners.filter((p) => !action.partners.includes(p)));
      }
    }
    let milestones: ActionDoc[] = [];
    if (v.milestone) milestones = this.createMilestones(v.milestone, row);
    else if (!v.action && (v.due || v.lead) && this.action) {
      const text = [...(v.success ?? []), ...(v.kpi ?? [])].join('\n').trim() || 'Milestone';
      milestones = [
        this.newAction(row, {
          text,
          kind: 'milestone',
          parent: this.action,
          due: v.due,
          lead: v.lead,
          status: v.status,
        }),
      ];
    }

    const targets =
      milestones.length > 0 ? milestones : actions.length > 0 ? actions : this.action ? [this.action] : [];
    this.count(
      actions.length > 0
        ? 'action'
        : milestones.length > 0
          ? 'milestone'
          : v.recommendation
            ? 'recommendation'
            : v.section
              ? 'section'
              : targets.length > 0
                ? 'continuation'
                : 'ignored',
    );
    const first = targets[0];
    if (first) for (const link of links) if (!first.crossRefs.includes(link)) first.crossRefs.push(link);
    if (first) {
      if (v.success) first.successCriteria.push(...v.success);
      if (v.monitoring) first.monitoring.push(...v.monitoring);
      if (v.evidence) first.evidence.push(...v.evidence);
      if (v.progress) this.setProgress(first, v.progress);
      if (v.partners) first.partners.push(...v.partners);
    } else if (v.success || v.kpi || v.due || v.lead) {
      this.builder.report(
        'warning',
        'import.row_not_placed',
        'A row with no action or milestone to belong to',
        row.at,
        undefined,
        Object.values(v).flat().join(' | '),
      );
    }
    if (v.kpi && targets.length > 0 && !(milestones.length > 0 && !v.milestone)) {
      this.pendingMeasures.push({
        actions: actions.length > 0 ? actions : targets,
        paragraphs: v.kpi,
        at: row.at,
        targetsOnly: false,
      });
    }
    if (v.success && first) {
      this.pendingMeasures.push({ actions: [first], paragraphs: v.success, at: row.at, targetsOnly: true });
    }
    for (const text of row.unmatched) {
      this.builder.report(
        'info',
        'import.cell_unmatched',
        'Text in a column with no known role was not stored',
        row.at,
        undefined,
        text,
      );
    }
  }

  /**
   * "Recommendation 2 | …" starts a recommendation; any other label adds its field to the record being read. A
   * field read twice starts the next record (a form of several actions in one table).
   */
  private fileLabelledRow(label: NonNullable<PlanRow['label']>, at: number): void {
    if (label.role === 'recommendation') {
      this.count('recommendation');
      const ref = label.number
        ? /^(?:ofsted |inspection )?rec/i.test(label.label)
          ? `R${label.number}`
          : label.number
        : null;
      this.startRecommendation(label.value, ref, at);
      return;
    }
    this.count('field');
    if (this.record?.values[label.role]) this.flushRecord();
    this.record ??= { values: {}, headings: {}, rows: {}, at };
    this.record.values[label.role] = label.value;
    this.record.headings[label.role] = label.label;
    this.record.rows[label.role] = at;
  }

  /** A record naming an action is filed as a row of it; one without is what the card says of all its actions. */
  private flushRecord(): void {
    const record = this.record;
    if (!record) return;
    this.record = null;
    const values = record.values;
    if (values.action || values.milestone) {
      const columns = Object.keys(values) as Role[];
      const layout: Layout = {
        columns,
        headings: columns.map((role) => record.headings[role] ?? ''),
        guessed: false,
      };
      this.filingRecord = true;
      try {
        this.fileRow({ at: record.at, values, spanning: null, unmatched: [] }, layout);
      } finally {
        this.filingRecord = false;
      }
      return;
    }
    if (values.source && this.recommendation) {
      this.setSource(values.source.join(' '));
      delete values.source;
    }
    if (Object.keys(values).length > 0) this.cardFacts.push(record);
  }

  /** The card ends: its facts go to each of its actions that does not state its own. */
  private endCard(): void {
    const facts = this.cardFacts;
    const actions = this.cardActions;
    this.cardFacts = [];
    this.cardActions = [];
    for (const fact of facts) this.applyCardFact(fact, actions);
  }

  private applyCardFact(fact: LabelledRecord, actions: ActionDoc[]): void {
    const v = fact.values;
    const rowOf = (role: Role) => fact.rows[role] ?? fact.at;
    const said = (role: Role) => `${fact.headings[role] ?? role}: ${(v[role] ?? []).join(' ')}`;
    if (actions.length === 0) {
      this.builder.report(
        'warning',
        'import.row_not_placed',
        'Labelled rows with no action to belong to',
        fact.at,
        undefined,
        (Object.keys(v) as Role[]).map(said).join(' | '),
      );
      return;
    }
    if (v.lead) {
      const led = new Set(this.pendingLeads.map((p) => p.action));
      const without = actions.filter((a) => !led.has(a));
      for (const action of without) this.pendingLeads.push({ action, paragraphs: v.lead, at: rowOf('lead') });
      if (without.length === 0)
        this.builder.report(
          'info',
          'import.card_lead_unused',
          'A lead named for a recommendation was not given to its actions, which name their own leads',
          rowOf('lead'),
          'lead',
          said('lead'),
        );
    }
    if (v.due) {
      if (this.recommendation && !this.recommendation.timeframe)
        this.recommendation.timeframe = v.due.join(' ');
      for (const action of actions) if (!action.due) action.due = this.due(v.due, rowOf('due'), action.id);
    }
    if (v.status) for (const action of actions) action.status ??= this.status(v.status);
    for (const action of actions) {
      if (v.partners) action.partners.push(...v.partners);
      if (v.success) action.successCriteria.push(...v.success);
      if (v.monitoring) action.monitoring.push(...v.monitoring);
      if (v.evidence) action.evidence.push(...v.evidence);
    }
    if (v.kpi)
      this.pendingMeasures.push({ actions, paragraphs: v.kpi, at: rowOf('kpi'), targetsOnly: false });
    if (v.success)
      this.pendingMeasures.push({ actions, paragraphs: v.success, at: rowOf('success'), targetsOnly: true });
    if (v.progress && actions.length === 1) this.setProgress(actions[0] as ActionDoc, v.progress);
    else if (v.progress)
      this.builder.report(
        'info',
        'import.card_progress_unplaced',
        'Progress written for a recommendation with several actions was not given to any one of them',
        rowOf('progress'),
        'progress',
        said('progress'),
      );
    if (v.ref || v.source)
      this.builder.report(
        'info',
        'import.cell_unmatched',
        'Text in a column with no known role was not stored',
        fact.at,
        undefined,
        [v.ref ? said('ref') : '', v.source ? said('source') : ''].filter(Boolean).join(' | '),
      );
  }

  private fileSpanningRow(row: PlanRow): void {
    const text = (row.spanning ?? '').trim();
    if (this.furniture(text)) return this.count('page');
    const heading = readSectionHeading(text);
    if (heading) {
      this.count('section');
      if (this.builder.headingSeen(heading)) {
        this.recommendation = null;
        this.action = null;
      }
      return;
    }
    const recommendation = readRecommendationLine(text, true);
    if (recommendation) {
      this.count('recommendation');
      this.startRecommendation([recommendation.text], recommendation.ref, row.at);
      return;
    }
    this.count('ignored');
    if (text.length > 40)
      this.builder.report(
        'info',
        'import.text_not_filed',
        'Text across a whole table row was kept out of the plan structure',
        row.at,
        undefined,
        text,
      );
  }

  private enterSectionValue(title: string, layout: Layout): void {
    if (title === this.sectionValue) return;
    // A recommendation heading just above the table's first section value belongs to that section.
    const opening = this.sectionValue === null ? this.recommendationWithoutActions() : null;
    this.sectionValue = title;
    const index = layout.columns.indexOf('section');
    const kind = (layout.headings[index] ?? '').replace(/[:.]$/, '').trim() || 'Section';
    const heading = readSectionHeading(title);
    this.builder.headingSeen(
      heading ?? { kind: kind.charAt(0).toUpperCase() + kind.slice(1), ref: null, title, rank: 1 },
    );
    this.recommendation = null;
    this.action = null;
    if (opening) {
      opening.sectionId = this.builder.currentSectionId();
      this.recommendation = opening;
    }
  }

  private recommendationWithoutActions(): RecommendationDoc | null {
    const recommendation = this.recommendation;
    if (!recommendation) return null;
    return this.builder.actions.some((a) => a.recommendationIds.includes(recommendation.id))
      ? null
      : recommendation;
  }

  private startRecommendation(paragraphs: string[], ref: string | null, at: number): void {
    // The card before ends here: its record and its facts belong to its own recommendation.
    this.flushRecord();
    this.endCard();
    const text = paragraphs.join('\n').trim();
    const recommendation: RecommendationDoc = {
      id: this.builder.nextId('r'),
      ref,
      sectionId: this.builder.currentSectionId(),
      kind: 'recommendation',
      text,
      sourceId: null,
      alsoFrom: [],
      reportRefs: [],
      timeframe: null,
      closure: null,
    };
    this.builder.recommendations.push(recommendation);
    this.recommendationRow.set(recommendation, at);
    this.recommendation = recommendation;
    this.action = null;
  }

  private setSource(text: string): void {
    if (!this.recommendation) return;
    const title = text.replace(/^(recommendation|advice|origin)\s*:\s*/i, '').trim();
    // "Ofsted Safeguarding (Aug '10) CQC (Aug '10)": two reports made it; each is a source.
    const [first = title, ...others] = title.split(
      /(?<=\))\s+(?=(?:Ofsted|CQC|HMI|HMICFRS|Peer|Improvement Notice|DfE|Previous|Advice)\b)/i,
    );
    const source = (t: string) => this.builder.sourceFor(sourceBodyOf(t), t, sourceDateOf(t, this.planDate));
    this.recommendation.sourceId = source(first.trim());
    this.recommendation.alsoFrom = others.map((t) => source(t.trim()));
  }

  private setProgress(action: ActionDoc, paragraphs: string[]): void {
    const text = paragraphs.join('\n');
    const asStatus = readStatus(paragraphs[0], this.key);
    if (!action.status && asStatus?.colour && paragraphs.length === 1)
      action.status = this.status(paragraphs);
    else action.progress = action.progress ? `${action.progress}\n${text}` : text;
  }

  private createActions(
    paragraphs: string[],
    row: PlanRow,
    details: PlanRow['values'] | null,
    fallbackRef: string | null,
  ): ActionDoc[] {
    const units = actionUnits(paragraphs);
    if (units.length === 0) return [];
    const grouped = groupActionUnits(units, details?.due, details?.lead, this.planDate);
    const groups = grouped.groups;
    if (details && grouped.due) details = { ...details, due: grouped.due };
    const split = groups.length > 1;
    const count = groups.length;
    if (split && details) {
      for (const [role, name] of [
        ['due', 'timescale'],
        ['lead', 'lead'],
      ] as const) {
        const cell = details[role];
        if (!cell || stepsWith(cell, count) || sharedByAll(role, cell, this.planDate)) continue;
        const paragraphs = `${cell.length} paragraph${cell.length === 1 ? '' : 's'}`;
        this.builder.report(
          'warning',
          'import.cells_not_in_step',
          `The ${name} cell holds ${paragraphs} for ${groups.length} actions, so they could not be matched one to each: every action of the row was given ${role === 'due' ? 'all its dates (due by the last)' : 'all its leads'}; check them`,
          row.at,
          name,
          cell.join(' | '),
        );
      }
    }
    const created = groups.map((group, i) => {
      const joined = group.map((u) => u.text).join('\n');
      const action = this.newAction(row, {
        text: joined,
        kind: 'action',
        parent: null,
        due: cellFor('due', details?.due, count, i, this.planDate),
        lead: cellFor('lead', details?.lead, count, i, this.planDate),
        status: cellFor('status', details?.status, count, i, this.planDate),
        fallbackRef,
      });
      action.crossRefs.push(...group.flatMap((u) => u.refs).filter((r) => !action.crossRefs.includes(r)));
      return action;
    });
    this.action = created[created.length - 1] ?? this.action;
    return created;
  }

  private createMilestones(paragraphs: string[], row: PlanRow): ActionDoc[] {
    const v = row.values;
    const inStep = (cell: string[] | undefined) => stepsWith(cell, paragraphs.length);
    const split = paragraphs.length > 1 && (inStep(v.due) || inStep(v.lead));
    const groups = split ? paragraphs.map((p) => [p]) : [paragraphs];
    return groups.map((group, i) => {
      const pick = (cell: string[] | undefined) =>
        !cell ? undefined : split ? (inStep(cell) ? [cell[i] as string] : undefined) : cell;
      const parent = this.action;
      const milestone = this.newAction(row, {
        text: group.join('\n'),
        kind: parent ? 'milestone' : 'action',
        parent,
        due: pick(v.due),
        lead: pick(v.lead),
        status: pick(v.status),
      });
      return milestone;
    });
  }

  private newAction(
    row: PlanRow,
    spec: {
      text: string;
      kind: ActionDoc['kind'];
      parent: ActionDoc | null;
      due: string[] | undefined;
      lead: string[] | undefined;
      status: string[] | undefined;
      fallbackRef?: string | null;
    },
  ): ActionDoc {
    const leading = LEADING_REF.exec(spec.text);
    const ref = leading ? (leading[1] as string) : (spec.fallbackRef ?? null);
    const withoutRef = leading ? spec.text.slice(leading[0].length) : spec.text;
    const trailing = splitTrailingCrossRefs(withoutRef);
    const bracketed = bracketedSources(trailing.text);
    const id = this.builder.nextId('a');
    const action: ActionDoc = {
      id,
      ref,
      kind: spec.kind,
      signOff: null,
      sectionId: this.builder.currentSectionId(),
      parentId: spec.parent?.id ?? null,
      recommendationIds: spec.parent ? [] : this.recommendation ? [this.recommendation.id] : [],
      text: bracketed.text,
      leads: [],
      partners: [],
      joint: false,
      due: spec.due ? this.due(spec.due, row.at, id) : null,
      status: spec.status ? this.status(spec.status) : null,
      progress: null,
      successCriteria: [],
      monitoring: [],
      evidence: [],
      crossRefs: trailing.refs,
      measureIds: [],
      updates: [],
    };
    for (const title of bracketed.sources) {
      action.crossRefs.push(`[${title}]`);
      this.builder.sourceFor(sourceBodyOf(title), title, null);
    }
    const joint = jointMarker(spec.text);
    if (joint.joint) {
      action.joint = true;
      action.partners.push(...joint.partners);
    }
    this.builder.actions.push(action);
    if (!spec.parent) this.cardActions.push(action);
    this.rowOf.set(action, row.at);
    if (spec.lead) this.pendingLeads.push({ action, paragraphs: spec.lead, at: row.at });
    return action;
  }

  private due(paragraphs: string[], at: number, actionId: string): DueDoc {
    const raw = paragraphs.join('\n');
    // Plans repeat their timescales ("Ongoing", "31/03/2011"): each is read once, and reported where it stands.
    let parsed = this.timescales.get(raw);
    if (!parsed) {
      parsed = parseTimescale(raw, { planDate: this.planDate });
      this.timescales.set(raw, parsed);
    }
    const location = this.builder.location(at, 'Timescale', raw);
    const where = ` (${this.builder.unit} ${at})`;
    const subject = { type: 'action' as const, id: actionId };
    this.builder.findings.push(
      ...parsed.findings.map((f) => ({ ...f, message: f.message + where, location, subject })),
    );
    return { raw, kind: parsed.kind, start: parsed.start, end: parsed.end, recurrence: parsed.recurrence };
  }

  private status(paragraphs: string[]): StatusDoc {
    const raw = paragraphs.join(' ').trim();
    const read = readStatus(raw, this.key);
    return { raw, state: read?.state ?? null, rag: ragOf(read), setBy: null, setAt: null };
  }
}
