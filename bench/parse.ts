/**
 * Parse throughput: plain text (every .txt report in ../shared/reports), Markdown (the same reports
 * written out as Markdown in memory), and the time to parse a folder of 500 reports. Everything is
 * read into memory first; the parse runs on one core (the main thread).
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { listTexts, median, reportsDir, type BenchResult } from './lib/common';
import { parseReportText } from '../src/core/parser';
import type { Report } from '../src/core/model';

const MIN_RUN_MS = 2000;
const RUNS = 5;

/** A report written out as Markdown: `#` headings, `1.` numbered paragraphs, `- ` bullets. */
export function toMarkdown(report: Report): string {
  const out: string[] = [];
  for (const p of report.paragraphs) {
    if (p.kind === 'heading') out.push(`## ${p.text}`);
    else if (p.number !== null) out.push(`${p.number}. ${p.text}`);
    else if (p.kind === 'bullet') out.push(`- ${p.text}`);
    else out.push(p.text);
  }
  return `# ${report.title ?? 'Inspection report'}\n\n${out.join('\n\n')}\n`;
}

/**
 * Parses every document repeatedly for at least MIN_RUN_MS; returns the median throughput in MB/s
 * over RUNS runs, by wall-clock time and by the process's CPU time (which other work on a busy
 * machine does not inflate).
 */
function throughput(docs: { file: string; text: string }[]): { wall: number; cpu: number } {
  const bytes = docs.reduce((n, d) => n + Buffer.byteLength(d.text, 'utf8'), 0);
  for (const d of docs) parseReportText(d.file, d.text); // warm up
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    let done = 0;
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    let elapsed = 0;
    do {
      for (const d of docs) parseReportText(d.file, d.text);
      done += bytes;
      elapsed = performance.now() - t0;
    } while (elapsed < MIN_RUN_MS);
    const c = process.cpuUsage(c0);
    wall.push(done / 1e6 / (elapsed / 1000));
    cpu.push(done / 1e6 / ((c.user + c.system) / 1e6));
  }
  return { wall: median(wall), cpu: median(cpu) };
}

/** The median time, over RUNS runs, to parse `docs` once each. */
function timeOnce(docs: { file: string; text: string }[]): number {
  const times: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    for (const d of docs) parseReportText(d.file, d.text);
    times.push(performance.now() - t0);
  }
  return median(times);
}

export async function bench(): Promise<BenchResult[]> {
  if (!existsSync(reportsDir)) {
    console.log('bench/parse: no ../shared/reports folder; skipped');
    return [];
  }
  const texts = listTexts(reportsDir).map((file) => ({ file: path.relative(reportsDir, file), text: readFileSync(file, 'utf8').replace(/^\uFEFF/, '') }));
  const markdown = texts.map((d) => ({ file: d.file.replace(/\.txt$/, '.md'), text: toMarkdown(parseReportText(d.file, d.text)) }));
  const folder = Array.from({ length: 500 }, (_, i) => texts[i % texts.length]);
  const mb = (docs: { text: string }[]): number => docs.reduce((n, d) => n + Buffer.byteLength(d.text, 'utf8'), 0) / 1e6;

  const text = throughput(texts);
  const md = throughput(markdown);
  timeOnce(folder); // warm up
  const folderMs = timeOnce(folder);
  const plain = `${texts.length} reports, ${mb(texts).toFixed(2)} MB`;
  const mdDesc = `${markdown.length} reports, ${mb(markdown).toFixed(2)} MB`;
  return [
    { name: `parse plain text (${plain}), wall clock`, value: round(text.wall), unit: 'MB/s' },
    { name: `parse plain text (${plain}), CPU time`, value: round(text.cpu), unit: 'MB/s' },
    { name: `parse Markdown (${mdDesc}), wall clock`, value: round(md.wall), unit: 'MB/s' },
    { name: `parse Markdown (${mdDesc}), CPU time`, value: round(md.cpu), unit: 'MB/s' },
    { name: `parse 500 plain-text reports (${mb(folder).toFixed(1)} MB)`, value: round(folderMs), unit: 'ms' },
  ];
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}
