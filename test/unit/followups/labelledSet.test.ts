import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseReport } from '../../../src/core/parser';
import { authorityOfFile, loadLabels, measure, REPORTS, reportsAvailable } from './labelled';

// Floors on the TEST part of the labelled follow-up set: authorities the model was never tuned on.
// BENCHMARKS.md records the figures of both parts (`npm run bench -- followups`).
const MIN_PRECISION = 0.65;
const MIN_RECALL = 0.45;
const MIN_VERDICT_ACCURACY = 0.65;

describe('follow-ups: labelled set', () => {
  const labels = loadLabels();

  it('splits by authority: every labelled authority is in one part, and both parts hold items', () => {
    const authorities = new Set(labels.items.map((i) => authorityOfFile(i.file)));
    for (const a of authorities) assert.ok(labels.parts[a] === 'tuning' || labels.parts[a] === 'test', `${a} is in no part`);
    for (const item of labels.items) for (const l of item.later) assert.equal(authorityOfFile(l.file), authorityOfFile(item.file), `${item.file} -> ${l.file}: another authority`);
    const parts = new Set(labels.items.map((i) => labels.parts[authorityOfFile(i.file)]));
    assert.deepEqual([...parts].sort(), ['test', 'tuning']);
  });

  it('labels a verdict exactly when there are follow-up paragraphs', () => {
    for (const item of labels.items) {
      for (const l of item.later) assert.equal(l.verdict === null, l.paragraphs.length === 0, `${item.file} ${item.improvement} -> ${l.file}`);
    }
  });

  describe('against the reports', function () {
    before(function () {
      if (!reportsAvailable()) this.skip();
    });

    it('points at real improvement areas and paragraphs of later reports', () => {
      for (const item of labels.items) {
        const report = parseReport(item.file, readFileSync(path.join(REPORTS, item.file)));
        const ia = report.improvementAreas.find((x) => x.id === item.improvement);
        assert.ok(ia, `${item.file}: no ${item.improvement}`);
        assert.equal(ia.text, item.text, `${item.file} ${item.improvement}: the text changed`);
        for (const l of item.later) {
          assert.ok(existsSync(path.join(REPORTS, l.file)), l.file);
          const later = parseReport(l.file, readFileSync(path.join(REPORTS, l.file)));
          for (const p of l.paragraphs) assert.ok(later.paragraphs.some((x) => x.id === p), `${l.file}: no paragraph ${p}`);
        }
      }
    });

    it(`finds follow-ups on the test part with precision >= ${MIN_PRECISION}, recall >= ${MIN_RECALL}, verdicts right >= ${MIN_VERDICT_ACCURACY}`, () => {
      const m = measure(labels, 'test');
      assert.ok(m.positivePairs >= 25, `only ${m.positivePairs} labelled follow-ups in the test part`);
      assert.ok(m.precision >= MIN_PRECISION, `precision ${m.precision.toFixed(3)}\n${m.errors.join('\n')}`);
      assert.ok(m.recall >= MIN_RECALL, `recall ${m.recall.toFixed(3)}\n${m.errors.join('\n')}`);
      assert.ok(m.verdictAccuracy >= MIN_VERDICT_ACCURACY, `verdicts ${m.verdictAccuracy.toFixed(3)}\n${m.errors.join('\n')}`);
    });

    it('does at least as well on the tuning part', () => {
      const m = measure(labels, 'tuning');
      assert.ok(m.precision >= MIN_PRECISION && m.recall >= MIN_RECALL && m.verdictAccuracy >= MIN_VERDICT_ACCURACY, JSON.stringify({ ...m, errors: undefined }));
    });
  });
});
