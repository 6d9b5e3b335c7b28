/**
 * The recurrence index at the scale of a large workspace: 447 distinct reports made from the real
 * ones in ../shared/reports with a vocabulary that grows as a real workspace's does
 * (bench/lib/growingWorkspace.ts), with the semantic layer as the editor and the CLI run it.
 *
 * The workspace is made and written to a temporary folder by this process; what is measured runs in
 * a child process started with `--expose-gc`, this module bundled by esbuild as the product is, which
 * reads the files' bytes as a host would (so its memory is Node's, the bytes' and the index's, not
 * that of making the workspace or of a TypeScript loader):
 * - cold index: every report read, parsed, its features computed and put into one index, and the
 *   model read; wall time, and resident memory after a forced garbage collection;
 * - one query as the hover asks it (best 40), for 2,000 random paragraphs, from cold (each first
 *   query of a paragraph places its candidates in the semantic space): p50, p95, max;
 * - one query from cold as a user waits for it, `ilacs recurrences DIR --file F --paragraph N`
 *   (the bundled dist/cli.js, so run `npm run build` first): the median and slowest of three runs,
 *   and peak resident memory;
 * - the CLI over the whole workspace, `ilacs recurrences DIR --json --top 5`: wall time and peak
 *   resident memory.
 * The cold index reads the paragraphs' features on a second thread as the CLI does, with the
 * bundled worker (dist/featureWorker.js). RECURRENCE_SCALE_NO_CLI=1 leaves out both CLI measures,
 * RECURRENCE_SCALE_NO_FULL=1 the whole-workspace one.
 * Standalone: `node --import tsx bench/recurrenceScale.ts`.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { listTexts, mb, median, percentile, reportsDir, round, seeded, type BenchResult } from './lib/common';
import { growingWorkspace } from './lib/growingWorkspace';
import { parseReport } from '../src/core/parser';
import { ENGLISH_AUTHORITIES } from '../src/core/parser/authorities';
import { IndexFilling, ParagraphIndex } from '../src/core/recurrence';
import { startFeatureReader } from '../src/node/featureThread';
import { openNodeSession } from '../src/node/host';
import { loadRecurrenceModel, recurrenceModelPath } from '../src/node/recurrenceModel';

const REPORTS = 447;
const QUERIES = 2000;
const HOVER_TOP = 40;
const CHILD_FLAG = '--recurrence-scale-child';
const SESSION_FLAG = '--recurrence-scale-session';
const CLI = path.resolve(__dirname, '..', 'dist', 'cli.js');
const WORKER = path.resolve(__dirname, '..', 'dist', 'featureWorker.js');
/** How many times the CLI's one query from cold is run (its median is given). */
const ONE_QUERY_RUNS = 3;

const gc = (globalThis as { gc?: () => void }).gc;

/** The workspace's files: names as a real folder would have them, one per report. */
function files(): { file: string; text: string }[] {
  const corpus = listTexts(reportsDir).map((f) => readFileSync(f, 'utf8'));
  const names = listTexts(reportsDir).map((f) => path.basename(f, '.txt'));
  const authorities = corpus.map((text, i) => parseReport(names[i], new TextEncoder().encode(text)).localAuthority);
  return growingWorkspace(corpus, REPORTS, authorities, ENGLISH_AUTHORITIES).map((text, i) => ({ file: `${names[i % names.length]}-${String(i).padStart(3, '0')}.txt`, text }));
}

