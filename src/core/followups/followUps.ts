/**
 * Follow-ups of improvement areas: for each improvement item (printed by a report, or a tag assessed
 * as an area for improvement), the paragraphs of LATER reports of the same local authority that
 * evaluate the same matter, each with a verdict (`verdict.ts`), and from them the item's latest
 * verdict, whether the latest report still raises it, and the status that verdict suggests.
 *
 * How a paragraph is found to evaluate an item (chosen on the tuning part of the labelled set,
 * `test/fixtures/followups/labels.json`; BENCHMARKS.md records precision and recall on both parts):
 * - The item and every paragraph of the later reports become terms as the recurrence layer makes
 *   them (`paragraphFeatures`: stems and pairs of neighbouring stems, Ofsted's stock sentences left
 *   out), but polarity is ignored: a follow-up that praises is still a follow-up.
 * - A term weighs `ln((N + 1) / df)` over the paragraphs of all reports given; terms in more than
 *   `STOCK_FRACTION` of them are stock wording and weigh nothing.
 * - The score is the share of the item's weight the paragraph holds (items are short, paragraphs
 *   long, so coverage of the item rather than a symmetric cosine), plus `CRITERIA_BONUS` times the
 *   share of the item's criteria the paragraph's words suggest too. A paragraph of a monitoring
 *   visit's "areas covered" or "evaluation of progress" is what such letters are for: its score is
 *   raised by `MONITORING_BONUS`.
 * - At least `MIN_SHARED` weighted terms must be shared. In each later report the best paragraph
 *   scoring at least `threshold` is kept, with up to `PER_REPORT - 1` more within `NEAR_BEST` of it.
 * - A later report that prints an improvement area of the same matter raises the item again: that
 *   item is the follow-up, with verdict `not-improved`.
 * - A paragraph's verdict is read from its sentences (`verdict.ts`); in a report that judges the
 *   area the paragraph's section reports on, that judgement settles `progress` (`gradedVerdict`).
 *
 * Pure: the caller gives parsed reports and the items (`ImprovementItem`); dates come from
 * `followUpDate`, the one place that decides when a report was written.
 */
import { type Codebook } from '../codebook';
import type { AnnotationStatus } from '../annotations';
import type { Grade, Report, ReportKind } from '../model';
import { dateInFileName } from '../parser/dates';
import { suggestedParagraphCriteria } from '../recurrence/criteria';
import { paragraphFeatures, TermTable } from '../recurrence/features';
import { authorityKey, compareReportDates, fold, reportDate, type ImprovementItem } from '../workspace/improvements';
import { comparePaths } from '../workspace/scan';
import { combineVerdicts, sentences, verdictEvidence, verdictOf, type Verdict } from './verdict';

/** Lowest score a paragraph needs to be a follow-up. */
export const DEFAULT_FOLLOW_UP_THRESHOLD = 0.2;
/** At most this many follow-up paragraphs per later report. */
export const PER_REPORT = 2;
/** Further paragraphs of one report are kept when they score at least this share of its best. */
export const NEAR_BEST = 0.85;
export const MIN_SHARED = 2;
export const STOCK_FRACTION = 0.2;
export const CRITERIA_BONUS = 0.15;
export const MONITORING_BONUS = 0.05;
/** Excerpts are cut to this many characters. */
export const FOLLOW_UP_EXCERPT = 200;

/** When a report was written, for ordering follow-ups: the parser's dates, else the file name's. */
export function followUpDate(file: string, report: Report | null): string | null {
  return reportDate(report) ?? dateInFileName(file);
}

export interface FollowUp {
  /** Workspace-relative report path. */
  file: string;
  paragraph: string;
  number: number | null;
  date: string | null;
  reportKind: ReportKind | null;
  verdict: Verdict;
  score: number;
  /** 0-based first and last line of the paragraph, to open it. */
  startLine: number;
  endLine: number;
  /** The paragraph's text, cut to `FOLLOW_UP_EXCERPT`. */
  excerpt: string;
  /** True when the paragraph is an improvement area the later report prints. */
  raisedAgain: boolean;
}

