import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { parseReportText } from '../../../src/core/parser';
import { LineIndex } from '../../../src/core/range';
import { isNegator, isStockSentence, isStopWord, paragraphFeatures, sentenceInSource, sentencePolarity, sentenceTerms, stemOf, TermTable, type Polarity } from '../../../src/core/recurrence/features';

/**
 * `paragraphFeatures` reads a paragraph in one pass over its characters. These tests hold it to the
 * definition, written here the plain way: split into clauses after . ! ? ; : followed by white space
 * or the end, trim, leave out stock sentences, take the words (runs of a to z, "n't" as "nt"),
 * read each clause's polarity, and count stems and pairs of neighbouring stems.
 */
interface Term {
  count: number;
  polarity: Polarity;
  sentences: number;
}

function wordsByDefinition(clause: string): string[] {
  const out: string[] = [];
  for (const m of clause.matchAll(/([a-z]+)(?:['’]([a-z]+))?/g)) {
    if (m[2] === 't') {
      const head = m[1].endsWith('n') ? m[1].slice(0, -1) : m[1];
      if (head) out.push(head);
      out.push('nt');
    } else {
      out.push(m[1]);
    }
  }
  return out;
}

function featuresByDefinition(text: string, polarity?: Polarity): Map<string, Term> {
  const terms = new Map<string, { count: number; sum: number; last: number; sentences: number }>();
  let sentenceNo = 0;
  let p = 0;
  const add = (name: string): void => {
    let t = terms.get(name);
    if (!t) terms.set(name, (t = { count: 0, sum: 0, last: -1, sentences: 0 }));
    t.count++;
    t.sentences = (t.sentences | (1 << (Math.min(sentenceNo, 32) - 1))) >>> 0;
    if (t.last !== sentenceNo) {
      t.last = sentenceNo;
      t.sum += p;
    }
  };
  for (const raw of text.toLowerCase().split(/[.!?;:](?=\s|$)/)) {
    const clause = raw.trim();
    if (clause === '' || isStockSentence(clause)) continue;
    const words = wordsByDefinition(clause);
    if (words.length === 0) continue;
    sentenceNo++;
    p = polarity ?? sentencePolarity(words);
    let previous: string | null = null;
    for (const w of words) {
      if (isNegator(w)) {
        previous = null;
        continue;
      }
      if (isStopWord(w)) continue;
      const stem = stemOf(w);
      add(stem);
      if (previous !== null && previous !== stem) add(previous < stem ? `${previous} ${stem}` : `${stem} ${previous}`);
      previous = stem;
    }
  }
  const out = new Map<string, Term>();
  for (const [name, t] of terms) out.set(name, { count: Math.min(t.count, 63), polarity: t.sum > 0 ? 1 : t.sum < 0 ? -1 : 0, sentences: t.sentences });
  return out;
}

function featuresRead(text: string, terms: TermTable, polarity?: Polarity): Map<string, Term> {
  const f = paragraphFeatures(text, terms, polarity);
  const out = new Map<string, Term>();
  f.ids.forEach((id, i) => out.set(terms.name(id), { count: f.counts[i], polarity: f.polarities[i] as Polarity, sentences: f.sentences?.[i] ?? -1 }));
  return out;
}

/** A paragraph's full sentences by the definition: split after . ! ? followed by white space or the end, each read clause by clause. */
function sentencesByDefinition(text: string): { start: number; end: number; stems: string[]; polarity: Polarity }[] {
  const out: { start: number; end: number; stems: string[]; polarity: Polarity }[] = [];
  let from = 0;
  const take = (end: number): void => {
    let start = from;
    while (start < end && /\s/.test(text[start])) start++;
    from = end;
    if (start >= end) return;
    const stems: string[] = [];
    let sum = 0;
    for (const raw of text.slice(start, end).toLowerCase().split(/[.!?;:](?=\s|$)/)) {
      const clause = raw.trim();
      if (clause === '' || isStockSentence(clause)) continue;
      const words = wordsByDefinition(clause);
      sum += sentencePolarity(words);
      for (const w of words) if (!isStopWord(w) && !stems.includes(stemOf(w))) stems.push(stemOf(w));
    }
    if (stems.length > 0) out.push({ start, end, stems, polarity: sum > 0 ? 1 : sum < 0 ? -1 : 0 });
  };
  for (const m of text.matchAll(/[.!?](?=\s|$)/g)) take(m.index + 1);
  let end = text.length;
  while (end > from && /\s/.test(text[end - 1])) end--;
  if (end > from) take(end);
  return out;
}

function sentencesRead(text: string, terms: TermTable): { start: number; end: number; stems: string[]; polarity: Polarity }[] {
  return sentenceTerms(text, terms).map((s) => ({ start: s.start, end: s.end, stems: s.ids.map((id) => terms.name(id)), polarity: s.polarity }));
}

/** Pieces a hostile paragraph is made of: words of every kind, marks with and without space, odd spaces and letters. */
const PIECES = [
  'caseloads', 'Caseloads', 'are', 'too', 'high', 'not', 'always', 'timely', 'without', 'delay', 'drift', 'and', 'lack', 'of', 'stability',
  "don't", 'can’t', "children's", "n't", "'t", "o'clock", "a'b'c", 'won’t', 'effective', 'poor', 'İnspection', 'KELVIN', 'naïve', 'café',
  'constructor', '__proto__', 'toString', 'hasOwnProperty', 'x', 'I', '2023', 'p.12', 'e.g.', 'etc.', '...', '.', ';', ':', '!', '?', ',',
  ' ', '  ', '\n', '\t', '\u00a0', '\u2028', '\u3000', '\ufeff', '\f', '.\n', '; ', ': ', '?\u00a0', '!\u2029',
  'The inspectors were', 'This letter summarises the findings', 'Yours sincerely', 'her majesty’s inspector for this visit', 'inspection', 'evidence',
];

describe('recurrence features: the one-pass reader, for paragraphs and for their sentences', () => {
  it('reads hostile paragraphs as the clause-by-clause definition does', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }), fc.array(fc.constantFrom('', ' ', '.', '\n'), { maxLength: 60 }), fc.constantFrom<Polarity | undefined>(undefined, undefined, -1), (pieces, glue, polarity) => {
        const text = pieces.map((piece, i) => piece + (glue[i] ?? ' ')).join('');
        assert.deepEqual(featuresRead(text, new TermTable(), polarity), featuresByDefinition(text, polarity), JSON.stringify(text));
        assert.deepEqual(sentencesRead(text, new TermTable()), sentencesByDefinition(text), `sentences of ${JSON.stringify(text)}`);
      }),
      { numRuns: 2000, seed: 15 },
    );
  });

  it('reads arbitrary text as the definition does', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        assert.deepEqual(featuresRead(text, new TermTable()), featuresByDefinition(text));
        assert.deepEqual(sentencesRead(text, new TermTable()), sentencesByDefinition(text));
      }),
      { numRuns: 1000, seed: 16 },
    );
  });

  it('reads every paragraph of the shipped sample reports as the definition does, one table for all', () => {
    const dir = path.resolve(__dirname, '..', '..', '..', 'samples');
    const terms = new TermTable();
    let paragraphs = 0;
    for (const file of readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.md') || f.endsWith('.txt'))) {
      for (const text of readFileSync(path.join(dir, file), 'utf8').split(/\n\s*\n/)) {
        assert.deepEqual(featuresRead(text, terms), featuresByDefinition(text), `${file}: ${text.slice(0, 60)}`);
        assert.deepEqual(sentencesRead(text, terms), sentencesByDefinition(text), `sentences of ${file}: ${text.slice(0, 60)}`);
        paragraphs++;
      }
    }
    assert.ok(paragraphs > 50, `only ${paragraphs} paragraphs read`);
  });

  it('finds a word again however many words the table holds', () => {
    const terms = new TermTable();
    const words = Array.from({ length: 40000 }, (_, i) => `w${i.toString(36).replace(/\d/g, (d) => 'abcdefghij'[Number(d)])}q`);
    const first = words.map((w) => featuresRead(w, terms));
    const again = words.map((w) => featuresRead(`${w} ${w}`, terms));
    first.forEach((f, i) => {
      assert.deepEqual([...f.keys()], [stemOf(words[i])]);
      assert.equal(again[i].get(stemOf(words[i]))?.count, 2);
    });
  });
});

