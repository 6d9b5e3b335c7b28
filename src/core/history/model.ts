/**
 * The authority history: for one local authority, every report on a time axis with its kind, date
 * and era; its grades on the crosswalk's lines (`crosswalk.ts`); its printed improvement areas and
 * tagged findings with their status; and the recurring findings as chains across the years. With
 * several authorities, a comparison of their latest grades and of the findings they share. Pure:
 * the editor and the CLI feed it parsed reports with their resolved tags and stored statuses.
 *
 * Three things other parts of the product also compute are taken through one small function each,
 * so a better source can replace it in one place: the report's date (`historyDate`), its
 * improvement items (`historyItemsOf`) and the recurrences (`recurrenceChains`).
 */
import type { AnnotationStatus, Assessment, ImprovementStatusRecord } from '../annotations';
import type { Codebook } from '../codebook';
import type { Framework, Grade, Report, ReportKind } from '../model';
import type { Range } from '../range';
import { emptyRecurrenceIndex, recurringCriteria, reportFindings, setReportFindings, type Finding, type RecurrenceIndex, type ReportFindings } from '../recurrence/criteria';
import { authorityKey, compareRangeStarts, fold, reportImprovementItems, type ImprovementItem } from '../workspace/improvements';
import { reportDateOf } from '../reportDate';
import type { ResolvedAnnotation } from '../workspace/resolve';
import { comparePaths } from '../workspace/scan';
import { crosswalk, ERAS, eraOf, HISTORY_LINES, lineLabel, lineOfCriterionArea, type CrosswalkEntry, type Era, type EraId, type LineId } from './crosswalk';

export interface HistoryInput {
  /** Workspace-relative path, forward slashes. */
  file: string;
  /** The parsed report, or null when it cannot be read (it is then left out). */
  report: Report | null;
  /** The report's tags resolved on its current text. */
  annotations: readonly ResolvedAnnotation[];
  improvementStatuses: readonly ImprovementStatusRecord[];
  /** The report's improvement items when the caller has them already (`reportImprovementItems`); else they are computed. */
  items?: readonly ImprovementItem[];
  /** The report's findings for recurrence when the caller keeps them (`reportFindingsOf`); else they are computed. */
  findings?: ReportFindings;
}

export interface HistoryDate {
  /** yyyy-mm-dd; the first of the month or year when only those are known. */
  value: string;
  precision: 'day' | 'month' | 'year';
  source: 'published' | 'inspection' | 'file-name' | 'user';
}

export interface HistoryGrade {
  line: LineId | null;
  area: string;
  areaLabel: string;
  grade: Grade;
  /** 1 outstanding, 2 good, 3 requires improvement or adequate, 4 inadequate. */
  rank: number;
  /** The other line this judgement also grades (the 2018-2022 combined children in care and care leavers judgement). */
  sharedWith: LineId | null;
  range: Range | null;
}

export interface HistoryReport {
  file: string;
  kind: ReportKind;
  framework: Framework;
  era: EraId | null;
  title: string | null;
  date: HistoryDate | null;
  /** `2021 inspection`, `Aug 2018 focused visit`. */
  label: string;
  /** Every judgement the report grades (lines first, in line order). */
  grades: HistoryGrade[];
  items: number;
  open: number;
}

export type HistoryItemSource = 'printed' | 'tagged';

export interface HistoryItem {
  key: string;
  report: string;
  source: HistoryItemSource;
  /** The ILACS judgement area of the item's first criterion (else of its section), or null. */
  area: string | null;
  line: LineId | null;
  lineLabel: string;
  criteria: string[];
  text: string;
  status: AnnotationStatus;
  assessment: Assessment | null;
  paragraph: string | null;
  paragraphNumber: number | null;
  range: Range | null;
}

export interface ChainOccurrence {
  report: string;
  date: string | null;
  /** The first finding of the chain's criterion in the report: where a click opens it. */
  paragraph: string | null;
  paragraphNumber: number | null;
  range: Range | null;
  excerpt: string;
  source: 'printed' | 'tagged' | 'suggested';
}

export interface RecurrenceChain {
  criterion: string;
  label: string;
  area: string | null;
  line: LineId | null;
  /** The year the finding was first raised, or null when none of its reports is dated. */
  firstRaised: number | null;
  years: number[];
  /** The reports raising it, in date order. */
  occurrences: ChainOccurrence[];
  /** Whether the authority's latest Ofsted report (not a news article) still raises it. */
  latestStillRaises: boolean;
}

export interface AuthorityHistory {
  authority: string;
  /** Reports in date order, undated last. */
  reports: HistoryReport[];
  items: HistoryItem[];
  chains: RecurrenceChain[];
  /** The authority's latest dated Ofsted report, or null. */
  latest: string | null;
}

