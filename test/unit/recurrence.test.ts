import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Annotation, Assessment } from '../../src/core/annotations';
import { builtinCodebook } from '../../src/core/codebook';
import type { Report } from '../../src/core/model';
import { parseReportText } from '../../src/core/parser';
import {
  authorities,
  buildRecurrenceIndex,
  deleteReportFindings,
  findingsFor,
  recurringCriteria,
  reportFindings,
  setReportFindings,
  suggestedParagraphCriteria,
  type RecurrenceInput,
} from '../../src/core/recurrence';
import { printedCriteria } from '../../src/core/workspace/improvements';
import { resolveAnnotations } from '../../src/core/workspace/resolve';
import { paragraphSelectors } from '../../src/core/workspace/tagging';

const codebook = builtinCodebook();

const FENWICK_2019 = `Inspection of Fenwick local authority children’s services
Inspection dates: 4 to 15 March 2019
Lead inspector: Robin Madeup, Her Majesty’s Inspector

What needs to improve?
◼ Drift and delay for children subject to child protection plans.
◼ The quality of pathway plans for care leavers.

The experiences and progress of children who need help and protection:
requires improvement to be good
1.

Some children experience drift and delay because their plans are not progressed
when risks do not reduce, and managers do not always act when work stalls.

2.

Social workers visit children regularly and see them alone.
`;

const FENWICK_2022 = `21 July 2022

Alex Imaginary
Director of Children’s Services
Fenwick Borough Council

Dear Alex

Focused visit to Fenwick local authority children’s services

This letter summarises the findings of the focused visit to Fenwick local
authority children’s services on 8 and 9 June 2022. His Majesty’s Inspector for
this visit was Robin Madeup.

Headline findings
Leaders know where practice needs to improve.

Main findings
Too many children still experience drift and delay when plans are not progressed,
and some wait too long for decisions about their future.

Care leavers have up-to-date pathway plans that they helped to write.

Yours sincerely

Robin Madeup
His Majesty’s Inspector
`;

const GARTH_2023 = `Inspection of Garth local authority children’s services
Inspection dates: 6 to 17 March 2023
Lead inspector: Sam Fictional, His Majesty’s Inspector

What needs to improve?
◼ Drift and delay for children in need.

The experiences and progress of children who need help and protection: good
1.

Children who need help receive it quickly, without drift and delay.
`;

function parsed(file: string, text: string): Report {
  return parseReportText(file, text);
}

function tagInput(file: string, text: string, paragraphId: string, criteria: string[], assessment: Assessment | null): RecurrenceInput {
  const report = parsed(file, text);
  const paragraph = report.paragraphs.find((p) => p.id === paragraphId);
  assert.ok(paragraph, `${file} has no paragraph ${paragraphId}`);
  const annotation: Annotation = {
    id: `a-${paragraphId}`,
    report: file,
    paragraph: paragraphId,
    selectors: paragraphSelectors(text, paragraph),
    criteria,
    assessment,
    status: 'open',
    note: '',
    author: 'Tester',
    created: '2024-01-01T00:00:00.000Z',
    modified: '2024-01-01T00:00:00.000Z',
  };
  return { file, report, annotations: resolveAnnotations(report, text, [annotation]) };
}

function plain(file: string, text: string): RecurrenceInput {
  return { file, report: parsed(file, text), annotations: [] };
}