describe('recurrence features: a sentence found in its paragraph\'s source', () => {
  const source = '12. Children wait too long for assess-\nments. Caseloads are\n\nPage 4 of 20\n\ntoo high for many social workers. Leaders know.';
  const found = (sentence: string): string | null => {
    const at = sentenceInSource(source, sentence);
    return at && source.slice(at.start, at.end);
  };

  it('finds the sentence from its first word to its closing mark, across wrapped lines', () => {
    assert.equal(found('Leaders know.'), 'Leaders know.');
    assert.equal(found('Children wait too long for assessments.'), 'Children wait too long for assess-\nments.');
  });

  it('passes over a page footer between its lines', () => {
    assert.equal(found('Caseloads are too high for many social workers.'), 'Caseloads are\n\nPage 4 of 20\n\ntoo high for many social workers.');
  });

  it('finds nothing for words the source does not hold in order', () => {
    assert.equal(found('Nothing here.'), null);
    assert.equal(found('Leaders know caseloads.'), null);
    assert.equal(found(''), null);
  });

  it('finds every sentence of the shipped sample reports in their paragraphs', () => {
    const dir = path.resolve(__dirname, '..', '..', '..', 'samples');
    let sentences = 0;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.txt'))) {
      const text = readFileSync(path.join(dir, file), 'utf8');
      const lines = new LineIndex(text);
      for (const p of parseReportText(file, text).paragraphs) {
        const from = lines.offsetAt(p.range.start);
        const paragraphSource = text.slice(from, lines.offsetAt(p.range.end));
        for (const s of sentenceTerms(p.text, new TermTable())) {
          const at = sentenceInSource(paragraphSource, p.text.slice(s.start, s.end));
          assert.ok(at, `${file} ${p.id}: ${p.text.slice(s.start, s.end)}`);
          sentences++;
        }
      }
    }
    assert.ok(sentences > 100, `only ${sentences} sentences`);
  });
});
