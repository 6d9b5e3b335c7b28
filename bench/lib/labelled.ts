/**
 * The labelled recurrence set and the workspace it is measured in: every report of ../shared/reports
 * (seeds/ and sample/), named by its path there, parsed once. Shared by the ranking benchmark, the
 * unit tests' floors and the training script.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Report } from '../../src/core/model';
import { parseReport } from '../../src/core/parser';
import { ParagraphIndex, reportFeatures, stemOf, type SemanticModel } from '../../src/core/recurrence';
import { parseClusterSet, type ClusterSet } from '../../src/core/recurrence/evaluation';
import { listTexts, reportsDir } from './common';

export const CLUSTERS_FILE = path.resolve(__dirname, '..', '..', 'test', 'fixtures', 'recurrence', 'clusters.json');

export function loadClusterSet(file = CLUSTERS_FILE): ClusterSet {
  return parseClusterSet(readFileSync(file, 'utf8'), file);
}

export interface LabelledReport {
  /** Path under the reports folder, with `/` (`seeds/bury-2021-12-inspection.txt`). */
  file: string;
  text: string;
  report: Report;
}

/** Whether the reports folder is there (tests and benchmarks skip without it). */
export function haveReports(): boolean {
  return existsSync(reportsDir);
}

let cached: LabelledReport[] | undefined;

/** Every report of the labelled workspace, parsed. */
export function labelledWorkspace(): LabelledReport[] {
  if (cached) return cached;
  cached = listTexts(reportsDir).map((full) => {
    const file = path.relative(reportsDir, full).split(path.sep).join('/');
    const bytes = readFileSync(full);
    return { file, text: bytes.toString('utf8'), report: parseReport(file, bytes) };
  });
  return cached;
}

/** The authority a report of the workspace is about, by its file name (`sample/st-helens__04-november-2019.txt`: `st-helens`). */
export function authorityOfFile(file: string, authorities: readonly string[]): string | null {
  const base = file.slice(file.lastIndexOf('/') + 1).toLowerCase();
  // The longest prefix wins, so that `bury` is not taken for a longer name starting with it.
  let best: string | null = null;
  for (const a of authorities) {
    if ((base.startsWith(`${a}__`) || base.startsWith(`${a}-`)) && (best === null || a.length > best.length)) best = a;
  }
  return best;
}

/** The three rankers the ranking figures compare, over the labelled workspace, each within the query's authority. */
export type RankingMethod = 'sparse' | 'tfidf' | 'semantic';

/**
 * A ranker for `rankingMetrics`: a paragraph's top `depth` matches in the other reports of its own
 * authority. `sparse` is the index without a model (the method before the semantic layer), `semantic`
 * the index with `model`, `tfidf` a plain TF-IDF cosine of paragraphs' stems (no polarity, no pairs,
 * no stock wording left out), the naive baseline.
 */
export function labelledRanker(method: RankingMethod, model: SemanticModel | null, depth = 100): (ref: string) => string[] {
  const ws = labelledWorkspace();
  if (method === 'tfidf') return naiveTfidf(ws, depth);
  const index = new ParagraphIndex();
  index.setReports(ws.map((r) => reportFeatures(r.file, r.report, undefined, undefined, index.terms)));
  if (method === 'semantic') {
    if (!model) throw new Error('the semantic ranking needs the model');
    index.setModel(model);
  }
  return (ref) => {
    const at = ref.indexOf('#');
    return index.matches(ref.slice(0, at), ref.slice(at + 1), { threshold: 0, top: depth, includeOtherAuthorities: false }).map((m) => `${m.file}#${m.paragraph}`);
  };
}

function naiveTfidf(ws: LabelledReport[], depth: number): (ref: string) => string[] {
  interface Doc { ref: string; file: string; authority: string; weights: Map<string, number>; norm: number }
  const docs: Doc[] = [];
  const df = new Map<string, number>();
  for (const r of ws) {
    for (const p of r.report.paragraphs) {
      if (p.kind === 'heading') continue;
      const tf = new Map<string, number>();
      for (const w of p.text.toLowerCase().match(/[a-z]+/g) ?? []) if (w.length > 2) tf.set(stemOf(w), (tf.get(stemOf(w)) ?? 0) + 1);
      if (tf.size < 3) continue;
      for (const t of tf.keys()) df.set(t, (df.get(t) ?? 0) + 1);
      docs.push({ ref: `${r.file}#${p.id}`, file: r.file, authority: r.report.localAuthority ?? r.file, weights: tf, norm: 0 });
    }
  }
  const n = docs.length;
  for (const d of docs) {
    let sum = 0;
    for (const [t, c] of d.weights) {
      const w = (1 + Math.log(c)) * Math.log(n / (df.get(t) as number));
      d.weights.set(t, w);
      sum += w * w;
    }
    d.norm = Math.sqrt(sum) || 1;
  }
  const byRef = new Map(docs.map((d) => [d.ref, d]));
  return (ref) => {
    const q = byRef.get(ref);
    if (!q) return [];
    return docs
      .filter((d) => d.file !== q.file && d.authority === q.authority)
      .map((d) => {
        let dot = 0;
        for (const [t, w] of q.weights) dot += w * (d.weights.get(t) ?? 0);
        return { ref: d.ref, score: dot / (q.norm * d.norm) };
      })
      .sort((a, b) => b.score - a.score || (a.ref < b.ref ? -1 : 1))
      .slice(0, depth)
      .map((d) => d.ref);
  };
}
