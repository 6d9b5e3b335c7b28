import * as assert from 'node:assert/strict';
import { parseReportText } from '../../../src/core/parser';
import { ParagraphIndex, readIndexCache, reportFeatures, reportStamp, writeIndexCache } from '../../../src/core/recurrence';

function report(file: string, paragraphs: string[]) {
  return parseReportText(file, `Wexcombe inspection of children's social care services\n\nInspection dates: 3 July 2018\n\n${paragraphs.map((p, i) => `${i + 1}. ${p}`).join('\n\n')}\n`);
}

const texts: Record<string, string[]> = {
  'a.txt': ['Children experience drift and delay in pre-proceedings because tracking of plans is weak.', 'Caseloads are too high in the assessment teams.'],
  'b.txt': ['Weak tracking of plans in pre-proceedings leaves children with drift and delay.', 'Caseloads in the assessment teams are manageable.'],
  'c.txt': ['Supervision is not reflective and rarely records why decisions were made.', 'Drift and delay in pre-proceedings persists as tracking is weak.'],
};

function build(): { index: ParagraphIndex; stamps: Map<string, string> } {
  const index = new ParagraphIndex();
  const stamps = new Map<string, string>();
  for (const [file, paragraphs] of Object.entries(texts)) {
    const criteria = file === 'a.txt' ? new Map([['p1', ['hp.drift-delay']]]) : undefined;
    index.setReport(reportFeatures(file, report(file, paragraphs), criteria));
    stamps.set(file, reportStamp(paragraphs.join('\n'), criteria));
  }
  return { index, stamps };
}

function allMatches(index: ParagraphIndex): unknown[] {
  return index.files().flatMap((f) => index.report(f)?.paragraphs.map((p) => index.matches(f, p.id, { threshold: 0 })) ?? []);
}

describe('recurrence index cache', () => {
  it('gives back an index that answers exactly as the one written', () => {
    const { index, stamps } = build();
    const bytes = writeIndexCache(index, stamps);
    const loaded = new ParagraphIndex();
    const result = readIndexCache(bytes, loaded, (file, stamp) => stamps.get(file) === stamp);
    assert.equal(result.problem, null);
    assert.deepEqual(result.loaded, ['a.txt', 'b.txt', 'c.txt']);
    assert.deepEqual(allMatches(loaded), allMatches(index));
    assert.deepEqual(loaded.report('a.txt'), index.report('a.txt'));
  });

  it('loads only the reports whose stamp is still current', () => {
    const { index, stamps } = build();
    const bytes = writeIndexCache(index, stamps);
    const loaded = new ParagraphIndex();
    const result = readIndexCache(bytes, loaded, (file, stamp) => file !== 'b.txt' && stamps.get(file) === stamp);
    assert.deepEqual(result.loaded, ['a.txt', 'c.txt']);
    assert.equal(loaded.report('b.txt'), undefined);
  });

  it('stamps change with the text and with the criteria, not with the order criteria are listed in', () => {
    const one = reportStamp('text', new Map([['p1', ['x', 'y']], ['p2', ['z']]]));
    assert.equal(one, reportStamp('text', new Map([['p2', ['z']], ['p1', ['y', 'x']]])));
    assert.notEqual(one, reportStamp('text.', new Map([['p1', ['x', 'y']], ['p2', ['z']]])));
    assert.notEqual(one, reportStamp('text', new Map([['p1', ['x']], ['p2', ['z']]])));
  });

  it('says why it cannot use a broken or foreign file, loads nothing and does not throw', () => {
    const { index, stamps } = build();
    const bytes = writeIndexCache(index, stamps);
    const cases: [Uint8Array, RegExp][] = [
      [new TextEncoder().encode('{"not": "a cache"}'), /not a recurrence index cache/],
      [bytes.slice(0, 40), /cut short/],
      [bytes.slice(0, bytes.length - 5), /cut short/],
    ];
    const garbled = bytes.slice();
    garbled[12] = 0x5d; // the header's opening brace
    cases.push([garbled, /not valid JSON/]);
    for (const [input, message] of cases) {
      const target = new ParagraphIndex();
      const result = readIndexCache(input, target, () => true);
      assert.match(result.problem ?? '', message);
      assert.deepEqual(result.loaded, []);
      assert.equal(target.size, 0);
    }
  });

  it('reads a cache at any byte offset (as a file read into a larger buffer)', () => {
    const { index, stamps } = build();
    const bytes = writeIndexCache(index, stamps);
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    const loaded = new ParagraphIndex();
    assert.equal(readIndexCache(shifted.subarray(3), loaded, () => true).problem, null);
    assert.deepEqual(allMatches(loaded), allMatches(index));
  });
});
