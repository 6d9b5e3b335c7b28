/**
 * The labelled recurrence set and the workspace it is measured in: every report of ../shared/reports
 * (seeds/ and sample/), named by its path there, parsed once. Shared by the ranking benchmark, the
 * unit tests' floors and the training script.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Report } from '../../src/core/model';
import { parseReport } from '../../src/core/parser';
import { parseClusterSet, type ClusterSet } from '../../src/core/recurrence/evaluation';
import { listTexts, reportsDir } from './common';

export const CLUSTERS_FILE = path.resolve(__dirname, '..', '..', 'test', 'fixtures', 'recurrence', 'clusters.json');

export function loadClusterSet(file = CLUSTERS_FILE): ClusterSet {
  return parseClusterSet(readFileSync(file, 'utf8'), file);
}

export interface LabelledReport {
  /** Path under the reports folder, with `/` (`seeds/bury-2021-12-inspection.txt`). */
  file: string;
  text: string;
  report: Report;
}

/** Whether the reports folder is there (tests and benchmarks skip without it). */
export function haveReports(): boolean {
  return existsSync(reportsDir);
}

let cached: LabelledReport[] | undefined;

/** Every report of the labelled workspace, parsed. */
export function labelledWorkspace(): LabelledReport[] {
  if (cached) return cached;
  cached = listTexts(reportsDir).map((full) => {
    const file = path.relative(reportsDir, full).split(path.sep).join('/');
    const bytes = readFileSync(full);
    return { file, text: bytes.toString('utf8'), report: parseReport(file, bytes) };
  });
  return cached;
}

/** The authority a report of the workspace is about, by its file name (`sample/st-helens__04-november-2019.txt`: `st-helens`). */
export function authorityOfFile(file: string, authorities: readonly string[]): string | null {
  const base = file.slice(file.lastIndexOf('/') + 1).toLowerCase();
  // The longest prefix wins, so that `bury` is not taken for a longer name starting with it.
  let best: string | null = null;
  for (const a of authorities) {
    if ((base.startsWith(`${a}__`) || base.startsWith(`${a}-`)) && (best === null || a.length > best.length)) best = a;
  }
  return best;
}
