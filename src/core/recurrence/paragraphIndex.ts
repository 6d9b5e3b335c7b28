/**
 * The paragraph recurrence index: for any paragraph of any report, the paragraphs of other reports
 * that make the same finding, with a score from 0 to 1.
 *
 * Method, chosen on the hand-labelled Bury pairs (`test/fixtures/recurrence/bury-pairs.json`; the
 * unit tests assert its precision and recall, and BENCHMARKS.md records them):
 * - Each paragraph becomes weighted terms (`features.ts`): stems and pairs of neighbouring stems,
 *   each with the polarity of the sentences it is in. Printed improvement areas are concerns
 *   whatever their words ("Manageable caseloads for social workers").
 * - A term weighs `(1 + ln count) * ln(N / df)`, N the paragraphs in the index and df those
 *   holding the term. A term in more than `maxDocumentFraction` of them is stock wording and left
 *   out (it would say little and cost much).
 * - The score is the square root of the cosine of two paragraphs' weights, where a shared term
 *   counts fully when both use it with the same polarity, `HALF_POLARITY` when one is neutral, and
 *   `OPPOSITE_POLARITY` (against the match) when one praises what the other finds wanting. The
 *   square root spreads the scores of long paragraphs, which share a small part of their words.
 * - At least `MIN_SHARED` terms must be shared in agreement: one word in common is not a finding.
 * - When both paragraphs are tagged, shared criteria raise the score by `CRITERIA_BOOST` times
 *   the share of their criteria in common, of the distance left to 1.
 *
 * Measured on the labelled pairs: at the default threshold, precision 0.80 and recall 0.63 (area
 * under the ROC curve 0.80). Without polarity: precision 0.58, recall 0.81, area 0.69. Pairs of
 * neighbouring stems and leaving out Ofsted's stock sentences (`features.ts`) each helped. Tried
 * and dropped because they did no better: comparing sentence by sentence, a list of subjects
 * grouping related words, and term statistics from a background collection of reports.
 *
 * A query walks the posting lists of its own terms only, so no two paragraphs are compared unless
 * they share a term, and its cost follows the paragraphs sharing them, not the size of the
 * workspace. Reports are added, replaced and removed one at a time; weights follow from the counts
 * and are brought up to date at the next query, so nothing is rebuilt when one report changes.
 */
import type { Report, ReportKind } from '../model';
import { dateInFileName } from '../parser/dates';
import { authorityKey, reportDate } from '../workspace/improvements';
import type { ResolvedAnnotation } from '../workspace/resolve';
import { paragraphFeatures, type ParagraphFeatures } from './features';

/** Paragraphs with fewer distinct terms than this are not indexed. */
export const MIN_TERMS = 3;
/** Terms two paragraphs must share, in agreement, to be a match. */
export const MIN_SHARED = 2;
/** How much a shared term counts when one paragraph states it neutrally and the other with a polarity. */
export const HALF_POLARITY = 0.5;
/** ...and when one paragraph praises what the other raises as a concern. */
export const OPPOSITE_POLARITY = -0.5;
/** See the module comment. */
export const CRITERIA_BOOST = 0.3;
/** The default score from which a match is shown. */
export const DEFAULT_THRESHOLD = 0.15;

export interface IndexOptions {
  /** Share of paragraphs above which a term is stock wording. */
  maxDocumentFraction: number;
  /** ...but a term in fewer paragraphs than this is never stock wording (small workspaces). */
  minStockParagraphs: number;
}

export const DEFAULT_INDEX_OPTIONS: IndexOptions = { maxDocumentFraction: 0.25, minStockParagraphs: 40 };

/** A paragraph of a report as the index keeps it. */
export interface IndexedParagraph {
  /** The id `ilacs parse` gives. */
  id: string;
  /** The printed paragraph number, or null. */
  number: number | null;
  /** 0-based first and last line, to open the report there. */
  startLine: number;
  endLine: number;
  /** The criteria of the paragraph's tags (empty when untagged). */
  criteria: string[];
}

