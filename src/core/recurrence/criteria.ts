/**
 * Recurring findings: the same finding made about one local authority in several reports ("drift
 * and delay" in 2018, 2021 and 2023). Pure: the editor and the CLI feed it parsed reports and their
 * resolved tags.
 *
 * A finding is a place in a report that speaks to one or more codebook criteria:
 * - `printed`: an improvement area the report prints; its criteria are the ones the Improvement
 *   Areas tree gives it (`printedCriteria`, the same rule).
 * - `tagged`: a tag on a paragraph (not an orphan), with the criteria the user chose.
 * - `suggested`: any other paragraph (not a heading, not holding a printed item, not tagged) whose
 *   words suggest criteria by the same rule as printed items, keeping only criteria scoring at least
 *   `SUGGESTED_MIN_SCORE` (a specific phrase or two keywords, not one common word). Reports from
 *   before a workspace was tagged state most of their findings only in paragraphs (the 2018 and 2023
 *   Bury visits print little or nothing under "What needs to improve"), so without these a recurring
 *   finding would show only once tags exist. They are always shown as suggested.
 *
 * Reports are grouped by local authority (compared without case); a report naming no authority is
 * a group of its own. Each report's findings are one entry (`reportFindings`) that can be replaced
 * when that report or its tags change (`setReportFindings`, `deleteReportFindings`) without touching
 * the others.
 *
 * Recurrence: a criterion recurs for an authority when findings in at least two of its reports
 * carry it. Tags assessed `strength` are listed as findings but do not make a criterion recur (a
 * strength is not the same finding made again).
 */
import type { AnnotationStatus, Assessment } from '../annotations';
import { suggestCriteria, type Codebook } from '../codebook';
import type { Report, ReportKind } from '../model';
import { authorityKey, compareRangeStarts, compareReportDates, fold, printedCriteria, reportDate, type ReportPlace } from '../workspace/improvements';
import type { ResolvedAnnotation } from '../workspace/resolve';
import { comparePaths } from '../workspace/scan';

export type FindingSource = 'printed' | 'tagged' | 'suggested';

/** A suggested paragraph keeps only criteria scoring at least this (see the module comment). */
export const SUGGESTED_MIN_SCORE = 2;
/** Excerpts are cut to this many characters. */
export const EXCERPT_LENGTH = 160;

export interface Finding extends ReportPlace {
  /** `<source>:<report>#<improvement id | annotation id | paragraph id>`. */
  key: string;
  source: FindingSource;
  criteria: string[];
  /** The finding's text, whitespace folded, cut to `EXCERPT_LENGTH`. */
  excerpt: string;
  /** Tagged findings: the tag's assessment and status; others null. */
  assessment: Assessment | null;
  status: AnnotationStatus | null;
}

export interface RecurrenceInput {
  /** Workspace-relative path. */
  file: string;
  /** The parsed report, or null when it cannot be read (it then has no findings). */
  report: Report | null;
  /** The report's tags resolved on its current text; orphans are skipped. */
  annotations: readonly ResolvedAnnotation[];
  /** Overrides the authority the report names (for a report whose cover page was lost). */
  localAuthority?: string | null;
  /** Overrides the report's date (yyyy-mm-dd). */
  date?: string | null;
}

/** One report's findings, in report order. */
export interface ReportFindings {
  file: string;
  localAuthority: string | null;
  reportKind: ReportKind | null;
  reportDate: string | null;
  findings: Finding[];
}

export interface RecurrenceIndex {
  /** By report path. */
  reports: Map<string, ReportFindings>;
  /** Authority key -> report paths. */
  byAuthority: Map<string, Set<string>>;
}

export interface RecurringCriterion {
  criterion: string;
  /** The reports raising it, in date order. */
  reports: { file: string; date: string | null; kind: ReportKind | null }[];
  /** Distinct years of those reports, ascending (undated reports add none). */
  years: number[];
  /** Findings carrying the criterion, by source (strength tags left out). */
  counts: Record<FindingSource, number>;
}

function excerpt(text: string): string {
  const t = fold(text);
  return t.length > EXCERPT_LENGTH ? `${t.slice(0, EXCERPT_LENGTH - 1)}…` : t;
}

