/**
 * The paragraph recurrence index (`src/core/recurrence/paragraphIndex.ts`) on a workspace of 500
 * reports: the corpus in ../shared/reports repeated to 500 files, as bench/workspace.ts builds it.
 *
 * Measured:
 * - cold build: every report parsed (`parseReport` on its bytes), its features computed
 *   (`reportFeatures`) and put into one `ParagraphIndex` (`setReport`), report by report; wall
 *   time, and the part after parsing; the resident memory of the process once the index is built
 *   and everything else is released (after a forced garbage collection);
 * - the cache: `writeIndexCache` to a temporary file, then reading the file and `readIndexCache`
 *   into a fresh index; also the stamps of the 500 texts and the first query after loading;
 * - one report changed: `reportFeatures` and `setReport` of an edited report, then the first
 *   `matches` (the weights are brought up to date at that query, so it belongs to the cost);
 * - hover queries: `matches` for 2,000 random indexed paragraphs (p50, p95, max);
 * - growth: cold build and query p95 at 125, 250 and 500 reports.
 *
 * The work runs in a child process started with `--expose-gc`, so that the memory figures hold
 * the index alone (not what other benchmarks left behind) and the first build is truly cold.
 * Standalone: `node --import tsx bench/recurrence.ts`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { listTexts, mb, median, percentile, reportsDir, round, seeded, type BenchResult } from './lib/common';
import type { Report } from '../src/core/model';
import { parseReport } from '../src/core/parser';
import { ParagraphIndex, readIndexCache, reportFeatures, reportStamp, writeIndexCache } from '../src/core/recurrence';

const REPORTS = 500;
const GROWTH = [125, 250, 500];
const COLD_RUNS = 3;
const CACHE_RUNS = 5;
const CHANGE_RUNS = 21;
const QUERIES = 2000;
/** The matches the editor's hover asks the index for. */
const HOVER_TOP = 40;
const CHILD_FLAG = '--recurrence-child';

interface WorkspaceFile {
  file: string;
  bytes: Uint8Array;
  text: string;
}

/** The corpus repeated to `count` files, named as bench/workspace.ts names them. */
function workspace(corpus: { bytes: Uint8Array; text: string }[], count: number): WorkspaceFile[] {
  return Array.from({ length: count }, (_, i) => ({ file: `reports/${String(i).padStart(3, '0')}.txt`, ...corpus[i % corpus.length] }));
}

const gc = (globalThis as { gc?: () => void }).gc;

function collect(): void {
  if (gc) {
    gc();
    gc();
  }
}


interface ColdBuild {
  index: ParagraphIndex;
  parseMs: number;
  /** After parsing: `reportFeatures` and `setReport`. */
  indexMs: number;
  featuresMs: number;
  setMs: number;
  totalMs: number;
  /** CPU time of the process over the whole build (a busy machine inflates wall time, not this). */
  cpuMs: number;
  paragraphs: number;
}

/** Parses each file and puts its features into a new index, one report at a time. */
function coldBuild(files: WorkspaceFile[]): ColdBuild {
  const index = new ParagraphIndex();
  let parseMs = 0;
  let featuresMs = 0;
  let setMs = 0;
  let paragraphs = 0;
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (const f of files) {
    const t0 = performance.now();
    const report = parseReport(f.file, f.bytes);
    const t1 = performance.now();
    const features = reportFeatures(f.file, report, undefined, undefined, index.terms);
    const t2 = performance.now();
    index.setReport(features);
    setMs += performance.now() - t2;
    featuresMs += t2 - t1;
    parseMs += t1 - t0;
    paragraphs += report.paragraphs.length;
  }
  const totalMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { index, parseMs, indexMs: featuresMs + setMs, featuresMs, setMs, totalMs, cpuMs: (used.user + used.system) / 1000, paragraphs };
}

