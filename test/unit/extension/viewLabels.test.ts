import * as assert from 'node:assert/strict';
import type { Judgement } from '../../../src/core/model';
import type { ImprovementItem } from '../../../src/core/workspace/improvements';
import { dateLabel, filterDescription, gradesSummary, itemAsText, itemOrigin, titleStatesGrade, worstGrade } from '../../../src/extension/views/labels';

const j = (area: string, grade: Judgement['grade']): Judgement => ({ area, grade, range: null });

function item(over: Partial<ImprovementItem> = {}): ImprovementItem {
  return {
    key: 'printed:northmere.txt#ia1',
    source: 'printed',
    area: 'help-and-protection',
    criteria: ['hp.assessments'],
    text: 'The timeliness and quality of assessments.',
    report: 'northmere.txt',
    localAuthority: 'Northmere',
    reportKind: 'inspection',
    reportDate: '2024-03-14',
    paragraph: 'p12',
    paragraphNumber: 12,
    range: null,
    status: 'open',
    evidence: [],
    assessment: null,
    note: '',
    orphaned: false,
    ...over,
  };
}

describe('view labels', () => {
  it('writes ISO dates the way reports print them', () => {
    assert.equal(dateLabel('2024-03-14'), '14 Mar 2024');
    assert.equal(dateLabel('2019-07-02'), '2 Jul 2019');
    assert.equal(dateLabel(null), 'undated');
    assert.equal(dateLabel('2024-13-01'), '2024-13-01');
  });

  it('summarises grades with the overall grade first and repeated grades counted', () => {
    const grades = [j('help-and-protection', 'requires-improvement'), j('children-in-care', 'good'), j('care-leavers', 'good'), j('impact-of-leaders', 'requires-improvement'), j('overall-effectiveness', 'requires-improvement')];
    assert.equal(gradesSummary(grades), 'RI overall, RI ×2, Good ×2');
    assert.equal(gradesSummary([j('sif-overall-effectiveness', 'inadequate')]), 'Inadequate overall');
    assert.equal(gradesSummary([]), '');
  });

  it('picks the worst grade for the icon', () => {
    assert.equal(worstGrade([j('a', 'good'), j('b', 'inadequate'), j('c', 'outstanding')]), 'inadequate');
    assert.equal(worstGrade([j('a', 'good'), j('b', 'requires-improvement')]), 'requires-improvement');
    assert.equal(worstGrade([]), null);
  });

  it('names an item by authority, kind, date and paragraph', () => {
    assert.equal(itemOrigin(item()), 'Northmere · Inspection · 14 Mar 2024 · ¶12');
    assert.equal(itemOrigin(item({ localAuthority: null, paragraphNumber: null, reportKind: 'focused-visit', reportDate: null })), 'northmere.txt · Focused visit · undated');
    assert.equal(itemOrigin(item({ orphaned: true, paragraphNumber: null })), 'Northmere · Inspection · 14 Mar 2024 · orphaned');
  });

  it('copies an item as text with its status, criteria, timescale and note', () => {
    const text = itemAsText(item({ status: 'in-progress', timescale: 'three-months', note: 'Audit due in May' }), ['Quality of assessments']);
    assert.deepEqual(text.split('\n'), [
      'The timeliness and quality of assessments.',
      'Printed improvement area: Northmere · Inspection · 14 Mar 2024 · ¶12 (northmere.txt)',
      'Status: In progress',
      'Criteria: Quality of assessments',
      'Timescale: three months',
      'Note: Audit due in May',
    ]);
  });

  it('describes only the filters that differ from the default', () => {
    const label = (id: string): string => `<${id}>`;
    assert.equal(filterDescription({ status: 'open' }, label), '');
    assert.equal(filterDescription({}, label), '');
    assert.equal(filterDescription({ status: 'all', report: 'la/northmere.txt', criterion: 'hp.assessments', assessment: 'serious-weakness' }, label), 'all statuses · northmere.txt · <hp.assessments> · serious weakness');
    assert.equal(filterDescription({ status: 'resolved' }, label), 'resolved');
  });
});

describe('view labels: a heading that states its grade', () => {
  it('is recognised, so the hover does not repeat the grade', () => {
    assert.equal(titleStatesGrade('The experiences and progress of children who need help and protection: Inadequate', 'inadequate'), true);
    assert.equal(titleStatesGrade('Overall effectiveness: requires improvement to be good', 'requires-improvement'), true);
    assert.equal(titleStatesGrade('Overall effectiveness: requires improvement to be good', 'good'), false, '"to be good" does not state a good grade');
    assert.equal(titleStatesGrade('The experiences and progress of children in care: good', 'good'), true);
    assert.equal(titleStatesGrade('Inadequate services', 'adequate'), false, '"inadequate" does not state adequate');
    assert.equal(titleStatesGrade('The experiences and progress of children in care', 'good'), false);
  });
});