/** The group a report belongs to: its authority without case, or the report itself. */

/** Criteria suggested for a paragraph's text: the printed-item rule, then the score floor. */
export function suggestedParagraphCriteria(text: string, codebook: Codebook): string[] {
  const suggestions = suggestCriteria(text, codebook);
  const ids = printedCriteria(text, codebook, suggestions);
  if (ids.length === 0) return [];
  const scores = new Map(suggestions.map((s) => [s.id, s.score]));
  return ids.filter((id) => (scores.get(id) ?? 0) >= SUGGESTED_MIN_SCORE);
}

/** The findings of one report (see the module comment for the three sources). */
export function reportFindings(input: RecurrenceInput, codebook: Codebook): ReportFindings {
  const { file, report } = input;
  const localAuthority = input.localAuthority !== undefined ? input.localAuthority : (report?.localAuthority ?? null);
  const date = input.date !== undefined ? input.date : reportDate(report);
  const common = { report: file, localAuthority, reportKind: report?.kind ?? null, reportDate: date };
  const findings: Finding[] = [];
  if (!report) return { file, localAuthority, reportKind: null, reportDate: date, findings };
  const numberOf = new Map(report.paragraphs.map((p) => [p.id, p.number]));
  const covered = new Set<string>();
  for (const ia of report.improvementAreas) {
    covered.add(ia.paragraph);
    const criteria = printedCriteria(ia.text, codebook);
    if (criteria.length === 0) continue;
    findings.push({
      key: `printed:${file}#${ia.id}`,
      source: 'printed',
      criteria,
      ...common,
      paragraph: ia.paragraph,
      paragraphNumber: numberOf.get(ia.paragraph) ?? null,
      range: ia.range,
      excerpt: excerpt(ia.text),
      assessment: null,
      status: null,
    });
  }
  for (const r of input.annotations) {
    if (r.orphaned || !r.anchor || r.annotation.criteria.length === 0) continue;
    if (r.anchor.paragraph !== null) covered.add(r.anchor.paragraph);
    findings.push({
      key: `tagged:${file}#${r.annotation.id}`,
      source: 'tagged',
      criteria: [...new Set(r.annotation.criteria)],
      ...common,
      paragraph: r.anchor.paragraph,
      paragraphNumber: r.anchor.number,
      range: r.anchor.range,
      excerpt: excerpt(r.anchor.quote),
      assessment: r.annotation.assessment,
      status: r.annotation.status,
    });
  }
  for (const p of report.paragraphs) {
    if (p.kind === 'heading' || covered.has(p.id)) continue;
    const criteria = suggestedParagraphCriteria(p.text, codebook);
    if (criteria.length === 0) continue;
    findings.push({
      key: `suggested:${file}#${p.id}`,
      source: 'suggested',
      criteria,
      ...common,
      paragraph: p.id,
      paragraphNumber: p.number,
      range: p.range,
      excerpt: excerpt(p.text),
      assessment: null,
      status: null,
    });
  }
  findings.sort((a, b) => compareRangeStarts(a.range, b.range));
  return { file, localAuthority, reportKind: common.reportKind, reportDate: date, findings };
}

export function emptyRecurrenceIndex(): RecurrenceIndex {
  return { reports: new Map(), byAuthority: new Map() };
}

/** Puts (or replaces) one report's findings in the index. */
export function setReportFindings(index: RecurrenceIndex, entry: ReportFindings): void {
  deleteReportFindings(index, entry.file);
  index.reports.set(entry.file, entry);
  const key = authorityKey(entry.localAuthority, entry.file);
  let files = index.byAuthority.get(key);
  if (!files) index.byAuthority.set(key, (files = new Set()));
  files.add(entry.file);
}

/** Removes a report's findings from the index. */
export function deleteReportFindings(index: RecurrenceIndex, file: string): void {
  const old = index.reports.get(file);
  if (!old) return;
  index.reports.delete(file);
  const key = authorityKey(old.localAuthority, old.file);
  const files = index.byAuthority.get(key);
  files?.delete(file);
  if (files && files.size === 0) index.byAuthority.delete(key);
}