/** `matches` for `count` random indexed paragraphs; the times sorted, and how many had matches. */
function queries(index: ParagraphIndex, count: number, seed: number, top?: number): { times: number[]; withMatches: number; matches: number } {
  const next = seeded(seed);
  const files = index.files();
  const asked: { file: string; id: string }[] = [];
  while (asked.length < count) {
    const file = files[Math.floor(next() * files.length)];
    const ps = index.report(file)?.paragraphs ?? [];
    if (ps.length > 0) asked.push({ file, id: ps[Math.floor(next() * ps.length)].id });
  }
  index.matches(asked[0].file, asked[0].id); // brings the weights up to date: not part of a hover
  const times: number[] = [];
  let withMatches = 0;
  let matches = 0;
  for (const q of asked) {
    const t0 = performance.now();
    const found = index.matches(q.file, q.id, { top });
    times.push(performance.now() - t0);
    if (found.length > 0) withMatches++;
    matches += found.length;
  }
  times.sort((a, b) => a - b);
  return { times, withMatches, matches };
}

/** An edit to one report: a sentence added to a long paragraph in its middle. */
function edited(text: string): string {
  const lines = text.split('\n');
  for (let k = Math.floor(lines.length / 2); k < lines.length; k++) {
    if (lines[k].length > 60) {
      lines[k] += ' Caseloads remain too high for some social workers, which delays visits.';
      return lines.join('\n');
    }
  }
  throw new Error('bench/recurrence: no long line to edit');
}

