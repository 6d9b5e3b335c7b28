import * as assert from 'node:assert/strict';
import { parseReportText } from '../../../src/core/parser';
import { isStockParagraph, ParagraphIndex, reportFeatures, sentenceTerms, TermTable } from '../../../src/core/recurrence';
import { loadRecurrenceModel } from '../../../src/node/recurrenceModel';
import { seeded, symmetricEigen, truncatedSvd, type SparseRows } from '../../../scripts/lib/lsa';
import { shippedReports } from '../helpers/shippedReports';

describe('recurrence: truncated SVD for training', () => {
  it('finds the largest eigenpairs of XᵀX that a dense eigen-decomposition finds', () => {
    const random = seeded(3);
    const rows = 40;
    const columns = 12;
    const dense = Array.from({ length: rows }, () => Array.from({ length: columns }, () => (random() < 0.3 ? random() : 0)));
    const ptr = new Int32Array(rows + 1);
    const cols: number[] = [];
    const vals: number[] = [];
    dense.forEach((row, r) => {
      row.forEach((v, c) => {
        if (v !== 0) {
          cols.push(c);
          vals.push(v);
        }
      });
      ptr[r + 1] = cols.length;
    });
    const x: SparseRows = { rows, columns, ptr, cols: Int32Array.from(cols), vals: Float64Array.from(vals) };
    const gram = new Float64Array(columns * columns);
    for (const row of dense) for (let i = 0; i < columns; i++) for (let j = 0; j < columns; j++) gram[i * columns + j] += row[i] * row[j];
    const exact = [...symmetricEigen(gram, columns).values].sort((a, b) => b - a);
    const { values, vectors } = truncatedSvd(x, 4, { oversample: 4, iterations: 30 });
    for (let j = 0; j < 4; j++) {
      assert.ok(Math.abs(values[j] - exact[j]) < 1e-6 * exact[0], `eigenvalue ${j}: ${values[j]} vs ${exact[j]}`);
      // (XᵀX)v = λv
      for (let i = 0; i < columns; i++) {
        let gv = 0;
        for (let k = 0; k < columns; k++) gv += gram[i * columns + k] * vectors[j * columns + k];
        assert.ok(Math.abs(gv - values[j] * vectors[j * columns + i]) < 1e-6, `vector ${j}, entry ${i}`);
      }
    }
  });
});

const REPORT_2019 = `Inspection of Fenwick local authority children’s services
Inspection dates: 4 to 15 March 2019

The experiences and progress of children who need help and protection: requires improvement to be good
1.

Leaders have invested in early help. Caseloads are too high in the assessment teams, and many children have had several changes of social worker. Strategy meetings are timely.

About this inspection
2.

The inspection team consisted of six of Her Majesty’s Inspectors from Ofsted, who looked at caseloads and changes of social worker across the teams.
`;

const REPORT_2022 = `Inspection of Fenwick local authority children’s services
Inspection dates: 6 to 17 June 2022

The experiences and progress of children who need help and protection: requires improvement to be good
1.

Social workers' caseloads remain too high, and children still experience too many changes of social worker. Managers review plans regularly.
`;

