/**
 * Anchoring: making W3C selectors for a tagged range, finding the range again in a changed report,
 * and moving ranges through live edits.
 *
 * Re-anchoring follows the approach of the Hypothesis annotation client, in three steps, each tried
 * only when the one before found nothing:
 * 1. position: the text at the old offsets is still exactly the quote;
 * 2. quote: every occurrence of the quote in a copy of the text with every run of whitespace
 *    folded to one space and typographic quotes and dashes folded to plain ones (so re-wrapped
 *    lines and re-flowed paragraphs match), mapped back to offsets in the real text; the best
 *    chosen by how well the text around it matches the stored prefix and suffix, then by being
 *    the quote character for character, then by closeness to the old position;
 * 3. fuzzy quote: an approximate match on that folded text allowing edits of up to a fifth of the
 *    quote's length, accepted only when the match and its surroundings are close enough (see
 *    `acceptFuzzy`).
 * Anything else is an orphan: anchor `null`. A tag is never put on text that does not match its
 * quote.
 *
 * Approximate matching uses `approx-string-match` (Myers' bit-parallel algorithm; the library the
 * Hypothesis client uses for the same job). It takes patterns of any length, where the bitap matcher
 * in diff-match-patch is limited to 32 characters, and tagged paragraphs are far longer than that.
 */
import search from 'approx-string-match';
import { editDistance, stripBom } from '../text';
import type { Selectors } from './types';

export { stripBom };

/** A range of offsets into a report text; `end` exclusive. */
export interface TextRange {
  start: number;
  end: number;
}

/** Characters of context kept either side of a quote. */
export const CONTEXT_LENGTH = 32;

/** Quotes shorter than this (after folding whitespace) are never fuzzy-matched: too easy to confuse. */
export const MIN_FUZZY_LENGTH = 16;
/** A fuzzy match must be at least this similar to the quote (1 - edits / quote length). */
export const MIN_QUOTE_SIMILARITY = 0.8;
/** From this quote similarity up, a fuzzy match needs only weak support from its surroundings... */
export const CONFIDENT_QUOTE_SIMILARITY = 0.9;
/** ...this much (mean similarity of the stored prefix and suffix to the text around the match)... */
export const MIN_CONTEXT_FOR_CONFIDENT = 0.3;
/** ...while a less similar match needs its surroundings to match this well. */
export const MIN_CONTEXT_FOR_CLOSE = 0.7;
/**
 * Two fuzzy matches in different places whose scores (quote 6, prefix 2, suffix 2, closeness 1)
 * differ by less than this are ambiguous: the tag becomes an orphan.
 */
export const AMBIGUITY_MARGIN = 1;

export type AnchorMethod = 'position' | 'quote' | 'normalised-quote' | 'fuzzy' | 'orphan';

export interface AnchorResult {
  /** Where the tag now is, or null for an orphan. */
  anchor: TextRange | null;
  method: AnchorMethod;
  /** Similarity of the anchored text to the quote (1 for an exact match, 0 for an orphan). */
  quoteSimilarity: number;
}


function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

/** Makes quote and position selectors for `text[start, end)`, with up to `contextLength` characters either side. */
export function createSelectors(text: string, start: number, end: number, contextLength = CONTEXT_LENGTH): Selectors {
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > text.length || start > end) {
    throw new RangeError(`Range ${start}-${end} is not within the text (length ${text.length})`);
  }
  if (start === end) throw new RangeError('Cannot anchor an empty range');
  let prefixStart = Math.max(0, start - contextLength);
  // Do not cut a surrogate pair in half.
  if (prefixStart > 0 && isHighSurrogate(text.charCodeAt(prefixStart - 1))) prefixStart -= 1;
  let suffixEnd = Math.min(text.length, end + contextLength);
  if (suffixEnd < text.length && isHighSurrogate(text.charCodeAt(suffixEnd - 1))) suffixEnd += 1;
  return {
    quote: { exact: text.slice(start, end), prefix: text.slice(prefixStart, start), suffix: text.slice(end, suffixEnd) },
    position: { start, end },
  };
}

