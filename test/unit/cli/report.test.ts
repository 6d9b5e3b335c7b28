import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { main } from '../../../src/cli/main';
import { FakeIo, INSPECTION, makeWorkspace, readText, removeWorkspace } from '../workspace/helpers';

describe('ilacs report', () => {
  let root: string;
  beforeEach(async () => {
    root = await makeWorkspace();
  });
  afterEach(async () => {
    await removeWorkspace(root);
  });

  async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
    const io = new FakeIo(root);
    const code = await main(args, io);
    return { code, out: io.stdout, err: io.stderr };
  }

  it('shows the date and where it comes from, then corrects it without touching the report', async () => {
    const before = await readText(root, INSPECTION);
    const shown = await run('report', INSPECTION, '--json');
    assert.equal(shown.code, 0, shown.err);
    const report = JSON.parse(shown.out).report;
    assert.equal(report.date.source, 'text');
    assert.deepEqual(report.corrected, []);

    const set = await run('report', INSPECTION, '--set', 'date=2024-03', '--set', 'authority=Ashcombe Vale', '--author', 'A. Officer', '--json');
    assert.equal(set.code, 0, set.err);
    const corrected = JSON.parse(set.out).report;
    assert.deepEqual(corrected.date, { value: '2024-03', precision: 'month', source: 'user' });
    assert.equal(corrected.localAuthority, 'Ashcombe Vale');
    assert.deepEqual(corrected.corrected, ['date', 'authority']);
    assert.equal(await readText(root, INSPECTION), before, 'the report file was rewritten');

    // Every command reads the correction: parse, and the views' data (improvements).
    const parsed = await run('parse', INSPECTION, '--json');
    assert.deepEqual(JSON.parse(parsed.out).reports[0].date, { value: '2024-03', precision: 'month', source: 'user' });
    const improvements = await run('improvements', '.', '--json', '--status', 'all');
    const items = JSON.parse(improvements.out).items.filter((i: { file: string }) => i.file === INSPECTION);
    assert.ok(items.length > 0);
    for (const i of items) assert.equal(i.reportDate, '2024-03');

    const text = await run('report', INSPECTION, '--unset', 'date');
    assert.equal(text.code, 0, text.err);
    assert.match(text.out, /date: .*printed in the report/);
    assert.match(text.out, /local authority: Ashcombe Vale \(corrected\)/);
  });

  it('refuses bad values with the file and the problem, and writes nothing', async () => {
    const bad = await run('report', INSPECTION, '--set', 'date=2024-02-30');
    assert.equal(bad.code, 1);
    assert.match(bad.err, new RegExp(`ilacs report: ${INSPECTION.replace('.', '\\.')}: date: "2024-02-30": there is no day 30 in that month; nothing was written`));
    await assert.rejects(fs.stat(path.join(root, '.ilacs', 'reports.json')), /ENOENT/);
    const kind = await run('report', INSPECTION, '--set', 'kind=letter');
    assert.equal(kind.code, 1);
    assert.match(kind.err, /kind: "letter" is not a report kind/);
    const usage = await run('report', INSPECTION, '--set', 'grade=good');
    assert.equal(usage.code, 2);
    assert.match(usage.err, /--set grade: not a field that can be corrected/);
    const both = await run('report', INSPECTION, '--set', 'date=2024', '--unset', 'date');
    assert.equal(both.code, 2);
  });

  it('reports an unreadable corrections file by line and column and leaves it alone', async () => {
    await fs.mkdir(path.join(root, '.ilacs'), { recursive: true });
    await fs.writeFile(path.join(root, '.ilacs', 'reports.json'), '{ "schemaVersion": 1, "reports": { ');
    const r = await run('report', INSPECTION, '--set', 'date=2024');
    assert.equal(r.code, 1);
    assert.match(r.err, /reports\.json:1:\d+: not valid JSON/);
    assert.match(r.err, /nothing was written; fix it first/);
    assert.equal(await fs.readFile(path.join(root, '.ilacs', 'reports.json'), 'utf8'), '{ "schemaVersion": 1, "reports": { ');
  });

  it('corrects the kind and the framework, and every command reads them', async () => {
    const set = await run('report', INSPECTION, '--set', 'kind=focused-visit', '--set', 'framework=sif', '--json');
    assert.equal(set.code, 0, set.err);
    const corrected = JSON.parse(set.out).report;
    assert.equal(corrected.kind, 'focused-visit');
    assert.equal(corrected.framework, 'sif');
    assert.deepEqual(corrected.corrected, ['kind', 'framework']);
    const parsed = JSON.parse((await run('parse', INSPECTION, '--json')).out).reports[0];
    assert.equal(parsed.kind, 'focused-visit');
    assert.equal(parsed.framework, 'sif');
    const back = await run('report', INSPECTION, '--unset', 'kind', '--unset', 'framework', '--json');
    assert.deepEqual(JSON.parse(back.out).report.corrected, []);
  });
});