/** Everything, measured in this process (the child). */
function measure(): BenchResult[] {
  const corpus = listTexts(reportsDir).map((file) => {
    const bytes = readFileSync(file);
    return { bytes: new Uint8Array(bytes), text: bytes.toString('utf8') };
  });
  const files = workspace(corpus, REPORTS);
  const totalBytes = files.reduce((n, f) => n + f.bytes.length, 0);
  const out: BenchResult[] = [];
  const add = (name: string, value: number, unit: string) => out.push({ name, value, unit });
  const label = `${REPORTS} reports`;

  // 1. Cold build, first in this process: memory with nothing but the index kept.
  collect();
  const before = process.memoryUsage();
  const firstFigures = coldBuild(files);
  const index = firstFigures.index;
  collect();
  const after = process.memoryUsage();
  const peakRss = process.resourceUsage().maxRSS * 1024;
  add(`workspace: ${label}, ${corpus.length} distinct texts repeated`, mb(totalBytes), 'MB');
  add(`workspace: paragraphs parsed (${label})`, firstFigures.paragraphs, 'paragraphs');
  add(`workspace: paragraphs indexed (${label})`, index.size, 'paragraphs');
  add(`workspace: distinct terms (${label}; the index's term table)`, index.terms.size, 'terms');
  add(`cold build, first in a fresh process (${label}): total`, round(firstFigures.totalMs), 'ms');
  add(`cold build, first in a fresh process (${label}): after parsing`, round(firstFigures.indexMs), 'ms');
  add(`cold build, first in a fresh process (${label}): parsing`, round(firstFigures.parseMs), 'ms');
  add(`cold build, first in a fresh process (${label}): reportFeatures`, round(firstFigures.featuresMs), 'ms');
  add(`cold build, first in a fresh process (${label}): setReport`, round(firstFigures.setMs), 'ms');
  add(`cold build, first in a fresh process (${label}): CPU time of the process`, round(firstFigures.cpuMs), 'ms');
  add(`memory forced GC: ${gc ? 'yes' : 'no (not started with --expose-gc)'}`, gc ? 1 : 0, 'flag');
  add(`memory before the build (node, modules, corpus texts): rss`, mb(before.rss), 'MB');
  add(`memory with the index built (${label}): rss`, mb(after.rss), 'MB');
  add(`memory with the index built (${label}): rss minus before`, mb(after.rss - before.rss), 'MB');
  add(`memory with the index built (${label}): heapUsed`, mb(after.heapUsed), 'MB');
  add(`memory with the index built (${label}): heapUsed minus before`, mb(after.heapUsed - before.heapUsed), 'MB');
  add(`memory with the index built (${label}): heapTotal`, mb(after.heapTotal), 'MB');
  add(`memory with the index built (${label}): arrayBuffers`, mb(after.arrayBuffers), 'MB');
  add(`memory peak rss of the process up to here (${label})`, mb(peakRss), 'MB');

  // 4. Hover queries on the first index.
  const hover = queries(index, QUERIES, 1);
  add(`hover query p50 (${QUERIES} random paragraphs, ${label})`, round(median(hover.times), 3), 'ms');
  add(`hover query p95 (${QUERIES} random paragraphs, ${label})`, round(percentile(hover.times, 0.95), 3), 'ms');
  add(`hover query max (${QUERIES} random paragraphs, ${label})`, round(hover.times[hover.times.length - 1], 3), 'ms');
  add(`hover queries with at least one match (of ${QUERIES})`, hover.withMatches, 'queries');
  add(`hover matches per query, mean (threshold default)`, round(hover.matches / QUERIES), 'matches');
  // What the hover itself asks for: the best HOVER_TOP matches (src/extension/hoverProvider.ts).
  const best = queries(index, QUERIES, 1, HOVER_TOP);
  add(`hover query as the hover asks (best ${HOVER_TOP}) p50`, round(median(best.times), 3), 'ms');
  add(`hover query as the hover asks (best ${HOVER_TOP}) p95`, round(percentile(best.times, 0.95), 3), 'ms');

  // 2. The cache.
  const stampTimes: number[] = [];
  let stamps = new Map<string, string>();
  for (let r = 0; r < CACHE_RUNS; r++) {
    const t0 = performance.now();
    stamps = new Map(files.map((f) => [f.file, reportStamp(f.text)]));
    stampTimes.push(performance.now() - t0);
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ilacs-bench-'));
  const cacheFile = path.join(dir, 'recurrence.bin');
  const writeTimes: number[] = [];
  const readTimes: number[] = [];
  const readCpu: number[] = [];
  const queryAfterLoad: number[] = [];
  try {
    for (let r = 0; r < CACHE_RUNS; r++) {
      const t0 = performance.now();
      writeFileSync(cacheFile, writeIndexCache(index, stamps));
      writeTimes.push(performance.now() - t0);
    }
    add(`cache file size (${label})`, mb(statSync(cacheFile).size), 'MB');
    for (let r = 0; r < CACHE_RUNS; r++) {
      collect();
      const cpu = process.cpuUsage();
      const t0 = performance.now();
      const loaded = new ParagraphIndex();
      const result = readIndexCache(readFileSync(cacheFile), loaded, (file, stamp) => stamps.get(file) === stamp);
      readTimes.push(performance.now() - t0);
      const used = process.cpuUsage(cpu);
      readCpu.push((used.user + used.system) / 1000);
      if (result.problem !== null || result.loaded.length !== REPORTS || loaded.size !== index.size) {
        throw new Error(`bench/recurrence: the cache did not load back (${result.problem ?? `${result.loaded.length} reports, ${loaded.size} paragraphs`})`);
      }
      const file = files[7].file;
      const p = loaded.report(file)?.paragraphs[0];
      if (!p) throw new Error(`bench/recurrence: ${file} has no indexed paragraph`);
      const t1 = performance.now();
      loaded.matches(file, p.id);
      queryAfterLoad.push(performance.now() - t1);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  add(`cache write (writeIndexCache and the file written), median of ${CACHE_RUNS}`, round(median(writeTimes)), 'ms');
  add(`cache load (file read, readIndexCache into a fresh index), first`, round(readTimes[0]), 'ms');
  add(`cache load (file read, readIndexCache into a fresh index), median of ${CACHE_RUNS}`, round(median(readTimes)), 'ms');
  add(`cache load: CPU time of the process, median of ${CACHE_RUNS}`, round(median(readCpu)), 'ms');
  add(`cache: first query after loading (weights computed), median of ${CACHE_RUNS}`, round(median(queryAfterLoad)), 'ms');
  add(`cache: stamps of the ${REPORTS} texts (reportStamp), median of ${CACHE_RUNS}`, round(median(stampTimes)), 'ms');

  // 3. One report changed, alternately to its edited and its original text.
  const changed = files[7];
  const versions: Report[] = [parseReport(changed.file, edited(changed.text)), parseReport(changed.file, changed.bytes)];
  const totals: number[] = [];
  const featureTimes: number[] = [];
  const setTimes: number[] = [];
  const firstQueries: number[] = [];
  const steadyQueries: number[] = [];
  for (let r = 0; r < CHANGE_RUNS; r++) {
    const report = versions[r % 2];
    const t0 = performance.now();
    const features = reportFeatures(changed.file, report, undefined, undefined, index.terms);
    const t1 = performance.now();
    index.setReport(features);
    const t2 = performance.now();
    const paragraphs = index.report(changed.file)?.paragraphs ?? [];
    const p = paragraphs[paragraphs.length >> 1];
    index.matches(changed.file, p.id);
    const t3 = performance.now();
    index.matches(changed.file, p.id);
    steadyQueries.push(performance.now() - t3);
    totals.push(t3 - t0);
    featureTimes.push(t1 - t0);
    setTimes.push(t2 - t1);
    firstQueries.push(t3 - t2);
  }
  add(`one report changed: features, setReport and first query, median of ${CHANGE_RUNS} (${label})`, round(median(totals)), 'ms');
  add(`one report changed: the same, max of ${CHANGE_RUNS}`, round(Math.max(...totals)), 'ms');
  add(`one report changed: reportFeatures, median`, round(median(featureTimes), 2), 'ms');
  add(`one report changed: setReport, median`, round(median(setTimes), 2), 'ms');
  add(`one report changed: first query (weights recomputed), median`, round(median(firstQueries), 2), 'ms');
  add(`one report changed: the same query again, median`, round(median(steadyQueries), 2), 'ms');

  // 5. Growth: warm cold builds (the parser and index code already compiled) and query p95.
  for (const n of GROWTH) {
    const subset = workspace(corpus, n);
    const builds: Omit<ColdBuild, 'index'>[] = [];
    let last = new ParagraphIndex();
    for (let r = 0; r < COLD_RUNS; r++) {
      last = new ParagraphIndex(); // the previous index is garbage before the next build starts
      collect();
      const { index: built, ...figures } = coldBuild(subset);
      last = built;
      builds.push(figures);
    }
    const q = queries(last, QUERIES, 2);
    add(`growth ${n} reports: paragraphs indexed`, last.size, 'paragraphs');
    add(`growth ${n} reports: cold build total, median of ${COLD_RUNS}`, round(median(builds.map((b) => b.totalMs))), 'ms');
    add(`growth ${n} reports: cold build after parsing, median of ${COLD_RUNS}`, round(median(builds.map((b) => b.indexMs))), 'ms');
    add(`growth ${n} reports: cold build CPU time, median of ${COLD_RUNS}`, round(median(builds.map((b) => b.cpuMs))), 'ms');
    add(`growth ${n} reports: query p50`, round(median(q.times), 3), 'ms');
    add(`growth ${n} reports: query p95`, round(percentile(q.times, 0.95), 3), 'ms');
    add(`growth ${n} reports: matches per query, mean`, round(q.matches / QUERIES), 'matches');
  }
  return out;
}

export async function bench(): Promise<BenchResult[]> {
  if (!existsSync(reportsDir)) {
    console.log('bench/recurrence: no ../shared/reports folder; skipped');
    return [];
  }
  const child = spawnSync(process.execPath, [...process.execArgv, '--expose-gc', __filename, CHILD_FLAG], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  if (child.status !== 0) throw new Error(`bench/recurrence: the measuring process failed (${child.status ?? child.signal}):\n${child.stderr}`);
  const lines = child.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as BenchResult[];
}

if (require.main === module) {
  if (process.argv.includes(CHILD_FLAG)) {
    process.stdout.write(`${JSON.stringify(measure())}\n`);
  } else {
    bench().then(
      (results) => {
        for (const r of results) console.log(`${r.name}: ${r.value} ${r.unit}`);
      },
      (e: unknown) => {
        console.error(e);
        process.exitCode = 1;
      },
    );
  }
}
