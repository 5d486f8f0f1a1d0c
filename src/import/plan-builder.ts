/**
 * The plan being assembled from a document: its lists, the section context (with headings made into
 * sections only once something is filed under them), and the findings collected on the way.
 */
import { finding, type Finding, type FindingLocation, type Severity } from '../domain/finding.ts';
import type {
  ActionDoc,
  MeasureDoc,
  PersonDoc,
  RecommendationDoc,
  SectionDoc,
  SourceDoc,
} from '../domain/plan-format.ts';
import type { SectionHeading } from './headings.ts';
import { similarTitles } from './headings.ts';

interface PendingSection extends SectionHeading {
  lead: string | null;
  objectives: string[];
}

export class PlanBuilder {
  readonly sections: SectionDoc[] = [];
  readonly recommendations: RecommendationDoc[] = [];
  readonly actions: ActionDoc[] = [];
  readonly measures: MeasureDoc[] = [];
  readonly sources: SourceDoc[] = [];
  readonly people: PersonDoc[] = [];
  readonly findings: Finding[] = [];
  private counters = new Map<string, number>();
  private pendingTop: PendingSection | null = null;
  private pendingSub: PendingSection | null = null;
  private top: SectionDoc | null = null;
  private sub: SectionDoc | null = null;

  constructor(
    readonly file: string,
    readonly unit: 'line' | 'row',
  ) {}

  nextId(prefix: string): string {
    const n = (this.counters.get(prefix) ?? 0) + 1;
    this.counters.set(prefix, n);
    return `${prefix}${n}`;
  }

  /** The table being read (Word and Excel rows count within their table), for findings' locations. */
  table: { index: number; sheet: string | null } | null = null;

  location(at: number | undefined, field?: string, text?: string): FindingLocation {
    const location: FindingLocation = { file: this.file };
    if (this.table && this.unit === 'row') {
      location.table = this.table.index;
      if (this.table.sheet) location.sheet = this.table.sheet;
    }
    if (at !== undefined) location[this.unit] = at;
    if (field) location.field = field;
    if (text) location.text = text.length > 200 ? `${text.slice(0, 200)}…` : text;
    return location;
  }

  report(
    severity: Severity,
    code: string,
    message: string,
    at?: number,
    field?: string,
    text?: string,
    subject?: Finding['subject'],
  ): void {
    const where = at === undefined ? '' : ` (${this.unit} ${at})`;
    const reported = finding(severity, code, message + where, this.location(at, field, text));
    this.findings.push(subject ? { ...reported, subject } : reported);
  }

  // ---- sections ----

  /**
   * A heading that will become a section when something is filed under it. False when it repeats the heading
   * of the section work is being filed under (at the top of a page), which then carries on.
   */
  headingSeen(heading: SectionHeading): boolean {
    const current = heading.rank <= 1 ? (this.pendingTop ?? this.top) : (this.pendingSub ?? this.sub);
    if (
      current &&
      current.kind === heading.kind &&
      current.ref === heading.ref &&
      current.title === heading.title
    )
      return false;
    const pending = { ...heading, lead: null, objectives: [] };
    if (heading.rank <= 1) {
      this.pendingTop = pending;
      this.pendingSub = null;
    } else this.pendingSub = pending;
    return true;
  }

  /** Adds objectives or a lead to the heading just seen (or the current section). */
  describeSection(change: { lead?: string; objectives?: string[] }): void {
    const target = this.pendingTop ?? this.top;
    if (!target) return;
    if (change.lead) target.lead = change.lead;
    if (change.objectives) target.objectives.push(...change.objectives);
  }

  /** Makes a top-level section now (an explicit list of pillars or themes). */
  addTopSection(
    kind: string,
    title: string,
    objectives: string[] = [],
    ref: string | null = null,
  ): SectionDoc {
    const section: SectionDoc = {
      id: this.nextId('s'),
      parentId: null,
      kind,
      ref,
      title,
      lead: null,
      objectives,
    };
    this.sections.push(section);
    return section;
  }

  /** A short heading that names an existing section makes it current; otherwise it is a new pending one. */
  enterNamedSection(title: string, fallbackKind: string): void {
    const known = this.sections.find(
      (s) => s.parentId === null && (s.title === title || similarTitles(s.title, title)),
    );
    if (known) {
      this.top = known;
      this.sub = null;
      this.pendingTop = null;
      this.pendingSub = null;
      return;
    }
    this.headingSeen({ kind: fallbackKind, ref: null, title, rank: 1 });
  }

  /** The section new work is filed under, making pending headings into sections first. */
  currentSectionId(): string | null {
    if (this.pendingTop) {
      const p = this.pendingTop;
      this.top = {
        id: this.nextId('s'),
        parentId: null,
        kind: p.kind,
        ref: p.ref,
        title: p.title,
        lead: p.lead,
        objectives: p.objectives,
      };
      this.sections.push(this.top);
      this.sub = null;
      this.pendingTop = null;
    }
    if (this.pendingSub) {
      const p = this.pendingSub;
      const existing = this.sections.find((s) => s.ref !== null && s.ref === p.ref && s.kind === p.kind);
      this.sub =
        existing ??
        (() => {
          const created: SectionDoc = {
            id: this.nextId('s'),
            parentId: this.top?.id ?? null,
            kind: p.kind,
            ref: p.ref,
            title: p.title,
            lead: p.lead,
            objectives: p.objectives,
          };
          this.sections.push(created);
          return created;
        })();
      this.pendingSub = null;
    }
    return (this.sub ?? this.top)?.id ?? null;
  }

  // ---- sources ----

  sourceFor(body: SourceDoc['body'], title: string, date: string | null): string {
    const known = this.sources.find((s) => s.title.toLowerCase() === title.toLowerCase());
    if (known) return known.id;
    const source: SourceDoc = { id: this.nextId('src'), body, title, date };
    this.sources.push(source);
    return source.id;
  }

  // ---- people ----

  addPerson(person: Omit<PersonDoc, 'id' | 'email' | 'organisation'> & Partial<PersonDoc>): void {
    const known = this.people.find((p) => p.name === person.name);
    if (known) {
      known.initials ??= person.initials;
      known.jobTitle ??= person.jobTitle;
      return;
    }
    this.people.push({ id: this.nextId('pe'), email: null, organisation: null, ...person });
  }
}
