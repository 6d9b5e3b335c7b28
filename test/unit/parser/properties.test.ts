import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { ReportError } from '../../../src/core/model';
import type { Report } from '../../../src/core/model';
import { parseReport, parseReportText } from '../../../src/core/parser';
import { unwrap } from '../../../src/core/parser/blocks';
import { readPlainText } from '../../../src/core/parser/plainText';
import { comparePositions, LineIndex } from '../../../src/core/range';
import type { Range } from '../../../src/core/range';

const word = fc.constantFrom('children', 'social', 'workers', 'plans', 'the', 'and', 'of', 'care', 'well-', 'being', 'co-', 'ordinated', 'leaders', '2012.', '£3', '“good”', 'child’s', '😀', 'é', '(outcome', '3,', 'national', 'framework)');
const prose = fc.array(word, { minLength: 1, maxLength: 14 }).map((ws) => ws.join(' '));
const sentence = prose.map((p) => p.charAt(0).toUpperCase() + p.slice(1) + '.');
const glyph = fc.constantFrom('•', '◼', '▪', '-', '–', '*', '\uf0b7', '\uf06e');
const reportLine = fc.oneof(
  { weight: 6, arbitrary: prose },
  { weight: 3, arbitrary: sentence },
  { weight: 3, arbitrary: fc.constant('') },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 60 }).map((n) => `${n}.`) },
  { weight: 2, arbitrary: fc.tuple(fc.integer({ min: 1, max: 60 }), sentence).map(([n, s]) => `${n}. ${s}`) },
  { weight: 2, arbitrary: fc.tuple(glyph, prose).map(([g, p]) => `${g} ${p}`) },
  { weight: 1, arbitrary: glyph },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 40 }).map(String) },
  { weight: 1, arbitrary: fc.constant('Inspection of Eastwick local authority children’s services') },
  { weight: 1, arbitrary: prose.map((p) => `\f${p}`) },
  { weight: 1, arbitrary: fc.constant('\f') },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'What needs to improve?',
      'Overall effectiveness',
      'Good',
      'Requires improvement to be good',
      'Grade 3 (Adequate)',
      'Immediately:',
      'Within three months:',
      'Areas for improvement',
      'Recommendations',
      '(outcome 2, national framework)',
      'The experiences and progress of children in care: good',
      '12 March 2024',
      'Dear Ms Example',
      'Yours sincerely',
      '© Crown copyright 2024',
      '  indented line  ',
      '\t',
    ),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
);
const lineBreak = fc.constantFrom('\n', '\n', '\n', '\r\n', '\r');
const reportText = fc.array(fc.tuple(reportLine, lineBreak), { maxLength: 80 }).map((ls) => ls.map(([l, b]) => l + b).join(''));

function checkRanges(report: Report, index: LineIndex): void {
  let prev: Range | null = null;
  for (const p of report.paragraphs) {
    const r = p.range;
    for (const pos of [r.start, r.end]) {
      assert.ok(pos.line >= 0 && pos.line < index.lineCount, `${p.id}: line ${pos.line} outside the document`);
      assert.ok(pos.character >= 0 && pos.character <= index.lineEnds[pos.line] - index.lineStarts[pos.line], `${p.id}: character outside line`);
    }
    assert.ok(comparePositions(r.start, r.end) <= 0, `${p.id}: range ends before it starts`);
    if (prev) assert.ok(comparePositions(prev.end, r.start) <= 0, `${p.id}: range overlaps or precedes the paragraph before`);
    prev = r;
  }
  for (const ia of report.improvementAreas) assert.ok(report.paragraphs.some((p) => p.id === ia.paragraph));
}

const squash = (s: string): string => s.replace(/\s+/g, '');
const MARKER = /^(?:\d{1,3}\.|[•▪◼■●◦○□◆➢➤✓\-–—−*\uF000-\uF0FF])\s*$/;

