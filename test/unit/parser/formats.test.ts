import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Paragraph, Report } from '../../../src/core/model';
import { parseReport, parseReportText } from '../../../src/core/parser';
import { LineIndex } from '../../../src/core/range';

const fixtures = path.join(__dirname, '..', '..', 'fixtures', 'reports');
const read = (name: string): string => readFileSync(path.join(fixtures, name), 'utf8');
const parse = (name: string): Report => parseReport(name, readFileSync(path.join(fixtures, name)));
const grades = (r: Report): Record<string, string> => Object.fromEntries(r.judgements.map((j) => [j.area, j.grade]));
const numbered = (r: Report): Paragraph[] => r.paragraphs.filter((p) => p.number !== null);
const byNumber = (r: Report, n: number): Paragraph => {
  const p = r.paragraphs.find((q) => q.number === n);
  assert.ok(p, `paragraph ${n}`);
  return p;
};

describe('parser: ILACS 2018 to 2022 inspection (plain text)', () => {
  const name = 'ilacs-2019-thornbury.txt';
  const text = read(name);
  const report = parse(name);
  const index = new LineIndex(text);

  it('reads the metadata', () => {
    assert.equal(report.kind, 'inspection');
    assert.equal(report.framework, 'ilacs');
    assert.equal(report.format, 'text');
    assert.equal(report.localAuthority, 'Thornbury');
    assert.deepEqual(report.inspectionDates, { start: '2019-03-04', end: '2019-03-15' });
    assert.equal(report.leadInspector, 'Alice Marchbank');
    assert.equal(report.published, null);
  });

  it('reads the four judgement rows, with the combined children in care and care leavers area', () => {
    assert.deepEqual(grades(report), {
      'impact-of-leaders': 'requires-improvement',
      'help-and-protection': 'requires-improvement',
      'children-in-care-and-care-leavers': 'good',
      'overall-effectiveness': 'requires-improvement',
    });
    assert.deepEqual(report.warnings, []);
  });

  it('finds the judgement sections with their area and grade', () => {
    const judged = report.sections.filter((s) => s.area);
    assert.deepEqual(
      judged.map((s) => [s.area, s.grade]),
      [
        ['help-and-protection', 'requires-improvement'],
        ['children-in-care-and-care-leavers', 'good'],
        ['impact-of-leaders', 'requires-improvement'],
      ],
    );
    assert.equal(byNumber(report, 1).section, judged[0].id);
    assert.equal(byNumber(report, 6).section, judged[1].id);
    assert.equal(byNumber(report, 9).section, judged[2].id);
  });

  it('numbers paragraphs 1 to 9, whether the number sits on its own line or starts the paragraph', () => {
    assert.deepEqual(
      numbered(report).map((p) => p.number),
      [1, 2, 3, 4, 5, 6, 7, 8, 9],
    );
    assert.deepEqual(
      numbered(report).map((p) => p.id),
      ['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8', 'p9'],
    );
    // Number on its own line, followed by a blank line: the range starts at the number.
    const p1 = byNumber(report, 1);
    assert.equal(index.lineText(p1.range.start.line), '1.');
    assert.ok(p1.text.startsWith('Children and families who need early help'));
    // Number starting the paragraph.
    const p3 = byNumber(report, 3);
    assert.ok(index.textIn(p3.range).startsWith('3. Strategy meetings'));
    assert.ok(p3.text.startsWith('Strategy meetings'));
  });

  it('keeps a stray year and a number inside a sentence out of the paragraph chain', () => {
    assert.ok(byNumber(report, 3).text.endsWith('as they did at the last inspection in 2012.'));
    assert.ok(byNumber(report, 4).text.includes('each month and 15. per cent of the audits'));
    assert.ok(!report.paragraphs.some((p) => p.number === 15 || p.number === 2012));
  });

  it('undoes line wrapping, joining words hyphenated at a line end', () => {
    const p1 = byNumber(report, 1);
    assert.equal(
      p1.text,
      'Children and families who need early help receive a well-co-ordinated service from the family support teams, and most make good progress.',
    );
    assert.ok(!p1.text.includes('\n'));
    assert.ok(byNumber(report, 4).text.includes('over-optimistic about'));
  });

  it('never makes page numbers, running footers, form feeds or the closing boilerplate into paragraphs', () => {
    for (const p of report.paragraphs) {
      assert.doesNotMatch(p.text, /^\d+$/);
      // The title at the top is a heading; the same words repeated above page numbers are a footer.
      if (p.range.start.line > 2) assert.notEqual(p.text, 'Inspection of Thornbury local authority children’s services');
      assert.doesNotMatch(p.text, /\f/);
      assert.doesNotMatch(p.text, /Ofsted\) regulates|Crown copyright|different format/);
    }
    // A paragraph running across a page break keeps its text whole and skips the page furniture.
    const p4 = byNumber(report, 4);
    assert.ok(!p4.text.includes('Inspection of Thornbury'));
  });

  it('reads "What needs to improve" bullets with their exact ranges', () => {
    assert.deepEqual(
      report.improvementAreas.map((ia) => [ia.source, ia.text]),
      [
        ['what-needs-to-improve', 'The timeliness of strategy meetings for children at risk of significant harm.'],
        ['what-needs-to-improve', 'The quality and analysis of assessments, so that they are up to date and consider the history of each family.'],
      ],
    );
    const second = report.improvementAreas[1];
    assert.ok(index.textIn(second.range).startsWith('\uf06e The quality'));
    assert.ok(index.textIn(second.range).endsWith('history of each family.'));
    const para = report.paragraphs.find((p) => p.id === second.paragraph);
    assert.equal(para?.kind, 'bullet');
  });

  it('warns when two places disagree about a grade, and the judgement table wins', () => {
    const changed = text.replace(/(The experiences and progress of children in care and care leavers:\n)good/, '$1inadequate');
    assert.notEqual(changed, text);
    const r = parseReportText(name, changed);
    assert.equal(grades(r)['children-in-care-and-care-leavers'], 'good');
    assert.equal(r.warnings.length, 1);
    assert.match(r.warnings[0], /children-in-care-and-care-leavers.*good.*inadequate.*using good/);
  });
});