export function buildRecurrenceIndex(inputs: Iterable<RecurrenceInput>, codebook: Codebook): RecurrenceIndex {
  const index = emptyRecurrenceIndex();
  for (const input of inputs) setReportFindings(index, reportFindings(input, codebook));
  return index;
}

/** Date order (undated last), then report path, then position in the report. */
export function compareFindings(a: Finding, b: Finding): number {
  return compareReportDates(a.reportDate, b.reportDate) || comparePaths(a.report, b.report) || compareRangeStarts(a.range, b.range) || comparePaths(a.key, b.key);
}

function reportsOf(index: RecurrenceIndex, localAuthority: string | null): ReportFindings[] {
  // A report naming no authority is a group of its own, which no other report can join.
  if (localAuthority === null || localAuthority.trim() === '') return [];
  const files = index.byAuthority.get(authorityKey(localAuthority, ''));
  return files ? [...files].map((f) => index.reports.get(f) as ReportFindings) : [];
}

/**
 * Findings of the authority's reports carrying any of `criterionIds`, in date order, leaving out
 * `excludeReport` (the report being read). A null authority has no other reports: the result is empty.
 */
export function findingsFor(index: RecurrenceIndex, localAuthority: string | null, criterionIds: readonly string[], excludeReport?: string): Finding[] {
  const wanted = new Set(criterionIds);
  const out: Finding[] = [];
  for (const r of reportsOf(index, localAuthority)) {
    if (r.file === excludeReport) continue;
    for (const f of r.findings) if (f.criteria.some((c) => wanted.has(c))) out.push(f);
  }
  return out.sort(compareFindings);
}

/** Whether a finding counts towards recurrence (strength tags do not). */
export function raisesConcern(f: Finding): boolean {
  return f.assessment !== 'strength';
}

/**
 * Criteria raised in at least `minReports` reports of the authority, most reports first, then the
 * earliest first raised, then id.
 */
export function recurringCriteria(index: RecurrenceIndex, localAuthority: string | null, minReports = 2): RecurringCriterion[] {
  const byCriterion = new Map<string, { reports: Map<string, ReportFindings>; counts: Record<FindingSource, number> }>();
  for (const r of reportsOf(index, localAuthority)) {
    for (const f of r.findings) {
      if (!raisesConcern(f)) continue;
      for (const c of f.criteria) {
        let entry = byCriterion.get(c);
        if (!entry) byCriterion.set(c, (entry = { reports: new Map(), counts: { printed: 0, tagged: 0, suggested: 0 } }));
        entry.reports.set(r.file, r);
        entry.counts[f.source]++;
      }
    }
  }
  const byDate = (a: ReportFindings, b: ReportFindings): number => compareReportDates(a.reportDate, b.reportDate) || comparePaths(a.file, b.file);
  const out: RecurringCriterion[] = [];
  for (const [criterion, { reports, counts }] of byCriterion) {
    if (reports.size < minReports) continue;
    const sorted = [...reports.values()].sort(byDate);
    const years = [...new Set(sorted.flatMap((r) => (r.reportDate ? [Number(r.reportDate.slice(0, 4))] : [])))].sort((a, b) => a - b);
    out.push({ criterion, reports: sorted.map((r) => ({ file: r.file, date: r.reportDate, kind: r.reportKind })), years, counts });
  }
  const first = (r: RecurringCriterion): string => r.reports[0]?.date ?? '9999';
  return out.sort((a, b) => b.reports.length - a.reports.length || (first(a) < first(b) ? -1 : first(a) > first(b) ? 1 : 0) || (a.criterion < b.criterion ? -1 : a.criterion > b.criterion ? 1 : 0));
}

/** Every authority (as the reports spell it, first seen) with at least one report in the index. */
export function authorities(index: RecurrenceIndex): string[] {
  const seen = new Map<string, string>();
  for (const r of index.reports.values()) {
    if (r.localAuthority === null || r.localAuthority.trim() === '') continue;
    const k = authorityKey(r.localAuthority, r.file);
    if (!seen.has(k)) seen.set(k, r.localAuthority.trim());
  }
  return [...seen.values()].sort((a, b) => a.localeCompare(b));
}
