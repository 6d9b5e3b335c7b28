/**
 * Paragraphs' features read on another thread. Reading features is the larger part of building the
 * recurrence index from cold, and it needs nothing but the paragraphs' texts: a host with a core to
 * spare (the Node host's worker, `node/featureThread.ts`) reads them there while its own thread
 * goes on reading and parsing the next reports (`IndexFilling.addReport`).
 *
 * The worker numbers terms in a table of its own (`FeatureReading`) and sends, with each report's
 * features, the terms it numbered for them; the index's side (`TermRenumbering`) numbers those in
 * the index's table. The features it gets are the ones `paragraphFeatures` gives with the index's
 * table, but for the numbers the new terms are given; a paragraph the reader finds to be Ofsted's
 * stock account of the inspection (`isStockText`) gets none.
 */
import { isStockText, paragraphFeatures, TermTable, type NewTerms, type ParagraphFeatures, type Polarity } from './features';

/** A paragraph to read: its text, and the polarity that overrides its sentences' (see `paragraphFeatures`). */
export interface ParagraphText {
  text: string;
  polarity?: Polarity;
}

/**
 * Paragraphs' features as a reader sends them: packed one after another (paragraph k's entries
 * from `offsets[k]` to `offsets[k + 1]`), with the terms its table numbered for them.
 */
export interface ReadFeatures {
  terms: NewTerms;
  ids: Int32Array;
  counts: Uint16Array;
  polarities: Int8Array;
  sentences: Uint32Array;
  offsets: Int32Array;
}

/** Reads paragraphs' features off the index's thread; answers come in the order they were asked. */
export interface FeatureReader {
  read(paragraphs: readonly ParagraphText[]): Promise<ReadFeatures>;
  /** Stops the reader: what it has not answered yet is rejected. */
  dispose(): void;
}

const NO_FEATURES: ParagraphFeatures = { ids: new Int32Array(0), counts: new Uint16Array(0), polarities: new Int8Array(0), sentences: new Uint32Array(0) };

/** The reader's side: features read with a table of its own, each term sent once, with the first features that use it. */
export class FeatureReading {
  private readonly terms = new TermTable();
  private sent = 0;

  read(paragraphs: readonly ParagraphText[]): ReadFeatures {
    // A stock paragraph (found by its text here, off the index's thread) has no features, and is not indexed.
    const features = paragraphs.map((p) => (isStockText(p.text) ? NO_FEATURES : paragraphFeatures(p.text, this.terms, p.polarity)));
    const offsets = new Int32Array(features.length + 1);
    for (let k = 0; k < features.length; k++) offsets[k + 1] = offsets[k] + features[k].ids.length;
    const total = offsets[features.length];
    const out: ReadFeatures = {
      terms: this.terms.termsSince(this.sent),
      ids: new Int32Array(total),
      counts: new Uint16Array(total),
      polarities: new Int8Array(total),
      sentences: new Uint32Array(total),
      offsets,
    };
    this.sent = this.terms.size;
    features.forEach((f, k) => {
      out.ids.set(f.ids, offsets[k]);
      out.counts.set(f.counts, offsets[k]);
      out.polarities.set(f.polarities, offsets[k]);
      if (f.sentences) out.sentences.set(f.sentences, offsets[k]);
    });
    return out;
  }
}

/** The memory of what `read` gave, to be handed over to the other thread rather than copied. */
export function readFeaturesBuffers(r: ReadFeatures): ArrayBuffer[] {
  return [r.ids, r.counts, r.polarities, r.sentences, r.offsets, r.terms.first, r.terms.second].map((a) => a.buffer as ArrayBuffer);
}

/** The index's side: takes in what one `FeatureReading` sends, in the order it was sent, numbered in `terms`. */
export class TermRenumbering {
  /** The id in `terms` of each id of the reader's table. */
  private ids = new Int32Array(1 << 12);
  private known = 0;

  constructor(private readonly terms: TermTable) {}

  take(read: ReadFeatures): ParagraphFeatures[] {
    const news = read.terms;
    if (news.from !== this.known) throw new Error(`features read out of order: their new terms start at ${news.from}, not ${this.known}`);
    if (this.known + news.names.length > this.ids.length) {
      const grown = new Int32Array(Math.max(this.ids.length * 2, this.known + news.names.length));
      grown.set(this.ids);
      this.ids = grown;
    }
    const ids = this.ids;
    for (let k = 0; k < news.names.length; k++) {
      const name = news.names[k];
      ids[this.known + k] = name !== null ? this.terms.stem(name) : this.terms.pair(ids[news.first[k]], ids[news.second[k]]);
    }
    this.known += news.names.length;
    const termIds = read.ids;
    for (let i = 0; i < termIds.length; i++) termIds[i] = ids[termIds[i]];
    const out: ParagraphFeatures[] = [];
    for (let k = 0; k + 1 < read.offsets.length; k++) {
      const from = read.offsets[k];
      const to = read.offsets[k + 1];
      out.push({ ids: termIds.subarray(from, to), counts: read.counts.subarray(from, to), polarities: read.polarities.subarray(from, to), sentences: read.sentences.subarray(from, to) });
    }
    return out;
  }
}
