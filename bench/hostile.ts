/**
 * Parsing hostile input: each shape that once ran for minutes, at the size it was found at (up to
 * 16 MB), parsed once after a small warm-up; CPU time of the parse, and the heap it leaves in use
 * (`process.memoryUsage().heapUsed` after the parse, with the report still held). Peak process
 * memory is `maxRSS` of the whole benchmark run, printed last.
 */
import { parseReportText } from '../src/core/parser';
import type { BenchResult } from './lib/common';

const MB = 1024 * 1024;

const REPORT = [
  'Inspection of Eastwick local authority children’s services',
  '',
  'Inspection dates: 3 to 14 March 2025',
  '',
  'The experiences and progress of children in care: good',
  '',
  '1. Children live in stable homes. Reviews are held on time and independent reviewing',
  'officers challenge drift when they see it.',
  '',
].join('\n');

function fill(unit: string, size: number): string {
  return unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
}

const SHAPES: [string, string, () => string][] = [
  ['CR-only line ends, 16 MB', 'r.txt', () => fill(REPORT.replace(/\n/g, '\r'), 16 * MB)],
  ['one 10 MB line', 'r.txt', () => 'word '.repeat(2 * MB)],
  ['16 MB of blank lines', 'r.txt', () => `${REPORT}${'\n'.repeat(16 * MB)}${REPORT}`],
  ['a million page breaks (form feed, newline)', 'r.txt', () => `${REPORT}${'\f\n'.repeat(MB)}${REPORT}`],
  ['NUL bytes and right-to-left marks, 16 MB', 'r.txt', () => fill(REPORT.replace(/ /g, ' \u200f').replace(/e/g, 'e\0'), 16 * MB)],
  ['unpaired surrogates, 16 MB', 'r.txt', () => fill(REPORT.replace(/a/g, '\ud800'), 16 * MB)],
  ['Markdown: 10,000 judgement headings and lists (0.6 MB)', 'r.md', () => '## The experiences and progress of children in care: good\n\n- item one\n- item two\n\n1. text\n\n'.repeat(10_000)],
  ['Markdown: setext headings, 2 MB', 'r.md', () => fill('A heading set off by a rule\n===\n\nSome words\n---\n', 2 * MB)],
  ['Markdown: setext headings, 16 MB', 'r.md', () => fill('A heading set off by a rule\n===\n\nSome words\n---\n', 16 * MB)],
  ['Markdown: lists nested 5,000 deep', 'r.md', () => Array.from({ length: 5000 }, (_, i) => `${'  '.repeat(i)}- item`).join('\n')],
  ['Markdown: 50,000 list markers on one line', 'r.md', () => `${'- '.repeat(50_000)}x\n`],
  ['Markdown: CR-only line ends, 16 MB', 'r.md', () => fill(REPORT.replace(/\n/g, '\r'), 16 * MB)],
];

export async function bench(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  parseReportText('warm.md', REPORT.repeat(50));
  parseReportText('warm.txt', REPORT.repeat(50));
  for (const [name, file, make] of SHAPES) {
    let text: string | null = make();
    const c0 = process.cpuUsage();
    let report: ReturnType<typeof parseReportText> | null = parseReportText(file, text);
    const c = process.cpuUsage(c0);
    const heap = process.memoryUsage().heapUsed;
    results.push({ name: `${name}: parse, CPU time`, value: Math.round((c.user + c.system) / 1000), unit: 'ms' });
    results.push({ name: `${name}: heap in use after`, value: Math.round(heap / MB), unit: 'MB' });
    report = null;
    text = null;
    void report;
    void text;
  }
  results.push({ name: 'peak memory of the whole run (maxRSS)', value: Math.round(process.resourceUsage().maxRSS / 1024), unit: 'MB' });
  return results;
}
