import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { clustersOf, parseClusterSet, rankingMetrics, readSemanticModel, writeSemanticModel, SemanticModel, type RankingMetrics } from '../../../src/core/recurrence';
import { CLUSTERS_FILE, authorityOfFile, haveReports, labelledRanker, labelledWorkspace, loadClusterSet } from '../../../bench/lib/labelled';
import { loadRecurrenceModel, recurrenceModelPath } from '../../../src/node/recurrenceModel';
import { ParagraphIndex, reportFeatures } from '../../../src/core/recurrence';

// The labelled clusters of recurring findings (test/fixtures/recurrence/clusters.json), the ranking
// figures on their held-out test part, and the shipped model. Floors sit a little below the figures
// measured when the method was chosen (BENCHMARKS.md gives them for both parts and three methods).
const FLOORS = { recallAt5: 0.29, recallAt10: 0.43, mrr: 0.44, negativesApart: 0.85 };

describe('recurrence: labelled clusters', () => {
  const set = loadClusterSet();

  it('is well formed, with a split by authority and enough pairs in both parts', () => {
    assert.ok(set.clusters.length >= 60, `${set.clusters.length} clusters`);
    for (const part of ['tuning', 'test'] as const) {
      const m = rankingMetrics(clustersOf(set, part), () => []);
      assert.ok(m.pairs >= 300, `${part}: ${m.pairs} recurring pairs`);
      assert.ok(m.negatives >= 100, `${part}: ${m.negatives} hard negatives`);
      // Nothing ranked: nothing found, and every negative kept apart.
      assert.equal(m.recallAt5, 0);
      assert.equal(m.negativesApart, m.negatives);
    }
  });

  it('rejects a malformed set with the file and the problem', () => {
    assert.throws(() => parseClusterSet('{', 'x.json'), /x\.json: not JSON/);
    const bad = { description: '', split: { tuning: ['a'], test: ['a'] }, clusters: [] };
    assert.throws(() => parseClusterSet(JSON.stringify(bad), 'x.json'), /x\.json: authorities in both parts of the split: a/);
    const noAuthority = { description: '', split: { tuning: ['a'], test: ['b'] }, clusters: [{ id: 'c', authority: 'z', polarity: 'concern', finding: 'f', members: ['r#p1'], negatives: [] }] };
    assert.throws(() => parseClusterSet(JSON.stringify(noAuthority), 'x.json'), /cluster 0 \(c\): authority "z" is in neither part/);
  });

  it('covers every authority with several reports in the shared reports, each in one part', function () {
    if (!haveReports()) this.skip();
    const all = [...set.split.tuning, ...set.split.test];
    const counts = new Map<string, number>();
    for (const r of labelledWorkspace()) {
      const slug = (r.report.localAuthority ?? '').toLowerCase().replace(/[^a-z]+/g, '-');
      counts.set(slug, (counts.get(slug) ?? 0) + 1);
    }
    const several = [...counts].filter(([a, n]) => a !== '' && n >= 2).map(([a]) => a).sort();
    assert.deepEqual(several.filter((a) => !all.includes(a)), []);
    for (const c of set.clusters) for (const ref of [...c.members, ...c.negatives]) assert.equal(authorityOfFile(ref.split('#')[0], all), c.authority, `${c.id}: ${ref}`);
  });

  it('names only paragraphs the parser gives and the index compares', function () {
    if (!haveReports()) this.skip();
    const ws = labelledWorkspace();
    const index = new ParagraphIndex();
    index.setReports(ws.map((r) => reportFeatures(r.file, r.report)));
    const problems: string[] = [];
    for (const c of set.clusters) {
      for (const ref of [...c.members, ...c.negatives]) {
        const [file, id] = ref.split('#');
        if (!index.report(file)) problems.push(`${c.id}: ${file}: no such report`);
        else if (!index.paragraph(file, id)) problems.push(`${c.id}: ${ref}: no such paragraph, or one the index does not compare`);
      }
    }
    assert.deepEqual(problems, []);
  });
});

describe('recurrence: ranking on the held-out test part', function () {
  let metrics: RankingMetrics;
  before(async function () {
    if (!haveReports()) this.skip();
    this.timeout(120_000);
    const set = loadClusterSet();
    metrics = rankingMetrics(clustersOf(set, 'test'), labelledRanker('semantic', await loadRecurrenceModel()));
  });

  it(`keeps recall@5 >= ${FLOORS.recallAt5}, recall@10 >= ${FLOORS.recallAt10} and MRR >= ${FLOORS.mrr}`, () => {
    assert.ok(metrics.recallAt5 >= FLOORS.recallAt5, `recall@5 ${metrics.recallAt5.toFixed(3)} of ${metrics.pairs} pairs`);
    assert.ok(metrics.recallAt10 >= FLOORS.recallAt10, `recall@10 ${metrics.recallAt10.toFixed(3)}`);
    assert.ok(metrics.mrr >= FLOORS.mrr, `MRR ${metrics.mrr.toFixed(3)} over ${metrics.queries} queries`);
  });

  it(`keeps at least ${FLOORS.negativesApart * 100}% of the hard negatives (same topic, opposite judgement) apart`, () => {
    const share = metrics.negativesApart / metrics.negatives;
    assert.ok(share >= FLOORS.negativesApart, `${metrics.negativesApart} of ${metrics.negatives}`);
  });
});

describe('recurrence: the shipped model', () => {
  it('is small, readable, and trained on no report of the test part', async () => {
    const bytes = readFileSync(recurrenceModelPath());
    assert.ok(bytes.length <= 5_000_000, `${bytes.length} bytes`);
    const model = await loadRecurrenceModel();
    assert.match(model.header.corpus.sha256, /^[0-9a-f]{64}$/);
    const held = parseClusterSet(readFileSync(CLUSTERS_FILE, 'utf8'), CLUSTERS_FILE).split.test;
    const trainedOn = model.header.corpus.authorities.map((a) => a.toLowerCase().replace(/[^a-z]+/g, '-'));
    assert.deepEqual(trainedOn.filter((a) => held.includes(a)), []);
    assert.ok(model.header.corpus.reports > 0 && model.size > 1000 && model.dims > 0);
  });

  it('reads back what it writes, to 8-bit precision, and names the file when damaged', () => {
    const header = { format: 1, version: 1, dims: 2, stems: ['caseload', 'supervis'], corpus: { sha256: '0'.repeat(64), reports: 1, sentences: 1, authorities: [] }, method: 'test' };
    const model = new SemanticModel(header, Float32Array.from([1.5, 2]), Float32Array.from([0.5, -0.25, 1, 0.125]));
    const back = readSemanticModel(writeSemanticModel(model), 'm.bin');
    assert.deepEqual(back.header, header);
    assert.deepEqual([...back.idf], [1.5, 2]);
    [...back.vectors].forEach((v, i) => assert.ok(Math.abs(v - model.vectors[i]) <= 0.5 / 127 + 1e-6, `${i}: ${v}`));
    assert.equal(back.rowOf('supervis'), 1);
    assert.equal(back.rowOf('unknown'), -1);
    assert.throws(() => readSemanticModel(new Uint8Array(20), 'm.bin'), /m\.bin: not a recurrence model/);
    assert.throws(() => readSemanticModel(writeSemanticModel(model).subarray(0, 40), 'm.bin'), /m\.bin: /);
  });
});
