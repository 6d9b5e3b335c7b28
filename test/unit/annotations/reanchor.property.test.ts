/**
 * Property tests: random edits to a report never move a tag onto the wrong text. Each tag either
 * stays on its quote (the same text, modulo whitespace), follows a small edit to the quote itself
 * (a close match, overlapping what is left of the original quote), or becomes an orphan.
 *
 * The oracle tracks every character through the edits: each character of the edited text knows
 * which character of the original it came from (or that it was inserted), so the test knows where
 * the original quote really is, independently of the code under test.
 */
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { AnchoringText, createSelectors, foldText, reanchor, stripBom } from '../../../src/core/annotations';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const SAMPLE_REPORTS = path.resolve(REPO_ROOT, '../shared/reports/sample');
const FIXTURE = readFileSync(path.resolve(REPO_ROOT, 'test/fixtures/annotations/fenwick-extract.txt'), 'utf8');

/** A text together with, for each character, the index of the original character it came from (-1: inserted). */
interface TrackedText {
  text: string;
  origin: number[];
}

type Edit =
  | { kind: 'insert-words'; at: number; words: number[] }
  | { kind: 'insert-paragraph'; at: number; words: number[] }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'rewrap'; at: number; length: number; seed: number }
  | { kind: 'crlf' };

function splice(doc: TrackedText, at: number, deleted: number, inserted: string): TrackedText {
  return {
    text: doc.text.slice(0, at) + inserted + doc.text.slice(at + deleted),
    origin: [...doc.origin.slice(0, at), ...new Array<number>(inserted.length).fill(-1), ...doc.origin.slice(at + deleted)],
  };
}

function applyEdit(doc: TrackedText, edit: Edit, vocabulary: string[]): TrackedText {
  const n = doc.text.length;
  const pos = (frac: number) => Math.min(n, Math.floor(frac * (n + 1)));
  const phrase = (words: number[]) => words.map((w) => vocabulary[w % vocabulary.length]).join(' ');
  switch (edit.kind) {
    case 'insert-words':
      return splice(doc, pos(edit.at), 0, ` ${phrase(edit.words)} `);
    case 'insert-paragraph': {
      // At the start of a line, as a reissue adds a paragraph.
      const p = pos(edit.at);
      const lineStart = doc.text.lastIndexOf('\n', p - 1) + 1;
      return splice(doc, lineStart, 0, `${phrase(edit.words)}.\n\n`);
    }
    case 'delete': {
      const at = pos(edit.at);
      return splice(doc, at, Math.min(edit.length, n - at), '');
    }
    case 'rewrap': {
      // Re-wrap a stretch: some spaces become line breaks, most line breaks become spaces.
      const start = pos(edit.at);
      const end = Math.min(n, start + edit.length);
      let seed = edit.seed >>> 0 || 1;
      const rand = () => {
        seed ^= seed << 13;
        seed ^= seed >>> 17;
        seed ^= seed << 5;
        return (seed >>> 0) / 0x100000000;
      };
      const chars = doc.text.split('');
      for (let i = start; i < end; i++) {
        if (chars[i] === ' ' && rand() < 0.12) chars[i] = '\n';
        else if (chars[i] === '\n' && rand() < 0.6) chars[i] = ' ';
      }
      return { text: chars.join(''), origin: doc.origin };
    }
    case 'crlf': {
      const text: string[] = [];
      const origin: number[] = [];
      for (let i = 0; i < n; i++) {
        if (doc.text[i] === '\n' && doc.text[i - 1] !== '\r') {
          text.push('\r');
          origin.push(-1);
        }
        text.push(doc.text[i]);
        origin.push(doc.origin[i]);
      }
      return { text: text.join(''), origin };
    }
  }
}

