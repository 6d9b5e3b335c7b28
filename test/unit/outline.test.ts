import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Report } from '../../src/core/model';
import { firstWords, foldingRangesOf, outlineOf, type LineSpan, type OutlineNode } from '../../src/core/outline';
import { parseReport, parseReportText } from '../../src/core/parser';
import { comparePositions, LineIndex, type Range } from '../../src/core/range';

const REPORTS = path.resolve(__dirname, '../../../shared/reports');

/** A short report in the layout of a PDF-extracted ILACS report. */
const FIXTURE = [
  'Inspection of Wexcombe local authority children’s services', // 0
  'Inspection dates: 5 to 16 June 2023',
  'Lead inspector: Ruth Abernethy, His Majesty’s Inspector',
  '',
  'Judgement', // 4
  '',
  'Grade', // 6
  '',
  'The experiences and progress of',
  'children in care',
  '',
  'Good',
  '',
  'Overall effectiveness',
  '',
  'Inadequate',
  '',
  'Children in Wexcombe do not receive help at the right time.', // 17
  '',
  'What needs to improve?', // 19
  '◼ The timeliness of strategy meetings. (outcome 3, national framework)',
  '◼ The quality of supervision and management oversight of social workers. (enabler 2, national framework)',
  '',
  'The experiences and progress of children who need help and', // 23
  'protection: inadequate',
  '1.', // 25
  '',
  'Children wait too long for help. Strategy meetings are not always held',
  'when they should be, and some children are left at risk.', // 28
  '',
  '2. Assessments are too often out of date.', // 30
  '',
  '',
  'The experiences and progress of children in care: good', // 33
  '3.',
  '',
  'Children come into care at the right time and live in stable homes that',
  'meet their needs.', // 37
  '',
].join('\n');

function contains(outer: Range, inner: Range): boolean {
  return comparePositions(outer.start, inner.start) <= 0 && comparePositions(inner.end, outer.end) <= 0;
}

function* walk(nodes: OutlineNode[]): Generator<OutlineNode> {
  for (const n of nodes) {
    yield n;
    yield* walk(n.children);
  }
}

/** What must hold for any report: what VS Code requires of document symbols, and that nothing is lost or listed twice. */
function checkOutline(report: Report, label: string): OutlineNode[] {
  const outline = outlineOf(report);
  const check = (nodes: OutlineNode[], parent: OutlineNode | null) => {
    for (let i = 0; i < nodes.length; i++) {
      const n = nodes[i];
      const where = `${label}: ${n.kind} ${n.id}`;
      assert.ok(n.name.trim().length > 0, `${where} has a name`);
      assert.ok(comparePositions(n.range.start, n.range.end) <= 0, `${where} range is not reversed`);
      assert.ok(contains(n.range, n.selectionRange), `${where}: selection range inside range`);
      if (parent) assert.ok(contains(parent.range, n.range), `${where} inside ${parent.id}`);
      if (i > 0) assert.ok(comparePositions(nodes[i - 1].range.start, n.range.start) <= 0, `${where} in document order`);
      check(n.children, n);
    }
  };
  check(outline, null);

  const all = [...walk(outline)];
  const ids = all.map((n) => `${n.kind}:${n.id}`);
  assert.equal(new Set(ids).size, ids.length, `${label}: no node twice`);
  assert.deepEqual(
    all.filter((n) => n.kind === 'section' || n.kind === 'judgement').map((n) => n.id),
    report.sections.map((s) => s.id),
    `${label}: one node per section, in order`,
  );
  assert.deepEqual(
    all.filter((n) => n.kind === 'improvement-area').map((n) => n.id).sort(),
    report.improvementAreas.map((a) => a.id).sort(),
    `${label}: every improvement area once`,
  );
  const areaParagraphs = new Set(report.improvementAreas.map((a) => a.paragraph));
  assert.deepEqual(
    all.filter((n) => n.kind === 'paragraph').map((n) => n.id),
    report.paragraphs.filter((p) => p.number !== null && p.kind !== 'heading' && !areaParagraphs.has(p.id)).map((p) => p.id),
    `${label}: every numbered paragraph that is not an improvement area, in order`,
  );
  return outline;
}