export interface ComparisonRow {
  authority: string;
  /** Latest grade of each line, from the latest report grading it. */
  grades: { line: LineId; lineLabel: string; grade: Grade; rank: number; report: string; date: string | null }[];
  chains: number;
}

export interface Comparison {
  authorities: ComparisonRow[];
  /** Each criterion recurring in at least one authority: the authorities where it recurs. */
  findings: { criterion: string; label: string; authorities: string[]; stillRaised: string[] }[];
}

export interface HistoryDocument {
  eras: readonly Era[];
  lines: { id: LineId; label: string }[];
  crosswalk: CrosswalkEntry[];
  histories: AuthorityHistory[];
  comparison: Comparison;
}

const GRADE_RANK: Record<Grade, number> = { outstanding: 1, good: 2, 'requires-improvement': 3, adequate: 3, inadequate: 4 };
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const SHORT_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const KIND_LABELS: Record<ReportKind, string> = {
  inspection: 'inspection',
  'focused-visit': 'focused visit',
  'monitoring-visit': 'monitoring visit',
  jtai: 'joint targeted area inspection',
  other: 'other report',
};

export function gradeRank(grade: Grade): number {
  return GRADE_RANK[grade];
}

/**
 * The report's date: its publication date, else its last inspection day, else a date in its file
 * name (`bury-2021-12-inspection.txt`, `wexcombe__02-july-2019.txt`). Null when none is known.
 */