/** Writes the workspace into `dir`/reports and gives its figures to `add`. */
function writeWorkspace(dir: string, add: (name: string, value: number, unit: string) => void): void {
  const ws = files();
  const words = new Set<string>();
  for (const f of ws) for (const w of f.text.toLowerCase().match(/[a-z]+/g) ?? []) words.add(w);
  const firstHalf = new Set<string>();
  for (const f of ws.slice(0, REPORTS >> 1)) for (const w of f.text.toLowerCase().match(/[a-z]+/g) ?? []) firstHalf.add(w);
  add(`workspace: ${REPORTS} distinct reports, text`, mb(ws.reduce((n, f) => n + f.text.length, 0)), 'MB');
  add('workspace: distinct words, first half of the reports', firstHalf.size, 'words');
  add('workspace: distinct words, all the reports', words.size, 'words');
  const perAuthority = new Map<string, number>();
  for (const f of ws) {
    const a = parseReport(f.file, new TextEncoder().encode(f.text)).localAuthority ?? f.file;
    perAuthority.set(a, (perAuthority.get(a) ?? 0) + 1);
  }
  add('workspace: authorities', perAuthority.size, 'authorities');
  add('workspace: most reports of one authority', Math.max(...perAuthority.values()), 'reports');
  mkdirSync(path.join(dir, 'reports'));
  for (const f of ws) writeFileSync(path.join(dir, 'reports', f.file), f.text);
}

/** A script preloaded into the CLI's process that reports its peak resident memory and CPU time on stderr as it exits. */
function peakRss(dir: string): string {
  const preload = path.join(dir, 'peak-rss.js');
  if (!existsSync(preload)) writeFileSync(preload, "process.on('exit', () => { const u = process.resourceUsage(); require('node:fs').writeSync(2, '\\nMAXRSS ' + u.maxRSS + ' CPU ' + (u.userCPUTime + u.systemCPUTime) + '\\n'); });\n");
  return preload;
}

/** What the measured process is given: the workspace's folder and the product's files it runs. */
interface ChildPaths {
  dir: string;
  cli: string;
  worker: string;
  model: string;
}

