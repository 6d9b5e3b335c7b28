import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { builtinCodebook } from '../../../src/core/codebook';
import {
  buildHistoryDocument,
  comparisonSpec,
  crosswalk,
  eraOf,
  filterHistory,
  HISTORY_LINES,
  historyDate,
  historyOf,
  historySpec,
  historyTables,
  linesOf,
  type AuthorityHistory,
  type HistoryInput,
} from '../../../src/core/history';
import { headlessView } from '../../../src/core/history/render';
import { parseReportText } from '../../../src/core/parser';

const codebook = builtinCodebook();
const SEEDS = path.resolve(__dirname, '../../../../shared/reports/seeds');
const SAMPLES = path.resolve(__dirname, '../../../samples');

function inputsOf(dir: string): HistoryInput[] {
  return readdirSync(dir)
    .filter((f) => /\.(txt|md)$/.test(f) && f !== 'README.md')
    .sort()
    .map((file) => ({ file, report: parseReportText(file, readFileSync(path.join(dir, file), 'utf8')), annotations: [], improvementStatuses: [] }));
}

/** Every datum of the marks drawn, from the view's scene graph. */
async function drawnData(spec: Record<string, unknown>): Promise<Record<string, unknown>[]> {
  const view = await headlessView(spec);
  await view.runAsync();
  const out: Record<string, unknown>[] = [];
  const walk = (node: unknown): void => {
    const n = node as { items?: unknown[]; datum?: Record<string, unknown>; marktype?: string };
    if (n.datum && typeof n.datum.mark === 'string') out.push(n.datum);
    for (const child of n.items ?? []) walk(child);
  };
  walk((view.scenegraph() as unknown as { root: unknown }).root);
  view.finalize();
  return out;
}

describe('history: the crosswalk between eras', () => {
  it('names only judgement areas the codebook knows', () => {
    const known = new Set(codebook.areas.map((a) => a.id));
    for (const line of HISTORY_LINES) for (const era of Object.values(line.eras)) for (const area of era?.areas ?? []) assert.ok(known.has(area), `${line.id}: ${area}`);
  });

  it('puts every ILACS and SIF judgement on a line, the 2018-2022 combined one on two', () => {
    for (const area of ['overall-effectiveness', 'help-and-protection', 'children-in-care', 'care-leavers', 'impact-of-leaders']) assert.equal(linesOf(area, 'ilacs-2023').length, 1, area);
    assert.deepEqual(linesOf('children-in-care-and-care-leavers', 'ilacs-2018'), ['children-in-care', 'care-leavers']);
    for (const area of ['sif-overall-effectiveness', 'sif-help-and-protection', 'sif-looked-after-and-permanence', 'sif-adoption', 'sif-care-leavers', 'sif-leadership', 'sif-lscb']) {
      assert.equal(linesOf(area, 'sif').length, 1, area);
    }
    // No overall effectiveness from April 2026.
    assert.deepEqual(linesOf('overall-effectiveness', 'ilacs-2026'), []);
  });

  it('states each join: SIF continues into ILACS, the combined judgement splits in 2023, overall effectiveness ends in 2026', () => {
    const cw = crosswalk();
    const join = (line: string, from: string): string | undefined => cw.find((c) => c.line === line && c.from === from)?.relation;
    assert.equal(join('help-and-protection', 'slac'), 'continues');
    assert.equal(join('help-and-protection', 'sif'), 'continues');
    assert.equal(join('children-in-care', 'sif'), 'joins');
    assert.equal(join('care-leavers', 'sif'), 'joins');
    assert.equal(join('children-in-care', 'ilacs-2018'), 'splits');
    assert.equal(join('care-leavers', 'ilacs-2018'), 'splits');
    assert.equal(join('overall-effectiveness', 'slac'), 'starts');
    assert.equal(join('overall-effectiveness', 'ilacs-2023'), 'ends');
    assert.equal(join('sif-adoption', 'sif'), 'ends');
    const cic = cw.find((c) => c.line === 'children-in-care' && c.from === 'sif');
    assert.deepEqual([cic?.fromAreas, cic?.toAreas], [['sif-looked-after-and-permanence'], ['children-in-care-and-care-leavers']]);
  });

  it('places a report in its era by framework, then date, then (undated ILACS) by the judgements it grades', () => {
    assert.equal(eraOf('slac', null, []), 'slac');
    assert.equal(eraOf('sif', '2018-01-19', []), 'sif');
    assert.equal(eraOf('ilacs', '2022-12-31', []), 'ilacs-2018');
    assert.equal(eraOf('ilacs', '2023-01-01', []), 'ilacs-2023');
    assert.equal(eraOf('ilacs', '2026-03-31', []), 'ilacs-2023');
    assert.equal(eraOf('ilacs', '2026-04-01', []), 'ilacs-2026');
    const g = (area: string) => ({ area, grade: 'good' as const, range: null });
    assert.equal(eraOf('ilacs', null, [g('children-in-care-and-care-leavers')]), 'ilacs-2018');
    assert.equal(eraOf('ilacs', null, [g('care-leavers'), g('overall-effectiveness')]), 'ilacs-2023');
    assert.equal(eraOf('ilacs', null, [g('care-leavers')]), 'ilacs-2026');
    assert.equal(eraOf('unknown', '2015-05-01', []), 'sif');
    assert.equal(eraOf('unknown', null, []), null);
  });

  it('dates a report from its text, else from its file name, saying which and how precisely', () => {
    assert.deepEqual(historyDate('a/wexcombe__02-july-2019.txt', null), { value: '2019-07-02', precision: 'day', source: 'file-name' });
    assert.deepEqual(historyDate('bury-2021-12-inspection.txt', null), { value: '2021-12-01', precision: 'month', source: 'file-name' });
    assert.deepEqual(historyDate('bury-2012-safeguarding.txt', null), { value: '2012-01-01', precision: 'year', source: 'file-name' });
    assert.equal(historyDate('report.txt', null), null);
    assert.equal(historyDate('notes-31-february-20199.txt', null), null);
  });
});