function checkFolding(spans: LineSpan[], lineCount: number, isBlank: (line: number) => boolean, label: string): void {
  const open: LineSpan[] = [];
  for (let i = 0; i < spans.length; i++) {
    const s = spans[i];
    assert.ok(s.start >= 0 && s.end < lineCount && s.start < s.end, `${label}: ${JSON.stringify(s)} is a real multi-line range`);
    assert.ok(!isBlank(s.end), `${label}: ${JSON.stringify(s)} does not end on a blank line`);
    if (i > 0) assert.ok(spans[i - 1].start < s.start, `${label}: starts are distinct and sorted`);
    while (open.length > 0 && open[open.length - 1].end < s.start) open.pop();
    const parent = open[open.length - 1];
    if (parent) assert.ok(s.end <= parent.end, `${label}: ${JSON.stringify(s)} nests in ${JSON.stringify(parent)}`);
    open.push(s);
  }
}

function foldingOf(report: Report, text: string): { spans: LineSpan[]; isBlank: (line: number) => boolean; lineCount: number } {
  const index = new LineIndex(text);
  const isBlank = (line: number) => index.lineText(line).trim().length === 0;
  return { spans: foldingRangesOf(report, index.lineCount, isBlank), isBlank, lineCount: index.lineCount };
}

describe('outline: a small report', () => {
  const report = parseReportText('wexcombe.txt', FIXTURE);
  const outline = checkOutline(report, 'fixture');
  const byTitle = (prefix: string) => {
    const n = outline.find((x) => x.name.startsWith(prefix));
    assert.ok(n, `a node named "${prefix}…" in ${outline.map((x) => x.name).join(' | ')}`);
    return n;
  };

  it('names judgement sections without their grade and shows the grade as the detail', () => {
    const hp = byTitle('The experiences and progress of children who need help');
    assert.equal(hp.kind, 'judgement');
    assert.equal(hp.name, 'The experiences and progress of children who need help and protection');
    assert.equal(hp.detail, 'Inadequate');
    assert.deepEqual(hp.selectionRange, { start: { line: 23, character: 0 }, end: { line: 24, character: 22 } });
    const cic = byTitle('The experiences and progress of children in care');
    assert.equal(cic.name, 'The experiences and progress of children in care');
    assert.equal(cic.detail, 'Good');
  });

  it('puts numbered paragraphs under their section, named by number and first words', () => {
    const hp = byTitle('The experiences and progress of children who need help');
    assert.deepEqual(
      hp.children.map((c) => [c.kind, c.id, c.name]),
      [
        ['paragraph', 'p1', '1. Children wait too long for help. Strategy meetings are not…'],
        ['paragraph', 'p2', '2. Assessments are too often out of date.'],
      ],
    );
    assert.equal(hp.range.end.line, 30, 'the section reaches the end of its last paragraph');
    assert.deepEqual(byTitle('The experiences and progress of children in care').children.map((c) => c.id), ['p3']);
  });

  it('lists improvement areas under "What needs to improve?" with their framework reference', () => {
    const wnti = byTitle('What needs to improve?');
    assert.equal(wnti.kind, 'section');
    assert.equal(wnti.detail, '');
    assert.deepEqual(
      wnti.children.map((c) => [c.kind, c.name, c.detail]),
      [
        ['improvement-area', 'The timeliness of strategy meetings.', 'improvement area · outcome 3'],
        ['improvement-area', 'The quality of supervision and management oversight of…', 'improvement area · enabler 2'],
      ],
    );
    assert.equal(wnti.children[0].selectionRange.start.line, 20);
  });

  it('folds each section to its last non-blank line, and each paragraph of several lines', () => {
    const { spans, isBlank, lineCount } = foldingOf(report, FIXTURE);
    checkFolding(spans, lineCount, isBlank, 'fixture');
    const sectionFold = (line: number) => spans.find((s) => s.start === line);
    assert.deepEqual(sectionFold(0), { start: 0, end: 2 }, 'title block');
    assert.deepEqual(sectionFold(19), { start: 19, end: 21 }, 'what needs to improve');
    assert.deepEqual(sectionFold(23), { start: 23, end: 30 }, 'help and protection, without the two blank lines after it');
    assert.deepEqual(sectionFold(33), { start: 33, end: 37 }, 'children in care, without the blank last line');
    const p1 = report.paragraphs.find((p) => p.id === 'p1');
    assert.ok(p1 && p1.range.end.line === 28);
    assert.ok(spans.some((s) => s.start === p1.range.start.line && s.end === 28), 'paragraph 1 folds');
    assert.ok(!spans.some((s) => s.start === 30), 'a one-line paragraph does not fold');
  });
});