/** The paragraph-range invariants for plain text, checked on the reader's blocks with their pieces. */
function checkBlocks(text: string): void {
  const index = new LineIndex(text);
  const { blocks } = readPlainText(text, index);
  const lineCounts = new Map<string, number>();
  for (let l = 0; l < index.lineCount; l++) {
    const t = index.lineText(l).trim();
    lineCounts.set(t, (lineCounts.get(t) ?? 0) + 1);
  }
  for (const b of blocks) {
    const pieces = b.pieces!;
    assert.ok(pieces.length > 0);
    const slices: string[] = [];
    for (let k = 0; k < pieces.length; k++) {
      const p = pieces[k];
      if (k > 0) assert.ok(p.line > pieces[k - 1].line, 'pieces on rising lines');
      const line = index.lineText(p.line);
      assert.ok(p.start >= 0 && p.start < p.end && p.end <= line.length, 'piece inside its line');
      slices.push(line.slice(p.start, p.end));
    }
    // The text is the unwrapped pieces, and holds exactly their non-space characters.
    assert.equal(b.text, unwrap(slices));
    assert.equal(squash(b.text), squash(slices.join('')));
    // The range runs from the marker (or the first piece) to the end of the last piece.
    const first = pieces[0];
    const last = pieces[pieces.length - 1];
    assert.deepEqual(b.range.end, { line: last.line, character: last.end });
    const startOffset = index.offsetAt(b.range.start);
    const firstOffset = index.offsetAt({ line: first.line, character: first.start });
    assert.ok(startOffset <= firstOffset);
    if (startOffset < firstOffset) {
      const lead = text.slice(startOffset, firstOffset).replace(/\r\n|\r|\n/g, '\n');
      const leadLines = lead.split('\n').map((l) => l.trim());
      assert.ok(MARKER.test(leadLines[0]), `marker before the text: ${JSON.stringify(lead)}`);
      // After a number on its own line: blank lines, page furniture, and the bullet glyph of the text's own line.
      for (const l of leadLines.slice(1)) {
        const ok = l === '' || MARKER.test(l) || /^(?:page\s+)?\d{1,3}(?:\s*(?:of|\/)\s*\d{1,3})?$/i.test(l) || (lineCounts.get(l) ?? 0) >= 2;
        assert.ok(ok, `only blank lines, page furniture or a glyph after a marker on its own line: ${JSON.stringify(lead)}`);
      }
    }
    // Lines inside the range that the text skips are blank, page numbers or repeated page furniture.
    const covered = new Set(pieces.map((p) => p.line));
    for (let l = first.line + 1; l < last.line; l++) {
      if (covered.has(l)) continue;
      const t = index.lineText(l).trim();
      const furniture = t === '' || /^(?:page\s+)?\d{1,3}(?:\s*(?:of|\/)\s*\d{1,3})?$/i.test(t) || (lineCounts.get(t) ?? 0) >= 2;
      assert.ok(furniture, `line ${l} skipped inside a paragraph: ${JSON.stringify(t)}`);
    }
  }
}