(existsSync(path.join(SEEDS, 'bury-2021-12-inspection.txt')) ? describe : describe.skip)('history: the Bury reports (skipped without ../shared/reports)', () => {
  let bury: AuthorityHistory;
  before(() => {
    const doc = buildHistoryDocument(inputsOf(SEEDS), codebook);
    assert.deepEqual(
      doc.histories.map((h) => h.authority),
      ['Bury'],
    );
    bury = historyOf(doc, 'bury') as AuthorityHistory;
  });

  it('puts the five reports in date order, each in its era', () => {
    assert.deepEqual(
      bury.reports.map((r) => [r.file.slice(5, 12), r.kind, r.era]),
      [
        ['2012-sa', 'inspection', 'slac'],
        ['2018-08', 'focused-visit', 'ilacs-2018'],
        ['2021-12', 'inspection', 'ilacs-2018'],
        ['2022-11', 'other', 'ilacs-2018'],
        ['2023-05', 'monitoring-visit', 'ilacs-2023'],
      ],
    );
    // The latest Ofsted report is the 2023 monitoring visit, not the later-filed news article.
    assert.equal(bury.latest, 'bury-2023-05-monitoring-visit.txt');
  });

  it('joins the 2012 SLAC grades and the 2021 ILACS grades on the same lines', () => {
    const grade = (file: string, line: string) => bury.reports.find((r) => r.file.startsWith(file))?.grades.find((g) => g.line === line);
    assert.equal(grade('bury-2012', 'help-and-protection')?.area, 'slac-safeguarding-overall-effectiveness');
    assert.equal(grade('bury-2012', 'help-and-protection')?.grade, 'adequate');
    assert.equal(grade('bury-2012', 'children-in-care')?.area, 'slac-looked-after-overall-effectiveness');
    assert.equal(grade('bury-2012', 'overall-effectiveness'), undefined, 'SLAC gave no whole-service grade');
    assert.equal(grade('bury-2012', 'slac-looked-after-capacity')?.grade, 'good');
    assert.equal(grade('bury-2021', 'help-and-protection')?.grade, 'inadequate');
    assert.equal(grade('bury-2021', 'overall-effectiveness')?.grade, 'inadequate');
    const cic = grade('bury-2021', 'children-in-care');
    const cl = grade('bury-2021', 'care-leavers');
    assert.equal(cic?.area, 'children-in-care-and-care-leavers');
    assert.equal(cl?.area, 'children-in-care-and-care-leavers');
    assert.equal(cic?.sharedWith, 'care-leavers');
    assert.equal(cl?.grade, 'requires-improvement');
    // SLAC sub-judgements that continue nowhere are kept, off the lines.
    assert.ok(bury.reports[0].grades.some((g) => g.line === null && g.area === 'slac-looked-after-being-healthy'));
  });

  it('lists the printed improvement areas of each report with their status', () => {
    const inspection = bury.items.filter((i) => i.report === 'bury-2021-12-inspection.txt');
    assert.equal(inspection.length, 9);
    assert.ok(inspection.every((i) => i.source === 'printed' && i.status === 'open' && i.range !== null));
    assert.ok(inspection.some((i) => i.line === 'help-and-protection'));
  });

  it('chains recurring findings from the year first raised, and says whether the latest report still raises them', () => {
    assert.ok(bury.chains.length > 0);
    for (const c of bury.chains) {
      assert.ok(c.occurrences.length >= 2, c.criterion);
      assert.equal(c.firstRaised, Math.min(...c.years));
      assert.equal(c.latestStillRaises, c.occurrences.some((o) => o.report === bury.latest), c.criterion);
      for (const o of c.occurrences) assert.ok(o.range !== null && o.paragraph !== null, `${c.criterion} in ${o.report} has a place to open`);
    }
    const supervision = bury.chains.find((c) => c.criterion === 'lead.supervision');
    assert.ok(supervision);
    assert.deepEqual(
      supervision.occurrences.map((o) => o.report.slice(5, 12)).filter((y) => ['2018-08', '2021-12', '2023-05'].includes(y)),
      ['2018-08', '2021-12', '2023-05'],
    );
    assert.equal(supervision.latestStillRaises, true);
    const drift = bury.chains.find((c) => c.criterion === 'hp.drift-delay');
    assert.ok(drift?.years.includes(2021) && drift.years.includes(2023));
    assert.ok(bury.chains.some((c) => !c.latestStillRaises), 'some findings are no longer raised');
  });

  it('draws every report, grade, item and (up to the chart limit) chain as a mark that names its place', async () => {
    const data = await drawnData(historySpec(bury));
    const count = (mark: string) => data.filter((d) => d.mark === mark).length;
    assert.equal(count('report'), bury.reports.filter((r) => r.date).length);
    assert.equal(count('grade'), bury.reports.reduce((n, r) => n + r.grades.filter((g) => g.line).length, 0));
    assert.equal(count('item'), bury.items.length);
    const chainPoints = bury.chains.slice(0, 20).reduce((n, c) => n + c.occurrences.filter((o) => o.date).length, 0);
    // Each chain is drawn twice: its line (whose datum is each point) and its points.
    assert.ok(count('chain') >= chainPoints);
    for (const d of data) assert.equal(typeof d.file, 'string');
    assert.ok(data.filter((d) => d.mark === 'item').every((d) => typeof d.line === 'number'));
    // A grade opens at the paragraph that gives it: its datum's line is that line number, not the judgement's name.
    const grades = data.filter((d) => d.mark === 'grade');
    assert.ok(grades.length > 0 && grades.every((d) => d.line === null || typeof d.line === 'number'), JSON.stringify(grades[0]));
    assert.ok(grades.some((d) => typeof d.line === 'number'));
    for (const d of data) assert.ok(d.line === undefined || d.line === null || typeof d.line === 'number', JSON.stringify(d));
  });

  it('filters by judgement line and status', () => {
    const hp = filterHistory(bury, { lines: ['help-and-protection'] });
    assert.ok(hp.items.length > 0 && hp.items.every((i) => i.line === 'help-and-protection'));
    assert.ok(hp.reports.every((r) => r.grades.every((g) => g.line === 'help-and-protection')));
    assert.ok(hp.chains.every((c) => c.line === 'help-and-protection'));
    assert.equal(filterHistory(bury, { statuses: ['resolved'] }).items.length, 0);
    assert.equal(filterHistory(bury, {}).items.length, bury.items.length);
  });

  it('gives the same data as tables', () => {
    const tables = historyTables(bury);
    assert.equal(tables.find((t) => t.id === 'reports')?.rows.length, 5);
    assert.equal(tables.find((t) => t.id === 'items')?.rows.length, bury.items.length);
    assert.equal(tables.find((t) => t.id === 'chains')?.rows.length, bury.chains.length);
    const judgements = tables.find((t) => t.id === 'judgements');
    assert.ok(judgements?.rows.some((r) => r.cells[0] === 'Care leavers' && r.cells.includes('Requires improvement (with children in care)')));
  });
});

