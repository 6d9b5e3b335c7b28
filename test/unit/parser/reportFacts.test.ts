import * as assert from 'node:assert/strict';
import { parseReportText } from '../../../src/core/parser';
import { dateLabel, parseUserDate, readReportDate } from '../../../src/core/reportDate';

/** An ILACS report head of the given dates, with or without an overall effectiveness row. */
function ilacs(dates: string, overall: boolean): string {
  return [
    "Inspection of Wexcombe local authority children's services",
    '',
    `Inspection dates: ${dates}`,
    '',
    'Lead inspector: Robin Sample, His Majesty’s Inspector',
    '',
    'Judgement',
    '',
    'Grade',
    '',
    'The impact of leaders on practice with children and families',
    '',
    'Good',
    '',
    'The experiences and progress of children who need help and',
    'protection',
    '',
    'Good',
    '',
    ...(overall ? ['Overall effectiveness', '', 'Good', ''] : []),
    'Children in Wexcombe are well supported.',
    '',
  ].join('\n');
}

describe('report facts: dates and the overall judgement', () => {
  it('dates a report by its printed date, else the last inspection day, else its file name', () => {
    assert.deepEqual(readReportDate('a.txt', '2021-12-17', { start: '2021-10-18', end: '2021-10-29' }), { value: '2021-12-17', precision: 'day', source: 'text' });
    assert.deepEqual(readReportDate('a.txt', null, { start: '2021-10-18', end: '2021-10-29' }), { value: '2021-10-29', precision: 'day', source: 'text' });
    const named: [string, string, string][] = [
      ['reports/bury__17-december-2021.txt', '2021-12-17', 'day'],
      ['bury 17 Dec 2021.md', '2021-12-17', 'day'],
      ['bury-2021-12-17.txt', '2021-12-17', 'day'],
      ['bury-2021-12-inspection.txt', '2021-12', 'month'],
      ['bury-2021-inspection.txt', '2021', 'year'],
    ];
    for (const [file, value, precision] of named) assert.deepEqual(readReportDate(file, null, null), { value, precision, source: 'file-name' }, file);
    assert.equal(readReportDate('notes.txt', null, null), null);
    const undated = parseReportText('reports/bury-2012-inspection.txt', 'Areas for improvement\n\n1. Ensure that plans are reviewed.\n');
    assert.deepEqual(undated.date, { value: '2012', precision: 'year', source: 'file-name' });
  });

  it('labels a date to the precision it has', () => {
    assert.equal(dateLabel('2021-12-07'), '7 Dec 2021');
    assert.equal(dateLabel('2021-12'), 'Dec 2021');
    assert.equal(dateLabel('2021'), '2021');
    assert.equal(dateLabel(null), 'undated');
    assert.throws(() => parseUserDate('2021-00'), /month must be 01 to 12/);
    assert.deepEqual(parseUserDate('2021-02'), { value: '2021-02', precision: 'month', source: 'user' });
  });

  it('says an ILACS inspection from April 2026 on gives no overall effectiveness judgement', () => {
    const april = parseReportText('wexcombe.txt', ilacs('13 to 24 April 2026', false));
    assert.equal(april.overallJudgement, 'not-given');
    assert.equal(april.judgements.some((j) => j.area === 'overall-effectiveness'), false);
    const march = parseReportText('wexcombe.txt', ilacs('9 to 20 March 2026', true));
    assert.equal(march.overallJudgement, 'graded');
    const missing = parseReportText('wexcombe.txt', ilacs('4 to 15 March 2024', false));
    assert.equal(missing.overallJudgement, 'not-found');
    const visit = parseReportText('v.txt', "Focused visit to Wexcombe children's services\n\nThis letter summarises the findings of the focused visit to Wexcombe children's services on 3 and 4 June 2025.\n");
    assert.equal(visit.overallJudgement, 'not-applicable');
  });

  it('finds the SIF overall judgement when the grade table runs into its sentence', () => {
    const text = [
      'Wexcombe Borough Council',
      'Inspection of services for children in need of help and protection, children looked after and care leavers',
      'Inspection dates: 6 March to 30 March 2017',
      'Report published: 13 June 2017',
      'Children’s services in Wexcombe require improvement to be good',
      '1. Children who need help and protection',
      'Requires improvement',
      '2. Children looked after and achieving',
      'permanence',
      'Good',
      '',
      'Executive summary',
      'Services for children in Wexcombe are improving.',
      '',
    ].join('\n');
    const r = parseReportText('wexcombe.txt', text);
    assert.equal(r.framework, 'sif');
    assert.deepEqual(r.judgements.find((j) => j.area === 'sif-overall-effectiveness')?.grade, 'requires-improvement');
    assert.equal(r.overallJudgement, 'graded');
  });
});

