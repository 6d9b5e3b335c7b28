/**
 * Ranking quality of the recurrence index on the labelled clusters (test/fixtures/recurrence/
 * clusters.json), on the tuning part and the held-out test part: recall@5, recall@10, MRR and hard
 * negatives kept apart (src/core/recurrence/evaluation.ts), for three methods (bench/lib/labelled.ts):
 * the sparse index alone (the method before the semantic layer), a naive TF-IDF cosine, and the
 * sparse index re-ranked by the shipped model. Each paragraph is ranked against the other reports of
 * its own authority, as the hover's "Also found in" lists them.
 * Standalone: `node --import tsx bench/recurrenceRanking.ts`.
 */
import { clustersOf, rankingMetrics } from '../src/core/recurrence';
import { loadRecurrenceModel } from '../src/node/recurrenceModel';
import type { BenchResult } from './lib/common';
import { haveReports, labelledRanker, loadClusterSet, type RankingMethod } from './lib/labelled';

const METHODS: [RankingMethod, string][] = [
  ['sparse', 'sparse index (before)'],
  ['tfidf', 'naive TF-IDF cosine'],
  ['semantic', 'sparse + semantic layer'],
];

export async function bench(): Promise<BenchResult[]> {
  if (!haveReports()) return [{ name: 'skipped: no reports folder beside the project', value: 0, unit: 'flag' }];
  const set = loadClusterSet();
  const model = await loadRecurrenceModel();
  const out: BenchResult[] = [];
  for (const [method, label] of METHODS) {
    const rank = labelledRanker(method, model);
    for (const part of ['tuning', 'test'] as const) {
      const m = rankingMetrics(clustersOf(set, part), rank);
      const r = (v: number): number => Math.round(v * 1000) / 1000;
      out.push({ name: `${label}, ${part} part (${m.pairs} pairs): recall@5`, value: r(m.recallAt5), unit: 'share' });
      out.push({ name: `${label}, ${part} part: recall@10`, value: r(m.recallAt10), unit: 'share' });
      out.push({ name: `${label}, ${part} part (${m.queries} queries): MRR`, value: r(m.mrr), unit: 'share' });
      out.push({ name: `${label}, ${part} part: hard negatives kept apart, of ${m.negatives}`, value: m.negativesApart, unit: 'pairs' });
    }
  }
  return out;
}

if (require.main === module) {
  void bench().then((r) => {
    for (const x of r) console.log(`${x.name}: ${x.value} ${x.unit}`);
  });
}