describe('outline: pieces', () => {
  it('cuts names at a word boundary with an ellipsis', () => {
    assert.equal(firstWords('Short text.'), 'Short text.');
    assert.equal(firstWords('alpha beta gamma delta', 12), 'alpha beta…');
    assert.equal(firstWords('x'.repeat(80), 10), `${'x'.repeat(10)}…`);
    assert.equal(firstWords('  spaced \n  out  '), 'spaced out');
  });

  it('drops folding ranges that would cross another, and keeps the larger of two starting together', () => {
    const base = parseReportText('r.txt', 'Heading one\n\n1. Text of the\nfirst paragraph.\n');
    const report: Report = {
      ...base,
      sections: [{ id: 'a', title: 'A', area: null, grade: null, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, startLine: 0, endLine: 6 }],
      paragraphs: [
        { id: 'a.1', number: null, section: 'a', kind: 'paragraph', text: 't', range: { start: { line: 0, character: 0 }, end: { line: 2, character: 1 } } },
        { id: 'a.2', number: null, section: 'a', kind: 'paragraph', text: 't', range: { start: { line: 1, character: 0 }, end: { line: 3, character: 1 } } },
        { id: 'a.3', number: null, section: 'a', kind: 'paragraph', text: 't', range: { start: { line: 4, character: 0 }, end: { line: 9, character: 1 } } },
      ],
      improvementAreas: [],
    };
    // Lines 0..7 exist; none is blank.
    assert.deepEqual(foldingRangesOf(report, 8, () => false), [
      { start: 0, end: 5 },
      { start: 1, end: 3 },
    ]);
  });
});

describe('outline: real reports (skipped without ../shared/reports)', () => {
  const files: string[] = [];
  for (const dir of ['sample', 'seeds']) {
    const d = path.join(REPORTS, dir);
    if (existsSync(d)) for (const f of readdirSync(d).filter((x) => x.endsWith('.txt')).sort()) files.push(path.join(d, f));
  }

  before(function () {
    if (files.length === 0) this.skip();
  });

  it('gives every report a well-formed outline that lists each section, numbered paragraph and improvement area once', () => {
    for (const file of files) checkOutline(parseReport(file, readFileSync(file)), path.basename(file));
  });

  it('gives every report nested folding ranges that end on text', () => {
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const report = parseReportText(file, text);
      const { spans, isBlank, lineCount } = foldingOf(report, text);
      checkFolding(spans, lineCount, isBlank, path.basename(file));
      assert.ok(spans.length >= report.sections.filter((s) => s.endLine - s.startLine > 2).length / 2, `${path.basename(file)}: folds its sections`);
    }
  });

  it('shows the grade of each ILACS judgement section of a 2026 report', function () {
    const file = path.join(REPORTS, 'sample/bradford__21-may-2026.txt');
    if (!existsSync(file)) this.skip();
    const outline = outlineOf(parseReport(file, readFileSync(file)));
    const judgements = outline.filter((n) => n.kind === 'judgement').map((n) => [n.name, n.detail]);
    assert.deepEqual(judgements, [
      ['The experiences and progress of children who need help and protection', 'Requires improvement to be good'],
      ['The experiences and progress of children in care', 'Requires improvement to be good'],
      ['The experiences and progress of care leavers', 'Good'],
      ['The impact of leaders on social work practice with children and families', 'Good'],
    ]);
    const hp = outline.find((n) => n.name.startsWith('The experiences and progress of children who need help'));
    assert.ok(hp);
    assert.equal(hp.children[0].name.startsWith('1. Children’s experiences of help and protection'), true, hp.children[0].name);
    assert.ok(hp.children.every((c) => c.kind === 'paragraph'));
  });
});