describe('recurrence: what a match shows', () => {
  const a = parseReportText('fenwick-2019.txt', REPORT_2019);
  const b = parseReportText('fenwick-2022.txt', REPORT_2022);

  it('never compares the stock account of how the inspection was done', () => {
    assert.ok(isStockParagraph('About this inspection', 'Inspectors looked at the front door.'));
    assert.ok(isStockParagraph(null, 'The inspection team consisted of seven of Her Majesty’s Inspectors.'));
    assert.ok(isStockParagraph(null, 'It also considered the outcomes of the most recent annual unannounced inspection of local authority arrangements.'));
    assert.ok(isStockParagraph(null, 'Lead inspector: Daniel Firth, His Majesty’s Inspector'));
    assert.ok(isStockParagraph(null, 'Inspection dates: 26 February to 8 March 2024'));
    assert.ok(isStockParagraph(null, 'Report published: 24 April 2024'));
    assert.ok(!isStockParagraph('Help and protection', 'Caseloads are too high.'));
    assert.ok(!isStockParagraph(null, 'The lead inspector for the partnership met the director: caseloads are too high.'));
    const index = new ParagraphIndex();
    index.setReports([reportFeatures(a.file, a), reportFeatures(b.file, b)]);
    assert.equal(index.paragraph(a.file, 'p2'), undefined);
    assert.ok(index.matches(b.file, 'p1', { threshold: 0 }).every((m) => m.paragraph !== 'p2'));
  });

  it('splits a paragraph into its sentences, with their place in the text and their judgement', () => {
    const text = 'Caseloads are too high. Supervision is regular and reflective! Visits happen';
    const s = sentenceTerms(text, new TermTable());
    assert.deepEqual(s.map((x) => text.slice(x.start, x.end)), ['Caseloads are too high.', 'Supervision is regular and reflective!', 'Visits happen']);
    assert.deepEqual(s.map((x) => x.polarity), [-1, 1, 0]);
  });

  for (const withModel of [false, true]) {
    it(`quotes the sentence that carries the shared finding${withModel ? ', with the model' : ''}`, async () => {
      const index = new ParagraphIndex();
      index.setReports([reportFeatures(a.file, a), reportFeatures(b.file, b)]);
      if (withModel) index.setModel(await loadRecurrenceModel());
      const text = a.paragraphs.find((p) => p.id === 'p1')?.text ?? '';
      const at = index.sharedSentence(b.file, 'p1', text);
      assert.ok(at);
      assert.match(text.slice(at.start, at.end), /^Caseloads are too high in the assessment teams, and many children have had several changes of social worker\.$/);
      assert.equal(index.sharedSentence(b.file, 'nope', text), null);
      assert.equal(index.sharedSentence(b.file, 'p1', ''), null);
    });
  }

  it('re-ranks with the model without losing what the words find, and two indexes with and without it coexist', async () => {
    const plain = new ParagraphIndex();
    const semantic = new ParagraphIndex();
    for (const index of [plain, semantic]) index.setReports([reportFeatures(a.file, a), reportFeatures(b.file, b)]);
    semantic.setModel(await loadRecurrenceModel());
    const p = plain.matches(b.file, 'p1');
    const s = semantic.matches(b.file, 'p1');
    assert.deepEqual(p.map((m) => m.paragraph), ['p1']);
    assert.deepEqual(s.map((m) => m.paragraph), ['p1']);
    assert.notEqual(p[0].score, s[0].score);
    assert.equal(plain.semanticModel, null);
    assert.deepEqual(plain.matches(b.file, 'p1'), p);
  });
});

describe('recurrence: the semantic space', () => {
  /** The shipped samples and the test reports, indexed with the model. */
  async function indexed(): Promise<ParagraphIndex> {
    const index = new ParagraphIndex();
    for (const { file, report } of shippedReports()) index.setReport(reportFeatures(file, report));
    index.setModel(await loadRecurrenceModel());
    return index;
  }

  it('places a paragraph there when a query first needs it, with the vectors it would have had in any order', async () => {
    const forward = await indexed();
    const backward = await indexed();
    const all = forward.files().flatMap((file) => (forward.report(file)?.paragraphs ?? []).map((p) => ({ file, id: p.id })));
    assert.ok(all.length > 200, `${all.length} paragraphs`);
    assert.equal(forward.placedParagraphs, 0, 'nothing is placed before a query');
    const first = forward.matches(all[0].file, all[0].id, { threshold: 0, top: 5 });
    assert.ok(first.length > 0);
    const placed = forward.placedParagraphs;
    assert.ok(placed > 0 && placed < all.length / 2, `the first query placed ${placed} of ${all.length} paragraphs`);
    const answer = (index: ParagraphIndex, q: { file: string; id: string }): string =>
      index
        .matches(q.file, q.id, { threshold: 0, top: 5 })
        .map((m) => `${m.file}#${m.paragraph} ${m.score}`)
        .join(', ');
    // Every paragraph asked about, in opposite orders: the scores are the same to the last bit.
    const one = all.map((q) => answer(forward, q));
    const other = [...all].reverse().map((q) => answer(backward, q)).reverse();
    assert.deepEqual(one, other);
    assert.equal(forward.placedParagraphs, backward.placedParagraphs);
  });
});
