import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  AnchoringText,
  createSelectors,
  foldText,
  paragraphForAnchor,
  reanchor,
  reanchorAll,
  shiftAnchor,
  stripBom,
  type TextRange,
} from '../../../src/core/annotations';
import type { Paragraph } from '../../../src/core/model';
import { LineIndex } from '../../../src/core/range';

const FIXTURE = readFileSync(path.resolve(__dirname, '../../fixtures/annotations/fenwick-extract.txt'), 'utf8');

function rangeOf(text: string, needle: string, from = 0): TextRange {
  const start = text.indexOf(needle, from);
  assert.ok(start >= 0, `"${needle}" not in text`);
  return { start, end: start + needle.length };
}

function selectorsFor(text: string, needle: string, from = 0) {
  const r = rangeOf(text, needle, from);
  return createSelectors(text, r.start, r.end);
}

describe('anchoring: selectors', () => {
  it('records the quote, 32 characters of context each side and the position', () => {
    const s = selectorsFor(FIXTURE, 'Strategy meetings are held promptly');
    assert.equal(s.quote.exact, 'Strategy meetings are held promptly');
    assert.equal(s.quote.prefix.length, 32);
    assert.equal(s.quote.suffix.length, 32);
    assert.ok(FIXTURE.slice(0, s.position.start).endsWith(s.quote.prefix));
    assert.ok(FIXTURE.slice(s.position.end).startsWith(s.quote.suffix));
    assert.equal(FIXTURE.slice(s.position.start, s.position.end), s.quote.exact);
  });

  it('shortens context at the ends of the text and never splits a surrogate pair', () => {
    const text = 'ab\u{1F600}cdefgh';
    const s = createSelectors(text, 4, 6, 3);
    assert.equal(s.quote.prefix, 'b\u{1F600}');
    const atStart = createSelectors('hello world', 0, 5);
    assert.equal(atStart.quote.prefix, '');
    assert.equal(atStart.quote.suffix, ' world');
    const t2 = 'abcd\u{1F600}e';
    assert.equal(createSelectors(t2, 0, 3, 2).quote.suffix, 'd\u{1F600}');
  });

  it('rejects empty and out-of-range ranges', () => {
    assert.throws(() => createSelectors('abc', 1, 1), RangeError);
    assert.throws(() => createSelectors('abc', 2, 5), RangeError);
    assert.throws(() => createSelectors('abc', 2, 1), RangeError);
  });

  it('strips a byte-order mark', () => {
    assert.equal(stripBom('\ufeffabc'), 'abc');
    assert.equal(stripBom('abc'), 'abc');
  });
});

describe('anchoring: folded text', () => {
  it('folds whitespace runs, quotes and dashes and maps back to raw offsets', () => {
    const raw = '  It’s  the\r\nfront–door\t\n\nteam ';
    const t = new AnchoringText(raw);
    assert.equal(t.folded, "It's the front-door team");
    const i = t.folded.indexOf('the front');
    const r = t.rawRange(i, i + 'the front'.length);
    assert.equal(raw.slice(r.start, r.end), 'the\r\nfront');
    assert.equal(foldText(' a \n b '), 'a b');
    assert.equal(t.foldedIndex(raw.indexOf('the')), t.folded.indexOf('the'));
    assert.equal(t.foldedIndex(raw.length), t.folded.length);
  });
});

