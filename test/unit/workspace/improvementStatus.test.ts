import * as assert from 'node:assert/strict';
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AnnotationStore, type ImprovementStatusRecord } from '../../../src/core/annotations';
import { NodeStoreFileSystem } from '../../../src/node/storeFileSystem';
import { builtinCodebook } from '../../../src/core/codebook';
import type { ImprovementArea } from '../../../src/core/model';
import { parseReportText } from '../../../src/core/parser';
import { findImprovementStatus, printedCriteria, reportImprovementItems, wordSimilarity } from '../../../src/core/workspace';

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

describe("a printed improvement area's criteria", () => {
  it('are the suggested ones until the user chooses, then the chosen ones, kept through status changes', async () => {
    const text = [
      'Inspection of Ashmoor local authority children’s services',
      '',
      'What needs to improve?',
      '◼ The response to pre-proceedings, so that drift and delay are reduced for children.',
      '',
    ].join('\n');
    const report = parseReportText('a.txt', text);
    const codebook = builtinCodebook();
    const root = await fsp.mkdtemp(path.join(os.tmpdir(), 'ilacs-printed-criteria-'));
    try {
      const store = new AnnotationStore(new NodeStoreFileSystem(root));
      const item = () => store.improvementStatuses('a.txt').then((improvementStatuses) => reportImprovementItems({ file: 'a.txt', report, annotations: [], improvementStatuses }, codebook)[0]);
      const ia = report.improvementAreas[0];
      const suggested = await item();
      assert.deepEqual(suggested.criteria, printedCriteria(ia.text, codebook));
      await store.setImprovementStatus('a.txt', { improvement: ia.id, quote: ia.text, status: 'open', criteria: ['hp.pre-proceedings', 'hp.drift-delay'], author: 'A. Officer' });
      const chosen = await item();
      assert.deepEqual(chosen.criteria, ['hp.pre-proceedings', 'hp.drift-delay']);
      assert.equal(chosen.area, 'help-and-protection');
      await store.setImprovementStatus('a.txt', { improvement: ia.id, quote: ia.text, status: 'resolved', author: 'A. Officer' });
      const resolved = await item();
      assert.equal(resolved.status, 'resolved');
      assert.deepEqual(resolved.criteria, ['hp.pre-proceedings', 'hp.drift-delay'], 'a status change lost the chosen criteria');
      const onDisk = JSON.parse(await fsp.readFile(path.join(root, '.ilacs', 'annotations', 'a.txt.json'), 'utf8'));
      assert.deepEqual(Object.keys(onDisk.improvements[0]), ['report', 'improvement', 'quote', 'status', 'criteria', 'note', 'author', 'modified']);
    } finally {
      await fsp.rm(root, { recursive: true, force: true });
    }
  });
});