export interface ItemFollowUps {
  key: string;
  /** Oldest report first; within a report, best first. */
  followUps: FollowUp[];
  /** Each later report that follows the item up, oldest first, with the verdict it gives. */
  reports: ReportVerdict[];
  /** The latest of them; null when no later report speaks of the item. */
  latest: ReportVerdict | null;
  /** Whether the authority's latest report raises the matter (it is the item's own report, prints it again, or finds it not yet improved). */
  stillRaised: boolean;
  /** The status the latest verdict suggests, or null when no later report speaks of the item. */
  suggestedStatus: AnnotationStatus | null;
}

export interface ReportVerdict {
  file: string;
  date: string | null;
  reportKind: ReportKind | null;
  verdict: Verdict;
}

export interface FollowUpReport {
  file: string;
  report: Report | null;
}

export interface FollowUpOptions {
  threshold?: number;
}

const SUGGESTED_STATUS: Record<Verdict, AnnotationStatus> = { improved: 'resolved', progress: 'in-progress', 'not-improved': 'open' };

/** The status a verdict suggests. */
export function statusForVerdict(v: Verdict): AnnotationStatus {
  return SUGGESTED_STATUS[v];
}

interface Para {
  file: string;
  id: string;
  number: number | null;
  text: string;
  startLine: number;
  endLine: number;
  terms: Set<number>;
  /** The same terms as an array, for counting. */
  termIds: Int32Array;
  printed: boolean;
  monitoring: boolean;
  /** The grade of the judgement the paragraph's section reports on (an inspection's), or null. */
  grade: Grade | null;
}

interface Doc {
  file: string;
  report: Report;
  date: string | null;
  authority: string;
  paragraphs: Para[];
}

const MONITORING_SECTION = /areas?[- ]covered|evaluation[- ]of[- ]progress|findings/;

/**
 * The follow-up model's own term table, for the paragraphs it keeps per parsed report
 * (`paragraphCache`) across models: it only ever adds terms, and no recurrence index reads it.
 */
const FOLLOW_UP_TERMS = new TermTable();

function termSet(text: string): Set<number> {
  return new Set(paragraphFeatures(text, FOLLOW_UP_TERMS).ids);
}

/**
 * A report's paragraphs as the model compares them, worked out once per parsed report: the editor
 * builds the model again after every change, and only the changed report is read again.
 */
const paragraphCache = new WeakMap<Report, { file: string; paragraphs: Para[] }>();

function paragraphsOf(file: string, report: Report): Para[] {
  const hit = paragraphCache.get(report);
  if (hit && hit.file === file) return hit.paragraphs;
  const printed = new Set(report.improvementAreas.map((ia) => ia.paragraph));
  const sectionOf = new Map(report.sections.map((s) => [s.id, s]));
  const paragraphs: Para[] = [];
  for (const p of report.paragraphs) {
    if (p.kind === 'heading') continue;
    const termIds = paragraphFeatures(p.text, FOLLOW_UP_TERMS).ids;
    if (termIds.length < 3) continue;
    const terms = new Set(termIds);
    const section = p.section ? sectionOf.get(p.section) : undefined;
    const sectionName = `${section?.id ?? ''} ${section?.title.toLowerCase() ?? ''}`;
    paragraphs.push({
      file,
      id: p.id,
      number: p.number,
      text: p.text,
      startLine: p.range.start.line,
      endLine: p.range.end.line,
      terms,
      termIds,
      printed: printed.has(p.id),
      monitoring: report.kind === 'monitoring-visit' && MONITORING_SECTION.test(sectionName),
      grade: section ? (section.grade ?? (section.area ? (report.judgements.find((j) => j.area === section.area)?.grade ?? null) : null)) : null,
    });
  }
  paragraphCache.set(report, { file, paragraphs });
  return paragraphs;
}

/** The follow-up model over a set of reports: built once, asked for each item. */
export class FollowUpIndex {
  private readonly docs: Doc[] = [];
  private readonly byAuthority = new Map<string, Doc[]>();
  /** Paragraphs holding each term, by term id (`TERMS` ids are small, dense integers). */
  private df = new Int32Array(1024);
  private total = 0;
  private readonly threshold: number;
  private readonly criteria = new Map<Para, string[]>();