async function measure({ dir, cli: CLI, worker, model }: ChildPaths): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  const add = (name: string, value: number, unit: string): void => void out.push({ name, value, unit });
  // The workspace's files in the order they were made (their number), read one at a time as the
  // CLI reads them, so that no report's bytes are kept.
  const number = (file: string): number => Number(/-(\d+)\.txt$/.exec(file)?.[1]);
  const names = readdirSync(path.join(dir, 'reports')).sort((a, b) => number(a) - number(b));
  if (gc) gc();
  const before = process.memoryUsage().rss;
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  // As the CLI builds it (`IndexFilling`): the model read first, then the reports read, parsed and
  // put in the index in batches, and the postings packed tight at the end.
  const index = new ParagraphIndex();
  index.setModel(await loadRecurrenceModel(model));
  // The features read on a second thread by the bundled worker, as the CLI reads them.
  const filling = new IndexFilling(index, { reader: () => startFeatureReader({ script: worker }) });
  for (const file of names) await filling.addReport(file, parseReport(file, readFileSync(path.join(dir, 'reports', file))));
  await filling.finish();
  const coldMs = performance.now() - start;
  const cpuUsed = process.cpuUsage(cpuStart);
  const coldCpu = (cpuUsed.user + cpuUsed.system) / 1000;
  if (gc) gc();
  const after = process.memoryUsage();
  add(`cold index (${REPORTS} reports: read, parse, features, index, model)`, round(coldMs), 'ms');
  add(`cold index: CPU time of the process (user + system)`, round(coldCpu), 'ms');
  add(`cold index: features read on a second thread (1 yes, 0 no)`, filling.readerStarted && filling.readerFailed === null ? 1 : 0, 'flag');
  add(`cold index: paragraphs indexed`, index.size, 'paragraphs');
  add(`cold index: terms in the index's table`, index.terms.size, 'terms');
  add(`cold index: rss after GC`, mb(after.rss), 'MB');
  add(`cold index: heap used after GC`, mb(after.heapUsed), 'MB');
  add(`cold index: typed arrays (array buffers) after GC`, mb(after.arrayBuffers), 'MB');
  add(`cold index: rss after GC minus before`, mb(after.rss - before), 'MB');

  const next = seeded(7);
  const all = index.files();
  const times: number[] = [];
  let found = 0;
  for (let q = 0; q < QUERIES; q++) {
    const file = all[Math.floor(next() * all.length)];
    const ps = index.report(file)?.paragraphs ?? [];
    if (ps.length === 0) continue;
    const id = ps[Math.floor(next() * ps.length)].id;
    const t0 = performance.now();
    found += index.matches(file, id, { top: HOVER_TOP }).length;
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  add(`load average (1 minute) during the queries`, round(os.loadavg()[0], 1), 'processes');
  add(`one query, best ${HOVER_TOP}, from cold: p50 (${times.length} random paragraphs)`, round(median(times), 2), 'ms');
  add(`one query, best ${HOVER_TOP}, from cold: p95`, round(percentile(times, 0.95), 2), 'ms');
  add(`one query, best ${HOVER_TOP}, from cold: max`, round(times[times.length - 1], 2), 'ms');
  add(`one query: matches per query, mean`, round(found / times.length, 1), 'matches');
  if (gc) gc();
  add(`rss after the queries (semantic vectors made for the candidates)`, mb(process.memoryUsage().rss), 'MB');

  // The CLI over the same workspace written to disk (RECURRENCE_SCALE_NO_CLI=1 leaves it out).
  if (process.env.RECURRENCE_SCALE_NO_CLI === '1') return out;
  // What a user waits for from cold: one paragraph's matches, the whole workspace read first.
  {
    const file = names[0];
    const paragraph = index.report(file)?.paragraphs[0];
    if (!paragraph) throw new Error(`${file}: no paragraph indexed`);
    const walls: number[] = [];
    const peaks: number[] = [];
    for (let run = 0; run < ONE_QUERY_RUNS; run++) {
      const t0 = performance.now();
      const one = spawnSync(process.execPath, ['--require', peakRss(dir), CLI, 'recurrences', dir, '--file', `reports/${file}`, '--paragraph', paragraph.id, '--json', '--top', '5', '--threshold', '0'], { encoding: 'utf8', maxBuffer: 1 << 26 });
      walls.push(performance.now() - t0);
      if (one.status !== 0) throw new Error(`ilacs recurrences --file --paragraph exited ${String(one.status)}: ${one.stderr.slice(-2000)}`);
      peaks.push(Number(/MAXRSS (\d+)/.exec(one.stderr)?.[1] ?? NaN) * 1024);
      if ((JSON.parse(one.stdout) as { paragraphs: unknown[] }).paragraphs.length !== 1) throw new Error('ilacs recurrences --paragraph: not one paragraph listed');
    }
    add(`ilacs recurrences DIR --file F --paragraph N --json (one query from cold): wall time, median of ${ONE_QUERY_RUNS}`, round(median(walls)), 'ms');
    add(`ilacs recurrences DIR --file F --paragraph N --json: slowest of the ${ONE_QUERY_RUNS}`, round(Math.max(...walls)), 'ms');
    add(`ilacs recurrences DIR --file F --paragraph N --json: peak rss, most of the ${ONE_QUERY_RUNS}`, mb(Math.max(...peaks)), 'MB');
  }
  if (process.env.RECURRENCE_SCALE_NO_FULL === '1') return out;
  {
    const outFile = path.join(dir, 'out.json');
    const fd = openSync(outFile, 'w');
    const t0 = performance.now();
    const run = spawnSync(process.execPath, ['--require', peakRss(dir), CLI, 'recurrences', dir, '--json', '--top', '5'], { stdio: ['ignore', fd, 'pipe'], encoding: 'utf8', maxBuffer: 1 << 26 });
    const wall = performance.now() - t0;
    closeSync(fd);
    if (run.status !== 0) throw new Error(`ilacs recurrences exited ${String(run.status)}: ${run.stderr.slice(-2000)}`);
    const usage = /MAXRSS (\d+) CPU (\d+)/.exec(run.stderr);
    const rss = Number(usage?.[1] ?? NaN) * 1024;
    const cpu = Number(usage?.[2] ?? NaN) / 1000;
    const json = JSON.parse(readFileSync(outFile, 'utf8')) as { paragraphs: { matches: unknown[] }[] };
    add('ilacs recurrences DIR --json --top 5: wall time', round(wall), 'ms');
    add('ilacs recurrences DIR --json --top 5: CPU time (user + system)', round(cpu), 'ms');
    add('ilacs recurrences DIR --json --top 5: peak rss', mb(rss), 'MB');
    add('ilacs recurrences DIR --json --top 5: paragraphs listed', json.paragraphs.length, 'paragraphs');
    add('ilacs recurrences DIR --json --top 5: output', mb(statSync(outFile).size), 'MB');
  }
  return out;
}

