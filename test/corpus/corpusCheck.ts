/**
 * Corpus check: parses every real report in ../shared/reports (relative to the project root) and
 * checks what the product promises about them: grades as recorded in sample/grades.tsv, numbered
 * paragraphs in sequence, no page furniture as paragraphs, the kind and framework of each era, and
 * the known counts of the full 2021 Bury inspection. Prints a table per file and a summary; exits
 * non-zero on any failure. Skips (exit 0) when the reports folder is absent.
 *
 * Run with `npm run test:corpus`.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Grade, Report } from '../../src/core/model';
import { ReportError } from '../../src/core/model';
import { parseReport } from '../../src/core/parser';
import { LineIndex } from '../../src/core/range';
import { listReports } from '../../scripts/lib/reports';
import { describeFigures, measurePrintedItems } from './printedItems';

const root = path.resolve(__dirname, '..', '..');
const reportsDir = path.resolve(root, '..', 'shared', 'reports');

interface Erratum {
  file: string;
  column: string;
  tsv: string;
  report: string;
  why: string;
}

const COLUMNS = ['overall', 'leaders', 'help_and_protection', 'in_care', 'care_leavers'] as const;
type Column = (typeof COLUMNS)[number];

const PAGE_NUMBER = /^(?:page\s+)?\d{1,3}(?:\s*(?:of|\/)\s*\d{1,3})?$/i;
const TITLE_LINE = /^Inspection of .{2,80}? (?:local authority )?children.s services$/i;
const DATE_ALONE =
  /^(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{4}$/i;

function tsvGrade(value: string): Grade | null {
  const v = value.trim().toLowerCase();
  if (v === '-' || v === '') return null;
  if (v.startsWith('requires improvement')) return 'requires-improvement';
  if (v === 'outstanding' || v === 'good' || v === 'adequate' || v === 'inadequate') return v;
  throw new Error(`grades.tsv: unknown grade "${value}"`);
}

function readGrades(file: string): Map<string, Record<Column, Grade | null>> {
  const rows = new Map<string, Record<Column, Grade | null>>();
  const lines = readFileSync(file, 'utf8').split(/\r?\n/).filter((l) => l.trim());
  const header = lines[0].split('\t');
  for (const line of lines.slice(1)) {
    const cells = line.split('\t');
    const row = {} as Record<Column, Grade | null>;
    for (const c of COLUMNS) {
      const i = header.indexOf(c);
      if (i < 0) throw new Error(`grades.tsv: no column "${c}"`);
      row[c] = tsvGrade(cells[i] ?? '-');
    }
    rows.set(cells[0], row);
  }
  return rows;
}

/** The grade the report gives for a tsv column, or null when it gives none. */
function reportGrade(report: Report, column: Column, tsvHasCareLeavers: boolean): Grade | null {
  const by = new Map(report.judgements.map((j) => [j.area, j.grade]));
  switch (column) {
    case 'overall':
      return by.get('overall-effectiveness') ?? null;
    case 'leaders':
      return by.get('impact-of-leaders') ?? null;
    case 'help_and_protection':
      return by.get('help-and-protection') ?? null;
    case 'in_care':
      return by.get('children-in-care') ?? by.get('children-in-care-and-care-leavers') ?? null;
    case 'care_leavers':
      return by.get('care-leavers') ?? (tsvHasCareLeavers ? (by.get('children-in-care-and-care-leavers') ?? null) : null);
  }
}

/** Lines printed just above a page number, seen at least three times: running footers. */
function runningFooters(text: string): Set<string> {
  const lines = text.split(/\r\n|\r|\n/).map((l) => l.replace(/[\f\s]+/g, ' ').trim());
  const counts = new Map<string, number>();
  for (let i = 0; i < lines.length; i++) {
    if (!PAGE_NUMBER.test(lines[i])) continue;
    let j = i - 1;
    while (j >= 0 && !lines[j]) j--;
    if (j >= 0 && lines[j].length <= 110) counts.set(lines[j], (counts.get(lines[j]) ?? 0) + 1);
  }
  return new Set([...counts].filter(([, n]) => n >= 3).map(([l]) => l));
}