// ---- Folded text ---------------------------------------------------------------------------

function isSpace(c: number): boolean {
  return (
    c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

/** Folds characters that PDF extraction and re-typing vary: curly quotes, dashes. One char in, one out. */
function foldChar(c: number): number {
  switch (c) {
    case 0x2018: case 0x2019: case 0x201a: case 0x201b: case 0x2032:
      return 39; // '
    case 0x201c: case 0x201d: case 0x201e: case 0x201f: case 0x2033:
      return 34; // "
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015: case 0x2212:
      return 45; // -
    default:
      return c;
  }
}

/** Folds a string the way `FoldedText` folds a report, trimmed. */
export function foldText(s: string): string {
  let out = '';
  let pendingSpace = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isSpace(c)) {
      pendingSpace = out.length > 0;
      continue;
    }
    if (pendingSpace) out += ' ';
    pendingSpace = false;
    out += String.fromCharCode(foldChar(c));
  }
  return out;
}

/**
 * A report text prepared for re-anchoring many tags: the folded copy and the offset maps between
 * the two are built once, and only when a tag is not found at its stored position (most tags on an
 * unchanged report never need them).
 */
export class AnchoringText {
  private prepared: { folded: string; foldedToRaw: Int32Array; rawToFolded: Int32Array } | undefined;

  constructor(readonly text: string) {}

  /** Whitespace runs folded to one space, quotes and dashes folded; no leading space. */
  get folded(): string {
    return this.prepare().folded;
  }

  private prepare(): { folded: string; foldedToRaw: Int32Array; rawToFolded: Int32Array } {
    if (this.prepared) return this.prepared;
    const text = this.text;
    const n = text.length;
    const codes: number[] = [];
    /** For each folded index, the raw offset of the character it came from. */
    const toRaw = new Int32Array(n + 1);
    /** For each raw offset (0..length), the folded index of the first folded character at or after it. */
    const toFolded = new Int32Array(n + 1);
    let pendingSpaceAt = -1;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (isSpace(c)) {
        if (pendingSpaceAt < 0 && codes.length > 0) pendingSpaceAt = i;
        toFolded[i] = codes.length + (pendingSpaceAt >= 0 && pendingSpaceAt < i ? 1 : 0);
        continue;
      }
      if (pendingSpaceAt >= 0) {
        toRaw[codes.length] = pendingSpaceAt;
        codes.push(32);
        pendingSpaceAt = -1;
      }
      toFolded[i] = codes.length;
      toRaw[codes.length] = i;
      codes.push(foldChar(c));
    }
    toFolded[n] = codes.length;
    toRaw[codes.length] = n;
    let folded = '';
    for (let i = 0; i < codes.length; i += 8192) folded += String.fromCharCode(...codes.slice(i, i + 8192));
    this.prepared = { folded, foldedToRaw: toRaw.slice(0, codes.length + 1), rawToFolded: toFolded };
    return this.prepared;
  }

  /** Raw range of the folded range `[start, end)` (end exclusive, both in folded indices). */
  rawRange(start: number, end: number): TextRange {
    const { foldedToRaw } = this.prepare();
    return { start: foldedToRaw[start], end: foldedToRaw[end - 1] + 1 };
  }

  foldedIndex(rawOffset: number): number {
    const { folded, rawToFolded } = this.prepare();
    return Math.min(folded.length, rawToFolded[Math.max(0, Math.min(rawOffset, this.text.length))]);
  }
}

// ---- Similarity ----------------------------------------------------------------------------

function similarity(a: string, b: string): number {
  const longest = Math.max(a.length, b.length);
  return longest === 0 ? 1 : 1 - editDistance(a, b) / longest;
}

interface FoldedSelectors {
  quote: string;
  prefix: string;
  suffix: string;
}

