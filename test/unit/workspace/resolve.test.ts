import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Annotation } from '../../../src/core/annotations';
import { parseReportText } from '../../../src/core/parser';
import { LineIndex } from '../../../src/core/range';
import { findParagraph, orphanAnnotations, paragraphBody, paragraphSelectors, resolveAnnotations } from '../../../src/core/workspace';
import { FIXTURES, INSPECTION, rewrap } from './helpers';

function annotationOn(text: string, ref: string, id = 'a1'): Annotation {
  const report = parseReportText(INSPECTION, text);
  const found = findParagraph(report, ref);
  if (!found.ok) throw new Error(found.message);
  return {
    id,
    report: INSPECTION,
    paragraph: found.paragraph.id,
    selectors: paragraphSelectors(text, found.paragraph),
    criteria: ['hp.assessments'],
    assessment: 'area-for-improvement',
    status: 'open',
    note: '',
    author: 'Tester',
    created: '2025-01-01T00:00:00.000Z',
    modified: '2025-01-01T00:00:00.000Z',
  };
}

describe('resolveAnnotations', () => {
  let text: string;
  before(async () => {
    text = await fs.readFile(path.join(FIXTURES, INSPECTION), 'utf8');
  });

  it('places an unchanged tag on its paragraph, with its range and exact text', () => {
    const report = parseReportText(INSPECTION, text);
    const a = annotationOn(text, '2');
    const [r] = resolveAnnotations(report, text, [a]);
    assert.equal(r.orphaned, false);
    assert.equal(r.method, 'position');
    assert.equal(r.anchor?.paragraph, 'p2');
    assert.equal(r.anchor?.number, 2);
    const p2 = report.paragraphs.find((p) => p.id === 'p2');
    // The tag covers the paragraph's words: the range ends where the paragraph ends and starts after its printed number.
    assert.deepEqual(r.anchor?.range.end, p2?.range.end);
    assert.ok(new LineIndex(text).textIn(p2!.range).endsWith(r.anchor!.quote));
    assert.match(new LineIndex(text).textIn(p2!.range), /^2\.\s+/);
    assert.doesNotMatch(r.anchor!.quote, /^2\./);
    assert.equal(r.anchor?.quote, a.selectors.quote.exact);
  });

  it('follows the text when a paragraph is inserted above and the lines are re-wrapped', () => {
    const a = annotationOn(text, '5');
    const insertAt = text.indexOf('The experiences and progress of children in care: good');
    const edited = rewrap(
      text.slice(0, insertAt) + 'A paragraph the reissued report added about independent visitors.\n\n' + text.slice(insertAt),
      'Most children live in stable homes.',
      30,
    );
    assert.ok(!edited.includes(a.selectors.quote.exact), 'the raw quote no longer occurs');
    const report = parseReportText(INSPECTION, edited);
    const [r] = resolveAnnotations(report, edited, [a]);
    assert.equal(r.orphaned, false);
    assert.equal(r.anchor?.paragraph, 'p5');
    assert.ok(r.anchor!.range.start.line > report.paragraphs.find((p) => p.id === 'p4')!.range.end.line);
    assert.equal(r.anchor?.quote.replace(/\s+/g, ' '), a.selectors.quote.exact.replace(/\s+/g, ' '));
  });

  it('makes an orphan of a tag whose text was deleted, keeping the annotation', () => {
    const a = annotationOn(text, '7');
    const start = text.indexOf('7.\n');
    const end = text.indexOf('8.\n');
    const edited = text.slice(0, start) + text.slice(end);
    const [r] = resolveAnnotations(parseReportText(INSPECTION, edited), edited, [a]);
    assert.equal(r.orphaned, true);
    assert.equal(r.anchor, null);
    assert.equal(r.annotation, a);
  });

  it('counts offsets without a byte-order mark', () => {
    const a = annotationOn(text, '3');
    const withBom = '\ufeff' + text;
    const [r] = resolveAnnotations(parseReportText(INSPECTION, text), withBom, [a]);
    assert.equal(r.method, 'position');
    assert.equal(r.anchor?.paragraph, 'p3');
  });

  it('lists the tags of an unreadable report as orphans', () => {
    const a = annotationOn(text, '1');
    assert.deepEqual(orphanAnnotations([a]), [{ annotation: a, orphaned: true, anchor: null, method: 'orphan' }]);
    assert.deepEqual(resolveAnnotations(parseReportText(INSPECTION, text), text, []), []);
  });
});

describe('findParagraph', () => {
  let text: string;
  before(async () => {
    text = await fs.readFile(path.join(FIXTURES, INSPECTION), 'utf8');
  });

  it('finds by printed number and by id', () => {
    const report = parseReportText(INSPECTION, text);
    const byNumber = findParagraph(report, '8');
    const byId = findParagraph(report, 'p8');
    assert.ok(byNumber.ok && byId.ok);
    assert.equal(byNumber.paragraph, byId.paragraph);
    const wnti = findParagraph(report, 'what-needs-to-improve.2');
    assert.ok(wnti.ok && wnti.paragraph.text.startsWith('Management oversight'));
  });

  it('says which numbers exist and which ids are near', () => {
    const report = parseReportText(INSPECTION, text);
    const n = findParagraph(report, '12');
    assert.ok(!n.ok && n.message === `${INSPECTION} has no paragraph numbered 12; its numbered paragraphs are 1 to 8`);
    const id = findParagraph(report, 'p9');
    assert.ok(!id.ok && /no paragraph with id "p9"; did you mean "p1"/.test(id.message), !id.ok ? id.message : '');
  });
});

describe('what tagging a whole paragraph tags', () => {
  it('leaves out a printed number or a bullet glyph, and nothing else', () => {
    const text = '12. Plans lack timescales.\n◼ The quality of supervision.\n- Drift in pre-proceedings.\nA plain paragraph.';
    const at = (s: string): number => text.indexOf(s);
    const body = (from: string, to: string, p: { number: number | null; kind: 'paragraph' | 'bullet' | 'heading' }) => {
      const r = paragraphBody(text, at(from), at(to) + to.length, p);
      return text.slice(r.start, r.end);
    };
    assert.equal(body('12.', 'timescales.', { number: 12, kind: 'paragraph' }), 'Plans lack timescales.');
    assert.equal(body('◼', 'supervision.', { number: null, kind: 'bullet' }), 'The quality of supervision.');
    assert.equal(body('- Drift', 'proceedings.', { number: null, kind: 'bullet' }), 'Drift in pre-proceedings.');
    assert.equal(body('A plain', 'paragraph.', { number: null, kind: 'paragraph' }), 'A plain paragraph.');
  });
});
