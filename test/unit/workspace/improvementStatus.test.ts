import * as assert from 'node:assert/strict';
import type { ImprovementStatusRecord } from '../../../src/core/annotations';
import type { ImprovementArea } from '../../../src/core/model';
import { findImprovementStatus, wordSimilarity } from '../../../src/core/workspace';

function area(id: string, text: string): ImprovementArea {
  return { id, text, source: 'what-needs-to-improve', paragraph: 'what-needs-to-improve.1', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } };
}

function record(improvement: string, quote: string, status: ImprovementStatusRecord['status'], modified = '2026-01-01T00:00:00.000Z'): ImprovementStatusRecord {
  return { report: 'r.txt', improvement, quote, status, note: '', author: 'A. Officer', modified };
}

describe('the status of a printed improvement area', () => {
  const text = 'The quality of supervision and management oversight of social work practice.';

  it('is found by id and text, then by text alone when the items were renumbered', () => {
    assert.equal(findImprovementStatus([record('ia2', text, 'resolved')], area('ia2', text))?.status, 'resolved');
    assert.equal(findImprovementStatus([record('ia5', text, 'in-progress')], area('ia2', text))?.status, 'in-progress');
  });

  it('survives a reissue that rewords the item slightly', () => {
    const reworded = 'The quality of supervision and of management oversight of social work practice';
    assert.equal(findImprovementStatus([record('ia2', text, 'resolved')], area('ia2', reworded))?.status, 'resolved');
  });

  it('never moves to a different item', () => {
    const other = 'The timeliness of initial health assessments for children in care.';
    assert.equal(findImprovementStatus([record('ia2', text, 'resolved')], area('ia2', other)), null);
  });

  it('takes the latest record when several match', () => {
    const found = findImprovementStatus([record('ia2', text, 'resolved', '2026-01-01T00:00:00.000Z'), record('ia2', text, 'open', '2026-02-01T00:00:00.000Z')], area('ia2', text));
    assert.equal(found?.status, 'open');
  });

  it('measures shared wording', () => {
    assert.equal(wordSimilarity('a b c', 'a b c'), 1);
    assert.equal(wordSimilarity('a b', 'c d'), 0);
    assert.equal(wordSimilarity('', 'a'), 0);
  });
});