describe('parser: ILACS 2023 inspection (five rows)', () => {
  const report = parse('ilacs-2023-marlow-vale.txt');

  it('reads children in care and care leavers as separate judgements', () => {
    assert.equal(report.framework, 'ilacs');
    assert.equal(report.localAuthority, 'Marlow Vale');
    assert.deepEqual(grades(report), {
      'impact-of-leaders': 'good',
      'help-and-protection': 'good',
      'children-in-care': 'requires-improvement',
      'care-leavers': 'outstanding',
      'overall-effectiveness': 'good',
    });
  });

  it('reads ◼ bullets under "What needs to improve?" and parses out outcome and enabler tags', () => {
    assert.deepEqual(
      report.improvementAreas.map((ia) => ({ text: ia.text, outcome: ia.outcome, enabler: ia.enabler })),
      [
        { text: 'The stability of homes for children in care, so that fewer children move in an unplanned way.', outcome: 3, enabler: undefined },
        // The tag wrapped onto a line of its own still belongs to its item.
        { text: 'The timeliness of health assessments for children coming into care.', outcome: 2, enabler: undefined },
        { text: 'Leaders’ oversight of children placed at a distance.', outcome: undefined, enabler: 'leaders' },
      ],
    );
    for (const ia of report.improvementAreas) assert.equal(ia.source, 'what-needs-to-improve');
    assert.ok(report.paragraphs.filter((p) => p.kind === 'bullet').length >= 3);
  });

  it('numbers paragraphs whose number sits alone above a blank line', () => {
    assert.deepEqual(
      numbered(report).map((p) => p.number),
      [1, 2, 3, 4, 5],
    );
    assert.equal(byNumber(report, 3).section, report.sections.find((s) => s.area === 'children-in-care')?.id);
  });
});

describe('parser: ILACS 2026 inspection (four rows, no overall effectiveness)', () => {
  const report = parse('ilacs-2026-ashcombe.txt');

  it('reads four judgements and no overall effectiveness', () => {
    assert.deepEqual(grades(report), {
      'impact-of-leaders': 'requires-improvement',
      'help-and-protection': 'inadequate',
      'children-in-care': 'good',
      'care-leavers': 'good',
    });
    assert.equal(report.framework, 'ilacs');
    assert.deepEqual(report.inspectionDates, { start: '2026-03-09', end: '2026-03-20' });
  });

  it('reads the leaders section under its 2026 wording', () => {
    const s = report.sections.find((x) => x.area === 'impact-of-leaders');
    assert.equal(s?.grade, 'requires-improvement');
    assert.equal(byNumber(report, 5).section, s?.id);
    assert.equal(report.improvementAreas[0].outcome, 4);
  });
});

