/**
 * Benchmark: re-anchoring 1,000 tags on a changed report.
 *
 * The report is the longest sample report in `../shared/reports/sample` (beside the project), or,
 * when that folder is missing, a report-sized text built from the test fixture's words. 1,000 tags
 * of 40 to 400 characters are placed at seeded random word boundaries; the report is then changed
 * the way a reissue changes it: every paragraph re-wrapped to a different width, 20 paragraphs
 * inserted, 30 words replaced and 10 short passages deleted. The time covers preparing the changed
 * text and re-anchoring every tag.
 *
 * Run alone: `node --import tsx bench/reanchor.ts`; `bench/run.ts` calls `bench()`.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { median, reportsDir, type BenchResult } from './lib/common';
import { performance } from 'node:perf_hooks';
import { AnchoringText, createSelectors, reanchor, stripBom, type AnchorMethod, type Selectors } from '../src/core/annotations';

const ROOT = path.resolve(__dirname, '..');
const SAMPLES = path.join(reportsDir, 'sample');
const FIXTURE = path.resolve(ROOT, 'test/fixtures/annotations/fenwick-extract.txt');
const TAGS = 1000;
const ITERATIONS = 5;

/** A small deterministic generator (xorshift32), so every run measures the same work. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x100000000;
  };
}

function loadReport(): { name: string; text: string } {
  if (existsSync(SAMPLES)) {
    const files = readdirSync(SAMPLES).filter((f) => f.endsWith('.txt'));
    if (files.length > 0) {
      const largest = files.map((f) => ({ f, size: statSync(path.join(SAMPLES, f)).size })).sort((a, b) => b.size - a.size || (a.f < b.f ? -1 : 1))[0].f;
      return { name: largest, text: stripBom(readFileSync(path.join(SAMPLES, largest), 'utf8')) };
    }
  }
  // No sample reports: build a report-sized text from the fixture's words (seeded, so the same
  // every run). Repeating the fixture instead would fill the text with near-copies, which the
  // re-anchoring rightly refuses to choose between.
  const words = [...new Set(readFileSync(FIXTURE, 'utf8').split(/\s+/).filter((w) => w.length > 0))];
  const random = rng(7);
  const paragraphs: string[] = [];
  for (let n = 1; paragraphs.join('\n\n').length < 120_000; n++) {
    const sentences = Array.from({ length: 3 + Math.floor(random() * 4) }, () =>
      Array.from({ length: 8 + Math.floor(random() * 18) }, () => words[Math.floor(random() * words.length)]).join(' ') + '.',
    );
    paragraphs.push(rewrap(`${n}. ${sentences.join(' ')}`, 80));
  }
  return { name: 'text built from the test fixture', text: paragraphs.join('\n\n') + '\n' };
}

function placeTags(text: string, random: () => number): Selectors[] {
  const tags: Selectors[] = [];
  while (tags.length < TAGS) {
    let start = Math.floor(random() * text.length);
    while (start > 0 && /\S/.test(text[start - 1])) start--;
    while (start < text.length && /\s/.test(text[start])) start++;
    let end = Math.min(text.length, start + 40 + Math.floor(random() * 360));
    while (end < text.length && /\S/.test(text[end])) end++;
    if (end - start < 20) continue;
    tags.push(createSelectors(text, start, end));
  }
  return tags;
}

/** Re-wraps every paragraph (runs of lines between blank lines) to `width` columns. */
function rewrap(text: string, width: number): string {
  return text
    .split(/\n[ \t]*\n/)
    .map((para) => {
      const words = para.split(/\s+/).filter((w) => w.length > 0);
      const lines: string[] = [];
      let line = '';
      for (const w of words) {
        if (line.length > 0 && line.length + 1 + w.length > width) {
          lines.push(line);
          line = w;
        } else line = line.length > 0 ? `${line} ${w}` : w;
      }
      if (line.length > 0) lines.push(line);
      return lines.join('\n');
    })
    .join('\n\n');
}

function changeReport(text: string, random: () => number): string {
  let t = rewrap(text, 64);
  const words = [...new Set(text.split(/\s+/).filter((w) => /^[a-z]{4,}$/.test(w)))];
  const word = () => words[Math.floor(random() * words.length)];
  for (let i = 0; i < 20; i++) {
    const at = t.lastIndexOf('\n\n', Math.floor(random() * t.length));
    const paragraph = Array.from({ length: 30 + Math.floor(random() * 40) }, word).join(' ');
    t = `${t.slice(0, at + 2)}${rewrap(paragraph, 64)}.\n\n${t.slice(at + 2)}`;
  }
  for (let i = 0; i < 30; i++) {
    const from = Math.floor(random() * t.length);
    const m = /[a-z]{4,}/.exec(t.slice(from));
    if (!m) continue;
    const found = from + m.index;
    t = t.slice(0, found) + word() + t.slice(found + m[0].length);
  }
  for (let i = 0; i < 10; i++) {
    const at = Math.floor(random() * t.length);
    t = t.slice(0, at) + t.slice(at + 5 + Math.floor(random() * 40));
  }
  return t;
}

export async function bench(): Promise<BenchResult[]> {
  const report = loadReport();
  const random = rng(20240611);
  const tags = placeTags(report.text, random);
  const changed = changeReport(report.text, random);

  const times: number[] = [];
  let methods = new Map<AnchorMethod, number>();
  for (let i = 0; i < ITERATIONS; i++) {
    const counts = new Map<AnchorMethod, number>();
    const t0 = performance.now();
    const prepared = new AnchoringText(changed);
    for (const s of tags) {
      const r = reanchor(prepared, s);
      counts.set(r.method, (counts.get(r.method) ?? 0) + 1);
    }
    times.push(performance.now() - t0);
    methods = counts;
  }
  times.sort((a, b) => a - b);
  const middle = median(times);

  // The common case: the report has not changed since it was tagged (opening it, refreshing the views).
  const unchangedTimes: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const t0 = performance.now();
    const prepared = new AnchoringText(report.text);
    for (const s of tags) reanchor(prepared, s);
    unchangedTimes.push(performance.now() - t0);
  }
  const orphans = methods.get('orphan') ?? 0;
  const count = (m: AnchorMethod) => methods.get(m) ?? 0;
  const label = `reanchor ${TAGS} tags (${report.name}, ${report.text.length} chars)`;
  return [
    { name: `${label}: median time`, value: Math.round(middle * 10) / 10, unit: 'ms' },
    { name: `${label}: fastest time`, value: Math.round(times[0] * 10) / 10, unit: 'ms' },
    { name: `${label}: orphans`, value: orphans, unit: 'tags' },
    { name: `${label}: found by position`, value: count('position'), unit: 'tags' },
    { name: `${label}: found by quote`, value: count('quote') + count('normalised-quote'), unit: 'tags' },
    { name: `${label}: found by fuzzy match`, value: count('fuzzy'), unit: 'tags' },
    { name: `reanchor ${TAGS} tags on the unchanged report: median time`, value: Math.round(median(unchangedTimes) * 100) / 100, unit: 'ms' },
  ];
}

if (require.main === module) {
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
