/**
 * Which files the editor reads as inspection reports unasked: every report the product ships or
 * is tested on, and none of the project's own documentation, however often it names Ofsted.
 */
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { looksLikeInspectionReport } from '../../../src/core/parser/recognise';

const ROOT = path.resolve(__dirname, '../../..');
const SHARED = path.resolve(ROOT, '../shared/reports');

function textFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => /\.(txt|md)$/i.test(f) && !/^readme\./i.test(f))
    .map((f) => path.join(dir, f));
}

describe('recognising an inspection report from its opening', () => {
  it('recognises the fictional reports the product ships and its test reports', () => {
    const files = [
      ...textFiles(path.join(ROOT, 'samples')),
      ...textFiles(path.join(ROOT, 'test/integration/workspace')),
      ...textFiles(path.join(ROOT, 'test/fixtures/reports')).filter((f) => !f.includes('unrecognised')),
    ];
    assert.ok(files.length >= 15);
    for (const f of files) assert.ok(looksLikeInspectionReport(readFileSync(f, 'utf8')), `${path.relative(ROOT, f)} is not recognised`);
  });

  it('recognises every real report (skipped without ../shared/reports)', function () {
    if (!existsSync(SHARED)) this.skip();
    const files = [...textFiles(path.join(SHARED, 'seeds')), ...textFiles(path.join(SHARED, 'sample'))];
    for (const f of files) assert.ok(looksLikeInspectionReport(readFileSync(f, 'utf8')), `${path.basename(f)} is not recognised`);
  });

  it("leaves the project's own documentation alone, though it names Ofsted and inspections throughout", () => {
    for (const f of ['README.md', 'CHANGELOG.md', 'BENCHMARKS.md', 'samples/README.md', 'media/walkthrough/import.md']) {
      assert.equal(looksLikeInspectionReport(readFileSync(path.join(ROOT, f), 'utf8')), false, f);
    }
  });

  it('leaves other council papers and plain notes alone', () => {
    assert.equal(looksLikeInspectionReport(readFileSync(path.join(ROOT, 'test/fixtures/reports/unrecognised-minutes.txt'), 'utf8')), false);
    assert.equal(looksLikeInspectionReport('Shopping: milk, bread.\nBuild status: good\nCall the council about the bins.'), false);
    assert.equal(looksLikeInspectionReport(''), false);
  });

  it('needs several distinct signs, and never takes text with code in it', () => {
    const prose = 'Ofsted inspectors found that the local authority children’s services require improvement; child protection plans were weak.';
    assert.equal(looksLikeInspectionReport(prose), true);
    assert.equal(looksLikeInspectionReport('Ofsted published a report.'), false, 'one sign is not enough');
    assert.equal(looksLikeInspectionReport(`${prose}\nRun \`npm test\` to check.`), false, 'inline code');
    assert.equal(looksLikeInspectionReport(`\`\`\`\n${prose}\n\`\`\``), false, 'a fenced block');
  });

  it('reads only the opening of a long text', () => {
    const prose = 'Ofsted inspectors found that the local authority children’s services require improvement; child protection plans were weak.';
    assert.equal(looksLikeInspectionReport('x'.repeat(20_000) + prose), false);
  });
});