const editArb = (vocabularySize: number): fc.Arbitrary<Edit> => {
  const words = fc.array(fc.nat(vocabularySize - 1), { minLength: 1, maxLength: 40 });
  const frac = fc.double({ min: 0, max: 1, noNaN: true });
  return fc.oneof(
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('insert-words' as const), at: frac, words }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('insert-paragraph' as const), at: frac, words }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: frac, length: fc.integer({ min: 1, max: 150 }) }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('rewrap' as const), at: frac, length: fc.integer({ min: 50, max: 5000 }), seed: fc.nat() }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'crlf' as const }) },
  );
};

/** Levenshtein distance, written plainly for the oracle. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

function countOccurrences(hay: string, needle: string): number {
  let count = 0;
  for (let i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + 1)) count++;
  return count;
}

/** Picks a tag range of whole words from fractions, or null if the quote is not unique in the text. */
function pickTag(text: string, folded: string, at: number, length: number): { start: number; end: number } | null {
  let start = Math.floor(at * text.length);
  while (start > 0 && /\S/.test(text[start - 1])) start--;
  while (start < text.length && /\s/.test(text[start])) start++;
  let end = Math.min(text.length, start + length);
  while (end < text.length && /\S/.test(text[end])) end++;
  if (end - start < 20) return null;
  const quote = foldText(text.slice(start, end));
  if (countOccurrences(folded, quote) !== 1) return null;
  return { start, end };
}

interface Outcome {
  orphans: number;
  fuzzy: number;
  tags: number;
}

/** Tags, edits, re-anchors, and checks every tag against the oracle. */
type Anchorer = typeof reanchor;

function checkReport(
  original: string,
  tagPicks: [number, number][],
  edits: Edit[],
  vocabulary: string[],
  outcome: Outcome,
  anchorer: Anchorer = reanchor,
): void {
  const foldedOriginal = new AnchoringText(original).folded;
  const tags = tagPicks.map(([at, len]) => pickTag(original, foldedOriginal, at, len)).filter((t): t is { start: number; end: number } => t !== null);
  let doc: TrackedText = { text: original, origin: Array.from({ length: original.length }, (_, i) => i) };
  for (const e of edits) doc = applyEdit(doc, e, vocabulary);
  const prepared = new AnchoringText(doc.text);

  for (const tag of tags) {
    const selectors = createSelectors(original, tag.start, tag.end);
    const quote = foldText(selectors.quote.exact);
    const res = anchorer(prepared, selectors);
    outcome.tags++;
    if (!res.anchor) outcome.orphans++;
    if (res.method === 'fuzzy') outcome.fuzzy++;

    // Where the original quote's characters are now.
    let lo = -1;
    let hi = -1;
    for (let i = 0; i < doc.origin.length; i++) {
      const o = doc.origin[i];
      if (o >= tag.start && o < tag.end) {
        if (lo < 0) lo = i;
        hi = i + 1;
      }
    }
    const intact = lo >= 0 && foldText(doc.text.slice(lo, hi)) === quote;
    const context = `quote ${JSON.stringify(quote.slice(0, 80))}, result ${JSON.stringify(res)}`;

    if (intact) {
      assert.ok(res.anchor, `an intact quote was orphaned: ${context}`);
      if (countOccurrences(prepared.folded, quote) === 1) {
        assert.ok(res.anchor.start < hi && lo < res.anchor.end, `an intact, unique quote was anchored elsewhere: ${context}`);
      }
    }
    if (!res.anchor) continue;
    const anchored = foldText(doc.text.slice(res.anchor.start, res.anchor.end));
    if (anchored === quote) continue; // on its quote
    // A fuzzy match: it must be close to the quote and on what is left of it.
    assert.ok(lo >= 0, `anchored on other text although the quote was deleted: ${context}, anchored ${JSON.stringify(anchored.slice(0, 80))}`);
    assert.ok(res.anchor.start < hi && lo < res.anchor.end, `a fuzzy anchor away from the quote: ${context}`);
    const similarity = 1 - distance(anchored, quote) / Math.max(anchored.length, quote.length);
    assert.ok(similarity >= 0.75, `a fuzzy anchor not close to the quote (${similarity.toFixed(2)}): ${context}, anchored ${JSON.stringify(anchored.slice(0, 120))}`);
  }
}