  constructor(
    reports: readonly FollowUpReport[],
    private readonly codebook: Codebook,
    options: FollowUpOptions = {},
  ) {
    this.threshold = options.threshold ?? DEFAULT_FOLLOW_UP_THRESHOLD;
    for (const { file, report } of reports) {
      if (!report) continue;
      const paragraphs = paragraphsOf(file, report);
      for (const p of paragraphs) {
        const ids = p.termIds;
        let df = this.df;
        for (let i = 0; i < ids.length; i++) {
          const t = ids[i];
          if (t >= df.length) {
            const grown = new Int32Array(Math.max(t + 1, df.length * 2));
            grown.set(df);
            this.df = df = grown;
          }
          df[t]++;
        }
        this.total++;
      }
      const doc: Doc = { file, report, date: followUpDate(file, report), authority: authorityKey(report.localAuthority, file), paragraphs };
      this.docs.push(doc);
      const list = this.byAuthority.get(doc.authority) ?? [];
      list.push(doc);
      this.byAuthority.set(doc.authority, list);
    }
    for (const list of this.byAuthority.values()) list.sort((a, b) => compareReportDates(a.date, b.date) || comparePaths(a.file, b.file));
  }

  private weight(term: number): number {
    const df = term < this.df.length ? this.df[term] : 0;
    if (df === 0) return Math.log(this.total + 1);
    if (df > STOCK_FRACTION * this.total && df >= 20) return 0;
    return Math.log((this.total + 1) / df);
  }

  /** Criteria the paragraph's words suggest under this index's codebook (worked out when first needed). */
  private criteriaOf(p: Para): string[] {
    let c = this.criteria.get(p);
    if (c === undefined) this.criteria.set(p, (c = suggestedParagraphCriteria(p.text, this.codebook)));
    return c;
  }

  /** The reports of an authority, oldest first. */
  reportsOf(localAuthority: string | null, file: string): { file: string; date: string | null }[] {
    return (this.byAuthority.get(authorityKey(localAuthority, file)) ?? []).map((d) => ({ file: d.file, date: d.date }));
  }

  /** Scores one paragraph against an item's terms and criteria. */
  private score(query: Map<number, number>, queryWeight: number, criteria: readonly string[], p: Para): number {
    let shared = 0;
    let count = 0;
    for (const [t, w] of query) {
      if (w > 0 && p.terms.has(t)) {
        shared += w;
        count++;
      }
    }
    if (count < MIN_SHARED || queryWeight === 0) return 0;
    let score = shared / queryWeight;
    if (criteria.length > 0) {
      const own = this.criteriaOf(p);
      const common = criteria.filter((c) => own.includes(c)).length;
      score += (CRITERIA_BONUS * common) / criteria.length;
    }
    if (p.monitoring) score += MONITORING_BONUS;
    return score;
  }

  /** The follow-ups of one item. */
  followUpsOf(item: Pick<ImprovementItem, 'key' | 'report' | 'localAuthority' | 'text' | 'criteria'>): ItemFollowUps {
    const own = this.docs.find((d) => d.file === item.report);
    const docs = this.byAuthority.get(authorityKey(item.localAuthority, item.report)) ?? [];
    const ownDate = own?.date ?? null;
    const later = ownDate === null ? [] : docs.filter((d) => d.file !== item.report && d.date !== null && d.date > ownDate);
    const queryTerms = termSet(item.text);
    const query = new Map<number, number>();
    let queryWeight = 0;
    for (const t of queryTerms) {
      const w = this.weight(t);
      query.set(t, w);
      queryWeight += w;
    }
    const followUps: FollowUp[] = [];
    const perReport: { doc: Doc; verdict: Verdict }[] = [];
    for (const doc of later) {
      const scored = doc.paragraphs
        .map((p) => ({ p, score: this.score(query, queryWeight, item.criteria, p) }))
        .filter((x) => x.score >= this.threshold)
        .sort((a, b) => b.score - a.score || a.p.startLine - b.p.startLine);
      if (scored.length === 0) continue;
      const best = scored[0].score;
      const kept = scored.filter((x, i) => i === 0 || x.score >= NEAR_BEST * best).slice(0, PER_REPORT);
      const verdicts: Verdict[] = [];
      for (const { p, score } of kept) {
        const verdict = p.printed ? 'not-improved' : gradedVerdict(paragraphVerdict(p.text, query), p.grade);
        verdicts.push(verdict);
        followUps.push({
          file: doc.file,
          paragraph: p.id,
          number: p.number,
          date: doc.date,
          reportKind: doc.report.kind,
          verdict,
          score: Math.round(score * 1000) / 1000,
          startLine: p.startLine,
          endLine: p.endLine,
          excerpt: excerpt(p.text),
          raisedAgain: p.printed,
        });
      }
      const raised = kept.some((x) => x.p.printed);
      perReport.push({ doc, verdict: raised ? 'not-improved' : (combineVerdicts(verdicts) as Verdict) });
    }
    const reports: ReportVerdict[] = perReport.map(({ doc, verdict }) => ({ file: doc.file, date: doc.date, reportKind: doc.report.kind, verdict }));
    const last = perReport[perReport.length - 1];
    const latestDoc = docs[docs.length - 1];
    const latestIsOwn = latestDoc !== undefined && (latestDoc.file === item.report || (ownDate !== null && latestDoc.date === ownDate));
    const stillRaised = latestIsOwn || (last !== undefined && last.doc === latestDoc && last.verdict !== 'improved');
    return {
      key: item.key,
      followUps,
      reports,
      latest: reports.length > 0 ? reports[reports.length - 1] : null,
      stillRaised,
      suggestedStatus: last ? statusForVerdict(last.verdict) : null,
    };
  }
}