/** A paragraph as it goes into the index: with its features. */
export interface ParagraphInput extends IndexedParagraph {
  features: ParagraphFeatures;
}

/** A report as the index keeps it. */
export interface IndexedReport {
  file: string;
  localAuthority: string | null;
  reportKind: ReportKind | null;
  /**
   * yyyy-mm-dd; when the report states no date, what its file name gives (yyyy-mm-dd, yyyy-mm or
   * yyyy); null when neither does.
   */
  date: string | null;
  paragraphs: IndexedParagraph[];
}

/** One report's part of the index, as `reportFeatures` computes it. */
export interface ReportFeatures extends IndexedReport {
  paragraphs: ParagraphInput[];
}

export interface ParagraphRef {
  file: string;
  /** Paragraph id. */
  paragraph: string;
  number: number | null;
}

export interface ParagraphMatch extends ParagraphRef {
  score: number;
  startLine: number;
  endLine: number;
  localAuthority: string | null;
  date: string | null;
  reportKind: ReportKind | null;
  /** Criteria both paragraphs are tagged with. */
  sharedCriteria: string[];
  /** Whether the match is in a report about another local authority. */
  otherAuthority: boolean;
}

export interface QueryOptions {
  /** Lowest score returned (default `DEFAULT_THRESHOLD`). */
  threshold?: number;
  /** Include reports about other local authorities (default true). */
  includeOtherAuthorities?: boolean;
  /** At most this many matches, best first (default all). */
  top?: number;
}

/** The features of a parsed report; `criteria` gives each tagged paragraph's criteria. */
export function reportFeatures(
  file: string,
  report: Report,
  criteria?: ReadonlyMap<string, readonly string[]>,
  overrides?: { localAuthority?: string | null; date?: string | null },
): ReportFeatures {
  const paragraphs: ParagraphInput[] = [];
  const printed = new Set(report.improvementAreas.map((ia) => ia.paragraph));
  for (const p of report.paragraphs) {
    if (p.kind === 'heading') continue;
    const features = paragraphFeatures(p.text, printed.has(p.id) ? -1 : undefined);
    if (features.terms.length < MIN_TERMS) continue;
    paragraphs.push({
      id: p.id,
      number: p.number,
      startLine: p.range.start.line,
      endLine: p.range.end.line,
      criteria: [...new Set(criteria?.get(p.id) ?? [])],
      features,
    });
  }
  return {
    file,
    localAuthority: overrides?.localAuthority !== undefined ? overrides.localAuthority : report.localAuthority,
    reportKind: report.kind,
    date: overrides?.date !== undefined ? overrides.date : (reportDate(report) ?? dateInFileName(file)),
    paragraphs,
  };
}

interface ReportSlot {
  info: IndexedReport;
  authority: string;
  /** Global paragraph slots, in the order of `info.paragraphs`. */
  slots: number[];
}

/** A growable list of numbers in a typed array. */
class Numbers {
  data: Int32Array = new Int32Array(4);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
}

/** How much a shared term counts for the match, by the two paragraphs' polarities for it. */
function agreement(a: number, b: number): number {
  return a === b ? 1 : a === 0 || b === 0 ? HALF_POLARITY : OPPOSITE_POLARITY;
}

/** A paragraph's terms as the index stores them: ids into its term table, counts and polarities. */
export interface StoredTerms {
  ids: Int32Array;
  counts: Uint16Array;
  polarities: Int8Array;
}

const NO_TERMS: StoredTerms = { ids: new Int32Array(0), counts: new Uint16Array(0), polarities: new Int8Array(0) };

