/**
 * The paragraph recurrence index: for any paragraph of any report, the paragraphs of other reports
 * that make the same finding, with a score from 0 to 1.
 *
 * Method, chosen on the hand-labelled Bury pairs (`test/fixtures/recurrence/bury-pairs.json`; the
 * unit tests assert its precision and recall, and BENCHMARKS.md records them):
 * - Each paragraph becomes weighted terms (`features.ts`): stems and pairs of neighbouring stems,
 *   each with the polarity of the sentences it is in. Printed improvement areas are concerns
 *   whatever their words ("Manageable caseloads for social workers").
 * - A term weighs `(1 + ln count) * ln((N + 1) / df)`, N the paragraphs in the index and df those
 *   holding the term. A term in more than `maxDocumentFraction` of them is stock wording and left
 *   out (it would say little and cost much).
 * - The score is the square root of the cosine of two paragraphs' weights, where a shared term
 *   counts fully when both use it with the same polarity, `HALF_POLARITY` when one is neutral, and
 *   `OPPOSITE_POLARITY` (against the match) when one praises what the other finds wanting. The
 *   square root spreads the scores of long paragraphs, which share a small part of their words.
 * - At least `MIN_SHARED` terms must be shared in agreement: one word in common is not a finding.
 * - When both paragraphs are tagged, shared criteria raise the score by `CRITERIA_BOOST` times
 *   the share of their criteria in common, of the distance left to 1.
 * - With a semantic model (`semantic.ts`, set by `setModel`), the best `SEMANTIC_CANDIDATES` sparse
 *   matches, and up to `AUTHORITY_CANDIDATES` more paragraphs of the authority's own reports (those
 *   closest in content), are scored again: `semantic` weights the sparse score, the cosine of the two
 *   paragraphs' content vectors, that of their polarity vectors (opposite judgements on one topic
 *   count against) and that of their closest pair of sentences in agreement. The weights were chosen
 *   on the tuning part of the labelled clusters (`evaluation.ts`, BENCHMARKS.md).
 * - With a model, a query walks only the posting lists of terms in at most `RARE_FRACTION` of the
 *   paragraphs; the `PARTIAL_CANDIDATES` best of what they find get their full sparse score from their
 *   own terms. A paragraph (and its sentences) is placed in the semantic space once, when a query
 *   first needs it (not when it is indexed, so indexing stays cheap; see `placed`), and with
 *   `top` the pairs of sentences are compared only for candidates that could still be among the best.
 * - Ofsted's stock account of the inspection (`isStockParagraph`) is never indexed.
 *
 * Measured on the labelled Bury pairs with the sparse scores alone, at their threshold 0.15:
 * precision 0.77, recall 0.62 (area under the ROC curve 0.79); with the shipped model at 0.26: 0.77
 * and 0.69 (0.83). Without polarity the sparse scores gave precision 0.58, recall 0.81. Pairs of
 * neighbouring stems and leaving out Ofsted's stock sentences (`features.ts`) each helped. Tried
 * and dropped because they did no better: comparing sentence by sentence by words alone, a list of
 * subjects grouping related words, and term statistics from a background collection of reports.
 *
 * A query walks the posting lists of its own terms only, so no two paragraphs of different
 * authorities are compared unless they share a term, and its cost follows the paragraphs sharing
 * them and the size of the authority's own reports, not the size of the workspace. Reports are added, replaced and removed one at a time; weights follow from the counts
 * and are brought up to date at the next query, so nothing is rebuilt when one report changes.
 */
import type { Report, ReportKind } from '../model';
import { dateInFileName } from '../parser/dates';
import { authorityKey, reportDate } from '../workspace/improvements';
import type { ResolvedAnnotation } from '../workspace/resolve';
import { cosine, type SemanticModel } from './semantic';
import { isStockSection, isStockText, sentenceTerms, MAX_COUNT, paragraphFeatures, TermTable, type ParagraphFeatures, type SentenceTerms } from './features';
import { TermRenumbering, type FeatureReader, type ParagraphText, type ReadFeatures } from './featureReading';

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
/**
 * The default score from which a match is shown, with the semantic layer (as the editor and the CLI
 * run): on the labelled Bury pairs it keeps the precision the sparse scores had at their own default
 * (`SPARSE_THRESHOLD`) and finds more of the recurring pairs (BENCHMARKS.md).
 */
export const DEFAULT_THRESHOLD = 0.26;
/** ...and without it (an index with no model set). */
export const SPARSE_THRESHOLD = 0.15;

export interface IndexOptions {
  /** Share of paragraphs above which a term is stock wording. */
  maxDocumentFraction: number;
  /** ...but a term in fewer paragraphs than this is never stock wording (small workspaces). */
  minStockParagraphs: number;
  semantic: SemanticWeights;
  /** With a model: compare every paragraph of the authority's own reports, not only the sparse candidates. */
  wholeAuthority: boolean;
}

export const DEFAULT_INDEX_OPTIONS: IndexOptions = { maxDocumentFraction: 0.25, minStockParagraphs: 40, semantic: { sparse: 0.3, content: 0.2, polarity: 0.15, sentence: 0.4 }, wholeAuthority: true };

/**
 * A report's paragraphs in the semantic space, each placed there when a query first needs it: per
 * paragraph its content vector and its polarity vector (`dims` values each), and each of its
 * sentences' vectors, with the sentence's polarity (the sign of its terms' polarities). Every vector
 * is quantised to 8 bits (its largest value 127): cosines do not depend on scale.
 */
interface DenseReport {
  /** Whether paragraph k has been placed (its vectors made): each is, when a query first needs it (see `placed`). */
  placed: Uint8Array;
  /** The query (`queryMark`) that first needed one of its paragraphs; 0 before. */
  firstQuery: number;
  /** Paragraph k's content vector at `2 * k * dims`, its polarity vector right after. */
  paragraphs: Int8Array;
  /** One over each of those vectors' length as quantised (0 for an all-zero vector): `2 * k` and `2 * k + 1`. */
  paragraphInverse: Float32Array;
  /** One over the length of the first `NEAR_DIMS` values of paragraph k's content vector. */
  nearInverse: Float32Array;
  /**
   * Sentence vectors, `sentenceDims` values each; paragraph k's are `sentenceStart[k]` to
   * `sentenceStart[k + 1]` (a sentence without a word of the model's has a zero vector and length).
   */
  sentences: Int8Array;
  sentenceInverse: Float32Array;
  sentencePolarity: Int8Array;
  sentenceStart: Int32Array;
}

/**
 * The dimensions (the model's first, strongest) in which an authority with many reports has its
 * paragraphs' closeness in content to the query measured, to pick `AUTHORITY_CANDIDATES` of them.
 */
export const NEAR_DIMS = 128;

/** How much a pair of sentences counts when one states its finding neutrally. */
const HALF_AGREEMENT = 0.8;

/**
 * With a model, a query walks the posting lists of the terms in at most this share of the paragraphs
 * (or `minStockParagraphs`), and scores the `PARTIAL_CANDIDATES` best of what they find in full.
 */
export const RARE_FRACTION = 0.05;
export const PARTIAL_CANDIDATES = 120;

/** How many of the best sparse matches the semantic layer re-ranks. */
export const SEMANTIC_CANDIDATES = 60;
/**
 * With `wholeAuthority`, at most this many more paragraphs of the authority's own reports (those
 * closest in content), so that an authority with many reports does not slow every query. 60 and 60
 * rank the labelled clusters as 100 and 200 did (BENCHMARKS.md) in about half the time.
 */
export const AUTHORITY_CANDIDATES = 60;