function foldSelectors(selectors: Selectors): FoldedSelectors {
  return {
    quote: foldText(selectors.quote.exact),
    prefix: foldText(selectors.quote.prefix),
    suffix: foldText(selectors.quote.suffix),
  };
}

/**
 * How well the folded text around a folded candidate `[start, end)` matches the stored context,
 * 0..1 each. A stored context that is empty (the tag was at the start or end of the report) counts
 * 1 when the candidate is there too, and 0.5 (no evidence either way) otherwise.
 */
function contextSimilarity(t: AnchoringText, sel: FoldedSelectors, start: number, end: number): { prefix: number; suffix: number } {
  const before = t.folded.slice(Math.max(0, start - sel.prefix.length - 1), start).trim();
  const after = t.folded.slice(end, end + sel.suffix.length + 1).trim();
  const prefix =
    sel.prefix.length === 0 ? (before.length === 0 ? 1 : 0.5) : similarity(sel.prefix, before.slice(Math.max(0, before.length - sel.prefix.length)));
  const suffix = sel.suffix.length === 0 ? (after.length === 0 ? 1 : 0.5) : similarity(sel.suffix, after.slice(0, sel.suffix.length));
  return { prefix, suffix };
}

/** Occurrences of `needle` in `hay`, at most `limit`. */
function occurrences(hay: string, needle: string, limit: number): number[] {
  const out: number[] = [];
  for (let i = hay.indexOf(needle); i >= 0 && out.length < limit; i = hay.indexOf(needle, i + 1)) out.push(i);
  return out;
}

/** The most occurrences of a quote examined; more than that and the quote is no guide anyway. */
const MAX_OCCURRENCES = 2000;

// ---- Re-anchoring --------------------------------------------------------------------------

/**
 * Finds a tag's range in `text` (the current report text, BOM removed) from its selectors.
 * Pass an `AnchoringText` when re-anchoring many tags on one text.
 */
