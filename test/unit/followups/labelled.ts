/**
 * The labelled follow-up set (`test/fixtures/followups/labels.json`) and how the follow-up model is
 * measured on it. Shared by the unit test (which asserts floors on the test part) and the benchmark
 * script that prints both parts for BENCHMARKS.md.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { builtinCodebook } from '../../../src/core/codebook';
import { FollowUpIndex, type FollowUpOptions, type Verdict } from '../../../src/core/followups';
import { parseReport } from '../../../src/core/parser';
import { printedCriteria } from '../../../src/core/workspace/improvements';

export const LABELS = path.resolve(__dirname, '../../fixtures/followups/labels.json');
export const REPORTS = path.resolve(__dirname, '../../../../shared/reports');

export type Part = 'tuning' | 'test';

export interface LabelledLater {
  file: string;
  verdict: Verdict | null;
  paragraphs: string[];
}

export interface LabelledItem {
  file: string;
  improvement: string;
  text: string;
  later: LabelledLater[];
}

export interface LabelSet {
  description: string;
  parts: Record<string, Part>;
  items: LabelledItem[];
}

export function loadLabels(): LabelSet {
  return JSON.parse(readFileSync(LABELS, 'utf8')) as LabelSet;
}

export function reportsAvailable(): boolean {
  return existsSync(REPORTS);
}

/** The authority a labelled file belongs to: its file name up to `__` or the first `-2`. */
export function authorityOfFile(file: string): string {
  const name = file.slice(file.lastIndexOf('/') + 1);
  const i = name.indexOf('__');
  return i >= 0 ? name.slice(0, i) : name.replace(/-\d{4}.*$/, '');
}

export interface Measure {
  items: number;
  pairs: number;
  /** Labelled (item, later report) pairs with at least one follow-up paragraph. */
  positivePairs: number;
  links: number;
  correctLinks: number;
  /** Positive pairs where the model found at least one labelled paragraph. */
  foundPairs: number;
  /** Negative pairs (the report does not speak of the item) where the model linked nothing. */
  quietPairs: number;
  correctVerdicts: number;
  precision: number;
  recall: number;
  verdictAccuracy: number;
  errors: string[];
}

/** Runs the model over every labelled item of one part. */
export function measure(labels: LabelSet, part: Part, options: FollowUpOptions = {}): Measure {
  const codebook = builtinCodebook();
  const items = labels.items.filter((i) => labels.parts[authorityOfFile(i.file)] === part);
  // One index per authority's files, as a workspace holding that authority's reports would be.
  const files = new Set<string>();
  for (const i of items) {
    files.add(i.file);
    for (const l of i.later) files.add(l.file);
  }
  const reports = [...files].map((f) => ({ file: f, report: parseReport(f, readFileSync(path.join(REPORTS, f))) }));
  const index = new FollowUpIndex(reports, codebook, options);
  const m: Measure = { items: items.length, pairs: 0, positivePairs: 0, links: 0, correctLinks: 0, foundPairs: 0, quietPairs: 0, correctVerdicts: 0, precision: 0, recall: 0, verdictAccuracy: 0, errors: [] };
  for (const item of items) {
    const report = reports.find((r) => r.file === item.file)?.report;
    const ia = report?.improvementAreas.find((x) => x.id === item.improvement);
    if (!report || !ia) throw new Error(`${item.file}: no improvement area ${item.improvement}`);
    const result = index.followUpsOf({ key: item.improvement, report: item.file, localAuthority: report.localAuthority, text: ia.text, criteria: printedCriteria(ia.text, codebook) });
    for (const later of item.later) {
      m.pairs++;
      const found = result.followUps.filter((f) => f.file === later.file);
      m.links += found.length;
      const right = found.filter((f) => later.paragraphs.includes(f.paragraph));
      m.correctLinks += right.length;
      const where = `${item.file} ${item.improvement} -> ${later.file}`;
      for (const f of found) if (!later.paragraphs.includes(f.paragraph)) m.errors.push(`${where}: wrong link ${f.paragraph} (${f.score})`);
      if (later.paragraphs.length === 0) {
        if (found.length === 0) m.quietPairs++;
        continue;
      }
      m.positivePairs++;
      if (right.length === 0) {
        m.errors.push(`${where}: missed (wanted ${later.paragraphs.join(', ')})`);
        continue;
      }
      m.foundPairs++;
      const verdict = result.reports.find((r) => r.file === later.file)?.verdict ?? null;
      if (verdict === later.verdict) m.correctVerdicts++;
      else m.errors.push(`${where}: verdict ${verdict}, labelled ${later.verdict}`);
    }
  }
  m.precision = m.links === 0 ? 0 : m.correctLinks / m.links;
  m.recall = m.positivePairs === 0 ? 0 : m.foundPairs / m.positivePairs;
  m.verdictAccuracy = m.foundPairs === 0 ? 0 : m.correctVerdicts / m.foundPairs;
  return m;
}

