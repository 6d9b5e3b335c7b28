/**
 * Benchmark: importing report PDFs, in pages per second.
 *
 * The PDFs are the real reports in `../shared/reports/pdf` (beside the project), or, when that
 * folder is missing, the fictional fixture report in `test/fixtures/pdf`. All are read into memory
 * first and pdf.js is loaded by a warm-up run. Each run converts every PDF once, on the main
 * thread; the figures are medians of 5 runs, by wall-clock time and by the process's CPU time
 * (user + system; pdf.js runs on this thread, so on an idle machine the two agree):
 *
 * - **import**: the whole conversion (`convertPdf`: text extraction, layout analysis, Markdown,
 *   parsing the result for the front matter);
 * - **extraction**: pdf.js's text extraction alone (`extractPdfText`);
 * - **layout**: layout analysis and Markdown from the extracted pages alone (`layoutToMarkdown`).
 *
 * Run alone: `node --import tsx bench/pdf.ts`; `bench/run.ts` calls `bench()`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { convertPdf, extractPdfText, layoutToMarkdown, type PdfPage } from '../src/core/pdf';
import { median, reportsDir, type BenchResult } from './lib/common';

const RUNS = 5;
const FIXTURE = path.resolve(__dirname, '..', 'test', 'fixtures', 'pdf', 'holmbridge__02-may-2025.pdf');

function loadPdfs(): { source: string; files: { name: string; bytes: Uint8Array }[] } {
  const dir = path.join(reportsDir, 'pdf');
  if (existsSync(dir)) {
    const names = readdirSync(dir).filter((f) => f.toLowerCase().endsWith('.pdf')).sort();
    if (names.length) return { source: `${names.length} real reports in ../shared/reports/pdf`, files: names.map((name) => ({ name, bytes: readFileSync(path.join(dir, name)) })) };
  }
  return { source: 'the fixture report (../shared/reports/pdf not found)', files: [{ name: path.basename(FIXTURE), bytes: readFileSync(FIXTURE) }] };
}

/** Median wall-clock and CPU (user + system) milliseconds of `RUNS` runs. */
async function timeRuns(work: () => Promise<void> | void): Promise<{ wall: number; cpu: number }> {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    await work();
    const used = process.cpuUsage(cpuStart);
    wall.push(performance.now() - start);
    cpu.push((used.user + used.system) / 1000);
  }
  return { wall: median(wall), cpu: median(cpu) };
}

export async function bench(): Promise<BenchResult[]> {
  const { source, files } = loadPdfs();
  const bytes = files.reduce((n, f) => n + f.bytes.length, 0);
  // Warm-up: loads pdf.js and gives the page count.
  const extracted: PdfPage[][] = [];
  for (const f of files) extracted.push((await extractPdfText(f.name, f.bytes)).pages);
  const pages = extracted.reduce((n, p) => n + p.length, 0);
  console.log(`pdf: ${source}: ${files.length} PDFs, ${pages} pages, ${(bytes / 1048576).toFixed(2)} MB`);

  const importMs = await timeRuns(async () => {
    for (const f of files) await convertPdf(f.name, f.bytes);
  });
  const extractMs = await timeRuns(async () => {
    for (const f of files) await extractPdfText(f.name, f.bytes);
  });
  const layoutMs = await timeRuns(() => {
    for (const p of extracted) layoutToMarkdown(p);
  });
  const rate = (ms: number): number => Math.round((pages / (ms / 1000)) * 10) / 10;
  return [
    { name: `import (${pages} pages), wall clock, median of ${RUNS}`, value: rate(importMs.wall), unit: 'pages/s' },
    { name: 'import, CPU time', value: rate(importMs.cpu), unit: 'pages/s' },
    { name: 'import, time for all PDFs', value: Math.round(importMs.wall), unit: 'ms' },
    { name: 'text extraction only, CPU time', value: rate(extractMs.cpu), unit: 'pages/s' },
    { name: 'layout and Markdown only, CPU time', value: rate(layoutMs.cpu), unit: 'pages/s' },
  ];
}

if (require.main === module) {
  bench().then(
    (results) => {
      for (const r of results) console.log(`${r.name}: ${r.value} ${r.unit}`);
    },
    (err) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
