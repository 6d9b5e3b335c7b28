import * as assert from 'node:assert/strict';
import { computeAgreement, moderatedTag, type AgreementReport, type AgreementTag } from '../../../src/core/agreement';
import type { Paragraph } from '../../../src/core/model';

function paragraph(id: string, kind: Paragraph['kind'] = 'paragraph', number: number | null = null): Paragraph {
  const r = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
  return { id, number, section: null, kind, text: `text of ${id}`, range: r };
}

let ids = 0;
function tag(author: string, paragraphId: string | null, criteria: string[], assessment: AgreementTag['assessment'] = null): AgreementTag {
  return { id: `t${++ids}`, author, paragraph: paragraphId, criteria, assessment };
}

describe('agreement between taggers', () => {
  // Report r1: a heading and four paragraphs. A and B tag it; C tags nothing there.
  const r1: AgreementReport = {
    file: 'r1.txt',
    paragraphs: [paragraph('title', 'heading'), paragraph('p1', 'paragraph', 1), paragraph('p2', 'paragraph', 2), paragraph('s.1', 'bullet'), paragraph('p3', 'paragraph', 3)],
    tags: [
      tag('A', 'p1', ['x'], 'area-for-improvement'),
      tag('B', 'p1', ['x'], 'area-for-improvement'),
      tag('A', 'p2', ['x', 'y'], 'strength'),
      tag('B', 'p2', ['y'], 'serious-weakness'),
      tag('B', 's.1', ['x']),
      // A heading is never a unit, even when tagged.
      tag('A', 'title', ['y']),
      tag('C', 'p3', ['x']),
    ],
  };
  // Report r2: only A tagged it, so it is not counted for A and B.
  const r2: AgreementReport = { file: 'r2.txt', paragraphs: [paragraph('p1', 'paragraph', 1)], tags: [tag('A', 'p1', ['z'])] };

  it('counts the non-heading paragraphs of the reports both coded, per criterion and pooled', () => {
    const result = computeAgreement([r2, r1], ['A', 'B']);
    assert.deepEqual(result.reports, ['r1.txt']);
    assert.equal(result.units, 4);
    // Criteria used in the counted reports by A or B: x, y (z is only in r2, not counted).
    assert.deepEqual(result.criteria.map((c) => c.id), ['x', 'y']);
    // x: A yes,yes,no,no; B yes,no,yes,no -> agreement 2/4; each says yes half the time, pe = .5, kappa 0.
    const x = result.criteria[0];
    assert.equal(x.units, 4);
    assert.equal(x.agreement, 0.5);
    assert.equal(x.kappa, 0);
    // alpha: n = 8 (4 yes, 4 no), 2 mixed units give 4 disagreeing pairs: 1 - 7*4/32 = 0.125.
    assert.equal(x.alpha, 0.125);
    // y: A no,yes,no,no; B no,yes,no,no -> perfect.
    const y = result.criteria[1];
    assert.equal(y.agreement, 1);
    assert.equal(y.kappa, 1);
    assert.equal(y.alpha, 1);
    // Pooled: 8 decisions, 6 agreed; A yes 3 of 8, B yes 3 of 8: pe = (3/8)^2 + (5/8)^2 = 34/64;
    // kappa = (48/64 - 34/64) / (30/64) = 14/30.
    assert.equal(result.pooled.units, 8);
    assert.equal(result.pooled.agreement, 0.75);
    assert.ok(Math.abs((result.pooled.kappa as number) - 14 / 30) < 1e-12);
  });

  it('compares assessments on the paragraphs both tagged', () => {
    const result = computeAgreement([r1], ['A', 'B']);
    // Both tagged p1 (aff/aff) and p2 (strength/serious-weakness); s.1 only B.
    assert.equal(result.assessment.units, 2);
    assert.equal(result.assessment.agreement, 0.5);
    // kappa: A aff,strength; B aff,sw; pe = 1/2*1/2 = .25; (0.5 - 0.25)/(0.75) = 1/3.
    assert.ok(Math.abs((result.assessment.kappa as number) - 1 / 3) < 1e-12);
  });

  it('lists every disagreement with who said what', () => {
    const result = computeAgreement([r1], ['A', 'B']);
    assert.deepEqual(
      result.disagreements.map((d) => [d.paragraph, d.kind, d.criterion, d.values]),
      [
        ['p2', 'criterion', 'x', { A: true, B: false }],
        ['p2', 'assessment', null, { A: 'strength', B: 'serious-weakness' }],
        ['s.1', 'criterion', 'x', { A: false, B: true }],
      ],
    );
    assert.deepEqual(result.paragraphs.map((p) => [p.paragraph, p.criteria, p.assessment]), [
      ['p2', ['x'], true],
      ['s.1', ['x'], false],
    ]);
    const p2 = result.paragraphs[0];
    assert.equal(p2.number, 2);
    assert.deepEqual(p2.views.map((v) => [v.author, v.criteria, v.assessment]), [
      ['A', ['x', 'y'], 'strength'],
      ['B', ['y'], 'serious-weakness'],
    ]);
    // s.1: A coded the report but did not tag the paragraph.
    assert.deepEqual(result.paragraphs[1].views.map((v) => [v.author, v.criteria, v.assessment, v.tags.length]), [
      ['A', [], null, 0],
      ['B', ['x'], 'none', 1],
    ]);
  });

  it('takes any number of authors, with an author who did not code a report missing there', () => {
    const result = computeAgreement([r1], ['A', 'B', 'C']);
    // C coded r1 (one tag on p3): three coders of every unit.
    const x = result.criteria.find((c) => c.id === 'x')!;
    assert.equal(x.kappa, null);
    assert.notEqual(x.alpha, null);
    const withR2 = computeAgreement([r1, r2], ['A', 'B', 'C']);
    assert.deepEqual(withR2.reports, ['r1.txt']);
    assert.throws(() => computeAgreement([r1], ['A', 'A']), /two different authors/);
  });

  it('several tags of one author on a paragraph count together; orphans only make their author a coder', () => {
    const r: AgreementReport = {
      file: 'r.txt',
      paragraphs: [paragraph('p1'), paragraph('p2')],
      tags: [tag('A', 'p1', ['x'], 'strength'), tag('A', 'p1', ['y'], 'area-for-improvement'), tag('B', null, ['x'])],
    };
    const result = computeAgreement([r], ['A', 'B']);
    assert.equal(result.units, 2);
    assert.deepEqual(result.paragraphs[0].views[0].criteria, ['x', 'y']);
    assert.equal(result.paragraphs[0].views[0].assessment, 'area-for-improvement');
    assert.equal(result.assessment.units, 0);
    assert.equal(result.assessment.agreement, null);
  });

  it('settles a paragraph as one side, both sides or an agreed tag', () => {
    const p2 = computeAgreement([r1], ['A', 'B']).paragraphs[0];
    const a = moderatedTag(p2, { kind: 'accept', author: 'B' });
    assert.deepEqual([a.criteria, a.assessment], [['y'], 'serious-weakness']);
    assert.match(a.note, /accepted B's tag.*A: x, y; strength \| B: y; serious-weakness/);
    const both = moderatedTag(p2, { kind: 'keep-both' });
    assert.deepEqual([both.criteria, both.assessment], [['x', 'y'], 'serious-weakness']);
    const agreed = moderatedTag(p2, { kind: 'agreed', criteria: ['x'], assessment: 'area-for-improvement' });
    assert.deepEqual([agreed.criteria, agreed.assessment], [['x'], 'area-for-improvement']);
    assert.throws(() => moderatedTag(p2, { kind: 'accept', author: 'Z' }), /Z did not tag/);
  });
});
