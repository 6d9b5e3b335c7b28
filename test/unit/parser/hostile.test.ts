/**
 * The parser on hostile input: a small report mutated the ways that once made parsing run for
 * minutes (CR-only line ends, setext headings, one very long line, runs of blank lines and page
 * breaks, thousands of repeated judgement headings and lists, deep nesting) or that no report
 * should hold (NUL bytes, right-to-left marks, unpaired surrogates), as plain text and Markdown.
 * Speed is measured in bench/hostile.ts; here every parse must end, throw nothing, and keep its
 * ranges inside the text, in order.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseReportText } from '../../../src/core/parser';
import { markdownChunks } from '../../../src/core/parser/markdown';
import { comparePositions, LineIndex } from '../../../src/core/range';

const REPORT_TEXT = [
  'Inspection of Eastwick local authority children’s services',
  '',
  'Inspection dates: 3 to 14 March 2025',
  'Lead inspector: Robin Sample, His Majesty’s Inspector',
  '',
  'Judgement Grade',
  'The experiences and progress of children who need help and protection',
  'Requires improvement to be good',
  'Overall effectiveness',
  'Good',
  '',
  'What needs to improve?',
  '• The timeliness of assessments for children in need (outcome 2, national framework).',
  '• Management oversight of plans for children in care.',
  '',
  'The experiences and progress of children in care: good',
  '',
  '1. Children live in stable homes. Reviews are held on time and independent reviewing',
  'officers challenge drift when they see it.',
  '',
  '2. Leaders know their services well.',
  '',
].join('\n');

const REPORT_MARKDOWN = [
  '# Inspection of Eastwick local authority children’s services',
  '',
  'Inspection dates: 3 to 14 March 2025',
  '',
  '| Judgement | Grade |',
  '| --- | --- |',
  '| Overall effectiveness | Good |',
  '',
  '### What needs to improve?',
  '',
  '- The timeliness of assessments for children in need (outcome 2, national framework).',
  '- Management oversight of plans for children in care.',
  '',
  '### The experiences and progress of children in care: good',
  '',
  '1. Children live in stable homes.',
  '',
  '2. Leaders know their services well.',
  '',
].join('\n');

/** A mutation: what it does to a text, given a place (0 to 1) and a size. */
type Mutation = (text: string, at: number, size: number) => string;

function insertAtLine(text: string, at: number, piece: string): string {
  const lines = text.split('\n');
  const i = Math.floor(at * lines.length);
  return [...lines.slice(0, i), piece, ...lines.slice(i)].join('\n');
}

function insertAt(text: string, at: number, piece: string): string {
  const i = Math.floor(at * text.length);
  return text.slice(0, i) + piece + text.slice(i);
}

const MUTATIONS: Record<string, Mutation> = {
  crOnly: (t) => t.replace(/\r?\n/g, '\r'),
  crlf: (t) => t.replace(/\r?\n/g, '\r\n'),
  setext: (t, at, n) => insertAtLine(t, at, 'A heading set off by a rule\n===\n\nSome words\n---\n'.repeat(n)),
  setextTight: (t, at, n) => insertAtLine(t, at, 'Heading line\n====\n'.repeat(n)),
  longLine: (t, at, n) => insertAtLine(t, at, 'word '.repeat(n * 40)),
  blankLines: (t, at, n) => insertAtLine(t, at, '\n'.repeat(n * 40)),
  pageBreaks: (t, at, n) => insertAtLine(t, at, '\f\n'.repeat(n * 20)),
  judgementHeadings: (t, at, n) =>
    insertAtLine(t, at, '## The experiences and progress of children in care: good\n\n- Children are seen.\n- Plans are reviewed.\n\n1. Text.\n\n'.repeat(n)),
  plainHeadings: (t, at, n) => insertAtLine(t, at, 'The experiences and progress of care leavers: good\n\n• Item\n\n'.repeat(n)),
  nestedList: (t, at, n) => insertAtLine(t, at, Array.from({ length: Math.min(n, 400) }, (_, i) => `${'  '.repeat(i)}- item ${i}`).join('\n')),
  nestedMarkers: (t, at, n) => insertAtLine(t, at, `${'- '.repeat(n)}deep\n${'> '.repeat(n)}quoted\n${'1. '.repeat(Math.min(n, 500))}numbered`),
  nul: (t, at, n) => insertAt(t, at, '\0'.repeat(1 + (n % 7))),
  rtl: (t, at, n) => insertAt(t, at, '\u200f\u202e'.repeat(1 + (n % 5))),
  surrogates: (t, at, n) => insertAt(insertAt(t, at, '\ud800'), 1 - at, n % 2 ? '\udc00x' : '\ud83d'),
  fences: (t, at, n) => insertAtLine(t, at, n % 2 ? '```\n\n# not a heading\n' : '<!--\n\n# hidden\n'),
};

