import * as assert from 'node:assert/strict';
import { seeded } from '../../../scripts/lib/random';
import { paragraphFeatures, ParagraphIndex, TermTable, type ReportFeatures } from '../../../src/core/recurrence';

/**
 * The index keeps every term's postings in one pool that it packs as lists grow and move. How the
 * reports arrive (one by one, in batches, all at once, some replaced) must not change what it finds:
 * a workspace large enough that the pool is packed several times is indexed four ways and queried.
 */
const REPORTS = 60;
const PARAGRAPHS = 90;
const WORDS = 45;

/** Made-up words, drawn so that a few are common (as in real text) and most rare. */
function workspace(terms: TermTable): ReportFeatures[] {
  const next = seeded(2026);
  const vocabulary = Array.from({ length: 4000 }, (_, i) => `q${i.toString(26).replace(/[0-9]/g, (d) => 'klmnopqrst'[Number(d)])}z`);
  const word = (): string => vocabulary[Math.floor(vocabulary.length * next() ** 3)];
  return Array.from({ length: REPORTS }, (_, r) => ({
    file: `r${r}.txt`,
    localAuthority: `Authority ${r % 6}`,
    reportKind: null,
    date: `20${10 + (r % 15)}-01-01`,
    terms,
    paragraphs: Array.from({ length: PARAGRAPHS }, (_, k) => ({
      id: `p${k}`,
      number: k + 1,
      startLine: k,
      endLine: k,
      criteria: [],
      features: paragraphFeatures(Array.from({ length: WORDS }, word).join(' ') + '.', terms),
    })),
  }));
}

function answers(index: ParagraphIndex): string[] {
  const out: string[] = [];
  for (let r = 0; r < REPORTS; r += 7) {
    for (let k = 0; k < PARAGRAPHS; k += 11) {
      out.push(
        index
          .matches(`r${r}.txt`, `p${k}`, { top: 8, threshold: 0 })
          .map((m) => `${m.file}#${m.paragraph}:${m.score.toFixed(6)}`)
          .join(' '),
      );
    }
  }
  return out;
}

describe('recurrence index: the posting pool', () => {
  it('finds the same matches however the reports were added', function () {
    this.timeout(60000);
    const build = (batch: number): ParagraphIndex => {
      const index = new ParagraphIndex();
      const reports = workspace(index.terms);
      for (let i = 0; i < reports.length; i += batch) index.setReports(reports.slice(i, i + batch));
      return index;
    };
    const once = answers(build(REPORTS));
    assert.ok(once.some((a) => a !== ''), 'the queries found nothing: the workspace is too sparse to test');
    for (const batch of [1, 7, 32]) assert.deepEqual(answers(build(batch)), once, `added in batches of ${batch}`);
    // Replaced: every report put twice, the second time after the others.
    const index = new ParagraphIndex();
    const reports = workspace(index.terms);
    for (let i = 0; i < reports.length; i += 5) index.setReports(reports.slice(i, i + 5));
    for (let i = 0; i < reports.length; i += 9) index.setReports(reports.slice(i, i + 9));
    assert.deepEqual(answers(index), once, 'every report put again');
    // Packed tight half-way and at the end, with reports added and replaced after the first packing.
    const trimmed = new ParagraphIndex();
    const again = workspace(trimmed.terms);
    trimmed.setReports(again.slice(0, REPORTS / 2));
    trimmed.trim();
    for (let i = REPORTS / 2; i < REPORTS; i += 4) trimmed.setReports(again.slice(i, i + 4));
    trimmed.setReports(again.slice(0, 3));
    trimmed.trim();
    assert.deepEqual(answers(trimmed), once, 'packed tight on the way');
  });
});
