/**
 * Building the export document from a workspace's reports and tags: collect (the caller), build
 * (here, pure), then format (`json.ts`, `csv.ts`, `qdpx.ts`) and write (the caller).
 *
 * Findings: one per tag (every assessment, orphans included), and, when asked, one per printed
 * improvement area with the status and criteria the Improvement Areas view gives it. A stored
 * status whose item the report no longer prints is exported as an orphaned printed finding, so an
 * export of everything carries everything the store holds.
 *
 * Order: report date (publication, else last inspection day; undated last), report path, position
 * in the report (orphans last), printed before tagged, id: the order of the Improvement Areas view.
 */
import type { Assessment, ImprovementPlanRecord, ImprovementStatusRecord } from '../annotations';
import type { Codebook } from '../codebook';
import { FollowUpIndex } from '../followups/followUps';
import type { Report } from '../model';
import { LineIndex, type Range } from '../range';
import { stripBom } from '../text';
import {
  compareReportDates,
  findImprovementStatus,
  fold,
  IMPROVEMENT_ASSESSMENTS,
  isOpenStatus,
  printedCriteria,
  printedPlan,
  type StatusFilter,
} from '../workspace/improvements';
import type { ResolvedAnnotation } from '../workspace/resolve';
import { paragraphBody } from '../workspace/tagging';
import { comparePaths } from '../workspace/scan';
import {
  EXPORT_SCHEMA_ID,
  EXPORT_SCHEMA_VERSION,
  type ExportCodebook,
  type ExportCounts,
  type ExportCriterion,
  type ExportDocument,
  type ExportFinding,
  type ExportLocation,
  type ExportPlan,
  type ExportReport,
  type PrintedFinding,
  type TaggedFinding,
} from './types';

/** One report as the export needs it (the editor and the CLI each collect these their own way). */
export interface ExportSource {
  /** Workspace-relative path, forward slashes. */
  file: string;
  /** The parsed report, or null when the file is missing or cannot be read (its tags are then orphans). */
  report: Report | null;
  /** The text `report` was parsed from and `annotations` were resolved on; null with `report`. */
  text: string | null;
  annotations: readonly ResolvedAnnotation[];
  improvementStatuses: readonly ImprovementStatusRecord[];
  /** The report's stored improvement plans (none when absent). */
  improvementPlans?: readonly ImprovementPlanRecord[];
}

/**
 * The paragraphs the recurrence index links to a paragraph (the same finding in other reports, of
 * other authorities too unless the caller's settings leave them out). The one place the recurrence index enters the export: callers that have the
 * index pass it; without it every finding's `recurrences` is empty.
 */
export type RecurringParagraphs = (file: string, paragraphId: string) => ReadonlyArray<{ file: string; paragraph: string }>;

export interface ExportOptions {
  /** The export time (default now). */
  exported?: Date;
  generator?: { name: string; version: string };
  /** The workspace folder's name. */
  workspace: string;
  /** Default `all`. `open` means everything not resolved, as in the Improvement Areas view. */
  status?: StatusFilter;
  /** Only these reports (workspace-relative paths). */
  reports?: readonly string[];
  criterion?: string;
  assessment?: Assessment;
  /** Export printed improvement areas as findings too (default false). */
  printed?: boolean;
  /**
   * Only the Improvement Areas view's items with these keys (`tagged:<report>#<id>`,
   * `printed:<report>#<improvement id>`): what the view shows. Implies `printed`.
   */
  viewKeys?: ReadonlySet<string>;
  recurringParagraphs?: RecurringParagraphs;
  /** Leave out improvement items' `followUps` (default: worked out over the sources). */
  followUps?: false;
}

export const GENERATOR_NAME = 'ILACS Annotator';

/**
 * Maps UTF-16 offsets of a text to code-point offsets. `crlfAsOne`: a CR before an LF is not
 * counted either, so the offsets are those of the text with its line breaks written as LF.
 */
export function codePointCounter(text: string, options: { crlfAsOne?: boolean } = {}): (offset: number) => number {
  const crlf = options.crlfAsOne === true && text.includes('\r\n');
  if (!crlf && !/[\uD800-\uDFFF]/.test(text)) return (offset) => Math.max(0, Math.min(offset, text.length));
  const prefix = new Int32Array(text.length + 1);
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // The low half of a surrogate pair does not start a code point; an offset between the halves
    // counts as just after the whole character.
    const lowHalf = c >= 0xdc00 && c <= 0xdfff && i > 0 && text.charCodeAt(i - 1) >= 0xd800 && text.charCodeAt(i - 1) <= 0xdbff;
    const crBeforeLf = crlf && c === 13 && text.charCodeAt(i + 1) === 10;
    prefix[i] = lowHalf || crBeforeLf ? count : count++;
  }
  prefix[text.length] = count;
  return (offset) => prefix[Math.max(0, Math.min(offset, text.length))];
}