export function reanchor(text: string | AnchoringText, selectors: Selectors): AnchorResult {
  const t = typeof text === 'string' ? new AnchoringText(text) : text;
  const raw = t.text;
  const { exact } = selectors.quote;
  const { start, end } = selectors.position;
  const orphan: AnchorResult = { anchor: null, method: 'orphan', quoteSimilarity: 0 };
  if (exact.length === 0) return orphan;

  // 1. Position.
  if (start >= 0 && end <= raw.length && end - start === exact.length && raw.startsWith(exact, start)) {
    return { anchor: { start, end }, method: 'position', quoteSimilarity: 1 };
  }

  const sel = foldSelectors(selectors);
  if (sel.quote.length === 0) return orphan; // a quote of nothing but whitespace cannot be found again
  const expected = t.foldedIndex(start);

  // 2. The quote, compared with whitespace and typography folded (so re-wrapped lines match),
  // the best occurrence chosen by context, then by being the exact raw text, then by closeness.
  const hits = occurrences(t.folded, sel.quote, MAX_OCCURRENCES);
  if (hits.length > 0) {
    const lead = exact.length - exact.trimStart().length;
    let best: { anchor: TextRange; exactRaw: boolean; score: number } | null = null;
    for (const h of hits) {
      const r = t.rawRange(h, h + sel.quote.length);
      const exactRaw = r.start - lead >= 0 && raw.startsWith(exact, r.start - lead);
      const anchor = exactRaw ? { start: r.start - lead, end: r.start - lead + exact.length } : r;
      const ctx = contextSimilarity(t, sel, h, h + sel.quote.length);
      const closeness = 1 - Math.min(1, Math.abs(h - expected) / Math.max(1, t.folded.length));
      const score = 2 * ctx.prefix + 2 * ctx.suffix + (exactRaw ? 0.25 : 0) + closeness;
      if (!best || score > best.score) best = { anchor, exactRaw, score };
    }
    if (best) return { anchor: best.anchor, method: best.exactRaw ? 'quote' : 'normalised-quote', quoteSimilarity: 1 };
  }

  // 3. Fuzzy.
  if (sel.quote.length < MIN_FUZZY_LENGTH) return orphan;
  const maxErrors = Math.floor(sel.quote.length * (1 - MIN_QUOTE_SIMILARITY));
  const matches = fuzzyMatches(t, sel, expected, maxErrors);
  const candidates: { start: number; end: number; score: number; quoteSimilarity: number; accepted: boolean }[] = [];
  const seen = new Set<string>();
  for (const m of matches) {
    const trimmed = trimFolded(t.folded, m.start, m.end);
    if (!trimmed) continue;
    const key = `${trimmed.start}:${trimmed.end}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const quoteSimilarity = 1 - m.errors / sel.quote.length;
    const ctx = contextSimilarity(t, sel, trimmed.start, trimmed.end);
    const closeness = 1 - Math.min(1, Math.abs(trimmed.start - expected) / Math.max(1, t.folded.length));
    const score = 6 * quoteSimilarity + 2 * ctx.prefix + 2 * ctx.suffix + closeness;
    candidates.push({ ...trimmed, score, quoteSimilarity, accepted: acceptFuzzy(quoteSimilarity, storedContextSimilarity(sel, ctx)) });
  }
  candidates.sort((a, b) => b.score - a.score);
  const best = candidates.find((c) => c.accepted);
  if (!best) return orphan;
  // Near-copies of the text in two places (a running header, a repeated sentence) that neither
  // context nor position tells apart: guessing could attach the tag to the wrong one.
  const rival = candidates.find((c) => c !== best && (c.end <= best.start || c.start >= best.end));
  if (rival && best.score - rival.score < AMBIGUITY_MARGIN) return orphan;
  return { anchor: t.rawRange(best.start, best.end), method: 'fuzzy', quoteSimilarity: best.quoteSimilarity };
}

/**
 * Whether a fuzzy match is close enough. `contextSimilarity` is the mean similarity of the stored,
 * non-empty prefix and suffix to the text around the match (1 when the tag had no context at all).
 * Requiring some agreement of the surroundings is what keeps a tag off a near-copy of its text
 * elsewhere, such as a running page header.
 */
export function acceptFuzzy(quoteSimilarity: number, contextSimilarity: number): boolean {
  if (quoteSimilarity >= CONFIDENT_QUOTE_SIMILARITY) return contextSimilarity >= MIN_CONTEXT_FOR_CONFIDENT;
  return quoteSimilarity >= MIN_QUOTE_SIMILARITY && contextSimilarity >= MIN_CONTEXT_FOR_CLOSE;
}

/** Re-anchors many tags on one text. */
export function reanchorAll(text: string, selectors: readonly Selectors[]): AnchorResult[] {
  const t = new AnchoringText(text);
  return selectors.map((s) => reanchor(t, s));
}

function trimFolded(folded: string, start: number, end: number): { start: number; end: number } | null {
  let s = start;
  let e = end;
  while (s < e && folded.charCodeAt(s) === 32) s++;
  while (e > s && folded.charCodeAt(e - 1) === 32) e--;
  return s < e ? { start: s, end: e } : null;
}

/** Mean similarity over the contexts the tag has (an empty stored prefix or suffix is no evidence). */
function storedContextSimilarity(sel: FoldedSelectors, ctx: { prefix: number; suffix: number }): number {
  const parts: number[] = [];
  if (sel.prefix.length > 0) parts.push(ctx.prefix);
  if (sel.suffix.length > 0) parts.push(ctx.suffix);
  return parts.length === 0 ? 1 : parts.reduce((a, b) => a + b, 0) / parts.length;
}

interface ApproxMatch {
  start: number;
  end: number;
  errors: number;
}

/** Context strings shorter than this are too weak to locate a quote by. */
const MIN_CONTEXT_FOR_SEARCH = 8;
/** The most places a prefix or suffix is looked for a quote next to. */
const MAX_CONTEXT_HITS = 8;

/**
 * Approximate matches of the quote. The library reports only the matches with the fewest edits in
 * the text searched, so a copy of similar text elsewhere (a running page header, a repeated
 * sentence) could hide the real, slightly more edited quote. So the quote is also searched for in
 * small windows: where it used to be, just after each place the prefix still (roughly) occurs and
 * just before each place the suffix does; the scoring then weighs all of them.
 */
function fuzzyMatches(t: AnchoringText, sel: FoldedSelectors, expected: number, maxErrors: number): ApproxMatch[] {
  const text = t.folded;
  const m = sel.quote.length;
  const slack = maxErrors + 1;
  const out: ApproxMatch[] = search(text, sel.quote, maxErrors);
  const windows: [number, number][] = [[expected - slack, expected + m + slack]];
  if (sel.prefix.length >= MIN_CONTEXT_FOR_SEARCH) {
    for (const p of contextHits(text, sel.prefix)) windows.push([p.end - 1, p.end + m + slack]);
  }
  if (sel.suffix.length >= MIN_CONTEXT_FOR_SEARCH) {
    for (const s of contextHits(text, sel.suffix)) windows.push([s.start - m - slack, s.start + 1]);
  }
  for (const [a, b] of windows) {
    const from = Math.max(0, a);
    const to = Math.min(text.length, b);
    if (to - from < m - maxErrors) continue;
    for (const x of search(text.slice(from, to), sel.quote, maxErrors)) out.push({ start: x.start + from, end: x.end + from, errors: x.errors });
  }
  return out;
}

function contextHits(text: string, context: string): ApproxMatch[] {
  // Exact occurrences first (cheap); an approximate search only when the context itself changed.
  const exact = occurrences(text, context, MAX_CONTEXT_HITS);
  if (exact.length > 0) return exact.map((start) => ({ start, end: start + context.length, errors: 0 }));
  const hits: ApproxMatch[] = [];
  for (const h of search(text, context, Math.floor(context.length / 4))) {
    const last = hits[hits.length - 1];
    if (last && h.start < last.end) continue; // the same place, ending one character later
    hits.push(h);
    if (hits.length >= MAX_CONTEXT_HITS) break;
  }
  return hits;
}

// ---- Live edits ----------------------------------------------------------------------------

/** One text change: `deletedLength` characters at `offset` replaced by `insertedText`. */
export interface TextChange {
  offset: number;
  deletedLength: number;
  insertedText: string;
}

/**
 * Moves a range through edits, applied in order (each change's offset refers to the text as the
 * changes before it left it; VS Code's content changes, which come last-in-document first, can be
 * passed as they are). Typing at either edge of a tag does not grow it; edits inside it do; a change
 * that removes the whole tag returns null (re-anchor by quote then, in case the same text came back).
 */
export function shiftAnchor(anchor: TextRange, changes: readonly TextChange[]): TextRange | null {
  let { start, end } = anchor;
  for (const c of changes) {
    const cStart = c.offset;
    const cEnd = c.offset + c.deletedLength;
    const delta = c.insertedText.length - c.deletedLength;
    if (cStart >= end) continue; // after the tag (or typing at its end)
    if (cEnd <= start) {
      // before the tag (or typing at its start)
      start += delta;
      end += delta;
      continue;
    }
    if (cStart <= start && cEnd >= end) return null; // the whole tag replaced
    if (cStart >= start && cEnd <= end) {
      end += delta; // inside the tag
      continue;
    }
    if (cStart < start) {
      // overlaps the start: the tag now begins after the inserted text
      start = cStart + c.insertedText.length;
      end += delta;
    } else {
      // overlaps the end: the tag now ends where the change begins
      end = cStart;
    }
  }
  return end > start ? { start, end } : null;
}