describe('parser: focused visit letter', () => {
  const name = 'focused-visit-2020-harlow-fen.txt';
  const report = parse(name);
  const index = new LineIndex(read(name));

  it('reads kind, authority, visit dates, letter date and signatory', () => {
    assert.equal(report.kind, 'focused-visit');
    assert.equal(report.framework, 'ilacs');
    assert.equal(report.localAuthority, 'Harlow Fen');
    assert.deepEqual(report.inspectionDates, { start: '2020-09-15', end: '2020-09-16' });
    assert.equal(report.published, '2020-10-12');
    assert.equal(report.leadInspector, 'Ruth Calloway');
    assert.deepEqual(report.judgements, []);
  });

  it('leaves the letterhead, address, salutation and sign-off out of the paragraphs', () => {
    const texts = report.paragraphs.map((p) => p.text);
    for (const gone of ['Ofsted', 'Piccadilly Gate', 'T 0300 123 1231', '12 October 2020', 'Dear Mr Fieldhouse', 'Yours sincerely', 'Ruth Calloway', "Her Majesty's Inspector"]) {
      assert.ok(!texts.includes(gone), gone);
    }
    assert.equal(report.paragraphs[0].text, "Focused visit to Harlow Fen local authority children's services");
  });

  it('keeps long unwrapped lines as one paragraph each, with exact ranges', () => {
    const p = report.paragraphs.find((q) => q.text.startsWith('Most children in need'));
    assert.ok(p);
    assert.equal(p.range.start.line, p.range.end.line);
    assert.equal(index.textIn(p.range), p.text);
  });

  it('reads "- " bullets under "What needs to improve in this area" as improvement areas', () => {
    assert.deepEqual(
      report.improvementAreas.map((ia) => [ia.source, ia.text]),
      [
        ['focused-visit', 'The quality of written plans, so that they set out clear actions and timescales.'],
        ['focused-visit', 'Management oversight of children who have been in need for a long time.'],
      ],
    );
    const first = report.improvementAreas[0];
    assert.ok(index.textIn(first.range).startsWith('- The quality'));
    const findings = report.paragraphs.filter((p) => p.kind === 'bullet');
    assert.equal(findings.length, 4);
  });
});

describe('parser: monitoring visit letter', () => {
  const report = parse('monitoring-visit-2022-redwick.txt');

  it('reads kind, authority, dates and sections', () => {
    assert.equal(report.kind, 'monitoring-visit');
    assert.equal(report.framework, 'ilacs');
    assert.equal(report.localAuthority, 'Redwick');
    assert.deepEqual(report.inspectionDates, { start: '2022-05-10', end: '2022-05-11' });
    assert.equal(report.published, '2022-06-09');
    assert.equal(report.leadInspector, 'Helen Strand');
    assert.deepEqual(
      report.sections.map((s) => s.title),
      ["Monitoring visit to Redwick children's services", 'Areas covered by the visit', 'Headline findings', 'Findings and evaluation of progress'],
    );
    assert.deepEqual(report.improvementAreas, []);
  });
});