/** The weights of a match's score when a semantic model is in use (see the module comment). */
export interface SemanticWeights {
  /** The sparse score (0 to 1). */
  sparse: number;
  /** The cosine of the two paragraphs' content vectors (below 0 counts as 0). */
  content: number;
  /** The cosine of their polarity vectors (-1 to 1: opposite judgements on one topic count against). */
  polarity: number;
  /** The cosine of their closest pair of sentences in agreement (one praise, the other concern is not). */
  sentence: number;
}

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
  /** The table its term ids are numbered in (an index given features of another table renumbers them). */
  terms: TermTable;
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
  /** Lowest score returned (default `DEFAULT_THRESHOLD` with a model, else `SPARSE_THRESHOLD`). */
  threshold?: number;
  /** Include reports about other local authorities (default true). */
  includeOtherAuthorities?: boolean;
  /** At most this many matches, best first (default all). */
  top?: number;
}

/**
 * The features of a parsed report; `criteria` gives each tagged paragraph's criteria. Numbered in
 * `terms`: give the index's own (`ParagraphIndex.terms`) to spare it renumbering them.
 */
export function reportFeatures(
  file: string,
  report: Report,
  criteria?: ReadonlyMap<string, readonly string[]>,
  overrides?: { localAuthority?: string | null; date?: string | null },
  terms: TermTable = new TermTable(),
): ReportFeatures {
  const compared = comparedParagraphs(report, true);
  return withFeatures(file, report, compared, compared.map((c) => paragraphFeatures(c.text, terms, c.polarity)), terms, criteria, overrides);
}

/** A paragraph whose features are read: not a heading or a stock paragraph; an improvement area read as a concern. */
interface ComparedParagraph extends ParagraphText {
  paragraph: Report['paragraphs'][number];
}

/** `stockText`: whether to leave out the paragraphs that are stock by their text (a `FeatureReader` finds those itself). */
function comparedParagraphs(report: Report, stockText: boolean): ComparedParagraph[] {
  const printed = new Set(report.improvementAreas.map((ia) => ia.paragraph));
  const titles = new Map(report.sections.map((s) => [s.id, s.title]));
  const out: ComparedParagraph[] = [];
  for (const p of report.paragraphs) {
    if (p.kind === 'heading') continue;
    if (isStockSection(p.section === null ? null : (titles.get(p.section) ?? null)) || (stockText && isStockText(p.text))) continue;
    out.push(printed.has(p.id) ? { paragraph: p, text: p.text, polarity: -1 } : { paragraph: p, text: p.text });
  }
  return out;
}

/** A report's features, given those of its `compared` paragraphs (numbered in `terms`): paragraphs with too few terms are left out. */
function withFeatures(
  file: string,
  report: Report,
  compared: readonly ComparedParagraph[],
  features: readonly ParagraphFeatures[],
  terms: TermTable,
  criteria?: ReadonlyMap<string, readonly string[]>,
  overrides?: { localAuthority?: string | null; date?: string | null },
): ReportFeatures {
  const paragraphs: ParagraphInput[] = [];
  compared.forEach(({ paragraph: p }, k) => {
    if (features[k].ids.length < MIN_TERMS) return;
    paragraphs.push({
      id: p.id,
      number: p.number,
      startLine: p.range.start.line,
      endLine: p.range.end.line,
      criteria: [...new Set(criteria?.get(p.id) ?? [])],
      features: features[k],
    });
  });
  return {
    file,
    localAuthority: overrides?.localAuthority !== undefined ? overrides.localAuthority : report.localAuthority,
    reportKind: report.kind,
    date: overrides?.date !== undefined ? overrides.date : (reportDate(report) ?? dateInFileName(file)),
    paragraphs,
    terms,
  };
}

/**
 * A report's paragraphs' terms in three arrays, paragraph after paragraph: paragraph k holds the
 * entries from `offsets[k]` to `offsets[k + 1]`. One set of arrays per report, not per paragraph,
 * keeps the index small.
 */
export interface PackedTerms {
  ids: Int32Array;
  /** Counts, at most `MAX_COUNT`. */
  counts: Uint8Array;
  polarities: Int8Array;
  /** The sentences holding each term (`ParagraphFeatures.sentences`; 0 when not known). */
  sentences: Uint32Array;
  /** One more than the paragraphs. */
  offsets: Int32Array;
}

/** Packs paragraphs' features into one set of arrays. */
export function packTerms(features: readonly ParagraphFeatures[]): PackedTerms {
  const offsets = new Int32Array(features.length + 1);
  for (let k = 0; k < features.length; k++) offsets[k + 1] = offsets[k] + features[k].ids.length;
  const total = offsets[features.length];
  const out: PackedTerms = { ids: new Int32Array(total), counts: new Uint8Array(total), polarities: new Int8Array(total), sentences: new Uint32Array(total), offsets };
  features.forEach((f, k) => {
    out.ids.set(f.ids, offsets[k]);
    if (f.sentences) out.sentences.set(f.sentences, offsets[k]);
    for (let i = 0; i < f.counts.length; i++) out.counts[offsets[k] + i] = Math.min(f.counts[i], MAX_COUNT);
    out.polarities.set(f.polarities, offsets[k]);
  });
  return out;
}

interface ReportSlot {
  info: IndexedReport;
  authority: string;
  terms: PackedTerms;
  /** Global paragraph slots, in the order of `info.paragraphs`. */
  slots: number[];
  /** Its paragraphs in the semantic space (with a model), and the model they were made with. */
  dense: DenseReport | null;
  denseModel: SemanticModel | null;
  /** A number of its own in the index, and its authority's. */
  serial: number;
  authorityNo: number;
}

/** How much a shared term counts for the match, by the two paragraphs' polarities for it. */
function agreement(a: number, b: number): number {
  return a === b ? 1 : a === 0 || b === 0 ? HALF_POLARITY : OPPOSITE_POLARITY;
}

/** `agreement` by the query's polarity + 1 (times 4) plus the posting's polarity + 1. */
const AGREEMENT = Float64Array.from({ length: 12 }, (_, i) => ((i & 3) === 3 ? 0 : agreement((i >> 2) - 1, (i & 3) - 1)));

/** The best `size` (slot, score) pairs offered, ties to the lower slot; `drain` gives them best first and empties it. */
class TopHeap {
  private readonly slots: Int32Array;
  private readonly scores: Float64Array;
  private n = 0;
  constructor(private readonly size: number) {
    this.slots = new Int32Array(size);
    this.scores = new Float64Array(size);
  }

  /** Whether (a, x) ranks below (b, y). */
  private static worse(x: number, a: number, y: number, b: number): boolean {
    return x < y || (x === y && a > b);
  }

  offer(s: number, score: number): void {
    const { slots, scores } = this;
    if (this.n < this.size) {
      let i = this.n++;
      while (i > 0) {
        const up = (i - 1) >> 1;
        if (!TopHeap.worse(score, s, scores[up], slots[up])) break;
        slots[i] = slots[up];
        scores[i] = scores[up];
        i = up;
      }
      slots[i] = s;
      scores[i] = score;
      return;
    }
    if (!TopHeap.worse(scores[0], slots[0], score, s)) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= this.n) break;
      const r = l + 1;
      const c = r < this.n && TopHeap.worse(scores[r], slots[r], scores[l], slots[l]) ? r : l;
      if (!TopHeap.worse(scores[c], slots[c], score, s)) break;
      slots[i] = slots[c];
      scores[i] = scores[c];
      i = c;
    }
    slots[i] = s;
    scores[i] = score;
  }

  drain(): { s: number; score: number }[] {
    const out: { s: number; score: number }[] = [];
    for (let i = 0; i < this.n; i++) out.push({ s: this.slots[i], score: this.scores[i] });
    this.n = 0;
    return out.sort((a, b) => b.score - a.score || a.s - b.s);
  }
}