describe('history: the sample reports (two authorities)', () => {
  const doc = buildHistoryDocument(inputsOf(SAMPLES), codebook);

  it('has a history per authority and compares their latest grades and shared recurring findings', async () => {
    assert.deepEqual(
      doc.histories.map((h) => h.authority),
      ['Kestermoor', 'Wexcombe'],
    );
    const wex = doc.comparison.authorities.find((a) => a.authority === 'Wexcombe');
    assert.ok(wex && wex.grades.length > 0);
    // Latest grade per line: from the latest report grading it.
    const wexHistory = historyOf(doc, 'Wexcombe') as AuthorityHistory;
    const lastGraded = [...wexHistory.reports].reverse().find((r) => r.grades.some((g) => g.line === 'help-and-protection'));
    assert.equal(wex.grades.find((g) => g.line === 'help-and-protection')?.report, lastGraded?.file);
    for (const f of doc.comparison.findings) {
      assert.equal(f.authorities.length, doc.histories.filter((h) => h.chains.some((c) => c.criterion === f.criterion)).length);
      for (const s of f.stillRaised) assert.ok(f.authorities.includes(s));
    }
    const data = await drawnData(comparisonSpec(doc.comparison));
    assert.equal(
      data.filter((d) => d.mark === 'compare').length,
      doc.comparison.authorities.reduce((n, a) => n + a.grades.length, 0),
    );
  });
});