describe('parser: SIF inspection', () => {
  const report = parse('sif-2015-kestrel-bay.txt');

  it('reads the grade list and the overall judgement sentence', () => {
    assert.equal(report.framework, 'sif');
    assert.equal(report.kind, 'inspection');
    assert.equal(report.localAuthority, 'Kestrel Bay');
    assert.equal(report.published, '2015-05-08');
    assert.deepEqual(report.inspectionDates, { start: '2015-03-03', end: '2015-03-26' });
    assert.deepEqual(grades(report), {
      'sif-overall-effectiveness': 'requires-improvement',
      'sif-help-and-protection': 'requires-improvement',
      'sif-looked-after-and-permanence': 'good',
      'sif-adoption': 'good',
      'sif-care-leavers': 'requires-improvement',
      'sif-leadership': 'requires-improvement',
    });
  });

  it('keeps the numbered grade list out of the paragraph numbers', () => {
    assert.deepEqual(
      numbered(report).map((p) => p.number),
      [1, 2, 3, 4],
    );
    assert.ok(!report.paragraphs.some((p) => /^Children who need help and protection$/.test(p.text)));
  });

  it('reads "Priority and immediate action" and "Areas for improvement" items', () => {
    assert.deepEqual(
      report.improvementAreas.map((ia) => [ia.source, ia.paragraph, ia.text]),
      [
        ['sif-priority-action', 'p1', 'Ensure that all children at risk of sexual exploitation are identified and protected without delay.'],
        ['sif-area-for-improvement', 'p2', 'Ensure that assessments are completed within timescales that meet the needs of children.'],
        ['sif-area-for-improvement', 'p3', 'Improve the quality of pathway plans for care leavers.'],
      ],
    );
  });

  it('reads a later SIF report\'s "Recommendations" list', () => {
    const later = parse('sif-2017-brackenfield.txt');
    assert.equal(later.framework, 'sif');
    assert.deepEqual(grades(later), { 'sif-help-and-protection': 'good', 'sif-looked-after-and-permanence': 'good', 'sif-leadership': 'good', 'sif-overall-effectiveness': 'good' });
    assert.deepEqual(
      later.improvementAreas.map((ia) => [ia.source, ia.text]),
      [
        ['recommendation', 'Strengthen the recording of management decisions on children’s files.'],
        ['recommendation', 'Ensure that return home interviews are offered to every child who goes missing.'],
      ],
    );
  });
});

describe('parser: SLAC inspection', () => {
  const report = parse('slac-2012-wrenbury.txt');

  it('reads "Grade 3 (Adequate)" grades under the product\'s SLAC area ids', () => {
    assert.equal(report.framework, 'slac');
    assert.equal(report.kind, 'inspection');
    assert.equal(report.localAuthority, 'Wrenbury');
    assert.deepEqual(report.inspectionDates, { start: '2012-03-05', end: '2012-03-16' });
    assert.deepEqual(grades(report), {
      'slac-safeguarding-overall-effectiveness': 'adequate',
      'slac-safeguarding-capacity-for-improvement': 'good',
    });
  });

  it('reads areas for improvement with their timescales and stops at the next numbered paragraph', () => {
    assert.deepEqual(
      report.improvementAreas.map((ia) => [ia.timescale, ia.text]),
      [
        ['immediately', 'ensure that all referrals are screened by a qualified social worker within one working day'],
        ['immediately', "ensure that strategy discussions are recorded on the child's file."],
        ['three-months', 'improve the quality of child protection plans so that they are specific and measurable.'],
        ['six-months', 'review the arrangements for supervision of newly qualified social workers.'],
      ],
    );
    for (const ia of report.improvementAreas) assert.equal(ia.source, 'slac-area-for-improvement');
    assert.deepEqual(
      numbered(report).map((p) => p.number),
      [1, 2, 3, 4],
    );
  });
});

describe('parser: news article and unrecognised text', () => {
  it('reads a news article as kind other, framework unknown, with its paragraphs', () => {
    const r = parse('news-article-fallowfield.txt');
    assert.equal(r.kind, 'other');
    assert.equal(r.framework, 'unknown');
    assert.deepEqual(r.judgements, []);
    assert.equal(r.paragraphs.length, 5);
    assert.equal(r.paragraphs[2].text, 'In a letter published this week, the regulator said caseloads had fallen and more social workers had been recruited.');
  });

  it('still yields paragraphs from a format it does not recognise', () => {
    const r = parse('unrecognised-minutes.txt');
    assert.equal(r.kind, 'other');
    assert.equal(r.framework, 'unknown');
    assert.deepEqual(
      r.paragraphs.filter((p) => p.kind !== 'heading').map((p) => p.text),
      [
        'Present: the chair, four councillors and two officers.',
        'The panel received an update on sufficiency of foster homes and asked for a further report.',
        'Apologies were received from two members.',
      ],
    );
  });
});