describe('recurrence index', () => {
  it('reads the fictional reports as the tests expect', () => {
    const a = parsed('fenwick-2019.txt', FENWICK_2019);
    assert.equal(a.localAuthority, 'Fenwick');
    assert.equal(a.inspectionDates?.end, '2019-03-15');
    assert.equal(a.improvementAreas.length, 2);
    assert.equal(parsed('fenwick-2022.txt', FENWICK_2022).kind, 'focused-visit');
    assert.equal(parsed('garth-2023.txt', GARTH_2023).localAuthority, 'Garth');
  });

  it('gives printed items the criteria the improvement tree gives them', () => {
    const entry = reportFindings(plain('fenwick-2019.txt', FENWICK_2019), codebook);
    const printed = entry.findings.filter((f) => f.source === 'printed');
    assert.equal(printed.length, 2);
    for (const f of printed) assert.deepEqual(f.criteria, printedCriteria(f.excerpt, codebook));
    assert.ok(printed[0].criteria.includes('hp.drift-delay'));
    assert.equal(printed[0].key, 'printed:fenwick-2019.txt#ia1');
  });

  it('suggests criteria for untagged paragraphs only above the score floor, and never for a tagged paragraph', () => {
    assert.deepEqual(suggestedParagraphCriteria('Some children wait too long, with drift and delay in their plans.', codebook).includes('hp.drift-delay'), true);
    // One common word is not enough.
    assert.deepEqual(suggestedParagraphCriteria('Managers were present.', codebook), []);
    const untagged = reportFindings(plain('fenwick-2019.txt', FENWICK_2019), codebook);
    const p1 = untagged.findings.find((f) => f.paragraph === 'p1');
    assert.equal(p1?.source, 'suggested');
    assert.ok(p1?.criteria.includes('hp.drift-delay'));
    assert.equal(p1?.paragraphNumber, 1);
    const tagged = reportFindings(tagInput('fenwick-2019.txt', FENWICK_2019, 'p1', ['hp.plans'], 'area-for-improvement'), codebook);
    const atP1 = tagged.findings.filter((f) => f.paragraph === 'p1');
    assert.deepEqual(
      atP1.map((f) => [f.source, f.criteria, f.assessment, f.status]),
      [['tagged', ['hp.plans'], 'area-for-improvement', 'open']],
    );
  });

  it('finds the same finding in the other reports of the same authority, in date order', () => {
    const index = buildRecurrenceIndex([plain('fenwick-2022.txt', FENWICK_2022), plain('fenwick-2019.txt', FENWICK_2019), plain('garth-2023.txt', GARTH_2023)], codebook);
    const all = findingsFor(index, 'Fenwick', ['hp.drift-delay']);
    assert.deepEqual([...new Set(all.map((f) => f.report))], ['fenwick-2019.txt', 'fenwick-2022.txt']);
    assert.ok(all.every((f) => f.criteria.includes('hp.drift-delay')));
    // Authorities match without case; the report being read is left out; other authorities never appear.
    const others = findingsFor(index, 'FENWICK', ['hp.drift-delay'], 'fenwick-2022.txt');
    assert.deepEqual([...new Set(others.map((f) => f.report))], ['fenwick-2019.txt']);
    assert.deepEqual(
      others.map((f) => f.source),
      ['printed', 'suggested'],
    );
    assert.deepEqual(findingsFor(index, null, ['hp.drift-delay']), []);
    assert.deepEqual(findingsFor(index, 'Fenwick', ['no.such-criterion']), []);
    assert.deepEqual(authorities(index), ['Fenwick', 'Garth']);
  });

  it('lists criteria raised in two or more reports with their years; strengths do not recur', () => {
    const index = buildRecurrenceIndex([plain('fenwick-2019.txt', FENWICK_2019), plain('fenwick-2022.txt', FENWICK_2022), plain('garth-2023.txt', GARTH_2023)], codebook);
    const recurring = recurringCriteria(index, 'Fenwick');
    const drift = recurring.find((r) => r.criterion === 'hp.drift-delay');
    assert.ok(drift, `drift and delay should recur: ${JSON.stringify(recurring.map((r) => r.criterion))}`);
    assert.deepEqual(drift.years, [2019, 2022]);
    assert.deepEqual(
      drift.reports.map((r) => [r.file, r.kind]),
      [
        ['fenwick-2019.txt', 'inspection'],
        ['fenwick-2022.txt', 'focused-visit'],
      ],
    );
    assert.ok(drift.counts.printed >= 1 && drift.counts.suggested >= 2 && drift.counts.tagged === 0);
    assert.ok(recurring.every((r) => r.reports.length >= 2));
    assert.equal(recurringCriteria(index, 'Garth').length, 0);
    assert.ok(recurringCriteria(index, 'Fenwick', 3).length === 0);

    // A 2022 paragraph tagged as a strength does not make pathway plans recur.
    const withStrength = buildRecurrenceIndex(
      [plain('fenwick-2019.txt', FENWICK_2019), tagInput('fenwick-2022.txt', FENWICK_2022, 'main-findings.2', ['cl.pathway-plans'], 'strength')],
      codebook,
    );
    assert.equal(findingsFor(withStrength, 'Fenwick', ['cl.pathway-plans'], 'fenwick-2019.txt')[0]?.assessment, 'strength');
    assert.equal(recurringCriteria(withStrength, 'Fenwick').find((r) => r.criterion === 'cl.pathway-plans'), undefined);
  });

  it('replaces one report’s entry without touching the others', () => {
    const index = buildRecurrenceIndex([plain('fenwick-2019.txt', FENWICK_2019), plain('fenwick-2022.txt', FENWICK_2022)], codebook);
    const before2019 = index.reports.get('fenwick-2019.txt');
    setReportFindings(index, reportFindings(tagInput('fenwick-2022.txt', FENWICK_2022, 'main-findings.1', ['hp.drift-delay', 'hp.plans'], 'serious-weakness'), codebook));
    assert.equal(index.reports.get('fenwick-2019.txt'), before2019);
    const tagged = findingsFor(index, 'Fenwick', ['hp.plans'], 'fenwick-2019.txt');
    assert.deepEqual(
      tagged.map((f) => [f.source, f.paragraph, f.assessment]),
      [['tagged', 'main-findings.1', 'serious-weakness']],
    );
    // A report whose authority changes moves group.
    setReportFindings(index, reportFindings({ ...plain('fenwick-2022.txt', FENWICK_2022), localAuthority: 'Garth' }, codebook));
    assert.deepEqual(recurringCriteria(index, 'Fenwick'), []);
    assert.equal(recurringCriteria(index, 'Garth').length, 0);
    deleteReportFindings(index, 'fenwick-2022.txt');
    assert.deepEqual([...index.reports.keys()], ['fenwick-2019.txt']);
    assert.deepEqual(authorities(index), ['Fenwick']);
  });

  it('keeps a report naming no authority to itself, and lists nothing for a report that cannot be read', () => {
    const noName = FENWICK_2022.replace(/Fenwick/g, '');
    const index = buildRecurrenceIndex([plain('fenwick-2019.txt', FENWICK_2019), plain('unnamed.txt', noName), { file: 'gone.txt', report: null, annotations: [] }], codebook);
    assert.equal(index.reports.get('unnamed.txt')?.localAuthority, null);
    assert.deepEqual(index.reports.get('gone.txt')?.findings, []);
    assert.ok(findingsFor(index, 'Fenwick', ['hp.drift-delay']).every((f) => f.report === 'fenwick-2019.txt'));
  });
});