/**
 * A re-inspection's judgement of the area a paragraph reports on settles a mixed reading: progress
 * in a section judged good or outstanding is an improvement, in one judged inadequate it is not.
 */
export function gradedVerdict(verdict: Verdict, grade: Grade | null): Verdict {
  if (verdict !== 'progress' || grade === null) return verdict;
  if (grade === 'good' || grade === 'outstanding') return 'improved';
  if (grade === 'inadequate') return 'not-improved';
  return verdict;
}

/** The verdict of one follow-up paragraph, read from its sentences that share the item's terms. */
export function paragraphVerdict(text: string, query: ReadonlyMap<number, number>): Verdict {
  const all = sentences(text);
  const relevant = all.filter((s) => {
    let n = 0;
    for (const t of termSet(s)) if ((query.get(t) ?? 0) > 0) n++;
    return n >= 1;
  });
  return verdictOf(verdictEvidence(relevant.length > 0 ? relevant : all));
}

function excerpt(text: string): string {
  const t = fold(text);
  return t.length <= FOLLOW_UP_EXCERPT ? t : `${t.slice(0, FOLLOW_UP_EXCERPT - 1).trimEnd()}…`;
}

/** Follow-ups of every item, keyed by item key. */
export function computeFollowUps(
  items: readonly Pick<ImprovementItem, 'key' | 'report' | 'localAuthority' | 'text' | 'criteria'>[],
  reports: readonly FollowUpReport[],
  codebook: Codebook,
  options: FollowUpOptions = {},
): Map<string, ItemFollowUps> {
  const index = new FollowUpIndex(reports, codebook, options);
  return new Map(items.map((item) => [item.key, index.followUpsOf(item)]));
}

/** Describes a follow-up's report for people: "2023 monitoring visit". */
export function describeFollowUpReport(date: string | null, kind: ReportKind | null): string {
  const year = date ? date.slice(0, 4) : 'Undated';
  const label: Record<ReportKind, string> = {
    inspection: 'inspection',
    'focused-visit': 'focused visit',
    'monitoring-visit': 'monitoring visit',
    jtai: 'joint targeted inspection',
    other: 'report',
  };
  return `${year} ${kind ? label[kind] : 'report'}`;
}

/** "2023 monitoring visit: progress". */
export function describeLatest(f: ItemFollowUps): string | null {
  return f.latest ? `${describeFollowUpReport(f.latest.date, f.latest.reportKind)}: ${f.latest.verdict}` : null;
}

/**
 * The items with their follow-ups attached (`followUps`), copied; the input is not changed. Items
 * of the source `tagged` follow the same rule as printed ones, on their tagged text.
 */
export function attachFollowUps<T extends Pick<ImprovementItem, 'key' | 'report' | 'localAuthority' | 'text' | 'criteria'>>(
  items: readonly T[],
  index: FollowUpIndex,
): (T & { followUps: ItemFollowUps })[] {
  return items.map((item) => ({ ...item, followUps: index.followUpsOf(item) }));
}