describe('parser: Markdown report', () => {
  const name = 'ilacs-2022-pennington.md';
  const report = parse(name);
  const index = new LineIndex(read(name));

  it('reads metadata and the judgement table', () => {
    assert.equal(report.format, 'markdown');
    assert.equal(report.kind, 'inspection');
    assert.equal(report.framework, 'ilacs');
    assert.equal(report.localAuthority, 'Pennington');
    assert.equal(report.leadInspector, 'Grace Hollins');
    assert.deepEqual(grades(report), {
      'impact-of-leaders': 'good',
      'help-and-protection': 'good',
      'children-in-care-and-care-leavers': 'outstanding',
      'overall-effectiveness': 'good',
    });
  });

  it('makes headings sections, ordered items numbered paragraphs and list items bullets', () => {
    assert.deepEqual(
      report.sections.filter((s) => s.area).map((s) => [s.area, s.grade]),
      [
        ['help-and-protection', 'good'],
        ['children-in-care-and-care-leavers', 'outstanding'],
        ['impact-of-leaders', 'good'],
      ],
    );
    const p1 = byNumber(report, 1);
    assert.equal(p1.text, 'Families receive early help quickly and most see their circumstances improve.');
    assert.ok(index.textIn(p1.range).startsWith('1. Families'));
    assert.deepEqual(
      report.improvementAreas.map((ia) => ia.text),
      ['The timeliness of initial health assessments.', 'The quality of return home interviews.'],
    );
    assert.equal(report.paragraphs.find((p) => p.id === report.improvementAreas[0].paragraph)?.kind, 'bullet');
  });
});

describe('parser: a joint targeted area inspection', () => {
  it('is a jtai with no grades, its authority, dates and improvement areas', () => {
    const file = path.join(__dirname, '..', '..', 'fixtures', 'reports', 'jtai-2025-wenlock-vale.txt');
    const report = parseReport(file, readFileSync(file));
    assert.equal(report.kind, 'jtai');
    assert.equal(report.framework, 'ilacs');
    assert.equal(report.localAuthority, 'Wenlock Vale');
    assert.deepEqual(report.inspectionDates, { start: '2025-03-03', end: '2025-03-07' });
    assert.deepEqual(report.judgements, []);
    assert.deepEqual(
      report.improvementAreas.map((ia) => ia.text),
      ['The consistency of return home interviews for children who go missing.', 'The sharing of health information at strategy meetings about children at risk of exploitation.'],
    );
  });
});

describe('parser: a focused visit written up as a report rather than a letter', () => {
  it('is a focused visit, from its title', () => {
    const text = [
      'Focused visit to Harnmouth local authority children’s',
      'services',
      'Inspection dates: 12 and 13 September 2023',
      'Lead inspector: Ada Example, His Majesty’s Inspector',
      '',
      'Headline findings',
      'Leaders have reduced the number of children placed far from home.',
      '',
    ].join('\n');
    const report = parseReportText('harnmouth.txt', text);
    assert.equal(report.kind, 'focused-visit');
    assert.equal(report.localAuthority, 'Harnmouth');
    assert.deepEqual(report.inspectionDates, { start: '2023-09-12', end: '2023-09-13' });
    assert.equal(report.leadInspector, 'Ada Example');
  });

  it('but a news article mentioning a focused visit is not one', () => {
    const text = 'Council welcomes Ofsted feedback\n\nThe council said the focused visit to Harnmouth local authority children’s services last month, described in a letter published this week, showed progress.\n';
    assert.equal(parseReportText('news.txt', text).kind, 'other');
  });
});

describe('parser: SIF grades stated in sentences', () => {
  it('reads the overall judgement under the inspection dates and the LSCB grade from its own sentence', () => {
    const text = [
      'Pendlebrook Borough Council',
      'Inspection of services for children in need of help and',
      'protection, children looked after and care leavers',
      'and',
      'Review of the effectiveness of the Local Safeguarding Children',
      'Board',
      'Inspection date: 3 March 2015 – 26 March 2015',
      'The overall judgement is good',
      'The local authority leads effective services that meet the requirements for good.',
      '',
      'The Local Safeguarding Children Board (LSCB)',
      'The Local Safeguarding Children Board requires improvement',
      'The Pendlebrook Safeguarding Children Board (PSCB) requires improvement to be good.',
      '',
    ].join('\n');
    const report = parseReportText('pendlebrook.txt', text);
    assert.equal(report.framework, 'sif');
    const grades = Object.fromEntries(report.judgements.map((j) => [j.area, j.grade]));
    assert.equal(grades['sif-overall-effectiveness'], 'good');
    assert.equal(grades['sif-lscb'], 'requires-improvement');
    assert.deepEqual(report.inspectionDates, { start: '2015-03-03', end: '2015-03-26' });
    assert.ok(report.paragraphs.some((p) => p.text === 'Inspection date: 3 March 2015 – 26 March 2015'), 'the cover line ran into the next');
  });
});