/** A text folded to one line and cut to at most `max` characters, "..." marking a cut. */
export function excerpt(text: string, max: number): string {
  const folded = fold(text);
  return folded.length <= max ? folded : `${folded.slice(0, max - 3)}...`;
}

interface TextInfo {
  body: string;
  index: LineIndex;
  codePoint: (offset: number) => number;
}

function locate(info: TextInfo, range: Range): ExportLocation {
  const start = info.index.offsetAt(range.start);
  const end = info.index.offsetAt(range.end);
  return {
    start: { line: range.start.line + 1, column: range.start.character + 1 },
    end: { line: range.end.line + 1, column: range.end.character + 1 },
    offsets: { start, end },
    codePoints: { start: info.codePoint(start), end: info.codePoint(end) },
  };
}

export function exportReport(file: string, report: Report | null): ExportReport {
  return {
    file,
    localAuthority: report?.localAuthority ?? null,
    kind: report?.kind ?? null,
    framework: report?.framework ?? null,
    title: report?.title ?? null,
    published: report?.published ?? null,
    inspectionDates: report?.inspectionDates ? { start: report.inspectionDates.start, end: report.inspectionDates.end } : null,
    date: report?.date ? { value: report.date.value, precision: report.date.precision, source: report.date.source } : null,
    leadInspector: report?.leadInspector ?? null,
    grades: (report?.judgements ?? []).map((j) => ({ area: j.area, grade: j.grade })),
  };
}

export function exportCodebook(codebook: Codebook): ExportCodebook {
  const builtin = codebook.source === 'builtin';
  return {
    source: builtin ? 'builtin' : 'workspace',
    file: builtin ? null : '.ilacs/codebook.json',
    areas: codebook.areas.map((a) => ({ id: a.id, label: a.label, framework: a.framework, colour: a.colour })),
    criteria: codebook.criteria.map((c) => ({ id: c.id, label: c.label, area: c.area, description: c.description })),
  };
}

function criteriaOf(ids: readonly string[], codebook: Codebook): ExportCriterion[] {
  return ids.map((id) => {
    const c = codebook.criteria.find((x) => x.id === id);
    const area = c ? codebook.areas.find((a) => a.id === c.area) : undefined;
    return { id, label: c?.label ?? null, area: c?.area ?? null, areaLabel: area?.label ?? null };
  });
}

function passesStatus(filter: StatusFilter, status: ExportFinding['status']): boolean {
  if (filter === 'all') return true;
  if (filter === 'open') return isOpenStatus(status);
  return status === filter;
}

/** The Improvement Areas view's key for a finding. */
export function viewKey(finding: ExportFinding): string {
  return finding.type === 'tagged' ? `tagged:${finding.report.file}#${finding.id}` : finding.id;
}