/** The framework(s) a report of a given year may be written under. */
function erasFor(year: number): string[] {
  if (year <= 2013) return ['slac', 'sif'];
  if (year <= 2017) return ['sif'];
  if (year === 2018) return ['sif', 'ilacs'];
  return ['ilacs'];
}

interface Row {
  file: string;
  kind: string;
  framework: string;
  judgements: string;
  numbered: string;
  paragraphs: string;
  improvements: string;
  result: string;
}

function main(): number {
  if (!existsSync(reportsDir)) {
    console.log(`Corpus check skipped: no reports folder at ../shared/reports (looked in ${reportsDir}).`);
    return 0;
  }
  const errata: Erratum[] = JSON.parse(readFileSync(path.join(__dirname, 'errata.json'), 'utf8')).errata;
  const gradesFile = path.join(reportsDir, 'sample', 'grades.tsv');
  const grades = existsSync(gradesFile) ? readGrades(gradesFile) : new Map<string, Record<Column, Grade | null>>();
  const files = listReports(reportsDir);
  const failures: string[] = [];
  const notices: string[] = [];
  const rows: Row[] = [];
  const graded = new Set<string>();
  let buryChecked = false;
  /** Figures printed at the end: what the product promises, measured on these reports. */
  const stats = { reports: 0, numbered: 0, inSequence: 0, gradeCells: 0, gradesRight: 0, dated: 0, bySource: new Map<string, number>(), overall: new Map<string, number>(), furniture: 0 };

  for (const full of files) {
    const rel = path.relative(reportsDir, full).split(path.sep).join('/');
    const name = path.basename(full);
    const problems: string[] = [];
    const fail = (msg: string): void => {
      problems.push(msg);
      failures.push(`${rel}: ${msg}`);
    };
    let report: Report;
    const bytes = readFileSync(full);
    try {
      report = parseReport(rel, bytes);
    } catch (err) {
      fail(err instanceof ReportError ? err.problem : `crashed: ${(err as Error).stack}`);
      rows.push({ file: rel, kind: '-', framework: '-', judgements: '-', numbered: '-', paragraphs: '-', improvements: '-', result: 'FAIL' });
      continue;
    }
    const text = report.format === 'text' ? new TextDecoder().decode(bytes).replace(/^\uFEFF/, '') : '';
    const index = new LineIndex(text);

    // Numbered paragraphs: 1, 2, 3, ... with none skipped or repeated.
    const numbers = report.paragraphs.filter((p) => p.number !== null).map((p) => p.number!);
    let inSequence = true;
    for (let i = 0; i < numbers.length; i++) {
      if (numbers[i] !== i + 1) {
        fail(`numbered paragraphs out of sequence: expected ${i + 1}, found ${numbers[i]} (after ${numbers.slice(Math.max(0, i - 3), i).join(', ')})`);
        inSequence = false;
        break;
      }
    }
    stats.reports++;
    if (numbers.length) {
      stats.numbered++;
      if (inSequence) stats.inSequence++;
    }

    // Every report has a date; the overall judgement is graded, or said not to be given.
    if (report.date) {
      stats.dated++;
      stats.bySource.set(report.date.source, (stats.bySource.get(report.date.source) ?? 0) + 1);
    } else fail('no date: neither the text nor the file name dates the report');
    stats.overall.set(report.overallJudgement, (stats.overall.get(report.overallJudgement) ?? 0) + 1);
    if (report.overallJudgement === 'not-found') fail('an inspection with no overall effectiveness judgement found');

    // Page furniture never becomes a paragraph.
    const footers = runningFooters(text);
    const footersOf = (t: string, line: number): boolean => footers.has(t) || (TITLE_LINE.test(t) && line > 10);
    const lineCounts = new Map<string, number>();
    for (let l = 0; l < index.lineCount; l++) {
      const t = index.lineText(l).replace(/[\f\s]+/g, ' ').trim();
      if (t) lineCounts.set(t, (lineCounts.get(t) ?? 0) + 1);
    }
    let titleSeen = false;
    for (const p of report.paragraphs) {
      const where = `paragraph ${p.id} (line ${p.range.start.line + 1})`;
      if (/^(?:READ MORE|SEE ALSO|RELATED)\s*:/i.test(p.text)) {
        stats.furniture++;
        fail(`${where} is a "read more" promotion: "${p.text}"`);
      } else if (PAGE_NUMBER.test(p.text)) fail(`${where} is a bare page number: "${p.text}"`);
      else if (DATE_ALONE.test(p.text) && (p.range.start.line >= 40 || (lineCounts.get(p.text) ?? 0) > 1)) {
        // A date alone on the cover (a publication date) is content; anywhere else, or repeated, it is a running footer.
        fail(`${where} is a date line alone: "${p.text}"`);
      }
      else if (footers.has(p.text)) fail(`${where} is a running footer: "${p.text}"`);
      else if (TITLE_LINE.test(p.text)) {
        if (titleSeen || p.range.start.line > 10) fail(`${where} repeats the title, a running header or footer: "${p.text}"`);
        titleSeen = true;
      }
      if (index.lineCount > 1 && (p.range.end.line >= index.lineCount || p.range.start.line > p.range.end.line)) {
        fail(`${where} has a range outside the document`);
      }
    }

    // Promotions, captions, footnote markers and running heads never become sections.
    for (const s of report.sections) {
      if (/^(?:READ MORE|SEE ALSO|RELATED)\s*:/i.test(s.title) || /\((?:Image|Picture|Photo)s?\s*:/i.test(s.title) || /^\d{1,3}$/.test(s.title.trim()) || footersOf(s.title, s.range.start.line)) {
        stats.furniture++;
        fail(`section "${s.title}" (line ${s.range.start.line + 1}) is page furniture`);
      }
    }

    // Kind and framework for the report's era.
    const year = Number(/(\d{4})/.exec(name.replace(/__.*?(\d{4})/, '__$1'))?.[1] ?? NaN);
    if (rel.startsWith('seeds/')) {
      const expected: [RegExp, string, string][] = [
        [/2012-safeguarding/, 'inspection', 'slac'],
        [/focused-visit/, 'focused-visit', 'ilacs'],
        [/news-article/, 'other', 'unknown'],
        [/-monitoring-visit\.txt$/, 'monitoring-visit', 'ilacs'],
        [/2021-12-inspection/, 'inspection', 'ilacs'],
      ];
      const e = expected.find(([re]) => re.test(name));
      if (e && (report.kind !== e[1] || report.framework !== e[2])) {
        fail(`expected ${e[1]} / ${e[2]}, parsed ${report.kind} / ${report.framework}`);
      }
    } else if (rel.startsWith('sample/') && Number.isFinite(year)) {
      if (report.kind !== 'inspection') fail(`expected an inspection, parsed ${report.kind}`);
      const allowed = erasFor(year);
      if (!allowed.includes(report.framework)) fail(`a ${year} report parsed as ${report.framework}, expected ${allowed.join(' or ')}`);
    }

    // Grades against grades.tsv (and errata).
    const expected = rel.startsWith('sample/') ? grades.get(name) : undefined;
    if (expected) {
      graded.add(name);
      const hasCareLeavers = expected.care_leavers !== null;
      for (const column of COLUMNS) {
        let want = expected[column];
        const erratum = errata.find((e) => e.file === name && e.column === column);
        if (erratum) {
          if (tsvGrade(erratum.tsv) !== want) fail(`errata.json: the tsv says ${want ?? '-'} for ${column}, not ${erratum.tsv}; update the erratum`);
          want = tsvGrade(erratum.report);
          notices.push(`${name} ${column}: grades.tsv says "${erratum.tsv}", the report says "${erratum.report}": ${erratum.why}`);
        }
        const got = reportGrade(report, column, hasCareLeavers);
        stats.gradeCells++;
        if (got === want) stats.gradesRight++;
        else fail(`${column}: expected ${want ?? 'no judgement'}, parsed ${got ?? 'no judgement'}`);
      }
    }

    // The full 2021 Bury inspection.
    if (name === 'bury-2021-12-inspection.txt') {
      buryChecked = true;
      const wnti = report.improvementAreas.filter((ia) => ia.source === 'what-needs-to-improve').length;
      if (numbers.length !== 52) fail(`expected 52 numbered paragraphs, parsed ${numbers.length}`);
      if (wnti !== 9) fail(`expected 9 "What needs to improve" items, parsed ${wnti}`);
    }

    rows.push({
      file: rel,
      kind: report.kind,
      framework: report.framework,
      judgements: String(report.judgements.length),
      numbered: numbers.length ? `${numbers.length}` : '0',
      paragraphs: String(report.paragraphs.length),
      improvements: String(report.improvementAreas.length),
      result: problems.length ? 'FAIL' : 'ok',
    });
  }

  for (const name of grades.keys()) {
    if (!graded.has(name)) failures.push(`sample/grades.tsv lists ${name}, which is not in the corpus`);
  }
  if (existsSync(path.join(reportsDir, 'seeds', 'bury-2021-12-inspection.txt')) && !buryChecked) {
    failures.push('seeds/bury-2021-12-inspection.txt was not checked');
  }

  const headers: Row = { file: 'file', kind: 'kind', framework: 'framework', judgements: 'grades', numbered: 'numbered', paragraphs: 'paras', improvements: 'improve', result: 'result' };
  const keys = Object.keys(headers) as (keyof Row)[];
  const widths = keys.map((k) => Math.max(headers[k].length, ...rows.map((r) => r[k].length)));
  const line = (r: Row): string => keys.map((k, i) => (i === 0 ? r[k].padEnd(widths[i]) : r[k].padStart(widths[i]))).join('  ');
  console.log(line(headers));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
  console.log('');
  for (const n of notices) console.log(`notice (erratum): ${n}`);
  for (const f of failures) console.log(`FAIL ${f}`);
  const failedFiles = rows.filter((r) => r.result === 'FAIL').length;
  const pct = (a: number, b: number): string => `${b ? ((100 * a) / b).toFixed(1) : '100.0'}%`;
  console.log('\nFigures:');
  console.log(`  numbered paragraphs in sequence: ${stats.inSequence} of ${stats.numbered} reports with numbered paragraphs (${pct(stats.inSequence, stats.numbered)})`);
  console.log(`  grades right (grades.tsv, errata applied): ${stats.gradesRight} of ${stats.gradeCells} cells (${pct(stats.gradesRight, stats.gradeCells)})`);
  console.log(`  dated: ${stats.dated} of ${stats.reports} reports (${[...stats.bySource].map(([k, v]) => `${v} ${k}`).join(', ')})`);
  console.log(`  overall effectiveness: ${[...stats.overall].map(([k, v]) => `${v} ${k}`).join(', ')}`);
  console.log(`  promotions, captions, footnote markers and running heads as paragraphs or sections: ${stats.furniture}`);
  for (const part of ['tuning', 'test'] as const) {
    const f = measurePrintedItems(part, reportsDir);
    console.log(`  printed improvement areas, ${describeFigures(`${part} part`, f)}`);
    for (const m of f.misses) console.log(`    ${m}`);
  }
  console.log(
    `\n${rows.length} reports parsed, ${graded.size} checked against grades.tsv, ${notices.length} errata applied; ` +
      (failures.length ? `${failures.length} failures in ${failedFiles} files` : 'all checks passed'),
  );
  return failures.length ? 1 : 0;
}

process.exitCode = main();