export class ParagraphIndex {
  private readonly options: IndexOptions;
  private readonly reports = new Map<string, ReportSlot>();
  private readonly termIds = new Map<string, number>();
  private terms: string[] = [];
  /** Live paragraphs holding each term. */
  private df: number[] = [];
  /** Per term: triples (paragraph slot, count, polarity + 1). Dead slots are skipped. */
  private postings: Numbers[] = [];
  /** Per paragraph slot: its report (null once dead), paragraph and terms. */
  private slotReport: (ReportSlot | null)[] = [];
  private slotParagraph: (IndexedParagraph | null)[] = [];
  private slotTerms: StoredTerms[] = [];
  private live = 0;
  private dead = 0;
  /** Weights per term and vector lengths per slot, valid while `weightsVersion === version`. */
  private idfs = new Float64Array(0);
  private norms = new Float64Array(0);
  private weightsVersion = -1;
  private version = 0;
  /** Scratch space for queries. */
  private acc = new Float64Array(0);
  private shared = new Uint16Array(0);

  constructor(options: Partial<IndexOptions> = {}) {
    this.options = { ...DEFAULT_INDEX_OPTIONS, ...options };
  }

  /** Paragraphs in the index. */
  get size(): number {
    return this.live;
  }

  files(): string[] {
    return [...this.reports.keys()];
  }

  report(file: string): IndexedReport | undefined {
    return this.reports.get(file)?.info;
  }

  /** Raised each time the term table is renumbered: ids from `termId` taken before then are stale. */
  termTableGeneration = 0;

  /** The term table (ids are positions in it) and one paragraph's stored terms, for the cache. */
  termTable(): readonly string[] {
    return this.terms;
  }

  storedTerms(file: string): StoredTerms[] {
    return this.reports.get(file)?.slots.map((s) => this.slotTerms[s]) ?? [];
  }

  termId(term: string): number {
    let id = this.termIds.get(term);
    if (id === undefined) {
      id = this.terms.length;
      this.termIds.set(term, id);
      this.terms.push(term);
      this.df.push(0);
      this.postings.push(new Numbers());
    }
    return id;
  }

  /** Puts (or replaces) one report. */
  setReport(features: ReportFeatures): void {
    this.removeReport(features.file);
    const stored = features.paragraphs.map((p): StoredTerms => {
      const { terms, counts, polarities } = p.features;
      const ids = new Int32Array(terms.length);
      for (let i = 0; i < ids.length; i++) ids[i] = this.termId(terms[i]);
      return { ids, counts: Uint16Array.from(counts, (c) => Math.min(c, 65535)), polarities: Int8Array.from(polarities) };
    });
    const info: IndexedReport = {
      file: features.file,
      localAuthority: features.localAuthority,
      reportKind: features.reportKind,
      date: features.date,
      paragraphs: features.paragraphs.map(({ id, number, startLine, endLine, criteria }) => ({ id, number, startLine, endLine, criteria })),
    };
    this.addReport(info, stored);
    this.compactIfWorthIt();
  }

  /**
   * Puts (or replaces) one report whose terms are already ids of this index's table (`termId`):
   * what loading a cache does. `terms[i]` belongs to `info.paragraphs[i]`.
   */
  setStoredReport(info: IndexedReport, terms: readonly StoredTerms[]): void {
    this.removeReport(info.file);
    this.addReport(info, terms);
    this.compactIfWorthIt();
  }

  private addReport(info: IndexedReport, terms: readonly StoredTerms[]): void {
    const slot: ReportSlot = { info, authority: authorityKey(info.localAuthority, info.file), slots: [] };
    info.paragraphs.forEach((p, k) => {
      const s = this.slotReport.length;
      const t = terms[k];
      for (let i = 0; i < t.ids.length; i++) {
        const id = t.ids[i];
        this.df[id]++;
        const list = this.postings[id];
        list.push(s);
        list.push(t.counts[i]);
        list.push(t.polarities[i] + 1);
      }
      this.slotReport.push(slot);
      this.slotParagraph.push(p);
      this.slotTerms.push(t);
      slot.slots.push(s);
      this.live++;
    });
    this.reports.set(info.file, slot);
    this.version++;
  }

