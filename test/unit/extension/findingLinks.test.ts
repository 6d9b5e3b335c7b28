import * as assert from 'node:assert/strict';
import type { Finding } from '../../../src/core/recurrence';
import { arrangeRecurrences, findingLabel, placeLabel } from '../../../src/extension/findingLinks';

function finding(over: Partial<Finding>): Finding {
  return {
    key: `${over.source ?? 'suggested'}:${over.report ?? 'r.txt'}#${over.paragraph ?? 'p1'}`,
    source: 'suggested',
    criteria: ['hp.drift-delay'],
    report: 'r.txt',
    localAuthority: 'Wexcombe',
    reportKind: 'inspection',
    reportDate: '2024-03-08',
    paragraph: 'p1',
    paragraphNumber: 1,
    range: null,
    excerpt: '…',
    assessment: null,
    status: null,
    ...over,
  };
}

describe('links from a hover to the same finding elsewhere', () => {
  it('names numbered paragraphs by number and others by their section', () => {
    assert.equal(findingLabel(finding({ paragraphNumber: 12 })), '2024 inspection ¶12');
    assert.equal(findingLabel(finding({ paragraph: 'what-needs-to-improve.2', paragraphNumber: null })), '2024 inspection, what needs to improve');
    assert.equal(findingLabel(finding({ paragraph: 'intro.1', paragraphNumber: null, reportKind: 'focused-visit' })), '2024 focused visit, summary');
    assert.equal(findingLabel(finding({ reportDate: null })), 'Undated inspection ¶1');
    assert.equal(
      findingLabel(finding({ paragraph: 'wexcombe-childrens-services-rated-inadequate-as-inspectors.3', paragraphNumber: null, reportKind: 'other' })),
      '2024 other, wexcombe childrens services rated inadequate…',
    );
  });

  it('names a place from its parts the same way', () => {
    assert.equal(placeLabel('2018-08-17', 'focused-visit', 4, 'p4'), '2018 focused visit ¶4');
    assert.equal(placeLabel('2021-12', 'inspection', null, 'what-needs-to-improve.3'), '2021 inspection, what needs to improve');
    assert.equal(placeLabel(null, 'monitoring-visit', null, 'intro.2'), 'Undated monitoring visit, summary');
  });

  describe('the hover\'s recurrences', () => {
    const m = (id: string, date: string | null, score: number, otherAuthority = false) => ({ id, date, score, otherAuthority });

    it('keeps the best of each group and lists them in date order, undated last', () => {
      const best = [m('a', '2023-05-09', 0.9), m('b', null, 0.8), m('c', '2012-04-01', 0.7), m('x', '2020-01-01', 0.6, true), m('d', '2018-08-17', 0.5), m('y', '2016-01-01', 0.4, true), m('z', '2019-01-01', 0.3, true)];
      const r = arrangeRecurrences(best, '2021-12-01', 3, 2);
      assert.deepEqual(r.own.map((x) => x.id), ['c', 'a', 'b']);
      assert.deepEqual(r.others.map((x) => x.id), ['y', 'x']);
    });

    it('says when the authority first raised the finding, and when that is this report', () => {
      assert.deepEqual(pick(arrangeRecurrences([m('a', '2023-05-09', 0.9), m('c', '2012-04-01', 0.7)], '2021-12-01', 5, 3)), { firstRaised: '2012', firstHere: false });
      assert.deepEqual(pick(arrangeRecurrences([m('a', '2023-05-09', 0.9)], '2018-08-17', 5, 3)), { firstRaised: '2018', firstHere: true });
      assert.deepEqual(pick(arrangeRecurrences([m('a', null, 0.9)], null, 5, 3)), { firstRaised: null, firstHere: false });
      // Other authorities do not count towards this authority's first year.
      assert.deepEqual(pick(arrangeRecurrences([m('x', '2010-01-01', 0.9, true), m('a', '2023-05-09', 0.5)], '2021-12-01', 5, 3)), { firstRaised: '2021', firstHere: true });
    });

    it('lists at most the best two matches of each report, and says first raised by the earliest listed', () => {
      const f = (id: string, file: string, date: string, score: number) => ({ id, file, date, score, otherAuthority: false });
      const all = [f('a1', 'a', '2023-05-09', 0.9), f('a2', 'a', '2023-05-09', 0.85), f('a3', 'a', '2023-05-09', 0.8), f('b1', 'b', '2018-08-17', 0.7), f('c1', 'c', '2012-04-01', 0.2)];
      const r = arrangeRecurrences(all, '2021-12-01', 3, 3);
      assert.deepEqual(r.own.map((x) => x.id), ['b1', 'a1', 'a2']);
      // The 2012 match is not listed, so the finding is not said to be first raised in 2012.
      assert.deepEqual(pick(r), { firstRaised: '2018', firstHere: false });
      assert.deepEqual(arrangeRecurrences(all, '2021-12-01', 5, 3, 1).own.map((x) => x.id), ['c1', 'b1', 'a1']);
    });

    function pick(r: { firstRaised: string | null; firstHere: boolean }): { firstRaised: string | null; firstHere: boolean } {
      return { firstRaised: r.firstRaised, firstHere: r.firstHere };
    }
  });
});
