/**
 * The history's judgement lines and eras measured against the grades recorded by hand for the
 * shared sample reports (`../shared/reports/sample/grades.tsv`: overall, leaders, help and
 * protection, children in care, care leavers, `-` where the report gives no separate grade). The
 * authorities are split in two, alternately in alphabetical order: a tuning part, looked at while
 * the crosswalk was written, and a test part, which holds the floors. Both figures are in
 * BENCHMARKS.md. Skipped without ../shared.
 */
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { builtinCodebook } from '../../../src/core/codebook';
import { buildHistoryDocument, type EraId, type HistoryReport, type LineId } from '../../../src/core/history';
import { parseReportText } from '../../../src/core/parser';

const SAMPLE = path.resolve(__dirname, '../../../../shared/reports/sample');
const TSV = path.join(SAMPLE, 'grades.tsv');
const COLUMNS: [string, LineId][] = [
  ['overall', 'overall-effectiveness'],
  ['leaders', 'leaders'],
  ['help_and_protection', 'help-and-protection'],
  ['in_care', 'children-in-care'],
  ['care_leavers', 'care-leavers'],
];

interface Row {
  file: string;
  authority: string;
  grades: Record<string, string>;
}

function rows(): Row[] {
  const [head, ...lines] = readFileSync(TSV, 'utf8').trim().split(/\r?\n/);
  const names = head.split('\t');
  return lines.map((line) => {
    const cells = line.split('\t');
    const grades: Record<string, string> = {};
    names.forEach((n, i) => (grades[n] = cells[i]));
    return { file: cells[0], authority: cells[0].split('__')[0], grades };
  });
}

/** The era the hand-recorded grades imply: a separate care leavers grade from 2023, no overall grade from April 2026. */
function expectedEra(r: Row): EraId {
  if (r.grades.care_leavers === '-') return 'ilacs-2018';
  return r.grades.overall === '-' ? 'ilacs-2026' : 'ilacs-2023';
}

/** What the history shows for a column: the grade, or `-` where the line has no grade of its own (none, or the combined one). */
function shown(report: HistoryReport | undefined, line: LineId): string {
  const g = report?.grades.find((x) => x.line === line);
  if (!g || (line === 'care-leavers' && g.sharedWith)) return '-';
  return g.grade.replace(/-/g, ' ');
}

function measure(part: Row[]): { cells: number; agree: number; reports: number; eras: number } {
  const inputs = part.map((r) => ({ file: r.file, report: parseReportText(r.file, readFileSync(path.join(SAMPLE, r.file), 'utf8')), annotations: [], improvementStatuses: [] }));
  const doc = buildHistoryDocument(inputs, builtinCodebook());
  const byFile = new Map(doc.histories.flatMap((h) => h.reports.map((r) => [r.file, r] as const)));
  let cells = 0;
  let agree = 0;
  let eras = 0;
  for (const r of part) {
    const report = byFile.get(r.file);
    if (report?.era === expectedEra(r)) eras++;
    for (const [column, line] of COLUMNS) {
      cells++;
      if (shown(report, line) === r.grades[column]) agree++;
    }
  }
  return { cells, agree, reports: part.length, eras };
}

(existsSync(TSV) ? describe : describe.skip)('history: judgement lines and eras against grades.tsv (skipped without ../shared)', () => {
  const all = rows();
  const authorities = [...new Set(all.map((r) => r.authority))].sort();
  const tuning = new Set(authorities.filter((_, i) => i % 2 === 0));
  const tuningRows = all.filter((r) => tuning.has(r.authority));
  const testRows = all.filter((r) => !tuning.has(r.authority));

  it('splits by authority: no authority is in both parts', () => {
    const a = new Set(tuningRows.map((r) => r.authority));
    assert.ok(testRows.length > 10 && tuningRows.length > 10);
    assert.ok(testRows.every((r) => !a.has(r.authority)));
  });

  it('tuning part: prints its agreement (no floor: it was looked at)', function () {
    const m = measure(tuningRows);
    this.test!.title += ` [${m.agree}/${m.cells} grades, ${m.eras}/${m.reports} eras]`;
    assert.ok(m.cells > 0);
  });

  it('test part: at least 95% of grades on the right line, 95% of reports in the right era', function () {
    const m = measure(testRows);
    this.test!.title += ` [${m.agree}/${m.cells} grades, ${m.eras}/${m.reports} eras]`;
    assert.ok(m.agree / m.cells >= 0.95, `${m.agree}/${m.cells} grades agree`);
    assert.ok(m.eras / m.reports >= 0.95, `${m.eras}/${m.reports} eras agree`);
  });
});