  /** Removes a report (nothing happens for one not in the index). */
  deleteReport(file: string): void {
    this.removeReport(file);
    this.compactIfWorthIt();
  }

  private removeReport(file: string): void {
    const slot = this.reports.get(file);
    if (!slot) return;
    for (const s of slot.slots) {
      for (const id of this.slotTerms[s].ids) this.df[id]--;
      this.slotReport[s] = null;
      this.slotParagraph[s] = null;
      this.slotTerms[s] = NO_TERMS;
      this.live--;
      this.dead++;
    }
    this.reports.delete(file);
    this.version++;
  }

  private compactIfWorthIt(): void {
    if (this.dead > 2000 && this.dead > this.live) this.compact();
  }

  /** Renumbers the paragraphs, dropping dead ones from the posting lists and unused terms from the table. */
  private compact(): void {
    const oldTerms = this.terms;
    this.termTableGeneration++;
    const all = [...this.reports.values()].map((r) => ({ info: r.info, terms: r.slots.map((s) => this.slotTerms[s]) }));
    this.reports.clear();
    this.termIds.clear();
    this.terms = [];
    this.df = [];
    this.postings = [];
    this.slotReport = [];
    this.slotParagraph = [];
    this.slotTerms = [];
    this.live = 0;
    this.dead = 0;
    for (const { info, terms } of all) {
      const renumbered = terms.map((t) => ({ ...t, ids: t.ids.map((id) => this.termId(oldTerms[id])) }));
      this.addReport(info, renumbered);
    }
  }

  /** A term's weight: `ln(N / df)`, or 0 for stock wording. */
  private computeIdf(id: number): number {
    const df = this.df[id];
    if (df <= 0 || (df > this.options.maxDocumentFraction * this.live && df >= this.options.minStockParagraphs)) return 0;
    return Math.log((this.live + 1) / df);
  }

  private ensureWeights(): void {
    if (this.weightsVersion === this.version) return;
    const n = this.slotReport.length;
    if (this.norms.length < n) this.norms = new Float64Array(Math.max(n, this.norms.length * 2));
    if (this.idfs.length < this.terms.length) this.idfs = new Float64Array(Math.max(this.terms.length, this.idfs.length * 2));
    const idf = this.idfs;
    for (let id = 0; id < this.terms.length; id++) idf[id] = this.computeIdf(id);
    for (let s = 0; s < n; s++) {
      if (!this.slotReport[s]) continue;
      const { ids, counts } = this.slotTerms[s];
      let sum = 0;
      for (let i = 0; i < ids.length; i++) {
        const w = (1 + Math.log(counts[i])) * idf[ids[i]];
        sum += w * w;
      }
      this.norms[s] = Math.sqrt(sum);
    }
    this.weightsVersion = this.version;
  }

  /** Looks a paragraph up by report and paragraph id. */
  paragraph(file: string, paragraphId: string): IndexedParagraph | undefined {
    return this.reports.get(file)?.info.paragraphs.find((p) => p.id === paragraphId);
  }

  /**
   * The paragraphs of other reports making the same finding as `paragraphId` of `file`, best first.
   * Empty when the paragraph is not indexed (a heading, or too short to say anything).
   */
  matches(file: string, paragraphId: string, options: QueryOptions = {}): ParagraphMatch[] {
    const slot = this.reports.get(file);
    if (!slot) return [];
    const k = slot.info.paragraphs.findIndex((p) => p.id === paragraphId);
    if (k < 0) return [];
    return this.matchSlot(slot.slots[k], options);
  }

