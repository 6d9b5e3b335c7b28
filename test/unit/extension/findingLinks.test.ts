import * as assert from 'node:assert/strict';
import type { Finding } from '../../../src/core/recurrence';
import { findingLabel, placeLabel } from '../../../src/extension/findingLinks';

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
});
