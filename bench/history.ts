/**
 * The authority history with 500 reports (the corpus in ../shared/reports repeated, parsed
 * beforehand): the history document from scratch (every authority's history and the comparison,
 * every report's findings computed), the document again after one report changed (the others'
 * findings kept, as the editor's view does), and drawing one authority's history as SVG with Vega
 * (what `ilacs history -o FILE.svg` and the view's export do).
 */
import { existsSync, readFileSync } from 'node:fs';
import { listTexts, median, reportsDir, type BenchResult } from './lib/common';
import { builtinCodebook } from '../src/core/codebook';
import { buildHistoryDocument, historySpec, reportFindingsOf, type HistoryInput } from '../src/core/history';
import { renderSvg } from '../src/core/history/render';
import { parseReportText } from '../src/core/parser';
import { reportImprovementItems } from '../src/core/workspace';

const REPORTS = 500;
const RUNS = 5;

async function time(run: () => unknown): Promise<number> {
  const start = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export async function bench(): Promise<BenchResult[]> {
  if (!existsSync(reportsDir)) {
    console.log('bench/history: no ../shared/reports folder; skipped');
    return [];
  }
  const corpus = listTexts(reportsDir).map((file) => readFileSync(file, 'utf8'));
  const inputs: HistoryInput[] = [];
  for (let i = 0; i < REPORTS; i++) {
    const file = `reports/${String(i).padStart(3, '0')}.txt`;
    inputs.push({ file, report: parseReportText(file, corpus[i % corpus.length]), annotations: [], improvementStatuses: [] });
  }
  const codebook = builtinCodebook();

  let authorities = 0;
  const fromScratch: number[] = [];
  for (let r = 0; r < RUNS; r++) fromScratch.push(await time(() => (authorities = buildHistoryDocument(inputs, codebook).histories.length)));
  const scratch = median(fromScratch);

  // As the editor's view has them: each report's improvement items and findings kept until it changes.
  const kept = inputs.map((i) => ({ ...i, items: reportImprovementItems(i, codebook), findings: reportFindingsOf(i, codebook) }));
  const oneChanged: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const changed = r % REPORTS;
    oneChanged.push(
      await time(() => {
        const withChange = kept.map((k, i) => (i === changed ? { ...k, items: reportImprovementItems(k, codebook), findings: reportFindingsOf(k, codebook) } : k));
        buildHistoryDocument(withChange, codebook);
      }),
    );
  }

  const doc = buildHistoryDocument(kept, codebook);
  const largest = [...doc.histories].sort((a, b) => b.reports.length - a.reports.length)[0];
  const renders: number[] = [];
  // The first render loads and compiles Vega; it is measured apart.
  const first = await time(() => renderSvg(historySpec(largest)));
  for (let r = 0; r < RUNS; r++) renders.push(await time(() => renderSvg(historySpec(largest))));

  return [
    { name: `history document from scratch (${REPORTS} reports, ${authorities} authorities)`, value: Math.round(scratch), unit: 'ms' },
    { name: 'history document after one report changed', value: Math.round(median(oneChanged)), unit: 'ms' },
    { name: `SVG of one authority (${largest.reports.length} reports, ${largest.items.length} items, ${largest.chains.length} chains), first`, value: Math.round(first), unit: 'ms' },
    { name: 'SVG of the same authority, again', value: Math.round(median(renders)), unit: 'ms' },
  ];
}
