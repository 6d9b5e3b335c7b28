/**
 * The workspace views with 500 reports: building every report's improvement items and the
 * Improvement Areas tree from scratch (what the view does once the index is read), refreshing one
 * changed report (what it does on every save), and building the recurrence index the hover reads.
 * The reports are the corpus in ../shared/reports repeated to 500, parsed beforehand: parse time
 * is measured by bench/parse.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { listTexts, median, reportsDir, type BenchResult } from './lib/common';
import { builtinCodebook } from '../src/core/codebook';
import type { Report } from '../src/core/model';
import { parseReportText } from '../src/core/parser';
import { buildRecurrenceIndex, reportFindings, setReportFindings } from '../src/core/recurrence';
import { buildImprovementTree, mergeImprovementItems, reportImprovementItems, type ImprovementItem } from '../src/core/workspace';

const REPORTS = 500;
const RUNS = 5;

function time(run: () => void): number {
  const start = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export async function bench(): Promise<BenchResult[]> {
  if (!existsSync(reportsDir)) {
    console.log('bench/workspace: no ../shared/reports folder; skipped');
    return [];
  }
  const corpus = listTexts(reportsDir).map((file) => readFileSync(file, 'utf8'));
  const reports: { file: string; report: Report }[] = [];
  for (let i = 0; i < REPORTS; i++) {
    const file = `reports/${String(i).padStart(3, '0')}.txt`;
    reports.push({ file, report: parseReportText(file, corpus[i % corpus.length]) });
  }
  const codebook = builtinCodebook();
  const input = (r: { file: string; report: Report }) => ({ file: r.file, report: r.report, annotations: [], improvementStatuses: [] });

  let perReport: ImprovementItem[][] = [];
  let itemCount = 0;
  const full = median(
    Array.from({ length: RUNS }, () =>
      time(() => {
        perReport = reports.map((r) => reportImprovementItems(input(r), codebook));
        const items = mergeImprovementItems(perReport);
        itemCount = items.length;
        buildImprovementTree(items, codebook);
      }),
    ),
  );
  const one = median(
    Array.from({ length: RUNS * 4 }, (_, k) =>
      time(() => {
        const changed = k % REPORTS;
        perReport[changed] = reportImprovementItems(input(reports[changed]), codebook);
        buildImprovementTree(mergeImprovementItems(perReport), codebook);
      }),
    ),
  );
  let index = buildRecurrenceIndex([], codebook);
  const recurrence = median(
    Array.from({ length: RUNS }, () =>
      time(() => {
        index = buildRecurrenceIndex(
          reports.map((r) => ({ ...r, annotations: [] })),
          codebook,
        );
      }),
    ),
  );
  const recurrenceOne = median(
    Array.from({ length: RUNS * 4 }, (_, k) =>
      time(() => {
        const r = reports[k % REPORTS];
        setReportFindings(index, reportFindings({ ...r, annotations: [] }, codebook));
      }),
    ),
  );
  return [
    { name: `improvement tree from scratch (${REPORTS} reports, ${itemCount} printed items)`, value: Math.round(full * 10) / 10, unit: 'ms' },
    { name: `improvement tree after one report changed (${REPORTS} reports)`, value: Math.round(one * 10) / 10, unit: 'ms' },
    { name: `recurrence index from scratch (${REPORTS} reports)`, value: Math.round(recurrence * 10) / 10, unit: 'ms' },
    { name: `recurrence index after one report changed (${REPORTS} reports)`, value: Math.round(recurrenceOne * 10) / 10, unit: 'ms' },
  ];
}

if (require.main === module) {
  void bench().then((results) => {
    for (const r of results) console.log(`${r.name}: ${r.value} ${r.unit}`);
  });
}