function vocabularyOf(text: string): string[] {
  return [...new Set(text.split(/\s+/).filter((w) => w.length > 0))].slice(0, 2000);
}

function sampleReports(): string[] {
  if (!existsSync(SAMPLE_REPORTS)) return [];
  return readdirSync(SAMPLE_REPORTS)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => stripBom(readFileSync(path.join(SAMPLE_REPORTS, f), 'utf8')));
}

function runProperty(texts: string[], numRuns: number, editsArb: (vocabSize: number) => fc.Arbitrary<Edit[]>): Outcome {
  const outcome: Outcome = { orphans: 0, fuzzy: 0, tags: 0 };
  const tagPicks = fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 20, max: 600 })), { minLength: 1, maxLength: 8 });
  fc.assert(
    fc.property(
      fc.nat(texts.length - 1).chain((i) => {
        const vocabulary = vocabularyOf(texts[i]);
        return fc.tuple(fc.constant(i), tagPicks, editsArb(vocabulary.length));
      }),
      ([i, picks, edits]) => {
        checkReport(texts[i], picks, edits, vocabularyOf(texts[i]), outcome);
      },
    ),
    { numRuns },
  );
  return outcome;
}

const mixedEdits = (vocabSize: number) => fc.array(editArb(vocabSize), { minLength: 1, maxLength: 12 });
const layoutEdits = (vocabSize: number) =>
  fc.array(
    editArb(vocabSize).filter((e) => e.kind === 'rewrap' || e.kind === 'insert-paragraph' || e.kind === 'crlf'),
    { minLength: 1, maxLength: 10 },
  );

describe('re-anchoring properties', () => {
  it('on the fixture: random edits keep each tag on its quote, on a close match of it, or make it an orphan', () => {
    runProperty([FIXTURE], 400, mixedEdits);
  });

  it('on the fixture: re-wrapping and inserted paragraphs never orphan a tag whose text is intact', () => {
    runProperty([FIXTURE], 200, layoutEdits);
  });

  it('on real reports: random edits keep each tag on its quote, on a close match of it, or make it an orphan', function () {
    const texts = sampleReports();
    if (texts.length === 0) this.skip();
    runProperty(texts, 150, mixedEdits);
  });

  it('on real reports: re-wrapping and inserted paragraphs never orphan a tag whose text is intact', function () {
    const texts = sampleReports();
    if (texts.length === 0) this.skip();
    runProperty(texts, 60, layoutEdits);
  });

  it('the oracle catches an anchorer that puts tags on the wrong text', () => {
    // Guard against a property that cannot fail: an anchorer that trusts the old offsets blindly
    // must be caught as soon as a paragraph is inserted above a tag.
    const trustingOldOffsets: Anchorer = (_text, selectors) => ({ anchor: { ...selectors.position }, method: 'position', quoteSimilarity: 1 });
    const edits: Edit[] = [{ kind: 'insert-paragraph', at: 0, words: [1, 2, 3, 4, 5] }];
    const outcome: Outcome = { orphans: 0, fuzzy: 0, tags: 0 };
    assert.throws(
      () => checkReport(FIXTURE, [[0.5, 80]], edits, vocabularyOf(FIXTURE), outcome, trustingOldOffsets),
      /anchored elsewhere|away from the quote|not close to the quote/,
    );
    // And an anchorer that orphans an intact tag.
    const orphaning: Anchorer = () => ({ anchor: null, method: 'orphan', quoteSimilarity: 0 });
    assert.throws(() => checkReport(FIXTURE, [[0.5, 80]], edits, vocabularyOf(FIXTURE), outcome, orphaning), /intact quote was orphaned/);
  });
});