/** `1 + ln(count)` for every count a posting can hold. */
const COUNT_WEIGHT = Float64Array.from({ length: MAX_COUNT + 1 }, (_, c) => (c === 0 ? 0 : 1 + Math.log(c)));

/**
 * A posting packs a paragraph slot, a count and a polarity into one 32-bit number: the slot above
 * bit 8, the count in bits 2 to 7, the polarity + 1 in bits 0 and 1.
 */
function pack(slot: number, count: number, polarity: number): number {
  return (slot << 8) | (Math.min(count, MAX_COUNT) << 2) | (polarity + 1);
}
/**
 * Quantises `n` values of `from` at `at` to 8 bits into `to` at `into` (the largest value 127);
 * returns one over the quantised vector's length, 0 for an all-zero vector.
 */
function quantise(from: Float64Array, at: number, n: number, to: Int8Array, into: number): number {
  let max = 0;
  for (let k = 0; k < n; k++) {
    const x = from[at + k];
    if (x > max) max = x;
    else if (-x > max) max = -x;
  }
  if (max === 0) return 0;
  const scale = 127 / max;
  let norm = 0;
  for (let k = 0; k < n; k++) {
    const q = Math.round(from[at + k] * scale);
    to[into + k] = q;
    norm += q * q;
  }
  return norm > 0 ? 1 / Math.sqrt(norm) : 0;
}

/** Paragraph slots must stay below this for `pack`. */
const MAX_SLOTS = 1 << 23;

export class ParagraphIndex {
  /** The index's own term table: two indexes never share one. */
  readonly terms = new TermTable();
  private readonly options: IndexOptions;
  private readonly reports = new Map<string, ReportSlot>();
  /** Per term id (`terms`): live paragraphs holding it, and its postings (packed, dead slots skipped). */
  private df = new Int32Array(0);
  private postingLength = new Int32Array(0);
  /**
   * Every term's postings in one pool (one typed array, not one per term: most terms are pairs of
   * stems in one or two paragraphs): term t's are `pool[postingAt[t]]` onwards, room for
   * `postingRoom[t]`. A list that outgrows its room moves to the end of the pool; the pool is packed
   * again when more than half of it is left behind by such moves, or when the lists that move do not
   * fit (each list then keeps a quarter of its length as room). `postingPool.test.ts` checks that
   * how the reports arrive changes nothing that is found.
   */
  private pool = new Int32Array(0);
  private poolUsed = 0;
  private poolLeft = 0;
  private postingAt = new Int32Array(0);
  private postingRoom = new Int32Array(0);
  /** Per paragraph slot: its report (null once dead), paragraph, and where its terms start and end in the report's arrays. */
  private slotReport: (ReportSlot | null)[] = [];
  private slotParagraph: (IndexedParagraph | null)[] = [];
  private slotStart: number[] = [];
  private slotEnd: number[] = [];
  private live = 0;
  private dead = 0;
  /** Per term, zero between uses: new postings counted while reports are added. */
  private scratchCounts = new Int32Array(0);
  /**
   * Term weights and slot norms, worked out when a query needs them: each is valid while its stamp is
   * `version + 1` (any change to the index makes them all stale at once).
   */
  private idfs = new Float64Array(0);
  private idfStamp = new Int32Array(0);
  private norms = new Float64Array(0);
  private normVersion = new Int32Array(0);
  private version = 0;
  /** Scratch space for queries. */
  private acc = new Float64Array(0);
  private shared = new Uint32Array(0);
  private touched = new Int32Array(0);
  private readonly heap = new TopHeap(SEMANTIC_CANDIDATES);
  private readonly partialHeap = new TopHeap(PARTIAL_CANDIDATES);
  private readonly nearHeap = new TopHeap(AUTHORITY_CANDIDATES);
  /** `sharedSentence`'s vectors: the paragraph's content and polarity, and a sentence's. */
  private quoteScratch = new Float32Array(0);
  /** Per term: the query that marked it last (`queryMark`), with its weight and polarity row there. */
  private termMark = new Int32Array(0);
  private termWeight = new Float64Array(0);
  private termRow = new Int32Array(0);
  private queryMark = 0;
  /** Per paragraph slot: its report's serial number (-1 once dead) and its authority's number. */
  private slotOwner: number[] = [];
  private slotAuthority: number[] = [];
  /** The live reports of each authority, by authority number. */
  private readonly authorityReports = new Map<number, Set<ReportSlot>>();
  private readonly authorityNumbers = new Map<string, number>();
  private nextSerial = 0;

  /** The semantic layer, when one is set (each report's paragraphs are placed in its space when a query first needs them). */
  private model: SemanticModel | null = null;
  /** Per term id: its model row, -1 when the model has none, -2 not looked up yet. */
  private modelRows = new Int32Array(0);
  /** Per paragraph slot: its position in its report's paragraphs. */
  private slotPosition: number[] = [];
  /** Scratch space for placing one paragraph in the semantic space. */
  private denseScratch = new Float64Array(0);
  private denseSums = new Float64Array(32);
  /** Per clause of the paragraph being placed: its polarity + 2, or 0 when not known. */
  private readonly denseClause = new Int8Array(32);

  constructor(options: Partial<IndexOptions> = {}) {
    this.options = { ...DEFAULT_INDEX_OPTIONS, ...options };
  }

  /** Sets (or, with null, drops) the semantic layer that re-ranks the sparse matches (paragraphs are placed in its space as queries need them). */
  setModel(model: SemanticModel | null): void {
    this.model = model;
    this.modelRows = new Int32Array(0);
    // Each report is placed in the new model's space when a query first needs it (see `denseOf`).
    for (const r of this.reports.values()) {
      r.dense = null;
      r.denseModel = null;
    }
  }

  /**
   * A report's room in the model's space, made the first time a query needs one of its paragraphs
   * rather than when the report is indexed, so that indexing stays cheap; each paragraph is placed
   * in it when a query first needs that paragraph (`placed`). The model's weights are its own, so
   * the vectors are the same whenever they are made.
   */
  private denseOf(r: ReportSlot): DenseReport {
    if (!r.dense || r.denseModel !== this.model) this.makeDense(r);
    return r.dense as DenseReport;
  }

  /** How many paragraphs are placed in the model's space so far (what queries have needed). */
  get placedParagraphs(): number {
    let n = 0;
    for (const r of this.reports.values()) if (r.dense && r.denseModel === this.model) for (const p of r.dense.placed) n += p;
    return n;
  }

  /**
   * The dense report of slot's report, with slot's paragraph placed in it. The first query to need
   * a report places only the paragraphs it needs (one query from cold touches many reports and
   * needs few of their paragraphs); a later one places all the rest (queries about a workspace
   * come back to the same reports, and each would otherwise place a few more paragraphs). Quoting
   * a match (`sharedSentence`) counts as a later query.
   */
  private placed(slot: number): DenseReport {
    const r = this.slotReport[slot] as ReportSlot;
    const dense = this.denseOf(r);
    const k = this.slotPosition[slot];
    if (dense.placed[k] === 0) {
      if (dense.firstQuery === 0) dense.firstQuery = this.queryMark;
      if (dense.firstQuery === this.queryMark) {
        this.placeParagraph(r, dense, k);
      } else {
        for (let j = 0; j < dense.placed.length; j++) if (dense.placed[j] === 0) this.placeParagraph(r, dense, j);
      }
    }
    return dense;
  }

  /** The dimensions of paragraph and of sentence vectors with the current model (the model's: fewer rank the labelled clusters worse). */
  private get paragraphDims(): number {
    return this.model?.dims ?? 0;
  }

