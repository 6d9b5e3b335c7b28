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

  it('says the cache is damaged, and loads nothing, when its header or data have the wrong shape', () => {
    const { index, stamps } = build();
    const bytes = writeIndexCache(index, stamps);
    const length = new DataView(bytes.buffer, bytes.byteOffset).getUint32(8, true);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + length))) as { reports: { file: string; paragraphs: unknown[][] }[] };
    const data = bytes.subarray(Math.ceil((12 + length) / 4) * 4);
    /** The same data behind another header. */
    const withHeader = (h: unknown): Uint8Array => {
      const json = new TextEncoder().encode(JSON.stringify(h));
      const start = Math.ceil((12 + json.length) / 4) * 4;
      const out = new Uint8Array(start + data.length);
      out.set(bytes.subarray(0, 8), 0);
      new DataView(out.buffer).setUint32(8, json.length, true);
      out.set(json, 12);
      out.set(data, start);
      return out;
    };
    const edited = (edit: (h: typeof header) => void): Uint8Array => {
      const h = structuredClone(header);
      edit(h);
      return withHeader(h);
    };
    // The rebuilt file reads as the original does.
    assert.equal(readIndexCache(withHeader(header), new ParagraphIndex(), () => true).problem, null);
    const total = header.reports.reduce((n, r) => n + r.paragraphs.reduce((m, p) => m + (p[5] as number), 0), 0);
    const badPolarity = withHeader(header);
    badPolarity[badPolarity.length - total + 1] = 7;
    const badCount = withHeader(header);
    badCount[badCount.length - 2 * total] = 200;
    const cases: [Uint8Array, RegExp][] = [
      [withHeader(null), /incomplete/],
      [edited((h) => (h.reports[0] = { file: 'a.txt' } as (typeof h.reports)[0])), /damaged/],
      [edited((h) => (h.reports[1].paragraphs[0][5] = -3)), /damaged/],
      [edited((h) => (h.reports[1].paragraphs[0][5] = 'many')), /damaged/],
      [edited((h) => (h.reports[2].paragraphs[0] = [])), /damaged/],
      [edited((h) => (h.reports[1].file = h.reports[0].file)), /a\.txt twice/],
      [badPolarity, /out of range/],
      [badCount, /out of range/],
    ];
    for (const [input, message] of cases) {
      const target = new ParagraphIndex();
      const result = readIndexCache(input, target, () => true);
      assert.match(result.problem ?? '', message);
      assert.deepEqual(result.loaded, []);
      assert.equal(target.size, 0);
    }
  });

  it('stamps change with what the parser made of the same text', () => {
    const text = 'Wexcombe inspection of children\'s social care services\n\nInspection dates: 3 July 2018\n\n1. Caseloads are too high in the assessment teams.\n';
    const parsed = parseReportText('a.txt', text);
    const stamp = reportStamp(text, undefined, parsed);
    assert.equal(stamp, reportStamp(text, undefined, parseReportText('a.txt', text)));
    assert.notEqual(stamp, reportStamp(text));
    // As if an older parser had read another authority, or numbered the paragraph differently.
    assert.notEqual(stamp, reportStamp(text, undefined, { ...parsed, localAuthority: 'Wexcombe Council' }));
    const renumbered = { ...parsed, paragraphs: parsed.paragraphs.map((p) => (p.number === 1 ? { ...p, id: 'main.1', number: null } : p)) };
    assert.notEqual(stamp, reportStamp(text, undefined, renumbered));
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
