import * as assert from 'node:assert/strict';
import type { Finding } from '../../../src/core/recurrence';
import { findingLabel, linkOrder } from '../../../src/extension/findingLinks';

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

  it('puts printed and tagged findings first and keeps one suggested paragraph per report', () => {
    const list = [
      finding({ paragraph: 'p6', report: 'a.txt' }),
      finding({ paragraph: 'p10', report: 'a.txt' }),
      finding({ paragraph: 'what-needs-to-improve.1', source: 'printed', report: 'a.txt' }),
      finding({ paragraph: 'p2', report: 'b.txt' }),
      finding({ paragraph: 'p9', source: 'tagged', report: 'b.txt' }),
    ];
    assert.deepEqual(
      linkOrder(list).map((f) => `${f.source}:${f.report}#${f.paragraph}`),
      ['printed:a.txt#what-needs-to-improve.1', 'tagged:b.txt#p9', 'suggested:a.txt#p6', 'suggested:b.txt#p2'],
    );
  });
});
