import { NodeStoreFileSystem } from '../../../src/node/storeFileSystem';
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import {
  applyCorrection,
  CORRECTIONS_FILE,
  CorrectionsFileError,
  CorrectionStore,
  CorrectionValueError,
  parseCorrections,
  serialiseCorrections,
  validateCorrectionValue,
} from '../../../src/core/corrections';
import { parseReportText } from '../../../src/core/parser';
import { loadWorkspace } from '../../../src/core/workspace/load';
import { openNodeWorkspace } from '../../../src/node/workspace';

const REPORT = `Inspection of Ashdown local authority children's services

The experiences and progress of children who need help and protection

1. Social workers visit children regularly and know them well.
`;

describe('report corrections', () => {
  let root: string;
  let store: CorrectionStore;
  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'ilacs-corrections-'));
    await fs.writeFile(path.join(root, 'ashdown-2019-inspection.txt'), REPORT);
    store = new CorrectionStore(new NodeStoreFileSystem(root));
  });
  afterEach(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });
  const stored = async (): Promise<string> => fs.readFile(path.join(root, CORRECTIONS_FILE), 'utf8');

  it('checks each value, saying what is wrong', () => {
    assert.equal(validateCorrectionValue('date', ' 2021-12 '), '2021-12');
    assert.equal(validateCorrectionValue('kind', 'focused-visit'), 'focused-visit');
    assert.equal(validateCorrectionValue('authority', '  Ashdown   Borough '), 'Ashdown Borough');
    const bad: [string, string, RegExp][] = [
      ['date', '2021-13', /month must be 01 to 12/],
      ['date', '2021-02-29', /no day 29/],
      ['date', '17/12/2021', /not a date: give YYYY, YYYY-MM or YYYY-MM-DD/],
      ['date', '1890', /year must be from 1990 to 2100/],
      ['kind', 'visit', /not a report kind \(one of inspection, focused-visit/],
      ['framework', 'ofsted', /not a framework \(one of ilacs, sif, slac, unknown\)/],
      ['authority', '  ', /empty/],
      ['grade', 'good', /not a field that can be corrected/],
    ];
    for (const [field, value, problem] of bad) {
      assert.throws(() => validateCorrectionValue(field, value), (err: unknown) => err instanceof CorrectionValueError && problem.test(err.message), `${field}=${value}`);
    }
  });

  it('sets and removes fields of one report, writing a versioned file through a temporary file', async () => {
    await store.change('ashdown-2019-inspection.txt', { set: { date: '2019-07-12', authority: 'Ashdown' }, author: 'A. Officer', now: new Date('2026-12-01T10:00:00Z') });
    assert.equal(
      await stored(),
      '{\n  "schemaVersion": 1,\n  "reports": {\n    "ashdown-2019-inspection.txt": {\n      "date": "2019-07-12",\n      "authority": "Ashdown",\n      "author": "A. Officer",\n      "modified": "2026-12-01T10:00:00.000Z"\n    }\n  }\n}\n',
    );
    assert.deepEqual((await fs.readdir(path.join(root, '.ilacs'))).sort(), ['.gitignore', 'reports.json'], 'a temporary or lock file was left behind');
    await store.change('ashdown-2019-inspection.txt', { unset: ['date'] });
    assert.equal(JSON.parse(await stored()).reports['ashdown-2019-inspection.txt'].date, undefined);
    await store.change('ashdown-2019-inspection.txt', { unset: ['authority'] });
    assert.deepEqual(JSON.parse(await stored()).reports, {}, 'a report with no correction left is removed');
    assert.equal(await fs.readFile(path.join(root, 'ashdown-2019-inspection.txt'), 'utf8'), REPORT, 'the report was changed');
  });

  it('merges with what is on disk at write time: a correction made elsewhere is kept', async () => {
    await store.change('ashdown-2019-inspection.txt', { set: { date: '2019' } });
    // Another window (or git) writes a correction of another report.
    const other = new CorrectionStore(new NodeStoreFileSystem(root));
    await other.change('reports/brindle.txt', { set: { kind: 'other' } });
    await store.change('ashdown-2019-inspection.txt', { set: { framework: 'ilacs' } });
    const data = JSON.parse(await stored());
    assert.deepEqual(Object.keys(data.reports), ['ashdown-2019-inspection.txt', 'reports/brindle.txt']);
    assert.equal(data.reports['ashdown-2019-inspection.txt'].date, '2019');
    assert.equal(data.reports['ashdown-2019-inspection.txt'].framework, 'ilacs');
    assert.equal(data.reports['reports/brindle.txt'].kind, 'other');
  });

  it('writes nothing for a bad value or a file it cannot read, naming the file, line and column', async () => {
    await assert.rejects(store.change('ashdown-2019-inspection.txt', { set: { date: '2019-02-30' } }), CorrectionValueError);
    await assert.rejects(fs.stat(path.join(root, CORRECTIONS_FILE)), /ENOENT/);
    await fs.mkdir(path.join(root, '.ilacs'), { recursive: true });
    const broken = '{\n  "schemaVersion": 1,\n  "reports": {\n    "a.txt": { "date": "2019-7", "modified": "2026-01-01T00:00:00Z" }\n  }\n}\n';
    await fs.writeFile(path.join(root, CORRECTIONS_FILE), broken);
    await assert.rejects(store.change('ashdown-2019-inspection.txt', { set: { date: '2019' } }), (err: unknown) => {
      assert.ok(err instanceof CorrectionsFileError);
      assert.equal(err.diagnostics[0].file, '.ilacs/reports.json');
      assert.equal(err.diagnostics[0].line, 4);
      assert.match(err.message, /\.ilacs\/reports\.json cannot be read.*\/reports\/a\.txt\/date/);
      return true;
    });
    assert.equal(await stored(), broken, 'the unreadable file was rewritten');
    const notJson = parseCorrections('.ilacs/reports.json', '{"schemaVersion": 1, "reports": {');
    assert.equal(notJson.ok, false);
    const newer = parseCorrections('.ilacs/reports.json', '{"schemaVersion": 2, "reports": {}}');
    assert.ok(!newer.ok && /newer version/.test(newer.diagnostics[0].message));
  });

  it('reads back what it writes, byte for byte', () => {
    const data = { schemaVersion: 1 as const, reports: { 'b.txt': { kind: 'jtai' as const, modified: '2026-01-01T00:00:00.000Z' }, 'a.txt': { date: '2020-05', modified: '2026-01-02T00:00:00.000Z' } } };
    const text = serialiseCorrections(data);
    const parsed = parseCorrections(CORRECTIONS_FILE, text);
    assert.ok(parsed.ok);
    assert.equal(serialiseCorrections(parsed.data), text);
    assert.ok(text.indexOf('"a.txt"') < text.indexOf('"b.txt"'), 'reports are sorted by path');
  });

  it('applies to the report as every feature reads it, marking what was corrected', async () => {
    const parsed = parseReportText('ashdown-2019-inspection.txt', REPORT);
    assert.deepEqual(parsed.date, { value: '2019', precision: 'year', source: 'file-name' });
    const corrected = applyCorrection(parsed, { date: '2019-07', kind: 'focused-visit', authority: 'Ashdown Vale', framework: 'sif', modified: '2026-01-01T00:00:00Z' });
    assert.deepEqual(corrected.date, { value: '2019-07', precision: 'month', source: 'user' });
    assert.equal(corrected.kind, 'focused-visit');
    assert.equal(corrected.localAuthority, 'Ashdown Vale');
    assert.equal(corrected.framework, 'sif');
    assert.deepEqual(corrected.corrected, ['date', 'kind', 'authority', 'framework']);
    assert.deepEqual(parsed.corrected, [], 'the parsed report was changed');

    await store.change('ashdown-2019-inspection.txt', { set: { date: '2019-07-12' } });
    const ws = openNodeWorkspace(root);
    const [loaded] = await loadWorkspace(ws.fs, ws.store);
    assert.deepEqual(loaded.report?.date, { value: '2019-07-12', precision: 'day', source: 'user' });
  });
});