const mutation = fc.record({
  name: fc.constantFrom(...Object.keys(MUTATIONS)),
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  // Sizes up to a few thousand repeats: hundreds of kilobytes, where quadratic work shows at once.
  size: fc.integer({ min: 1, max: 2000 }),
});

const hostile = fc.record({
  markdown: fc.boolean(),
  mutations: fc.array(mutation, { minLength: 1, maxLength: 4 }),
});

/** A failure guard for a parse that has gone super-linear again (what is fast enough is the benchmark's business). */
const WATCHDOG_MS = 15_000;

function check(file: string, text: string): void {
  const started = Date.now();
  const report = parseReportText(file, text, file.endsWith('.md') ? 'markdown' : 'text');
  const took = Date.now() - started;
  assert.ok(took < WATCHDOG_MS, `${file}: ${text.length} characters took ${took} ms`);
  const index = new LineIndex(text);
  let prev: (typeof report.paragraphs)[number] | null = null;
  for (const p of report.paragraphs) {
    for (const pos of [p.range.start, p.range.end]) {
      assert.ok(pos.line >= 0 && pos.line < index.lineCount, `${p.id}: line ${pos.line} outside the text`);
      assert.ok(pos.character >= 0 && pos.character <= index.lineEnds[pos.line] - index.lineStarts[pos.line], `${p.id}: character outside its line`);
    }
    assert.ok(comparePositions(p.range.start, p.range.end) <= 0, `${p.id}: ends before it starts`);
    if (prev) assert.ok(comparePositions(prev.range.end, p.range.start) <= 0, `${p.id} overlaps or precedes ${prev.id}`);
    assert.ok(p.text.length > 0, `${p.id}: empty text`);
    prev = p;
  }
  const ids = new Set(report.paragraphs.map((p) => p.id));
  assert.equal(ids.size, report.paragraphs.length, 'paragraph ids are unique');
  for (const ia of report.improvementAreas) assert.ok(ids.has(ia.paragraph), `${ia.id} names a paragraph the report has`);
  for (const s of report.sections) assert.ok(s.startLine <= s.endLine && s.endLine <= index.lineCount, `${s.id}: lines ${s.startLine} to ${s.endLine}`);
}

describe('parser on hostile input (fast-check)', function () {
  this.timeout(120_000);

  it('ends, throws nothing and keeps ranges inside the text and in order, whatever the mutations', () => {
    fc.assert(
      fc.property(hostile, ({ markdown, mutations }) => {
        let text = markdown ? REPORT_MARKDOWN : REPORT_TEXT;
        for (const m of mutations) text = MUTATIONS[m.name](text, m.at, m.size);
        check(markdown ? 'hostile.md' : 'hostile.txt', text);
      }),
      { numRuns: 30 },
    );
  });

  it('cuts Markdown into parts that cover the text exactly, in order', () => {
    fc.assert(
      fc.property(hostile, ({ mutations }) => {
        let text = REPORT_MARKDOWN;
        for (const m of mutations) text = MUTATIONS[m.name](text, m.at, Math.min(m.size, 300));
        const index = new LineIndex(text);
        const chunks = markdownChunks(text, index);
        let at = 0;
        for (const c of chunks) {
          assert.equal(c.start, at);
          assert.ok(c.end > c.start);
          assert.equal(index.lineStarts[c.startLine], c.start);
          at = c.end;
        }
        assert.equal(at, text.length);
      }),
      { numRuns: 100 },
    );
  });

  it('reads a Markdown report cut into parts as remark reads it whole', () => {
    // The same report many times over, long enough to be cut: every block as from one parse.
    const text = (REPORT_MARKDOWN + '\n').repeat(40);
    const report = parseReportText('long.md', text);
    const one = parseReportText('one.md', REPORT_MARKDOWN);
    assert.equal(report.paragraphs.length, one.paragraphs.length * 40);
    assert.ok(markdownChunks(text, new LineIndex(text)).length > 1);
    const perCopy = one.paragraphs.length;
    for (let i = 0; i < report.paragraphs.length; i++) {
      assert.equal(report.paragraphs[i].text, one.paragraphs[i % perCopy].text);
      assert.equal(report.paragraphs[i].kind, one.paragraphs[i % perCopy].kind);
    }
  });

  it('handles the shapes of the issue at full size', () => {
    const cases: [string, string][] = [
      ['cr-only.txt', REPORT_TEXT.replace(/\n/g, '\r').repeat(2000)],
      ['one-line.txt', 'word '.repeat(2_000_000)],
      ['blank-lines.txt', `${REPORT_TEXT}${'\n'.repeat(2_000_000)}${REPORT_TEXT}`],
      ['page-breaks.txt', `${REPORT_TEXT}${'\f\n'.repeat(1_000_000)}${REPORT_TEXT}`],
      ['headings.md', '## The experiences and progress of children in care: good\n\n- item one\n- item two\n\n'.repeat(10_000)],
      ['nested.md', `${'- '.repeat(20_000)}x\n`],
    ];
    for (const [file, text] of cases) check(file, text);
  });
});
