import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describeFigures, measurePrintedItems, readLabels, REPORTS_DIR } from '../../corpus/printedItems';

describe('printed improvement areas against the hand-checked labels', function () {
  this.timeout(60_000);

  before(function () {
    if (!existsSync(REPORTS_DIR)) this.skip();
  });

  it('splits the labelled reports by local authority', () => {
    const { testAuthorities, reports } = readLabels();
    for (const r of reports) assert.equal(r.part, testAuthorities.includes(r.authority) ? 'test' : 'tuning', r.file);
    const parts = new Map<string, Set<string>>();
    for (const r of reports) parts.set(r.authority, (parts.get(r.authority) ?? new Set()).add(r.part));
    for (const [authority, set] of parts) assert.equal(set.size, 1, `${authority} is in both parts`);
    // Every era is in the test part: SLAC, SIF and ILACS before and after the 2024 framework tags.
    const test = reports.filter((r) => r.part === 'test');
    const sources = new Set(test.flatMap((r) => r.items.map((i) => i.source)));
    for (const s of ['slac-area-for-improvement', 'sif-area-for-improvement', 'recommendation', 'what-needs-to-improve'] as const) assert.ok(sources.has(s), `no ${s} item in the test part`);
    assert.ok(test.some((r) => r.items.some((i) => i.outcome !== undefined)), 'no framework-tagged item in the test part');
  });

  it('finds them on the test part: recall >= 98%, precision >= 98%, both ends exact >= 95%', () => {
    const f = measurePrintedItems('test');
    console.log(`      ${describeFigures('test part', f)}`);
    assert.ok(f.labelled >= 200, `only ${f.labelled} labelled items were read`);
    assert.ok(f.recall >= 0.98, `recall ${f.recall}\n${f.misses.join('\n')}`);
    assert.ok(f.precision >= 0.98, `precision ${f.precision}\n${f.misses.join('\n')}`);
    assert.ok(f.endsExact >= 0.95, `ends exact ${f.endsExact}\n${f.misses.join('\n')}`);
    assert.ok(f.tagsAgree / f.labelled >= 0.95, `timescales and framework tags agree for ${f.tagsAgree} of ${f.labelled}`);
  });

  it('reports the tuning part too', () => {
    const f = measurePrintedItems('tuning');
    console.log(`      ${describeFigures('tuning part', f)}`);
    assert.ok(f.labelled >= 300);
  });
});
