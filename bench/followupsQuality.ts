/**
 * Quality of the follow-up model on the labelled set: precision and recall of the links and accuracy
 * of the verdicts, on the tuning part and on the test part (authorities never tuned on). Prints the
 * figures BENCHMARKS.md records; `--errors` lists every miss.
 */
import { loadLabels, measure, reportsAvailable, type Part } from '../test/unit/followups/labelled';

if (!reportsAvailable()) {
  console.error('follow-up quality: ../shared/reports is not beside the project; nothing measured');
  process.exit(1);
}
const labels = loadLabels();
const threshold = process.env.FOLLOW_UP_THRESHOLD ? Number(process.env.FOLLOW_UP_THRESHOLD) : undefined;
for (const part of ['tuning', 'test'] as Part[]) {
  const m = measure(labels, part, threshold !== undefined ? { threshold } : {});
  const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
  console.log(
    `${part}: ${m.items} items, ${m.pairs} item/report pairs (${m.positivePairs} with a follow-up); links ${m.links}, right ${m.correctLinks}: ` +
      `precision ${pct(m.precision)}, recall ${pct(m.recall)} (${m.foundPairs}/${m.positivePairs}), quiet when nothing to find ${m.quietPairs}/${m.pairs - m.positivePairs}, ` +
      `verdicts right ${pct(m.verdictAccuracy)} (${m.correctVerdicts}/${m.foundPairs})`,
  );
  if (process.argv.includes('--errors')) for (const e of m.errors) console.log(`  ${e}`);
}