export function historyDate(file: string, report: Report | null): HistoryDate | null {
  // The report's one date (printed, from its file name, or the user's correction), to its precision.
  const dated = reportDateOf(report);
  if (dated) {
    const value = dated.precision === 'day' ? dated.value : dated.precision === 'month' ? `${dated.value}-01` : `${dated.value}-01-01`;
    const source = dated.source === 'file-name' ? 'file-name' : dated.source === 'user' ? 'user' : report?.published ? 'published' : 'inspection';
    return { value, precision: dated.precision, source };
  }
  const name = (file.split('/').pop() ?? file).toLowerCase();
  const long = new RegExp(`(?:^|[^0-9])(\\d{1,2})-(${MONTHS.join('|')})-((?:19|20)\\d{2})(?![0-9])`).exec(name);
  if (long) {
    const day = Number(long[1]);
    if (day >= 1 && day <= 31) return { value: `${long[3]}-${pad(MONTHS.indexOf(long[2]) + 1)}-${pad(day)}`, precision: 'day', source: 'file-name' };
  }
  const ym = /(?:^|[^0-9])((?:19|20)\d{2})-(\d{2})(?![0-9])/.exec(name);
  if (ym && Number(ym[2]) >= 1 && Number(ym[2]) <= 12) return { value: `${ym[1]}-${ym[2]}-01`, precision: 'month', source: 'file-name' };
  const y = /(?:^|[^0-9])((?:19|20)\d{2})(?![0-9])/.exec(name);
  if (y) return { value: `${y[1]}-01-01`, precision: 'year', source: 'file-name' };
  return null;
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** `2021 inspection` when the date is known to the year, `Aug 2018 focused visit` when to the month or day. */
export function reportLabel(kind: ReportKind, date: HistoryDate | null): string {
  const kindText = KIND_LABELS[kind];
  if (!date) return `Undated ${kindText}`;
  const year = date.value.slice(0, 4);
  if (date.precision === 'year') return `${year} ${kindText}`;
  return `${SHORT_MONTHS[Number(date.value.slice(5, 7)) - 1]} ${year} ${kindText}`;
}

/**
 * The report's improvement items: printed improvement areas and tags assessed as an area for
 * improvement or a serious weakness (exactly the Improvement Areas view's), then the report's other
 * tags (strengths and unassessed ones), each with its status. Orphaned tags are left out: they have
 * no place in the report to open.
 */
export function historyItemsOf(input: HistoryInput, codebook: Codebook): HistoryItem[] {
  const improvement =
    input.items ?? reportImprovementItems({ file: input.file, report: input.report, annotations: input.annotations, improvementStatuses: input.improvementStatuses }, codebook);
  const out: HistoryItem[] = [];
  const seen = new Set<string>();
  for (const item of improvement) {
    if (item.orphaned) continue;
    if (item.annotation) seen.add(item.annotation);
    const line = lineOfCriterionArea(item.area);
    out.push({
      key: item.key,
      report: input.file,
      source: item.source,
      area: item.area,
      line,
      lineLabel: line ? lineLabel(line) : 'No judgement area',
      criteria: item.criteria,
      text: item.text,
      status: item.status,
      assessment: item.assessment,
      paragraph: item.paragraph,
      paragraphNumber: item.paragraphNumber,
      range: item.range,
    });
  }
  const areaOfCriterion = new Map(codebook.criteria.map((c) => [c.id, c.area]));
  for (const r of input.annotations) {
    if (r.orphaned || !r.anchor || seen.has(r.annotation.id)) continue;
    const area = r.annotation.criteria.map((c) => areaOfCriterion.get(c)).find((a) => a !== undefined) ?? null;
    const line = lineOfCriterionArea(area);
    out.push({
      key: `tagged:${input.file}#${r.annotation.id}`,
      report: input.file,
      source: 'tagged',
      area,
      line,
      lineLabel: line ? lineLabel(line) : 'No judgement area',
      criteria: [...r.annotation.criteria],
      text: fold(r.anchor.quote),
      status: r.annotation.status,
      assessment: r.annotation.assessment,
      paragraph: r.anchor.paragraph,
      paragraphNumber: r.anchor.number,
      range: r.anchor.range,
    });
  }
  return out.sort((a, b) => compareRangeStarts(a.range, b.range) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** One report's findings for the recurrence chains, dated by `historyDate` (what a caller may keep between changes). */
export function reportFindingsOf(input: HistoryInput, codebook: Codebook): ReportFindings {
  return reportFindings({ file: input.file, report: input.report, annotations: input.annotations, date: historyDate(input.file, input.report)?.value ?? null }, codebook);
}

/** The recurrence index of the inputs, from the findings they carry or computed. */
export function recurrenceIndexOf(inputs: readonly HistoryInput[], codebook: Codebook): RecurrenceIndex {
  const index = emptyRecurrenceIndex();
  for (const input of inputs) setReportFindings(index, input.findings ?? reportFindingsOf(input, codebook));
  return index;
}

/**
 * The authority's recurring findings as chains: each criterion raised in two or more of its reports
 * (the recurring-findings rule of `recurringCriteria`), with the year first raised, the reports, and
 * whether `latest` (the latest Ofsted report) is one of them.
 */
export function recurrenceChains(index: RecurrenceIndex, authority: string, latest: string | null, codebook: Codebook): RecurrenceChain[] {
  const criteria = new Map(codebook.criteria.map((c) => [c.id, c]));
  // The first finding of each criterion in each of the authority's reports, concerns before strengths, in one pass.
  const first = new Map<string, Map<string, Finding>>();
  for (const file of index.byAuthority.get(authorityKey(authority, '')) ?? []) {
    const found = new Map<string, Finding>();
    for (const f of index.reports.get(file)?.findings ?? []) {
      for (const c of f.criteria) {
        const had = found.get(c);
        if (!had || (had.assessment === 'strength' && f.assessment !== 'strength')) found.set(c, f);
      }
    }
    first.set(file, found);
  }
  return recurringCriteria(index, authority).map((rc) => {
    const occurrences: ChainOccurrence[] = rc.reports.map((r) => {
      const f = first.get(r.file)?.get(rc.criterion);
      return {
        report: r.file,
        date: r.date,
        paragraph: f?.paragraph ?? null,
        paragraphNumber: f?.paragraphNumber ?? null,
        range: f?.range ?? null,
        excerpt: f?.excerpt ?? '',
        source: f?.source ?? 'suggested',
      };
    });
    const criterion = criteria.get(rc.criterion);
    const area = criterion?.area ?? null;
    return {
      criterion: rc.criterion,
      label: criterion?.label ?? rc.criterion,
      area,
      line: lineOfCriterionArea(area),
      firstRaised: rc.years[0] ?? null,
      years: rc.years,
      occurrences,
      latestStillRaises: latest !== null && rc.reports.some((r) => r.file === latest),
    };
  });
}

function historyReport(input: HistoryInput & { report: Report }, items: readonly HistoryItem[], codebook: Codebook): HistoryReport {
  const { report } = input;
  const date = historyDate(input.file, report);
  const era = eraOf(report.framework, report.inspectionDates?.start ?? date?.value ?? null, report.judgements);
  const labels = new Map(codebook.areas.map((a) => [a.id, a.label]));
  const grades: HistoryGrade[] = [];
  const lineOrder = new Map(HISTORY_LINES.map((l, i) => [l.id, i]));
  for (const j of report.judgements) {
    const lines = era ? HISTORY_LINES.filter((l) => l.eras[era]?.areas.includes(j.area)) : [];
    const base = { area: j.area, areaLabel: labels.get(j.area) ?? j.area, grade: j.grade, rank: GRADE_RANK[j.grade], range: j.range };
    if (lines.length === 0) grades.push({ ...base, line: null, sharedWith: null });
    for (const l of lines) grades.push({ ...base, line: l.id, sharedWith: (era && l.eras[era]?.sharedWith) || null });
  }
  // One grade per line: the first area listed for the line that the report grades.
  const byLine = new Map<LineId, HistoryGrade>();
  for (const g of grades) {
    if (!g.line) continue;
    const line = HISTORY_LINES.find((l) => l.id === g.line);
    const areas = (era && line?.eras[era]?.areas) || [];
    const current = byLine.get(g.line);
    if (!current || areas.indexOf(g.area) < areas.indexOf(current.area)) byLine.set(g.line, g);
  }
  const kept = [...byLine.values()].sort((a, b) => (lineOrder.get(a.line as LineId) ?? 0) - (lineOrder.get(b.line as LineId) ?? 0));
  const others = grades.filter((g) => g.line === null);
  return {
    file: input.file,
    kind: report.kind,
    framework: report.framework,
    era,
    title: report.title,
    date,
    label: reportLabel(report.kind, date),
    grades: [...kept, ...others],
    items: items.length,
    open: items.filter((i) => i.status !== 'resolved').length,
  };
}

function compareHistoryReports(a: HistoryReport, b: HistoryReport): number {
  const da = a.date?.value ?? '9999';
  const db = b.date?.value ?? '9999';
  return da < db ? -1 : da > db ? 1 : comparePaths(a.file, b.file);
}

/** Every authority's history, and their comparison. Reports naming no authority are left out. */
export function buildHistoryDocument(inputs: readonly HistoryInput[], codebook: Codebook): HistoryDocument {
  const groups = new Map<string, { name: string; inputs: (HistoryInput & { report: Report })[] }>();
  for (const input of inputs) {
    const report = input.report;
    const la = report?.localAuthority?.trim();
    if (!report || !la) continue;
    const key = authorityKey(la, input.file);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { name: la, inputs: [] }));
    g.inputs.push({ ...input, report });
  }
  const index = recurrenceIndexOf(inputs, codebook);
  const histories: AuthorityHistory[] = [];
  for (const { name, inputs: own } of groups.values()) {
    const items: HistoryItem[] = [];
    const reports: HistoryReport[] = [];
    for (const input of own) {
      const reportItems = historyItemsOf(input, codebook);
      items.push(...reportItems);
      reports.push(historyReport(input, reportItems, codebook));
    }
    reports.sort(compareHistoryReports);
    const order = new Map(reports.map((r, i) => [r.file, i]));
    items.sort((a, b) => (order.get(a.report) ?? 0) - (order.get(b.report) ?? 0) || compareRangeStarts(a.range, b.range));
    const dated = reports.filter((r) => r.date && r.kind !== 'other');
    const latest = dated.length > 0 ? dated[dated.length - 1].file : null;
    histories.push({ authority: name, reports, items, chains: recurrenceChains(index, name, latest, codebook), latest });
  }
  histories.sort((a, b) => a.authority.localeCompare(b.authority));
  return {
    eras: ERAS,
    lines: HISTORY_LINES.map((l) => ({ id: l.id, label: l.label })),
    crosswalk: crosswalk(),
    histories,
    comparison: compareAuthorities(histories),
  };
}

/** The latest grade of each line per authority, and how many authorities each recurring finding recurs in. */
export function compareAuthorities(histories: readonly AuthorityHistory[]): Comparison {
  const rows: ComparisonRow[] = histories.map((h) => {
    const latest = new Map<LineId, ComparisonRow['grades'][number]>();
    for (const r of h.reports) {
      if (!r.date) continue;
      for (const g of r.grades) if (g.line) latest.set(g.line, { line: g.line, lineLabel: lineLabel(g.line), grade: g.grade, rank: g.rank, report: r.file, date: r.date.value });
    }
    const lineOrder = HISTORY_LINES.map((l) => l.id);
    return { authority: h.authority, grades: [...latest.values()].sort((a, b) => lineOrder.indexOf(a.line) - lineOrder.indexOf(b.line)), chains: h.chains.length };
  });
  const findings = new Map<string, Comparison['findings'][number]>();
  for (const h of histories) {
    for (const c of h.chains) {
      let f = findings.get(c.criterion);
      if (!f) findings.set(c.criterion, (f = { criterion: c.criterion, label: c.label, authorities: [], stillRaised: [] }));
      f.authorities.push(h.authority);
      if (c.latestStillRaises) f.stillRaised.push(h.authority);
    }
  }
  return {
    authorities: rows,
    findings: [...findings.values()].sort((a, b) => b.authorities.length - a.authorities.length || a.label.localeCompare(b.label)),
  };
}

/** The history of one authority (matched without case), or undefined. */
export function historyOf(doc: HistoryDocument, authority: string): AuthorityHistory | undefined {
  const want = authority.trim().toLowerCase();
  return doc.histories.find((h) => h.authority.toLowerCase() === want);
}