/** One report's findings, unfiltered, in report order. */
function reportFindings(source: ExportSource, codebook: Codebook, printed: boolean): ExportFinding[] {
  const { file, report } = source;
  const reportInfo = exportReport(file, report);
  const info: TextInfo | null =
    source.text !== null
      ? (() => {
          const body = stripBom(source.text);
          return { body, index: new LineIndex(body), codePoint: codePointCounter(body) };
        })()
      : null;
  const numberOf = (paragraph: string | null): number | null =>
    paragraph === null ? null : (report?.paragraphs.find((p) => p.id === paragraph)?.number ?? null);
  const out: ExportFinding[] = [];

  if (printed) {
    const used = new Set<ImprovementStatusRecord>();
    const taken = new Set<string>();
    for (const ia of report?.improvementAreas ?? []) {
      const record = findImprovementStatus(source.improvementStatuses, ia);
      if (record) used.add(record);
      const criteria = record?.criteria ? [...record.criteria] : printedCriteria(ia.text, codebook);
      const id = `printed:${file}#${ia.id}`;
      taken.add(id);
      const finding: PrintedFinding = {
        id,
        type: 'printed',
        report: reportInfo,
        paragraph: ia.paragraph,
        paragraphNumber: numberOf(ia.paragraph),
        ...printedPlace(info, ia.range, numberOf(ia.paragraph), ia.text),
        criteria: criteriaOf(criteria, codebook),
        assessment: null,
        status: record?.status ?? 'open',
        note: record?.note ?? '',
        author: record?.author ?? null,
        created: null,
        modified: record?.modified ?? null,
        orphaned: false,
        recurrences: [],
        improvement: { id: ia.id, source: ia.source, timescale: ia.timescale ?? null, criteriaSuggested: !record?.criteria },
        stored: record ? storedStatus(record) : null,
        plan: exportPlan(printedPlan(source.improvementPlans ?? [], ia, record)),
      };
      out.push(finding);
    }
    // Stored statuses no printed item claims (a reissued report dropped or reworded the item).
    for (const record of source.improvementStatuses) {
      if (used.has(record)) continue;
      let id = `printed:${file}#${record.improvement}`;
      for (let n = 2; taken.has(id); n++) id = `printed:${file}#${record.improvement}~${n}`;
      taken.add(id);
      out.push({
        id,
        type: 'printed',
        report: reportInfo,
        paragraph: null,
        paragraphNumber: null,
        location: null,
        text: record.quote,
        criteria: criteriaOf(record.criteria ?? printedCriteria(record.quote, codebook), codebook),
        assessment: null,
        status: record.status,
        note: record.note,
        author: record.author,
        created: null,
        modified: record.modified,
        orphaned: true,
        recurrences: [],
        improvement: { id: record.improvement, source: null, timescale: null, criteriaSuggested: !record.criteria },
        stored: storedStatus(record),
      });
    }
  }

  for (const r of source.annotations) {
    const a = r.annotation;
    const paragraph = r.anchor ? r.anchor.paragraph : a.paragraph;
    const finding: TaggedFinding = {
      id: a.id,
      type: 'tagged',
      report: reportInfo,
      paragraph,
      paragraphNumber: r.anchor ? r.anchor.number : numberOf(paragraph),
      location: r.anchor && info ? locate(info, r.anchor.range) : null,
      text: r.anchor ? r.anchor.quote : a.selectors.quote.exact,
      criteria: criteriaOf(a.criteria, codebook),
      assessment: a.assessment,
      status: a.status,
      note: a.note,
      author: a.author,
      created: a.created,
      modified: a.modified,
      orphaned: r.orphaned || !info,
      recurrences: [],
      stored: {
        paragraph: a.paragraph,
        selectors: {
          quote: { exact: a.selectors.quote.exact, prefix: a.selectors.quote.prefix, suffix: a.selectors.quote.suffix },
          position: { start: a.selectors.position.start, end: a.selectors.position.end },
        },
      },
    };
    if (a.assessment !== null && IMPROVEMENT_ASSESSMENTS.includes(a.assessment)) finding.plan = exportPlan((source.improvementPlans ?? []).find((p) => p.annotation === a.id));
    out.push(finding);
  }
  return out;
}

function exportPlan(r: ImprovementPlanRecord | undefined): ExportPlan | null {
  if (!r) return null;
  const target = r.annotation === undefined ? { improvement: r.improvement ?? '', quote: r.quote ?? '' } : {};
  return { ...target, owner: r.owner, due: r.due, rag: r.rag, reason: r.reason, author: r.author, modified: r.modified };
}

/** Fills improvement findings' `followUps` from the follow-up model over all the sources. */
function linkFollowUps(findings: readonly ExportFinding[], sources: readonly ExportSource[], codebook: Codebook): void {
  const improvement = findings.filter((f) => !f.orphaned && (f.type === 'printed' || (f.assessment !== null && IMPROVEMENT_ASSESSMENTS.includes(f.assessment))));
  if (improvement.length === 0) return;
  const index = new FollowUpIndex(sources.map((s) => ({ file: s.file, report: s.report })), codebook);
  for (const f of improvement) {
    const result = index.followUpsOf({ key: f.id, report: f.report.file, localAuthority: f.report.localAuthority, text: f.text, criteria: f.criteria.map((c) => c.id) });
    f.followUps = result.followUps.map((x) => ({ file: x.file, paragraph: x.paragraph, verdict: x.verdict, date: x.date }));
  }
}

/** A printed item's place and exact text: its range less the bullet glyph or printed number, as a tag of it would be. */
function printedPlace(info: TextInfo | null, range: Range, paragraphNumber: number | null, parsedText: string): { location: ExportLocation | null; text: string } {
  if (!info) return { location: null, text: parsedText };
  const body = paragraphBody(info.body, info.index.offsetAt(range.start), info.index.offsetAt(range.end), { number: paragraphNumber, kind: 'bullet' });
  const trimmed = info.index.rangeOf(body.start, body.end);
  return { location: locate(info, trimmed), text: info.body.slice(body.start, body.end) };
}