describe('anchoring: re-anchoring', () => {
  it('keeps a tag whose text has not moved', () => {
    const s = selectorsFor(FIXTURE, 'Plans for children in need are too often generic.');
    assert.deepEqual(reanchor(FIXTURE, s), { anchor: s.position, method: 'position', quoteSimilarity: 1 });
  });

  it('finds the quote after paragraphs are inserted above', () => {
    const s = selectorsFor(FIXTURE, 'Plans for children in need are too often generic.');
    const changed = 'A new introduction.\n\nAnother paragraph of text added at the top.\n\n' + FIXTURE;
    const res = reanchor(changed, s);
    assert.equal(res.method, 'quote');
    assert.ok(res.anchor);
    assert.equal(changed.slice(res.anchor.start, res.anchor.end), s.quote.exact);
  });

  it('finds a quote whose lines were re-wrapped, mapping back to the raw text', () => {
    const quote = 'Assessments are mostly thorough and consider the history of the family. Social\nworkers see children alone';
    const s = selectorsFor(FIXTURE, quote);
    const changed = FIXTURE.replace(quote, 'Assessments are mostly thorough and\r\nconsider the history of the family.  Social workers see\nchildren alone');
    const res = reanchor(changed, s);
    assert.equal(res.method, 'normalised-quote');
    assert.ok(res.anchor);
    const got = changed.slice(res.anchor.start, res.anchor.end);
    assert.ok(got.startsWith('Assessments') && got.endsWith('children alone'), got);
    assert.equal(foldText(got), foldText(quote));
  });

  it('tells identical sentences apart by their context', () => {
    const text = FIXTURE.replace('However, the rationale for\ndecisions', 'However, the rationale for decisions');
    const sentence = 'However, the rationale for decisions is not always recorded clearly.';
    const first = rangeOf(text, sentence);
    const second = rangeOf(text, sentence, first.end);
    const s = createSelectors(text, second.start, second.end);
    // Insert text between the two so that neither occurrence is at the old position.
    const insertAt = first.end + 10;
    const changed = text.slice(0, insertAt) + ' Inserted words here. '.repeat(40) + text.slice(insertAt);
    const res = reanchor(changed, s);
    assert.ok(res.anchor);
    assert.equal(changed.slice(res.anchor.start, res.anchor.end), sentence);
    assert.ok(changed.slice(0, res.anchor.start).endsWith(s.quote.prefix), 'anchored on the second occurrence');
    // And the first one is found as the first one.
    const s1 = createSelectors(text, first.start, first.end);
    const res1 = reanchor('Preface.\n' + text, s1);
    assert.equal(res1.anchor?.start, first.start + 'Preface.\n'.length);
  });

  it('chooses the occurrence nearest the old position when contexts are the same', () => {
    const unit = 'Filler text before. The same sentence. Filler text after.\n';
    const text = unit.repeat(10);
    const which = 6;
    const start = unit.length * which + unit.indexOf('The same');
    const s = createSelectors(text, start, start + 'The same sentence.'.length);
    const changed = 'X'.repeat(5) + text;
    const res = reanchor(changed, s);
    assert.equal(res.anchor?.start, start + 5);
  });

  it('follows small edits to the quote itself (a corrected reissue)', () => {
    const quote = 'Care leavers are supported by personal advisers who stay in touch with them and\nhelp them to find suitable accommodation.';
    const s = selectorsFor(FIXTURE, quote);
    const edited = 'Care leavers are well supported by personal advisers who keep in touch with them and help them to find suitable homes.';
    const changed = FIXTURE.replace(quote, edited);
    const res = reanchor(changed, s);
    assert.equal(res.method, 'fuzzy');
    assert.ok(res.anchor);
    assert.equal(changed.slice(res.anchor.start, res.anchor.end), edited.slice(0, res.anchor.end - res.anchor.start));
    assert.ok(res.quoteSimilarity >= 0.8 && res.quoteSimilarity < 1);
    assert.ok(res.anchor.start === changed.indexOf(edited));
  });

  it('makes an orphan of a tag whose text is gone', () => {
    const quote = 'Later-life letters\nare written sensitively and help children to understand their histories.';
    const s = selectorsFor(FIXTURE, quote);
    const changed = FIXTURE.replace(quote, 'The service has commissioned a new approach to life-story work.');
    assert.deepEqual(reanchor(changed, s), { anchor: null, method: 'orphan', quoteSimilarity: 0 });
  });

  it('makes an orphan of a rewritten sentence rather than attach it to a similar one', () => {
    // Paragraphs 2 and 4 share a sentence; the one in paragraph 4 is tagged and then reworded.
    const sentence = 'However, the rationale for\ndecisions is not always recorded clearly.';
    const where = rangeOf(FIXTURE, sentence);
    const s = createSelectors(FIXTURE, where.start, where.end);
    const changed = FIXTURE.slice(0, where.start) + 'Managers now record why decisions are made.' + FIXTURE.slice(where.end);
    const res = reanchor(changed, s);
    // The remaining copy in paragraph 2 has exactly the same words: that is the quote, and it may be
    // used; what matters is that an anchor, if any, is on that exact text.
    if (res.anchor) assert.equal(foldText(changed.slice(res.anchor.start, res.anchor.end)), foldText(sentence));
  });

  it('does not fuzzy-match short quotes', () => {
    const s = selectorsFor(FIXTURE, 'front door');
    const changed = FIXTURE.replace('front door', 'front dor');
    assert.equal(reanchor(changed, s).anchor, null);
  });

  it('matches across typographic changes and CRLF line ends', () => {
    const quote = "reflect young people's aspirations.";
    const s = selectorsFor(FIXTURE, quote);
    const changed = FIXTURE.replace(/\n/g, '\r\n').replace("people's", 'people’s');
    const res = reanchor(changed, s);
    assert.equal(res.method, 'normalised-quote');
    assert.equal(changed.slice(res.anchor!.start, res.anchor!.end), 'reflect young people’s aspirations.');
  });

  it('re-anchors many tags on one prepared text', () => {
    const quotes = ['front door is staffed', 'Permanence planning is considered', 'Caseloads are manageable'];
    const sels = quotes.map((q) => selectorsFor(FIXTURE, q));
    const changed = 'Intro\n\n' + FIXTURE;
    const res = reanchorAll(changed, sels);
    assert.deepEqual(
      res.map((r) => changed.slice(r.anchor!.start, r.anchor!.end)),
      quotes,
    );
  });
});