/**
 * The editor's first build: the workspace session's `recurrenceIndex()` from cold, over Node's file
 * system (the editor's desktop host reads local folders the same way), which keeps every report it
 * read, as the editor's views need them.
 */
async function measureSession({ dir, worker, model }: ChildPaths): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  if (gc) gc();
  const start = performance.now();
  const session = openNodeSession(dir, { recurrenceModel: () => loadRecurrenceModel(model), featureReader: () => startFeatureReader({ script: worker }), runGit: false });
  const index = await session.recurrenceIndex();
  const ms = performance.now() - start;
  if (gc) gc();
  out.push({ name: `session's recurrence index from cold (the editor's first build: ${index.files().length} reports read, kept, indexed)`, value: round(ms), unit: 'ms' });
  out.push({ name: `session's recurrence index: rss after GC (the reports kept with it)`, value: mb(process.memoryUsage().rss), unit: 'MB' });
  session.dispose();
  return out;
}

export async function bench(): Promise<BenchResult[]> {
  if (!existsSync(reportsDir)) return [{ name: 'skipped: no reports folder beside the project', value: 0, unit: 'flag' }];
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ilacs-recurrence-scale-'));
  try {
    const out: BenchResult[] = [];
    writeWorkspace(dir, (name, value, unit) => void out.push({ name, value, unit }));
    // The measured process runs this module bundled, as the product's code is shipped (no
    // TypeScript loader in its memory or its time).
    const paths: ChildPaths = { dir, cli: CLI, worker: WORKER, model: recurrenceModelPath() };
    for (const f of [CLI, WORKER]) if (!existsSync(f)) throw new Error(`${f} is not built: run npm run build first`);
    const script = path.join(dir, 'measure.js');
    // Imported here, not at the top: the bundle leaves esbuild out, and the measured process never builds.
    const { buildSync } = await import('esbuild');
    buildSync({ entryPoints: [__filename], outfile: script, bundle: true, platform: 'node', target: 'node20', format: 'cjs', mainFields: ['module', 'main'], external: ['esbuild'], logLevel: 'warning' });
    for (const flag of [SESSION_FLAG, CHILD_FLAG]) {
      const child = spawnSync(process.execPath, ['--expose-gc', script, flag, JSON.stringify(paths)], { encoding: 'utf8', maxBuffer: 1 << 26 });
      if (child.status !== 0) throw new Error(`bench/recurrenceScale child failed: ${child.stderr}\n${child.stdout}`);
      out.push(...(JSON.parse(child.stdout.trim().split('\n').pop() as string) as BenchResult[]));
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv.includes(CHILD_FLAG)) {
  void measure(JSON.parse(process.argv[process.argv.indexOf(CHILD_FLAG) + 1]) as ChildPaths).then((r) => process.stdout.write(`${JSON.stringify(r)}\n`));
} else if (process.argv.includes(SESSION_FLAG)) {
  void measureSession(JSON.parse(process.argv[process.argv.indexOf(SESSION_FLAG) + 1]) as ChildPaths).then((r) => process.stdout.write(`${JSON.stringify(r)}\n`));
} else if (require.main === module) {
  void bench().then((r) => {
    for (const x of r) console.log(`${x.name}: ${x.value} ${x.unit}`);
  });
}
