import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { parseCommand } from '../../../src/cli/commands/parse';
import { CapturedIo as FakeIo } from '../helpers/capturedIo';

const root = path.join(__dirname, '..', '..', '..');
const fixtures = path.join(root, 'test', 'fixtures', 'reports');


interface JsonParagraph {
  id: string;
  number: number | null;
  section: string | null;
  kind: string;
  text: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

describe('ilacs parse', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ilacs-cli-parse-'));
    await copyFile(path.join(fixtures, 'ilacs-2023-marlow-vale.txt'), path.join(dir, 'marlow.txt'));
    await copyFile(path.join(fixtures, 'ilacs-2022-pennington.md'), path.join(dir, 'pennington.md'));
    await writeFile(path.join(dir, 'empty.txt'), '');
    await writeFile(path.join(dir, 'image.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prints exactly one JSON document with the shape the issue gives', async () => {
    const io = new FakeIo(dir);
    const code = await parseCommand.run(['marlow.txt', 'pennington.md', '--json'], io);
    assert.equal(code, 0);
    assert.equal(io.stderr, '');
    const doc = JSON.parse(io.stdout) as { reports: Record<string, unknown>[] };
    assert.deepEqual(Object.keys(doc), ['reports']);
    assert.equal(doc.reports.length, 2);
    const [marlow, pennington] = doc.reports;
    for (const key of ['file', 'kind', 'framework', 'localAuthority', 'published', 'inspectionDates', 'leadInspector', 'judgements', 'improvementAreas', 'sections', 'paragraphs']) {
      assert.ok(key in marlow, key);
    }
    assert.equal(marlow.file, 'marlow.txt');
    assert.equal(pennington.file, 'pennington.md');
    assert.equal(marlow.kind, 'inspection');
    assert.equal(marlow.framework, 'ilacs');
    assert.equal(marlow.localAuthority, 'Marlow Vale');
    assert.equal(marlow.published, null);
    assert.deepEqual(marlow.inspectionDates, { start: '2023-11-06', end: '2023-11-10' });
    assert.equal(marlow.leadInspector, 'Priya Ashdown');
    assert.deepEqual((marlow.judgements as object[])[0], { area: 'impact-of-leaders', grade: 'good' });
    const ia = (marlow.improvementAreas as Record<string, unknown>[])[0];
    assert.equal(ia.timescale, undefined);
    assert.equal(ia.outcome, 3);
    assert.deepEqual(Object.keys(ia.range as object), ['start', 'end']);
    const paragraphs = marlow.paragraphs as JsonParagraph[];
    const p1 = paragraphs.find((p) => p.id === 'p1')!;
    assert.deepEqual(Object.keys(p1), ['id', 'number', 'section', 'kind', 'text', 'range']);
    assert.equal(p1.number, 1);
    assert.equal(p1.kind, 'paragraph');
    assert.deepEqual(Object.keys(p1.range.start), ['line', 'character']);
    // Unnumbered paragraphs carry number null, not a missing key.
    assert.ok(paragraphs.some((p) => p.number === null));
  });

  it('reports the other files, names the failed ones on stderr and exits 1', async () => {
    const io = new FakeIo(dir);
    const code = await parseCommand.run(['empty.txt', 'marlow.txt', 'missing.txt', 'image.txt', '--json'], io);
    assert.equal(code, 1);
    const doc = JSON.parse(io.stdout) as { reports: { file: string }[] };
    assert.deepEqual(
      doc.reports.map((r) => r.file),
      ['marlow.txt'],
    );
    const lines = io.stderr.trim().split('\n');
    assert.equal(lines.length, 3);
    assert.match(lines[0], /^ilacs parse: empty\.txt: .*empty/);
    assert.match(lines[1], /^ilacs parse: missing\.txt: no such file/);
    assert.match(lines[2], /^ilacs parse: image\.txt: .*binary/);
  });

  it('prints a readable summary without --json', async () => {
    const io = new FakeIo(dir);
    const code = await parseCommand.run(['marlow.txt'], io);
    assert.equal(code, 0);
    assert.match(io.stdout, /^marlow\.txt\n {2}Marlow Vale: inspection, ilacs framework/);
    assert.match(io.stdout, /care-leavers\s+outstanding/);
    assert.match(io.stdout, /5 numbered, 1 to 5/);
    assert.match(io.stdout, /improvement areas \(3\)/);
  });

  describe('the built CLI', () => {
    before(async function () {
      this.timeout(60000);
      await promisify(execFile)(process.execPath, ['esbuild.js'], { cwd: root });
    });

    it('parses two files, one broken: one JSON document on stdout, the error on stderr, exit code 1', async () => {
      const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        execFile(process.execPath, [path.join(root, 'dist', 'cli.js'), 'parse', 'marlow.txt', 'image.txt', '--json'], { cwd: dir }, (err, stdout, stderr) => {
          resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
        });
      });
      assert.equal(result.code, 1);
      const doc = JSON.parse(result.stdout) as { reports: { file: string; paragraphs: unknown[] }[] };
      assert.equal(doc.reports.length, 1);
      assert.equal(doc.reports[0].file, 'marlow.txt');
      assert.ok(doc.reports[0].paragraphs.length > 5);
      assert.match(result.stderr, /image\.txt/);
      assert.doesNotMatch(result.stderr, /marlow\.txt/);
    });
  });
});