describe('anchoring: live edits', () => {
  const a: TextRange = { start: 10, end: 20 };
  const ins = (offset: number, text: string) => ({ offset, deletedLength: 0, insertedText: text });
  const del = (offset: number, n: number) => ({ offset, deletedLength: n, insertedText: '' });

  it('shifts a tag past edits before it and ignores edits after it', () => {
    assert.deepEqual(shiftAnchor(a, [ins(0, 'abc')]), { start: 13, end: 23 });
    assert.deepEqual(shiftAnchor(a, [del(2, 5)]), { start: 5, end: 15 });
    assert.deepEqual(shiftAnchor(a, [ins(25, 'abc'), del(30, 3)]), a);
  });

  it('does not grow when typing at its edges', () => {
    assert.deepEqual(shiftAnchor(a, [ins(10, 'xx')]), { start: 12, end: 22 });
    assert.deepEqual(shiftAnchor(a, [ins(20, 'xx')]), a);
  });

  it('grows and shrinks with edits inside it', () => {
    assert.deepEqual(shiftAnchor(a, [ins(15, 'hello')]), { start: 10, end: 25 });
    assert.deepEqual(shiftAnchor(a, [del(12, 3)]), { start: 10, end: 17 });
    assert.deepEqual(shiftAnchor(a, [{ offset: 12, deletedLength: 3, insertedText: 'x' }]), { start: 10, end: 18 });
  });

  it('trims at edits overlapping an edge and drops a tag whose text is all replaced', () => {
    assert.deepEqual(shiftAnchor(a, [{ offset: 5, deletedLength: 10, insertedText: 'ab' }]), { start: 7, end: 12 });
    assert.deepEqual(shiftAnchor(a, [del(15, 10)]), { start: 10, end: 15 });
    assert.equal(shiftAnchor(a, [{ offset: 8, deletedLength: 14, insertedText: 'new' }]), null);
    assert.equal(shiftAnchor(a, [del(10, 10)]), null);
  });

  it('applies changes in sequence, as VS Code reports them (last in the document first)', () => {
    const text = '0123456789ABCDEFGHIJ0123456789';
    const changes = [ins(25, '++'), del(12, 2), ins(3, '--')];
    let t = text;
    for (const c of changes) t = t.slice(0, c.offset) + c.insertedText + t.slice(c.offset + c.deletedLength);
    const moved = shiftAnchor(a, changes)!;
    assert.equal(t.slice(moved.start, moved.end), 'AB' + 'EFGHIJ');
  });
});

describe('anchoring: paragraph of an anchor', () => {
  const text = 'Heading\n\n1. First para\nwraps here.\n\n2. Second para.\n';
  const index = new LineIndex(text);
  const para = (id: string, from: string, to: string): Paragraph => {
    const start = text.indexOf(from);
    const end = text.indexOf(to) + to.length;
    return { id, number: null, section: null, kind: 'paragraph', text: text.slice(start, end), range: index.rangeOf(start, end) };
  };
  const paragraphs = [para('intro.1', 'Heading', 'Heading'), para('p1', 'First', 'here.'), para('p2', 'Second', 'para.\n'.trim())];

  it('finds the paragraph sharing most text with the anchor', () => {
    assert.equal(paragraphForAnchor(paragraphs, index, rangeOf(text, 'para\nwraps'))?.id, 'p1');
    assert.equal(paragraphForAnchor(paragraphs, index, rangeOf(text, 'here.\n\n2. Second para'))?.id, 'p2');
    assert.equal(paragraphForAnchor(paragraphs, index, rangeOf(text, 'Heading'))?.id, 'intro.1');
  });

  it('takes the next paragraph for an anchor in a gap, and null when there are none', () => {
    const gap = text.indexOf('\n\n1.');
    assert.equal(paragraphForAnchor(paragraphs, index, { start: gap, end: gap + 2 })?.id, 'p1');
    assert.equal(paragraphForAnchor(paragraphs, index, { start: text.length - 1, end: text.length })?.id, 'p2');
    assert.equal(paragraphForAnchor([], index, { start: 0, end: 3 }), null);
  });
});
