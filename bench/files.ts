/**
 * What reading files safely costs: the regular-file reader (type taken from the open handle,
 * bytes counted while reading) against `fs.readFile` on the report corpus; deriving store paths
 * (plain and hashed names); the JSON limit check on a large store file; and listing a store whose
 * files have hashed names, which are read to learn their report.
 */
import { NodeStoreFileSystem } from '../src/node/storeFileSystem';
import { existsSync, promises as fs, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { listTexts, median, reportsDir, type BenchResult } from './lib/common';
import { AnnotationStore, createSelectors, storeFileFor } from '../src/core/annotations';
import { checkJsonLimits } from '../src/core/jsonLimits';
import { readRegularFile } from '../src/node/readFile';

const RUNS = 7;

async function timeAsync(run: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function time(run: () => unknown): number {
  const start = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export async function bench(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  if (existsSync(reportsDir)) {
    const files = listTexts(reportsDir);
    const bytes = files.reduce((n, f) => n + readFileSync(f).length, 0);
    const safe: number[] = [];
    const plain: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      plain.push(await timeAsync(async () => { for (const f of files) await fs.readFile(f); }));
      safe.push(await timeAsync(async () => { for (const f of files) await readRegularFile(f); }));
    }
    results.push({ name: `fs.readFile, ${files.length} reports (${(bytes / 1048576).toFixed(2)} MB)`, value: Math.round(median(plain) * 10) / 10, unit: 'ms' });
    results.push({ name: `readRegularFile, ${files.length} reports`, value: Math.round(median(safe) * 10) / 10, unit: 'ms' });
  } else {
    console.log('bench/files: no ../shared/reports folder; the read comparison is skipped');
  }

  // Store paths: 10,000 report paths, half plain, half needing a hashed name.
  const paths = Array.from({ length: 10_000 }, (_, i) => (i % 2 ? `reports/bury-${i}.txt` : `Reports/Bury Inspection ${i}.txt`));
  const derive = median(Array.from({ length: RUNS }, () => time(() => paths.forEach((p) => storeFileFor(p)))));
  results.push({ name: 'storeFileFor, 10,000 paths (half hashed)', value: Math.round(derive * 10) / 10, unit: 'ms' });

  // The limit check on a store file of 2,000 tags (about 3 MB).
  const tag = { id: 'x', report: 'r.txt', paragraph: 'p1', selectors: { quote: { exact: 'a'.repeat(1200), prefix: 'b'.repeat(32), suffix: 'c'.repeat(32) }, position: { start: 1, end: 2 } } };
  const text = JSON.stringify({ schemaVersion: 1, report: 'r.txt', annotations: Array.from({ length: 2000 }, () => tag), improvements: [] }, null, 2);
  const check = median(Array.from({ length: RUNS }, () => time(() => checkJsonLimits(text))));
  results.push({ name: `checkJsonLimits, ${(text.length / 1048576).toFixed(1)} MB store`, value: Math.round(check * 10) / 10, unit: 'ms' });
  const parse = median(Array.from({ length: RUNS }, () => time(() => JSON.parse(text))));
  results.push({ name: 'JSON.parse of the same text, for scale', value: Math.round(parse * 10) / 10, unit: 'ms' });

  // Listing 500 store files, half with hashed names (read to learn their report).
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'ilacs-bench-files-'));
  try {
    const store = new AnnotationStore(new NodeStoreFileSystem(root));
    const body = '1. Social workers visit children regularly.\n';
    for (let i = 0; i < 500; i++) {
      await store.add(i % 2 ? `reports/r-${i}.txt` : `Reports/Report ${i}.txt`, { paragraph: 'p1', selectors: createSelectors(body, 0, 10), criteria: ['hp.visits'], author: 'A' });
    }
    const runs: number[] = [];
    for (let i = 0; i < RUNS; i++) runs.push(await timeAsync(() => new AnnotationStore(new NodeStoreFileSystem(root)).reports()));
    const list = median(runs);
    results.push({ name: 'store.reports(), 500 store files (250 hashed)', value: Math.round(list * 10) / 10, unit: 'ms' });
  } finally {
    await fs.rm(root, { recursive: true, force: true });
  }
  return results;
}