  private get sentenceDims(): number {
    return this.model?.dims ?? 0;
  }

  get semanticModel(): SemanticModel | null {
    return this.model;
  }

  private modelRow(id: number, model: SemanticModel): number {
    if (id >= this.modelRows.length) {
      const grown = new Int32Array(Math.max(id + 1, this.terms.size, this.modelRows.length * 2)).fill(-2);
      grown.set(this.modelRows);
      this.modelRows = grown;
    }
    let row = this.modelRows[id];
    if (row === -2) {
      row = this.terms.isPair(id) ? -1 : model.rowOf(this.terms.name(id));
      this.modelRows[id] = row;
    }
    return row;
  }

  /** Makes a report's room in the model's space (see `DenseReport`), no paragraph placed yet; drops it without a model. */
  private makeDense(r: ReportSlot): void {
    const model = this.model;
    if (!model) {
      r.dense = null;
      r.denseModel = null;
      return;
    }
    const d = model.dims;
    const { sentences, offsets } = r.terms;
    const paragraphs = offsets.length - 1;
    // Room for each paragraph's sentences (as many as its highest sentence bit).
    const sentenceStart = new Int32Array(paragraphs + 1);
    for (let k = 0; k < paragraphs; k++) {
      let mask = 0;
      for (let i = offsets[k]; i < offsets[k + 1]; i++) mask |= sentences[i];
      sentenceStart[k + 1] = sentenceStart[k] + (mask === 0 ? 0 : 32 - Math.clz32(mask));
    }
    const count = sentenceStart[paragraphs];
    r.dense = {
      firstQuery: 0,
      placed: new Uint8Array(paragraphs),
      paragraphs: new Int8Array(2 * paragraphs * d),
      paragraphInverse: new Float32Array(2 * paragraphs),
      nearInverse: new Float32Array(paragraphs),
      sentences: new Int8Array(count * d),
      sentenceInverse: new Float32Array(count),
      sentencePolarity: new Int8Array(count),
      sentenceStart,
    };
    r.denseModel = model;
  }

  /** Places paragraph k of a report in the model's space. */
  private placeParagraph(r: ReportSlot, dense: DenseReport, k: number): void {
    const model = r.denseModel as SemanticModel;
    const d = model.dims;
    const stride = d;
    const sd = d;
    const { ids, counts, polarities, sentences } = r.terms;
    const near = Math.min(NEAR_DIMS, d);
    if (this.denseScratch.length < 2 * d + 32 * sd) this.denseScratch = new Float64Array(2 * d + 32 * sd);
    const v = this.denseScratch;
    const sums = this.denseSums;
    const { vectors: modelVectors, idf } = model;
    const { paragraphs: paragraphVectors, paragraphInverse, nearInverse, sentences: sentenceVectors, sentenceInverse, sentencePolarity, sentenceStart } = dense;
    const from = r.terms.offsets[k];
    const to = r.terms.offsets[k + 1];
    const count = sentenceStart[k + 1] - sentenceStart[k];
    v.fill(0, 0, 2 * d + count * d);
    sums.fill(0, 0, count);
    // The content and polarity vectors are sums of the sentences' vectors (each weighted by its
    // clause's polarity, read from a term found in that clause alone), corrected term by term where
    // a term's weight differs from that sum (said more than once, or with another polarity): the
    // same vectors for far fewer operations than summing every term into them.
    const clause = this.denseClause;
    clause.fill(0, 0, count);
    for (let i = from; i < to; i++) {
      const m = sentences[i];
      if (m !== 0 && (m & (m - 1)) === 0) {
        const bit = 31 - Math.clz32(m);
        if (clause[bit] === 0) clause[bit] = polarities[i] + 2;
      }
    }
    for (let i = from; i < to; i++) {
      const row = this.modelRow(ids[i], model);
      if (row < 0) continue;
      const iw = idf[row];
      const p = polarities[i];
      const at = row * stride;
      let held = 0;
      let signed = 0;
      for (let m = sentences[i]; m !== 0; m &= m - 1) {
        const bit = 31 - Math.clz32(m & -m);
        sums[bit] += p;
        held++;
        signed += clause[bit] === 0 ? 0 : clause[bit] - 2;
        const o = 2 * d + bit * d;
        for (let j = 0; j < d; j++) v[o + j] += iw * modelVectors[at + j];
      }
      const w = COUNT_WEIGHT[counts[i]];
      const contentCorrection = (w - held) * iw;
      const polarityCorrection = (w * p - signed) * iw;
      if (contentCorrection !== 0 || polarityCorrection !== 0) {
        for (let j = 0; j < d; j++) {
          const x = modelVectors[at + j];
          v[j] += contentCorrection * x;
          v[d + j] += polarityCorrection * x;
        }
      }
    }
    for (let b = 0; b < count; b++) {
      const o = 2 * d + b * d;
      const sign = clause[b] === 0 ? 0 : clause[b] - 2;
      for (let j = 0; j < d; j++) v[j] += v[o + j];
      if (sign !== 0) for (let j = 0; j < d; j++) v[d + j] += sign * v[o + j];
    }
    paragraphInverse[2 * k] = quantise(v, 0, d, paragraphVectors, 2 * k * d);
    paragraphInverse[2 * k + 1] = quantise(v, d, d, paragraphVectors, (2 * k + 1) * d);
    let prefix = 0;
    for (let j = 0, o = 2 * k * d; j < near; j++) prefix += paragraphVectors[o + j] * paragraphVectors[o + j];
    nearInverse[k] = prefix > 0 ? 1 / Math.sqrt(prefix) : 0;
    // A sentence with no word of the model's keeps a zero vector and length, and so agrees with none.
    for (let j = 0; j < count; j++) {
      const at = sentenceStart[k] + j;
      sentenceInverse[at] = quantise(v, 2 * d + j * sd, sd, sentenceVectors, at * sd);
      sentencePolarity[at] = sums[j] > 0 ? 1 : sums[j] < 0 ? -1 : 0;
    }
    dense.placed[k] = 1;
  }

  /** The cosine of the content (`which` 0) or polarity (1) vectors of slots a and b. */
  private paragraphCosine(a: number, b: number, which: number, d: number): number {
    const da = this.placed(a);
    const db = this.placed(b);
    const ia = 2 * this.slotPosition[a] + which;
    const ib = 2 * this.slotPosition[b] + which;
    const av = da.paragraphs;
    const bv = db.paragraphs;
    const ao = ia * d;
    const bo = ib * d;
    let dot = 0;
    for (let k = 0; k < d; k++) dot += av[ao + k] * bv[bo + k];
    return dot * da.paragraphInverse[ia] * db.paragraphInverse[ib];
  }

  /** The cosine of slots a's and b's content vectors in their first `NEAR_DIMS` dimensions. */
  private nearness(a: number, b: number, d: number): number {
    const da = this.placed(a);
    const db = this.placed(b);
    const ka = this.slotPosition[a];
    const kb = this.slotPosition[b];
    const av = da.paragraphs;
    const bv = db.paragraphs;
    const ao = 2 * ka * d;
    const bo = 2 * kb * d;
    const n = Math.min(NEAR_DIMS, d);
    let dot = 0;
    for (let k = 0; k < n; k++) dot += av[ao + k] * bv[bo + k];
    return dot * da.nearInverse[ka] * db.nearInverse[kb];
  }

  /** The part of a candidate's score that costs little: its sparse score, content and polarity cosines, weighted. */
  private blendBase(a: number, b: number, d: number, sparse: number): number {
    const w = this.options.semantic;
    return w.sparse * sparse + w.content * Math.max(0, this.paragraphCosine(a, b, 0, d)) + w.polarity * this.paragraphCosine(a, b, 1, d);
  }

