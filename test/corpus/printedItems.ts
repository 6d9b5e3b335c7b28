/**
 * How well the parser finds the improvement areas reports print, measured against the hand-checked
 * labels of test/fixtures/improvements/printed-items.json on the reports of ../shared/reports.
 * Shared by the unit test (floors on the test part) and the corpus check (figures for both parts).
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { ImprovementArea } from '../../src/core/model';
import { parseReport } from '../../src/core/parser';

export interface LabelledItem {
  /** First and last line, 1-based. */
  lines: [number, number];
  source: ImprovementArea['source'];
  text: string;
  timescale?: string;
  outcome?: number;
  enabler?: string;
}

export interface LabelledReport {
  /** Relative to ../shared/reports. */
  file: string;
  authority: string;
  part: 'tuning' | 'test';
  items: LabelledItem[];
}

export interface PrintedItemFigures {
  reports: number;
  labelled: number;
  found: number;
  /** Labelled items matched by a found item (same source, overlapping lines). */
  matched: number;
  /** Matched items whose first and last lines and text are exactly the label's. */
  exact: number;
  /** Matched items whose timescale and framework tag agree with the label's. */
  tagsAgree: number;
  recall: number;
  precision: number;
  endsExact: number;
  /** Reports whose items were not all found exactly, with what differed. */
  misses: string[];
}

export const FIXTURE = path.resolve(__dirname, '..', 'fixtures', 'improvements', 'printed-items.json');
export const REPORTS_DIR = path.resolve(__dirname, '..', '..', '..', 'shared', 'reports');

export function readLabels(): { testAuthorities: string[]; reports: LabelledReport[] } {
  return JSON.parse(readFileSync(FIXTURE, 'utf8'));
}

const normal = (t: string): string => t.replace(/[‘’]/g, "'").replace(/[“”]/g, '"').replace(/\s+/g, ' ').trim();

/** The figures on the labelled reports of one part (those whose file exists under `reportsDir`). */
export function measurePrintedItems(part: 'tuning' | 'test', reportsDir = REPORTS_DIR): PrintedItemFigures {
  const labels = readLabels().reports.filter((r) => r.part === part);
  const figures: PrintedItemFigures = { reports: 0, labelled: 0, found: 0, matched: 0, exact: 0, tagsAgree: 0, recall: 0, precision: 0, endsExact: 0, misses: [] };
  for (const labelled of labels) {
    const file = path.join(reportsDir, labelled.file);
    if (!existsSync(file)) continue;
    figures.reports++;
    const found = parseReport(labelled.file, readFileSync(file)).improvementAreas;
    figures.labelled += labelled.items.length;
    figures.found += found.length;
    const used = new Set<number>();
    const problems: string[] = [];
    for (const label of labelled.items) {
      const [first, last] = label.lines;
      let best = -1;
      let bestOverlap = 0;
      found.forEach((f, k) => {
        if (used.has(k) || f.source !== label.source) return;
        const overlap = Math.min(last, f.range.end.line + 1) - Math.max(first, f.range.start.line + 1) + 1;
        if (overlap > bestOverlap) [best, bestOverlap] = [k, overlap];
      });
      if (best < 0) {
        problems.push(`missed lines ${first}-${last} "${label.text.slice(0, 50)}"`);
        continue;
      }
      used.add(best);
      figures.matched++;
      const f = found[best];
      const exact = f.range.start.line + 1 === first && f.range.end.line + 1 === last && normal(f.text) === normal(label.text);
      if (exact) figures.exact++;
      else problems.push(`lines ${first}-${last}: found lines ${f.range.start.line + 1}-${f.range.end.line + 1} "${f.text.slice(0, 40)}…${f.text.slice(-30)}"`);
      if ((f.timescale ?? null) === (label.timescale ?? null) && (f.outcome ?? null) === (label.outcome ?? null) && (f.enabler ?? null) === (label.enabler ?? null)) figures.tagsAgree++;
    }
    found.forEach((f, k) => {
      if (!used.has(k)) problems.push(`not an item: lines ${f.range.start.line + 1}-${f.range.end.line + 1} "${f.text.slice(0, 50)}"`);
    });
    if (problems.length) figures.misses.push(`${labelled.file}: ${problems.join('; ')}`);
  }
  figures.recall = figures.labelled ? figures.matched / figures.labelled : 1;
  figures.precision = figures.found ? figures.matched / figures.found : 1;
  figures.endsExact = figures.labelled ? figures.exact / figures.labelled : 1;
  return figures;
}

export function describeFigures(name: string, f: PrintedItemFigures): string {
  const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
  return `${name}: ${f.reports} reports, ${f.labelled} printed items, ${f.found} found; recall ${pct(f.recall)}, precision ${pct(f.precision)}, both ends exact ${pct(f.endsExact)}, timescale and framework tags ${pct(f.labelled ? f.tagsAgree / f.labelled : 1)}`;
}