  /** Every indexed paragraph of `file` with its matches (paragraphs without any left out). */
  reportMatches(file: string, options: QueryOptions = {}): { paragraph: IndexedParagraph; matches: ParagraphMatch[] }[] {
    const slot = this.reports.get(file);
    if (!slot) return [];
    const out: { paragraph: IndexedParagraph; matches: ParagraphMatch[] }[] = [];
    slot.slots.forEach((s, k) => {
      const matches = this.matchSlot(s, options);
      if (matches.length > 0) out.push({ paragraph: slot.info.paragraphs[k], matches });
    });
    return out;
  }

  private matchSlot(q: number, options: QueryOptions): ParagraphMatch[] {
    const threshold = options.threshold ?? DEFAULT_THRESHOLD;
    const others = options.includeOtherAuthorities ?? true;
    this.ensureWeights();
    const n = this.slotReport.length;
    if (this.acc.length < n) {
      this.acc = new Float64Array(Math.max(n, this.acc.length * 2));
      this.shared = new Uint16Array(this.acc.length);
    }
    const own = this.slotReport[q] as ReportSlot;
    const para = this.slotParagraph[q] as IndexedParagraph;
    const qNorm = this.norms[q];
    if (qNorm === 0) return [];
    const { acc, shared, idfs } = this;
    const { ids, counts, polarities } = this.slotTerms[q];
    const touched: number[] = [];
    for (let i = 0; i < ids.length; i++) {
      const idf = idfs[ids[i]];
      if (idf === 0) continue;
      const wq = (1 + Math.log(counts[i])) * idf * idf;
      const pq = polarities[i];
      const list = this.postings[ids[i]];
      const data = list.data;
      for (let j = 0; j < list.length; j += 3) {
        const s = data[j];
        const r = this.slotReport[s];
        if (r === null || r === own || (!others && r.authority !== own.authority)) continue;
        const agree = agreement(pq, data[j + 2] - 1);
        if (acc[s] === 0 && shared[s] === 0) touched.push(s);
        acc[s] += wq * (1 + Math.log(data[j + 1])) * agree;
        if (agree > 0) shared[s]++;
      }
    }
    const out: ParagraphMatch[] = [];
    for (const s of touched) {
      const dot = acc[s];
      const count = shared[s];
      acc[s] = 0;
      shared[s] = 0;
      if (count < MIN_SHARED || dot <= 0) continue;
      // The square root spreads the cosines of long paragraphs, which share a small part of their words.
      let score = Math.sqrt(dot / (qNorm * this.norms[s]));
      const r = this.slotReport[s] as ReportSlot;
      const p = this.slotParagraph[s] as IndexedParagraph;
      let sharedCriteria: string[] = [];
      if (para.criteria.length > 0 && p.criteria.length > 0) {
        sharedCriteria = para.criteria.filter((c) => p.criteria.includes(c));
        if (sharedCriteria.length > 0) {
          const union = new Set([...para.criteria, ...p.criteria]).size;
          score += (1 - score) * CRITERIA_BOOST * (sharedCriteria.length / union);
        }
      }
      score = Math.min(1, score);
      if (score < threshold) continue;
      out.push({
        file: r.info.file,
        paragraph: p.id,
        number: p.number,
        score,
        startLine: p.startLine,
        endLine: p.endLine,
        localAuthority: r.info.localAuthority,
        date: r.info.date,
        reportKind: r.info.reportKind,
        sharedCriteria,
        otherAuthority: r.authority !== own.authority,
      });
    }
    out.sort((a, b) => b.score - a.score || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.startLine - b.startLine);
    return options.top !== undefined ? out.slice(0, options.top) : out;
  }
}


/** The criteria each paragraph is tagged with (orphaned tags and tags outside any paragraph skipped). */
export function taggedCriteria(annotations: readonly ResolvedAnnotation[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const r of annotations) {
    if (r.orphaned || !r.anchor || r.anchor.paragraph === null) continue;
    const list = out.get(r.anchor.paragraph) ?? [];
    for (const c of r.annotation.criteria) if (!list.includes(c)) list.push(c);
    out.set(r.anchor.paragraph, list);
  }
  return out;
}