function storedStatus(record: ImprovementStatusRecord): PrintedFinding['stored'] {
  return { improvement: record.improvement, quote: record.quote, ...(record.criteria ? { criteria: [...record.criteria] } : {}) };
}

function compareFindings(a: ExportFinding, b: ExportFinding): number {
  const dateOf = (f: ExportFinding): string | null => f.report.date?.value ?? null;
  const startOf = (f: ExportFinding): number => (f.location ? f.location.offsets.start : Number.MAX_SAFE_INTEGER);
  return (
    compareReportDates(dateOf(a), dateOf(b)) ||
    comparePaths(a.report.file, b.report.file) ||
    startOf(a) - startOf(b) ||
    (a.type === b.type ? 0 : a.type === 'printed' ? -1 : 1) ||
    comparePaths(a.id, b.id)
  );
}

function countFindings(findings: readonly ExportFinding[]): ExportCounts {
  const counts: ExportCounts = {
    reports: new Set(findings.map((f) => f.report.file)).size,
    findings: findings.length,
    tagged: 0,
    printed: 0,
    orphaned: 0,
    byStatus: { open: 0, 'in-progress': 0, resolved: 0 },
    byAssessment: { strength: 0, 'area-for-improvement': 0, 'serious-weakness': 0, none: 0 },
  };
  for (const f of findings) {
    if (f.type === 'tagged') counts.tagged++;
    else counts.printed++;
    if (f.orphaned) counts.orphaned++;
    counts.byStatus[f.status]++;
    counts.byAssessment[f.assessment ?? 'none']++;
  }
  return counts;
}

/** Fills each finding's `recurrences` from the recurrence index (left empty without one). */
function linkRecurrences(findings: readonly ExportFinding[], recurring: RecurringParagraphs | undefined): void {
  if (!recurring) return;
  const byParagraph = new Map<string, string[]>();
  const key = (file: string, paragraph: string): string => `${file}\u0000${paragraph}`;
  for (const f of findings) {
    if (f.paragraph === null || f.orphaned) continue;
    const k = key(f.report.file, f.paragraph);
    const list = byParagraph.get(k);
    if (list) list.push(f.id);
    else byParagraph.set(k, [f.id]);
  }
  for (const f of findings) {
    if (f.paragraph === null || f.orphaned) continue;
    const ids = new Set<string>();
    for (const p of recurring(f.report.file, f.paragraph)) for (const id of byParagraph.get(key(p.file, p.paragraph)) ?? []) if (id !== f.id) ids.add(id);
    f.recurrences = [...ids];
  }
}

/** The export document for `sources` under `options` (see the module comment). */
export function buildExport(sources: readonly ExportSource[], codebook: Codebook, options: ExportOptions): ExportDocument {
  const status = options.status ?? 'all';
  const printed = options.printed === true || options.viewKeys !== undefined;
  const reports = options.reports ? new Set(options.reports) : null;
  const findings: ExportFinding[] = [];
  for (const source of sources) {
    if (reports && !reports.has(source.file)) continue;
    for (const f of reportFindings(source, codebook, printed)) {
      if (!passesStatus(status, f.status)) continue;
      if (options.criterion !== undefined && !f.criteria.some((c) => c.id === options.criterion)) continue;
      if (options.assessment !== undefined && f.assessment !== options.assessment) continue;
      if (options.viewKeys && !options.viewKeys.has(viewKey(f))) continue;
      findings.push(f);
    }
  }
  findings.sort(compareFindings);
  linkRecurrences(findings, options.recurringParagraphs);
  if (options.followUps !== false) linkFollowUps(findings, sources, codebook);
  return {
    $schema: EXPORT_SCHEMA_ID,
    schemaVersion: EXPORT_SCHEMA_VERSION,
    exported: (options.exported ?? new Date()).toISOString(),
    generator: options.generator ?? { name: GENERATOR_NAME, version: 'dev' },
    workspace: options.workspace,
    filter: {
      status,
      reports: options.reports ? [...options.reports].sort(comparePaths) : null,
      criterion: options.criterion ?? null,
      assessment: options.assessment ?? null,
      printed,
      view: options.viewKeys !== undefined,
    },
    codebook: exportCodebook(codebook),
    counts: countFindings(findings),
    findings,
  };
}
