import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseReportText } from '../../../src/core/parser';
import { FeatureReading, isStockText, paragraphFeatures, TermRenumbering, TermTable, type ParagraphFeatures, type ParagraphText } from '../../../src/core/recurrence';

/**
 * Features read with a table of their own (on another thread, in the product) and renumbered in the
 * index's table must be the features read with the index's table itself, term for term.
 */
const SAMPLES = path.resolve(__dirname, '..', '..', '..', 'samples');

function sampleParagraphs(): ParagraphText[][] {
  return readdirSync(SAMPLES)
    .filter((f) => /\.(txt|md)$/.test(f) && f !== 'README.md')
    .map((f) => {
      const report = parseReportText(f, readFileSync(path.join(SAMPLES, f), 'utf8'));
      const printed = new Set(report.improvementAreas.map((ia) => ia.paragraph));
      return report.paragraphs.filter((p) => p.kind !== 'heading').map((p) => (printed.has(p.id) ? { text: p.text, polarity: -1 as const } : { text: p.text }));
    });
}

/** A paragraph's features with each term named, in their order. */
function named(f: ParagraphFeatures, terms: TermTable): string[] {
  return [...f.ids].map((id, i) => `${terms.name(id)}×${f.counts[i]}${f.polarities[i] >= 0 ? '+' : ''}${f.polarities[i]} ${f.sentences?.[i] ?? 0}`);
}

describe('features read with another table', () => {
  it('are the features read with the index’s table, renumbered in it, report after report', () => {
    const reports = sampleParagraphs();
    assert.ok(reports.length >= 5 && reports.every((r) => r.length > 5));
    // The index's table already holds terms of its own, so its numbers and the reader's differ.
    const own = new TermTable();
    paragraphFeatures('Drift and delay in the front door; caseloads are too high. Supervision is regular.', own);
    const direct = new TermTable();
    const reading = new FeatureReading();
    const renumbering = new TermRenumbering(own);
    let differentIds = 0;
    for (const paragraphs of reports) {
      const read = reading.read(paragraphs);
      assert.equal(read.offsets.length, paragraphs.length + 1);
      const taken = renumbering.take(read);
      paragraphs.forEach((p, k) => {
        // A stock paragraph, found by its text, has none.
        const expected = isStockText(p.text) ? paragraphFeatures('', direct) : paragraphFeatures(p.text, direct, p.polarity);
        assert.deepEqual(named(taken[k], own), named(expected, direct), p.text.slice(0, 60));
        if (taken[k].ids.some((id, i) => id !== expected.ids[i])) differentIds++;
      });
    }
    assert.ok(differentIds > 0, 'the index’s numbers are not the reader’s');
    const names = Array.from({ length: own.size }, (_, id) => own.name(id));
    assert.equal(new Set(names).size, own.size, 'each term is numbered once in the index’s table');
  });

  it('sends each term once, and refuses features taken out of order', () => {
    const reading = new FeatureReading();
    const first = reading.read([{ text: 'Caseloads are too high and there is drift and delay.' }]);
    const again = reading.read([{ text: 'Caseloads are too high.' }]);
    assert.ok(first.terms.names.includes('caseload'));
    assert.equal(again.terms.names.length, 0, 'no term is new the second time');
    assert.equal(again.terms.from, first.terms.names.length);
    const renumbering = new TermRenumbering(new TermTable());
    assert.throws(() => renumbering.take(again), /out of order: their new terms start at \d+, not 0/);
    renumbering.take(first);
    assert.doesNotThrow(() => renumbering.take(again));
  });

  it('gives Ofsted’s stock account of the inspection no features', () => {
    const read = new FeatureReading().read([{ text: 'The inspection team consisted of seven of His Majesty’s Inspectors.' }, { text: 'Caseloads are too high.' }]);
    assert.deepEqual([...read.offsets], [0, 0, read.ids.length]);
    assert.ok(read.ids.length > 0);
  });
});
