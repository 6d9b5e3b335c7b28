/**
 * Follow-ups of improvement areas: quality on the labelled set (precision and recall of the links,
 * accuracy of the verdicts, on the tuning part and on the test part, whose authorities were never
 * tuned on) and speed (the follow-ups of every improvement area of the 64 real reports).
 * `node --import tsx bench/followups.ts --errors` also lists every miss on both parts.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { builtinCodebook } from '../src/core/codebook';
import { FollowUpIndex } from '../src/core/followups';
import { parseReport } from '../src/core/parser';
import { printedCriteria } from '../src/core/workspace/improvements';
import { loadLabels, measure, reportsAvailable, type Part } from '../test/unit/followups/labelled';
import { listTexts, median, reportsDir, type BenchResult } from './lib/common';

export async function bench(): Promise<BenchResult[]> {
  if (!reportsAvailable()) {
    console.log('followups: ../shared/reports is not beside the project; skipped');
    return [];
  }
  const out: BenchResult[] = [];
  const labels = loadLabels();
  for (const part of ['tuning', 'test'] as Part[]) {
    const m = measure(labels, part);
    const pct = (x: number): number => Math.round(1000 * x) / 10;
    out.push(
      { name: `${part}: link precision (${m.correctLinks}/${m.links})`, value: pct(m.precision), unit: '%' },
      { name: `${part}: recall of followed-up items (${m.foundPairs}/${m.positivePairs})`, value: pct(m.recall), unit: '%' },
      { name: `${part}: verdicts right (${m.correctVerdicts}/${m.foundPairs})`, value: pct(m.verdictAccuracy), unit: '%' },
      { name: `${part}: nothing linked where nothing follows up (${m.quietPairs}/${m.pairs - m.positivePairs})`, value: pct(m.quietPairs / Math.max(1, m.pairs - m.positivePairs)), unit: '%' },
    );
    if (process.argv.includes('--errors')) for (const e of m.errors) console.log(`  ${part}: ${e}`);
  }

  // Speed: every report of the corpus, every printed improvement area followed up.
  const files = listTexts(reportsDir);
  const reports = files.map((f) => {
    const file = path.relative(reportsDir, f).split(path.sep).join('/');
    return { file, report: parseReport(file, readFileSync(f)) };
  });
  const codebook = builtinCodebook();
  const items = reports.flatMap(({ file, report }) =>
    report.improvementAreas.map((ia) => ({ key: `${file}#${ia.id}`, report: file, localAuthority: report.localAuthority, text: ia.text, criteria: printedCriteria(ia.text, codebook) })),
  );
  const cold: number[] = [];
  const warm: number[] = [];
  const query: number[] = [];
  for (let run = 0; run < 5; run++) {
    // Fresh copies: the model keeps each parsed report's paragraphs, so a first build reads them all.
    const fresh = reports.map((r) => ({ file: r.file, report: structuredClone(r.report) }));
    const t0 = performance.now();
    const index = new FollowUpIndex(fresh, codebook);
    const t1 = performance.now();
    for (const item of items) index.followUpsOf(item);
    const t2 = performance.now();
    // What the editor does after one report changed: the others' paragraphs are kept.
    fresh[0] = { file: fresh[0].file, report: structuredClone(reports[0].report) };
    const t3 = performance.now();
    new FollowUpIndex(fresh, codebook);
    const t4 = performance.now();
    cold.push(t1 - t0);
    query.push(t2 - t1);
    warm.push(t4 - t3);
  }
  out.push(
    { name: `model of ${reports.length} reports: median first build`, value: Math.round(median(cold)), unit: 'ms' },
    { name: `model rebuilt after one report changed: median`, value: Math.round(median(warm)), unit: 'ms' },
    { name: `follow-ups of all ${items.length} printed areas: median time`, value: Math.round(median(query)), unit: 'ms' },
  );
  return out;
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