  /** The cosine of the closest pair of sentences of slots a and b that do not judge the topic oppositely. */
  private sentenceAgreement(a: number, b: number): number {
    const da = this.placed(a);
    const db = this.placed(b);
    const sd = this.sentenceDims;
    const av = da.sentences;
    const bv = db.sentences;
    const aFrom = da.sentenceStart[this.slotPosition[a]];
    const aTo = da.sentenceStart[this.slotPosition[a] + 1];
    const bFrom = db.sentenceStart[this.slotPosition[b]];
    const bTo = db.sentenceStart[this.slotPosition[b] + 1];
    let agree = 0;
    for (let i = aFrom; i < aTo; i++) {
      const pa = da.sentencePolarity[i];
      const ao = i * sd;
      const ia = da.sentenceInverse[i];
      for (let j = bFrom; j < bTo; j++) {
        const pb = db.sentencePolarity[j];
        if (pa * pb < 0) continue;
        const bo = j * sd;
        let dot = 0;
        for (let k = 0; k < sd; k++) dot += av[ao + k] * bv[bo + k];
        let c = dot * ia * db.sentenceInverse[j];
        if (pa !== pb) c *= HALF_AGREEMENT;
        if (c > agree) agree = c;
      }
    }
    return agree;
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

  /** A report's paragraphs' terms, in the order of its `paragraphs` (for the cache). */
  storedTerms(file: string): PackedTerms | undefined {
    return this.reports.get(file)?.terms;
  }

  /** Features numbered in this index's table: as they are, or renumbered from the table they were read with. */
  private own(f: ParagraphFeatures, from: TermTable): ParagraphFeatures {
    if (from === this.terms) return f;
    return { ...f, ids: f.ids.map((id) => this.terms.idOf(from.name(id))) };
  }

  /** Puts (or replaces) one report. */
  setReport(features: ReportFeatures): void {
    this.setReports([features]);
  }

  /** Puts (or replaces) several reports at once (faster than one by one: each posting list grows once). */
  setReports(list: readonly ReportFeatures[]): void {
    this.setStoredReports(
      list.map((features) => ({
        info: {
          file: features.file,
          localAuthority: features.localAuthority,
          reportKind: features.reportKind,
          date: features.date,
          paragraphs: features.paragraphs.map(({ id, number, startLine, endLine, criteria }) => ({ id, number, startLine, endLine, criteria })),
        },
        terms: packTerms(features.paragraphs.map((p) => this.own(p.features, features.terms))),
      })),
    );
  }

  /** Puts (or replaces) reports whose paragraphs' terms are given packed: what loading a cache does. */
  setStoredReports(list: readonly { info: IndexedReport; terms: PackedTerms }[]): void {
    this.putReports(list);
  }

  /** `setStoredReports`, keeping the semantic vectors of reports that have them (when compacting). */
  private putReports(list: readonly { info: IndexedReport; terms: PackedTerms; dense?: DenseReport | null; denseModel?: SemanticModel | null }[]): void {
    for (const { info } of list) this.removeReport(info.file);
    this.compactIfWorthIt();
    this.ensureTermCapacity();
    // Count the new postings per term first, so each list grows at most once.
    const added = this.scratchCounts;
    const touched: number[] = [];
    for (const { terms } of list) {
      const ids = terms.ids;
      for (let i = 0; i < ids.length; i++) if (added[ids[i]]++ === 0) touched.push(ids[i]);
    }
    this.makeRoom(touched, added);
    // Locals, not properties, in the loop every term of every paragraph goes through.
    const { df, pool, postingAt, postingLength } = this;
    for (const { info, terms, dense, denseModel } of list) {
      const authority = authorityKey(info.localAuthority, info.file);
      let authorityNo = this.authorityNumbers.get(authority);
      if (authorityNo === undefined) this.authorityNumbers.set(authority, (authorityNo = this.authorityNumbers.size));
      const slot: ReportSlot = { info, authority, terms, slots: [], dense: dense ?? null, denseModel: denseModel ?? null, serial: this.nextSerial++, authorityNo };
      let same = this.authorityReports.get(authorityNo);
      if (!same) this.authorityReports.set(authorityNo, (same = new Set()));
      same.add(slot);
      const { ids, counts, polarities, offsets } = terms;
      info.paragraphs.forEach((p, k) => {
        const s = this.slotReport.length;
        if (s >= MAX_SLOTS) throw new Error(`the recurrence index holds at most ${MAX_SLOTS} paragraphs`);
        for (let i = offsets[k], end = offsets[k + 1]; i < end; i++) {
          const id = ids[i];
          df[id]++;
          pool[postingAt[id] + postingLength[id]++] = pack(s, counts[i], polarities[i]);
        }
        this.slotReport.push(slot);
        this.slotOwner.push(slot.serial);
        this.slotAuthority.push(authorityNo);
        this.slotParagraph.push(p);
        this.slotStart.push(offsets[k]);
        this.slotPosition.push(k);
        this.slotEnd.push(offsets[k + 1]);
        slot.slots.push(s);
        this.live++;
      });
      this.reports.set(info.file, slot);
    }
    this.version++;
  }

  /** Room in the pool for `added[id]` more postings of each term of `touched` (`added` is zeroed). */
  private makeRoom(touched: readonly number[], added: Int32Array): void {
    if (this.poolLeft > 1 << 16 && this.poolLeft * 2 > this.poolUsed) this.packPool(0);
    // What the lists that outgrow their room take at the pool's end, worked out after any packing
    // (packing changes every list's room).
    let moving = this.roomToMove(touched, added);
    if (this.poolUsed + moving > this.pool.length) {
      this.packPool(moving);
      moving = this.roomToMove(touched, added);
      if (this.poolUsed + moving > this.pool.length) this.growPool(this.poolUsed + moving);
    }
    const { pool, postingAt, postingRoom, postingLength } = this;
    for (const id of touched) {
      const need = postingLength[id] + added[id];
      added[id] = 0;
      const room = postingRoom[id];
      if (need <= room) continue;
      const grown = room === 0 ? need : Math.max(need, 2 * room);
      if (room > 0 && postingAt[id] + room === this.poolUsed) {
        // The last list in the pool grows where it is.
        this.poolUsed += grown - room;
      } else {
        const at = this.poolUsed;
        pool.copyWithin(at, postingAt[id], postingAt[id] + postingLength[id]);
        this.poolLeft += room;
        postingAt[id] = at;
        this.poolUsed += grown;
      }
      postingRoom[id] = grown;
    }
  }

  /** The room at the pool's end that the lists of `touched` need to take `added` more postings each. */
  private roomToMove(touched: readonly number[], added: Int32Array): number {
    let moving = 0;
    for (const id of touched) {
      const need = this.postingLength[id] + added[id];
      const room = this.postingRoom[id];
      if (need > room) moving += room === 0 ? need : Math.max(need, 2 * room);
    }
    return moving;
  }

  private growPool(size: number): void {
    const next = new Int32Array(size);
    next.set(this.pool.subarray(0, this.poolUsed));
    this.pool = next;
  }

  /**
   * Packs the posting pool tight, no list keeping room to grow, when more than an eighth of it is
   * room: for an index that is filled once and then only queried (the CLI's). Not for one that
   * follows edits: the next report added would repack the whole pool, larger than before.
   */
  trim(): void {
    let live = 0;
    for (let id = 0; id < this.postingRoom.length; id++) live += this.postingLength[id];
    if (this.pool.length - live > this.pool.length >> 3) this.packPool(0, true);
  }

  /**
   * Packs the pool, each list given a quarter of its length as room to grow in place (so that the
   * next reports added move few lists) unless `tight`, with room for `extra` more values at its end.
   */
  private packPool(extra: number, tight = false): void {
    const slack = (length: number): number => (tight ? length : length + (length >> 2));
    let live = 0;
    for (let id = 0; id < this.postingRoom.length; id++) if (this.postingRoom[id] > 0) live += slack(this.postingLength[id]);
    const size = tight ? Math.max(live + extra, 1024) : Math.max(Math.ceil(1.5 * (live + extra)), 1024);
    const next = new Int32Array(size);
    let at = 0;
    for (let id = 0; id < this.postingRoom.length; id++) {
      const length = this.postingLength[id];
      if (this.postingRoom[id] === 0) continue;
      next.set(this.pool.subarray(this.postingAt[id], this.postingAt[id] + length), at);
      this.postingAt[id] = at;
      this.postingRoom[id] = slack(length);
      at += slack(length);
    }
    this.pool = next;
    this.poolUsed = at;
    this.poolLeft = 0;
  }

  private ensureTermCapacity(): void {
    const n = this.terms.size;
    if (this.df.length >= n) return;
    const size = Math.max(n, this.df.length * 2, 1024);
    const grow = <T extends Int32Array | Float64Array>(old: T, make: (n: number) => T): T => {
      const next = make(size);
      next.set(old);
      return next;
    };
    this.df = grow(this.df, (k) => new Int32Array(k));
    this.postingLength = grow(this.postingLength, (k) => new Int32Array(k));
    this.postingAt = grow(this.postingAt, (k) => new Int32Array(k));
    this.postingRoom = grow(this.postingRoom, (k) => new Int32Array(k));
    this.scratchCounts = grow(this.scratchCounts, (k) => new Int32Array(k));
    this.idfs = grow(this.idfs, (k) => new Float64Array(k));
    this.idfStamp = grow(this.idfStamp, (k) => new Int32Array(k));
    this.termMark = grow(this.termMark, (k) => new Int32Array(k));
    this.termWeight = grow(this.termWeight, (k) => new Float64Array(k));
    this.termRow = grow(this.termRow, (k) => new Int32Array(k));
  }

  /** Removes a report (nothing happens for one not in the index). */
  deleteReport(file: string): void {
    this.removeReport(file);
    this.compactIfWorthIt();
  }

  private removeReport(file: string): void {
    const slot = this.reports.get(file);
    if (!slot) return;
    for (const id of slot.terms.ids) this.df[id]--;
    this.authorityReports.get(slot.authorityNo)?.delete(slot);
    for (const s of slot.slots) {
      this.slotReport[s] = null;
      this.slotOwner[s] = -1;
      this.slotParagraph[s] = null;
      this.live--;
      this.dead++;
    }
    this.reports.delete(file);
    this.version++;
  }

  private compactIfWorthIt(): void {
    if (this.dead > 2000 && this.dead > this.live) this.compact();
  }

  /** Renumbers the paragraphs, dropping dead ones from the posting lists. */
  private compact(): void {
    const all = [...this.reports.values()].map((r) => ({ info: r.info, terms: r.terms, dense: r.dense, denseModel: r.denseModel }));
    this.reports.clear();
    this.df.fill(0);
    this.postingLength.fill(0);
    this.postingAt.fill(0);
    this.postingRoom.fill(0);
    this.pool = new Int32Array(0);
    this.poolUsed = 0;
    this.poolLeft = 0;
    this.slotReport = [];
    this.slotParagraph = [];
    this.slotStart = [];
    this.slotEnd = [];
    this.slotPosition = [];
    this.slotOwner = [];
    this.slotAuthority = [];
    this.authorityReports.clear();
    this.live = 0;
    this.dead = 0;
    this.putReports(all);
  }

  /** A term's weight: `ln((N + 1) / df)`, or 0 for stock wording. */
  private idf(id: number): number {
    if (this.idfStamp[id] === this.version + 1) return this.idfs[id];
    const df = this.df[id];
    const weight = df <= 0 || (df > this.options.maxDocumentFraction * this.live && df >= this.options.minStockParagraphs) ? 0 : Math.log((this.live + 1) / df);
    this.idfs[id] = weight;
    this.idfStamp[id] = this.version + 1;
    return weight;
  }

  /** A paragraph's vector length under the current weights (worked out when a query first needs it). */
  private norm(s: number): number {
    if (this.normVersion[s] === this.version + 1) return this.norms[s];
    const { ids, counts } = (this.slotReport[s] as ReportSlot).terms;
    let sum = 0;
    for (let i = this.slotStart[s], end = this.slotEnd[s]; i < end; i++) {
      const w = COUNT_WEIGHT[counts[i]] * this.idf(ids[i]);
      sum += w * w;
    }
    const norm = Math.sqrt(sum);
    this.norms[s] = norm;
    this.normVersion[s] = this.version + 1;
    return norm;
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

  /**
   * The sentence of `text`, the text of a paragraph matching paragraph `paragraphId` of `file`, that
   * carries the finding the two share: the one whose words (weighted as the match weighs them, in
   * agreement of praise or concern) and, with a model, whose place in the semantic space are closest
   * to the paragraph's. Its start and end in `text`; null when the paragraph is not indexed or `text`
   * has no sentence that says anything. `read`: `text`'s sentences as `sentenceTerms` gives them with
   * this index's table, for a caller that quotes the same paragraph often.
   */
  sharedSentence(file: string, paragraphId: string, text: string, read?: readonly SentenceTerms[]): { start: number; end: number } | null {
    const slot = this.reports.get(file);
    const k = slot ? slot.info.paragraphs.findIndex((p) => p.id === paragraphId) : -1;
    if (!slot || k < 0) return null;
    const q = slot.slots[k];
    const sentences = read ?? sentenceTerms(text, this.terms);
    if (sentences.length === 0) return null;
    this.ensureTermCapacity();
    const { ids, polarities } = slot.terms;
    // The paragraph's terms marked as a query marks them, each with its polarity in `termRow`.
    const { termMark, termRow } = this;
    const mark = ++this.queryMark;
    for (let i = this.slotStart[q], end = this.slotEnd[q]; i < end; i++) {
      termMark[ids[i]] = mark;
      termRow[ids[i]] = polarities[i];
    }
    const model = this.model;
    const d = this.paragraphDims;
    if (this.quoteScratch.length < 3 * d) this.quoteScratch = new Float32Array(3 * d);
    let qv: Float32Array | null = null;
    if (model) {
      qv = this.quoteScratch;
      qv.set(this.placed(q).paragraphs.subarray(2 * k * d, 2 * (k + 1) * d));
    }
    const stride = model?.dims ?? 0;
    const sv = this.quoteScratch.subarray(2 * d, 3 * d);
    let best = sentences[0];
    let bestScore = -Infinity;
    for (const sentence of sentences) {
      let dot = 0;
      let norm = 0;
      for (const id of sentence.ids) {
        const w = id < this.df.length ? this.idf(id) : 0;
        norm += w * w;
        if (id < termMark.length && termMark[id] === mark) dot += w * w * agreement(termRow[id], sentence.polarity);
      }
      let score = norm > 0 ? dot / Math.sqrt(norm) / Math.sqrt(norm + 1) : 0;
      if (model && qv) {
        sv.fill(0);
        for (const id of sentence.ids) {
          const row = this.modelRow(id, model);
          if (row < 0) continue;
          const w = model.idf[row];
          for (let j = 0; j < d; j++) sv[j] += w * model.vectors[row * stride + j];
        }
        // Against the paragraph's polarity vector when the sentence praises or finds wanting, else its content.
        score += sentence.polarity === 0 ? 0.5 * cosine(sv, 0, qv, 0, d) : cosine(sv, 0, qv, d, d) * sentence.polarity;
      }
      if (score > bestScore) {
        bestScore = score;
        best = sentence;
      }
    }
    return { start: best.start, end: best.end };
  }

  /**
   * Every indexed paragraph of `file` with its matches (paragraphs without any left out), one at a
   * time as it is asked for: a caller that writes each out keeps none of them.
   */
  *reportMatches(file: string, options: QueryOptions = {}): Generator<{ paragraph: IndexedParagraph; matches: ParagraphMatch[] }> {
    const slot = this.reports.get(file);
    if (!slot) return;
    for (let k = 0; k < slot.slots.length; k++) {
      const matches = this.matchSlot(slot.slots[k], options);
      if (matches.length > 0) yield { paragraph: slot.info.paragraphs[k], matches };
    }
  }

  /**
   * Slot s's sparse score against the query whose terms carry `mark` (0 when they share fewer than
   * `MIN_SHARED` terms in agreement, or nothing in all), from s's own terms.
   */
  private exactSparse(s: number, mark: number, qNorm: number): number {
    const { ids, counts, polarities } = (this.slotReport[s] as ReportSlot).terms;
    const { termMark, termWeight, termRow } = this;
    let dot = 0;
    let count = 0;
    for (let i = this.slotStart[s], end = this.slotEnd[s]; i < end; i++) {
      const id = ids[i];
      if (termMark[id] !== mark) continue;
      const agree = AGREEMENT[termRow[id] + polarities[i] + 1];
      dot += termWeight[id] * COUNT_WEIGHT[counts[i]] * agree;
      if (agree > 0) count++;
    }
    return count < MIN_SHARED || dot <= 0 ? 0 : Math.sqrt(dot / (qNorm * this.norm(s)));
  }

  private matchSlot(q: number, options: QueryOptions): ParagraphMatch[] {
    const threshold = options.threshold ?? (this.model ? DEFAULT_THRESHOLD : SPARSE_THRESHOLD);
    const others = options.includeOtherAuthorities ?? true;
    this.ensureTermCapacity();
    const n = this.slotReport.length;
    if (this.acc.length < n) {
      const size = Math.max(n, this.acc.length * 2);
      this.acc = new Float64Array(size);
      this.shared = new Uint32Array(size);
      this.touched = new Int32Array(size);
      const norms = new Float64Array(size);
      norms.set(this.norms);
      this.norms = norms;
      const versions = new Int32Array(size);
      versions.set(this.normVersion);
      this.normVersion = versions;
    }
    const own = this.slotReport[q] as ReportSlot;
    const para = this.slotParagraph[q] as IndexedParagraph;
    const qNorm = this.norm(q);
    if (qNorm === 0) return [];
    const { acc, shared, slotReport, slotOwner, slotAuthority } = this;
    const { ids, counts, polarities } = own.terms;
    const touched = this.touched;
    let touchedCount = 0;
    const ownAuthority = own.authorityNo;
    const ownFirst = own.slots[0];
    const ownSpan = own.slots[own.slots.length - 1] - ownFirst;
    const model = this.model;
    // With a model only the best sparse candidates matter: the posting lists of common terms (in
    // more than `RARE_FRACTION` of the paragraphs) are not walked, and the candidates the rarer terms
    // find are scored in full from their own terms (`exactSparse`).
    const rare = model ? Math.max(this.options.minStockParagraphs, RARE_FRACTION * this.live) : Infinity;
    const mark = ++this.queryMark;
    for (let i = this.slotStart[q], end = this.slotEnd[q]; i < end; i++) {
      const id = ids[i];
      const idf = this.idf(id);
      if (idf === 0) continue;
      const wq = COUNT_WEIGHT[counts[i]] * idf * idf;
      const row = (polarities[i] + 1) * 4;
      this.termMark[id] = mark;
      this.termWeight[id] = wq;
      this.termRow[id] = row;
      const length = this.postingLength[id];
      if (length > rare) continue;
      const list = this.pool;
      for (let j = this.postingAt[id], stop = j + length; j < stop; j++) {
        const packed = list[j];
        const s = packed >>> 8;
        // The query's own report (its slots are one run); dead slots are dropped below.
        if (s - ownFirst <= ownSpan && s >= ownFirst) continue;
        if (!others && slotAuthority[s] !== ownAuthority) continue;
        const agree = AGREEMENT[row + (packed & 3)];
        if (acc[s] === 0 && shared[s] === 0) touched[touchedCount++] = s;
        acc[s] += wq * COUNT_WEIGHT[(packed >>> 2) & 63] * agree;
        if (agree > 0) shared[s]++;
      }
    }
    const boosted = (s: number, score: number): number => {
      const p = this.slotParagraph[s] as IndexedParagraph;
      if (para.criteria.length > 0 && p.criteria.length > 0) {
        const sharedCriteria = para.criteria.filter((c) => p.criteria.includes(c)).length;
        if (sharedCriteria > 0) score += (1 - score) * CRITERIA_BOOST * (sharedCriteria / new Set([...para.criteria, ...p.criteria]).size);
      }
      return Math.min(1, score);
    };
    const scored: { s: number; score: number }[] = [];
    if (!model) {
      for (let t = 0; t < touchedCount; t++) {
        const s = touched[t];
        const dot = acc[s];
        const count = shared[s];
        acc[s] = 0;
        shared[s] = 0;
        if (count < MIN_SHARED || dot <= 0 || slotOwner[s] < 0) continue;
        const score = boosted(s, Math.sqrt(dot / (qNorm * this.norm(s))));
        if (score >= threshold) scored.push({ s, score });
      }
    } else {
      // The rarer terms' share of the score picks `PARTIAL_CANDIDATES`; their full sparse scores the
      // best SEMANTIC_CANDIDATES of those.
      const partial = this.partialHeap;
      for (let t = 0; t < touchedCount; t++) {
        const s = touched[t];
        const dot = acc[s];
        acc[s] = 0;
        shared[s] = 0;
        if (dot > 0 && slotOwner[s] >= 0) partial.offer(s, dot / this.norm(s));
      }
      const heap = this.heap;
      for (const { s } of partial.drain()) {
        const sparse = this.exactSparse(s, mark, qNorm);
        if (sparse > 0) heap.offer(s, sparse);
      }
      // The semantic layer orders them, with the paragraphs of the authority's own reports closest in
      // content when so set.
      const candidates = heap.drain();
      if (this.options.wholeAuthority) {
        const taken = new Set(candidates.map((c) => c.s));
        const same = this.authorityReports.get(ownAuthority) ?? new Set<ReportSlot>();
        // The authority's paragraphs not among the candidates yet.
        let count = 0;
        for (const r of same) if (r !== own) count += r.slots.length;
        for (const c of candidates) if (slotAuthority[c.s] === ownAuthority) count--;
        const extra: number[] = [];
        if (count <= AUTHORITY_CANDIDATES) {
          for (const r of same) if (r !== own) for (const s of r.slots) if (!taken.has(s)) extra.push(s);
        } else {
          // An authority with many reports: the paragraphs closest in content only.
          const near = this.nearHeap;
          const d = this.paragraphDims;
          for (const r of same) if (r !== own) for (const s of r.slots) if (!taken.has(s)) near.offer(s, this.nearness(q, s, d));
          for (const e of near.drain()) extra.push(e.s);
        }
        for (const s of extra) candidates.push({ s, score: Math.max(0, this.exactSparse(s, mark, qNorm)) });
      }
      // Candidates in order of the score's part that costs little (the pairs of sentences, which cost
      // the most, add at most `sentence`): once even that part plus the most the sentences could add
      // (and the most shared criteria could) cannot reach the `top` best, the rest cannot either.
      const d = this.paragraphDims;
      const w = this.options.semantic;
      const base = candidates.map((c) => ({ s: c.s, base: this.blendBase(q, c.s, d, c.score) }));
      base.sort((a, b) => b.base - a.base || a.s - b.s);
      const top = options.top;
      const best: number[] = [];
      for (const c of base) {
        if (top !== undefined && best.length >= top) {
          let bound = Math.min(1, c.base + w.sentence);
          if (para.criteria.length > 0) bound += (1 - bound) * CRITERIA_BOOST;
          if (bound < best[top - 1]) break;
        }
        const raw = c.base + w.sentence * this.sentenceAgreement(q, c.s);
        const score = boosted(c.s, raw < 0 ? 0 : raw > 1 ? 1 : raw);
        if (score < threshold) continue;
        scored.push({ s: c.s, score });
        if (top !== undefined) {
          let at = best.length;
          while (at > 0 && best[at - 1] < score) at--;
          if (at < top) {
            best.splice(at, 0, score);
            if (best.length > top) best.length = top;
          }
        }
      }
    }
    const place = (s: number): [string, number] => [(slotReport[s] as ReportSlot).info.file, (this.slotParagraph[s] as IndexedParagraph).startLine];
    scored.sort((a, b) => {
      if (b.score !== a.score) return b.score - a.score;
      const [fa, la] = place(a.s);
      const [fb, lb] = place(b.s);
      return fa < fb ? -1 : fa > fb ? 1 : la - lb;
    });
    const kept = options.top !== undefined ? scored.slice(0, options.top) : scored;
    return kept.map(({ s, score }) => {
      const r = slotReport[s] as ReportSlot;
      const p = this.slotParagraph[s] as IndexedParagraph;
      return {
        file: r.info.file,
        paragraph: p.id,
        number: p.number,
        score,
        startLine: p.startLine,
        endLine: p.endLine,
        localAuthority: r.info.localAuthority,
        date: r.info.date,
        reportKind: r.info.reportKind,
        sharedCriteria: para.criteria.filter((c) => p.criteria.includes(c)),
        otherAuthority: r.authority !== own.authority,
      };
    });
  }
}


/** Reports put into the index at once by `indexReports`. */
export const INDEX_BATCH = 32;

/**
 * An index of reports read with their tags (as the CLI reads a workspace), filled in one batch, with
 * the semantic layer when a model is given; unreadable reports (null) are left out.
 */
export function indexReports(sources: Iterable<{ file: string; report: Report | null; annotations: readonly ResolvedAnnotation[] }>, model: SemanticModel | null = null): ParagraphIndex {
  const index = new ParagraphIndex();
  index.setModel(model);
  const filling = new IndexFilling(index);
  for (const s of sources) if (s.report) filling.add(reportFeatures(s.file, s.report, taggedCriteria(s.annotations), undefined, index.terms));
  return filling.filled();
}

/** How many reports' features a reader may be asked for before the first of them is taken in. */
const READING_AHEAD = 16;

/** How many reports are read here before a reader is started: a few are not worth another thread. */
export const READER_AFTER = 8;

/**
 * An index filled with reports read one after another (the CLI's whole workspace, the editor's
 * first build): their features put in `INDEX_BATCH` at a time, so that each posting list grows a
 * few times at most and only one batch of features, and the reports being read, are held at a time.
 *
 * Given a way to start a `FeatureReader` (another thread), `addReport` has the reports' features
 * read there, from the `READER_AFTER`-th report on, while the caller reads and parses the next
 * ones. Should the reader fail, the reports it has not answered, and every one after them, are read
 * here instead, and `readerFailed` says why. `finish` (or `stop`, when filling is abandoned)
 * always stops the reader.
 */
export class IndexFilling {
  private batch: ReportFeatures[] = [];
  private readonly asked: { file: string; report: Report; criteria?: ReadonlyMap<string, readonly string[]>; compared: ComparedParagraph[]; read: Promise<ReadFeatures> }[] = [];
  private readonly renumbering: TermRenumbering;
  /** Why the reader was given up (null while it works, or when there is none). */
  readerFailed: Error | null = null;
  /** Whether a reader was started (and so some features were read on another thread). */
  readerStarted = false;

  private reader: FeatureReader | null = null;
  private readonly startReader: (() => FeatureReader | null) | null;
  private given = 0;
  private readonly tight: boolean;

  /**
   * `reader`: starts a reader of the features of the reports given to `addReport` (absent, or
   * null from it: they are read here). `tight` (default true): the postings are packed tight at the
   * end, for an index that is then only queried (the CLI's); an index that goes on taking reports
   * (the editor's) keeps its room to grow.
   */
  constructor(
    private readonly index: ParagraphIndex,
    options: { reader?: () => FeatureReader | null; tight?: boolean } = {},
  ) {
    this.startReader = options.reader ?? null;
    this.tight = options.tight ?? true;
    this.renumbering = new TermRenumbering(index.terms);
  }

  /** Puts in a report's features, numbered in the index's table (`reportFeatures(..., index.terms)`). */
  add(features: ReportFeatures): void {
    this.batch.push(features);
    if (this.batch.length === INDEX_BATCH) {
      this.index.setReports(this.batch);
      this.batch = [];
    }
  }

  /**
   * Puts in a parsed report, its features read by the reader when there is one: this waits only
   * when `READING_AHEAD` reports are already being read. Reports go in in the order given.
   */
  async addReport(file: string, report: Report, criteria?: ReadonlyMap<string, readonly string[]>): Promise<void> {
    if (++this.given === READER_AFTER && this.startReader && !this.readerStarted && !this.readerFailed) {
      this.reader = this.startReader();
      this.readerStarted = this.reader !== null;
    }
    if (!this.reader) {
      this.add(reportFeatures(file, report, criteria, undefined, this.index.terms));
      return;
    }
    const compared = comparedParagraphs(report, false);
    const read = this.reader.read(compared.map(({ text, polarity }) => (polarity === undefined ? { text } : { text, polarity })));
    // Taken in its turn below; one the reader fails is read here then.
    read.catch(() => undefined);
    this.asked.push({ file, report, criteria, compared, read });
    while (this.asked.length > READING_AHEAD) await this.takeFirst();
  }

  private async takeFirst(): Promise<void> {
    const next = this.asked.shift();
    if (!next) return;
    const { file, report, criteria, compared } = next;
    if (this.reader) {
      try {
        const read = await next.read;
        // Given up while this one was awaited: its terms may follow ones never taken in.
        if (this.reader) {
          this.add(withFeatures(file, report, compared, this.renumbering.take(read), this.index.terms, criteria));
          return;
        }
      } catch (err) {
        this.readerFailed ??= err instanceof Error ? err : new Error(String(err));
        this.stop();
      }
    }
    this.add(reportFeatures(file, report, criteria, undefined, this.index.terms));
  }

  /** Stops the reader (if any): what it has not answered is read here when taken in. */
  stop(): void {
    this.reader?.dispose();
    this.reader = null;
  }

  /** The filled index, its postings packed tight (unless told not to); the reader is stopped, whatever happens. */
  async finish(): Promise<ParagraphIndex> {
    try {
      while (this.asked.length > 0) await this.takeFirst();
    } finally {
      this.stop();
    }
    return this.filled();
  }

  /** `finish` for an index filled by `add` alone (nothing asked of a reader). */
  filled(): ParagraphIndex {
    if (this.asked.length > 0) throw new Error('reports are still being read: await finish()');
    this.stop();
    if (this.batch.length > 0) this.index.setReports(this.batch);
    this.batch = [];
    if (this.tight) this.index.trim();
    return this.index;
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