describe('printed improvement areas as extraction leaves them', () => {
  const items = (text: string, file = 'r.txt'): [string, string, number, number][] =>
    parseReportText(file, text).improvementAreas.map((i) => [i.source, i.text, i.range.start.line + 1, i.range.end.line + 1]);

  it('reads an ILACS list whose bullets were lost, one item a lower-case line', () => {
    const text = [
      "Inspection of Wexcombe local authority children's services",
      '',
      'Inspection dates: 4 to 15 March 2019',
      '',
      'What needs to improve:',
      'the quality and timeliness of assessments for children in need',
      'management oversight of plans for children on the edge of care',
      'the sufficiency of local homes for children in care.',
      '',
      'The experiences and progress of children who need help and protection: good',
      '',
      '1. Children receive help at the right time.',
      '',
    ].join('\n');
    assert.deepEqual(items(text), [
      ['what-needs-to-improve', 'the quality and timeliness of assessments for children in need', 6, 6],
      ['what-needs-to-improve', 'management oversight of plans for children on the edge of care', 7, 7],
      ['what-needs-to-improve', 'the sufficiency of local homes for children in care.', 8, 8],
    ]);
  });

  it('reads framework tags in every printed form, and keeps a sub-list with the item that introduces it', () => {
    const text = [
      "Inspection of Wexcombe local authority children's services",
      '',
      'Inspection dates: 3 to 14 March 2025',
      '',
      'What needs to improve?1',
      '◼ The response to children at risk of exploitation. (outcome 3, national',
      'framework)',
      '◼ Work with partners at the front door (Enabler 1).',
      '◼ The support for care leavers in custody (Outcome four).',
      '◼ The quality of plans [Outcome 2, national framework].',
      '◼ Services for care leavers, including:',
      '− suitable homes',
      '− access to their health histories.',
      '◼ Supervision of social workers. (enabler: the workforce is equipped and effective, national framework)',
      '',
      'The experiences and progress of children who need help and',
      'protection: good',
      '',
      '1. Children receive help at the right time.',
      '',
    ].join('\n');
    const r = parseReportText('r.txt', text);
    assert.deepEqual(
      r.improvementAreas.map((i) => [i.text, i.outcome ?? null, i.enabler ?? null, i.range.start.line + 1, i.range.end.line + 1]),
      [
        ['The response to children at risk of exploitation.', 3, null, 6, 7],
        ['Work with partners at the front door', null, '1', 8, 8],
        ['The support for care leavers in custody', 4, null, 9, 9],
        ['The quality of plans', 2, null, 10, 10],
        ['Services for care leavers, including: suitable homes; access to their health histories.', null, null, 11, 13],
        ['Supervision of social workers.', null, 'the workforce is equipped and effective', 14, 14],
      ],
    );
  });

  it('reads SIF areas for improvement under judgement sub-headings, apart from priority actions', () => {
    const text = [
      'Wexcombe Borough Council',
      'Inspection of services for children in need of help and protection, children looked after and care leavers',
      'Inspection dates: 3 March to 26 March 2015',
      '',
      'What does the local authority need to improve?',
      'Priority and immediate action',
      '1. Ensure that children who go missing are offered a return interview.',
      'Areas for improvement',
      'Quality of work with children and young people',
      '2. Ensure that plans set out what needs to change and by when.',
      '3. Improve the quality of assessments so that risks are understood.',
      'Leadership, management and governance',
      '4. Ensure that managers oversee casework consistently.',
      '',
      'The local authority’s strengths',
      '5. Senior leaders know their services well.',
      '',
    ].join('\n');
    assert.deepEqual(items(text), [
      ['sif-priority-action', 'Ensure that children who go missing are offered a return interview.', 7, 7],
      ['sif-area-for-improvement', 'Ensure that plans set out what needs to change and by when.', 10, 10],
      ['sif-area-for-improvement', 'Improve the quality of assessments so that risks are understood.', 11, 11],
      ['sif-area-for-improvement', 'Ensure that managers oversee casework consistently.', 13, 13],
    ]);
  });

  it('keeps SLAC timescales and does not let the last area swallow the next heading', () => {
    const text = [
      'Inspection of safeguarding and looked after children services',
      'Wexcombe Borough Council',
      'Inspection dates: 5 – 16 March 2012',
      '',
      'Overall effectiveness Grade 3 (Adequate)',
      '',
      'Areas for improvement',
      '64. In order to improve the quality of provision and services for looked after',
      'children, the local authority and its partners should take the following action.',
      'Immediately: ',
      '',
      ' ensure that case decisions are recorded on the electronic file.  ',
      '',
      'Within three months: ',
      '',
      ' improve the timeliness of adoption for children for whom it has ',
      'been decided adoption is in their best interest ',
      '',
      ' ensure that supervision records demonstrate reflective practice. ',
      ' How good are outcomes for looked after ',
      'children and care leavers? ',
      '',
      'Being healthy Grade 2 (Good)',
      '',
      '65. Health outcomes for looked after children are good.',
      '',
    ].join('\n');
    const r = parseReportText('r.txt', text);
    assert.deepEqual(
      r.improvementAreas.map((i) => [i.text, i.timescale, i.range.start.line + 1, i.range.end.line + 1]),
      [
        ['ensure that case decisions are recorded on the electronic file.', 'immediately', 12, 12],
        ['improve the timeliness of adoption for children for whom it has been decided adoption is in their best interest', 'three-months', 16, 17],
        ['ensure that supervision records demonstrate reflective practice.', 'three-months', 19, 19],
      ],
    );
  });

  it('makes no paragraph or section of "READ MORE" promotions, photo captions or footnote markers', () => {
    const text = [
      'Council welcomes Ofsted letter',
      '',
      'Wexcombe Times: Wexcombe Town Hall (Image: Public)',
      '',
      'Inspectors said caseloads had fallen and more social workers had been recruited.',
      '',
      'READ MORE: Council sets out improvement plan',
      '',
      'The council said it would keep improving.',
      '',
      '1',
      '',
      'A spokesperson thanked staff.',
      '',
    ].join('\n');
    const r = parseReportText('news.txt', text);
    assert.deepEqual(r.sections.map((s) => s.title), ['Council welcomes Ofsted letter']);
    assert.deepEqual(
      r.paragraphs.map((p) => p.text),
      ['Council welcomes Ofsted letter', 'Inspectors said caseloads had fallen and more social workers had been recruited.', 'The council said it would keep improving.', 'A spokesperson thanked staff.'],
    );
  });
});