// The real Bury reports kept beside the project (the shared seeds), when present.
const SEEDS = path.resolve(__dirname, '../../../shared/reports/seeds');
const BURY = {
  focused2018: 'bury-2018-08-focused-visit.txt',
  inspection2021: 'bury-2021-12-inspection.txt',
  monitoring2023: 'bury-2023-05-monitoring-visit.txt',
};

(existsSync(path.join(SEEDS, BURY.focused2018)) ? describe : describe.skip)('recurrence across the Bury reports', () => {
  const load = (file: string): RecurrenceInput => {
    const text = readFileSync(path.join(SEEDS, file), 'utf8');
    return { file, report: parseReportText(file, text), annotations: [] };
  };

  it('finds supervision raised in 2018, 2021 and 2023, and drift and delay in 2021 and 2023', () => {
    const inspection = load(BURY.inspection2021);
    // The 2021 text lost its cover page, with its dates: the caller supplies the date (and the
    // authority, when the parser cannot find it in the text).
    assert.equal(inspection.report?.published ?? inspection.report?.inspectionDates ?? null, null);
    const supplied = { ...inspection, localAuthority: inspection.report?.localAuthority ?? 'Bury', date: '2021-12-03' };
    const index = buildRecurrenceIndex([load(BURY.focused2018), supplied, load(BURY.monitoring2023)], codebook);
    const recurring = recurringCriteria(index, 'Bury');
    const years = (id: string): number[] | undefined => recurring.find((r) => r.criterion === id)?.years;
    assert.deepEqual(years('lead.supervision'), [2018, 2021, 2023]);
    assert.deepEqual(years('hp.drift-delay'), [2021, 2023]);
    // Printed items alone show drift and delay only in 2021: the 2023 visit states it in its paragraphs.
    const printedDrift = findingsFor(index, 'Bury', ['hp.drift-delay']).filter((f) => f.source === 'printed');
    assert.deepEqual([...new Set(printedDrift.map((f) => f.report))], [BURY.inspection2021]);
    const from2021 = findingsFor(index, 'Bury', ['hp.drift-delay'], BURY.monitoring2023);
    assert.ok(from2021.length > 0 && from2021.every((f) => f.report === BURY.inspection2021));
  });
});