describe('parser properties (fast-check)', () => {
  it('never throws on report-like text, and keeps every range inside the document, in order, without overlaps', () => {
    fc.assert(
      fc.property(reportText, (text) => {
        let report: Report;
        try {
          report = parseReportText('random.txt', text);
        } catch (err) {
          assert.ok(err instanceof ReportError && text.trim() === '', `unexpected ${String(err)}`);
          return;
        }
        checkRanges(report, new LineIndex(text));
      }),
      { numRuns: 400 },
    );
  });

  it('gives each plain-text paragraph the unwrapped source text inside its range, less marker and page furniture', () => {
    fc.assert(
      fc.property(reportText, (text) => {
        checkBlocks(text);
      }),
      { numRuns: 400 },
    );
  });

  it('never throws on Markdown, and keeps ranges inside the document and in order', () => {
    const mdLine = fc.oneof(
      reportLine,
      prose.map((p) => `# ${p}`),
      prose.map((p) => `## ${p}`),
      fc.tuple(fc.integer({ min: 1, max: 40 }), prose).map(([n, p]) => `${n}. ${p}`),
      prose.map((p) => `- ${p}`),
      prose.map((p) => `| ${p} | Good |`),
      fc.constant('| --- | --- |'),
      prose.map((p) => `> ${p}`),
      fc.constant('```'),
    );
    const md = fc.array(fc.tuple(mdLine, lineBreak), { maxLength: 40 }).map((ls) => ls.map(([l, b]) => l + b).join(''));
    fc.assert(
      fc.property(md, (text) => {
        let report: Report;
        try {
          report = parseReportText('random.md', text);
        } catch (err) {
          assert.ok(err instanceof ReportError && text.trim() === '', `unexpected ${String(err)}`);
          return;
        }
        checkRanges(report, new LineIndex(text));
      }),
      { numRuns: 200 },
    );
  });

  it('never throws on arbitrary bytes other than with a ReportError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        try {
          parseReport('bytes.txt', bytes);
        } catch (err) {
          assert.ok(err instanceof ReportError, `unexpected ${String(err)}`);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('unwraps exactly as the plain definition does (collapse whitespace, join word-hyphens)', () => {
    const reference = (parts: string[]): string => {
      let out = '';
      for (const raw of parts) {
        const part = raw.replace(/\s+/g, ' ').trim();
        if (!part) continue;
        if (!out) out = part;
        else if (/[A-Za-z]-$/.test(out) && /^[a-z]/.test(part)) out += part;
        else out += ' ' + part;
      }
      return out;
    };
    const part = fc.oneof(
      prose,
      fc.string({ unit: fc.constantFrom('a', 'B', '-', ' ', '  ', '\t', '\u00a0', '\u2003', '\u200b', '\ufeff', '\f', 'é', '😀', '.') }),
      fc.string({ unit: 'binary', maxLength: 12 }),
    );
    fc.assert(
      fc.property(fc.array(part, { maxLength: 8 }), (parts) => {
        assert.equal(unwrap(parts), reference(parts));
      }),
      { numRuns: 1000 },
    );
  });
});

const reportsDir = path.join(__dirname, '..', '..', '..', '..', 'shared', 'reports');

function corpusFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...corpusFiles(full));
    else if (/\.(txt|md)$/.test(name)) out.push(full);
  }
  return out;
}

describe('parser properties on the real reports (skipped without ../shared/reports)', () => {
  it('gives every paragraph a range that starts with its first word (or marker) and ends with its last word', function () {
    if (!existsSync(reportsDir)) this.skip();
    let checked = 0;
    for (const file of corpusFiles(reportsDir)) {
      const bytes = readFileSync(file);
      const report = parseReport(file, bytes);
      const text = new TextDecoder().decode(bytes).replace(/^\uFEFF/, '');
      const index = new LineIndex(text);
      checkRanges(report, index);
      for (const p of report.paragraphs) {
        const slice = index.textIn(p.range);
        const words = p.text.split(' ');
        const first = words[0];
        const last = words[words.length - 1];
        const where = `${path.basename(file)} ${p.id} (line ${p.range.start.line + 1})`;
        // After a marker on its own line may come blank lines and a page break (a page number, a form feed).
        const afterMarker = slice.replace(/^(?:\d{1,3}\.|[•▪◼■●◦○□◆➢➤✓\-–—−*\uF000-\uF0FF])(?:\s*(?:\r?\n|\r)\s*\d{1,3}(?=\s*(?:\r?\n|\r)))*\s*/, '');
        assert.ok(slice.startsWith(first) || afterMarker.startsWith(first), `${where}: starts ${JSON.stringify(slice.slice(0, 30))}, text starts ${JSON.stringify(first)}`);
        // A word hyphenated across the last line break shows only its tail on the last line.
        const lastSource = slice.split(/\s+/).pop()!;
        assert.ok(slice.endsWith(last) || last.endsWith(lastSource), `${where}: ends ${JSON.stringify(slice.slice(-30))}, text ends ${JSON.stringify(last)}`);
        checked++;
      }
    }
    assert.ok(checked > 1000);
  });
});
