/**
 * Files that are not what they seem, among good ones: a FIFO, a symbolic link to /dev/zero, a
 * folder where a store file should be, a store nested 5,000 deep, a report name of 255 bytes.
 * Every workspace command names each bad file, goes on with the rest, and exits with status 1.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { main } from '../../../src/cli/main';
import { storeFileFor } from '../../../src/core/annotations';
import { FakeIo, FOCUSED_VISIT, INSPECTION, makeWorkspace, readText, removeWorkspace, writeText } from '../workspace/helpers';

const posix = process.platform !== 'win32';
const LONG_NAME = `${'long-report-name-'.repeat(15).slice(0, 251)}.txt`;

async function run(root: string, ...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = new FakeIo(root);
  const code = await main(argv, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

function mkfifo(file: string): void {
  execFileSync('mkfifo', [file]);
}

(posix ? describe : describe.skip)('workspace commands among hostile files', function () {
  // A command that hangs on a FIFO fails here rather than holding up the run.
  this.timeout(15000);
  let root: string;
  let goodTag: string;

  beforeEach(async () => {
    root = await makeWorkspace();
    const tagged = await run(root, 'tag', INSPECTION, '--paragraph', '2', '--criterion', 'hp.assessments', '--assessment', 'area-for-improvement', '--author', 'A. Officer');
    assert.equal(tagged.code, 0, tagged.stderr);
    goodTag = tagged.stdout.trim();
  });
  afterEach(async () => {
    await removeWorkspace(root);
  });

  async function storeFile(report: string): Promise<string> {
    const file = path.join(root, ...storeFileFor(report).split('/'));
    await fs.mkdir(path.dirname(file), { recursive: true });
    return file;
  }

  /** The hostile files, each beside the good reports. */
  async function addHostileFiles(): Promise<void> {
    mkfifo(path.join(root, 'stuck-pipe.txt'));
    await fs.symlink('/dev/zero', path.join(root, 'endless-zero.txt'));
    // A report whose store path is a folder.
    await writeText(root, 'folder-store.txt', await readText(root, FOCUSED_VISIT));
    await fs.mkdir(await storeFile('folder-store.txt'));
    // A store of 5,000 nested arrays (10 KB).
    await fs.writeFile(await storeFile('deep.txt'), '['.repeat(5000) + ']'.repeat(5000));
    // A FIFO as a store file.
    mkfifo(await storeFile('pipe-store.txt'));
  }

  function assertNamed(stderr: string, ...names: string[]): void {
    for (const n of names) assert.ok(stderr.includes(n), `stderr names ${n}:\n${stderr}`);
  }

  it('parse: names each bad file and parses the good ones', async () => {
    await addHostileFiles();
    const r = await run(root, 'parse', 'stuck-pipe.txt', INSPECTION, 'endless-zero.txt', '.ilacs', '--json');
    assert.equal(r.code, 1);
    assert.deepEqual((JSON.parse(r.stdout) as { reports: { file: string }[] }).reports.map((x) => x.file), [INSPECTION]);
    assert.match(r.stderr, /stuck-pipe\.txt: is a FIFO \(named pipe\), not a regular file/);
    assert.match(r.stderr, /endless-zero\.txt: is a character device, not a regular file/);
    assert.match(r.stderr, /\.ilacs: is a folder/);
  });

  it('annotations: lists the good tags and names every bad report and store file', async () => {
    await addHostileFiles();
    const r = await run(root, 'annotations', '.', '--json');
    assert.equal(r.code, 1);
    assert.deepEqual((JSON.parse(r.stdout) as { annotations: { id: string }[] }).annotations.map((a) => a.id), [goodTag]);
    assertNamed(r.stderr, 'stuck-pipe.txt', 'endless-zero.txt', storeFileFor('folder-store.txt'), storeFileFor('deep.txt'), storeFileFor('pipe-store.txt'));
    assert.match(r.stderr, /nested more than \d+ deep/);
    assert.match(r.stderr, /folder-store\.txt\.json:1:1: .*is a folder/);
  });

  it('improvements: lists the good reports\' items and names every bad file', async () => {
    await addHostileFiles();
    const r = await run(root, 'improvements', '.', '--json', '--status', 'all');
    assert.equal(r.code, 1);
    const items = (JSON.parse(r.stdout) as { items: { file: string; source: string }[] }).items;
    assert.ok(items.some((i) => i.file === INSPECTION && i.source === 'tagged'));
    assert.ok(items.some((i) => i.file === 'folder-store.txt' && i.source === 'printed'), 'a report whose store is broken still lists what it prints');
    assertNamed(r.stderr, 'stuck-pipe.txt', 'endless-zero.txt', storeFileFor('folder-store.txt'), storeFileFor('deep.txt'), storeFileFor('pipe-store.txt'));
  });

  it('recurrences: compares the good reports and names every bad file', async () => {
    await addHostileFiles();
    const r = await run(root, 'recurrences', '.', '--json');
    assert.equal(r.code, 1);
    const files = new Set((JSON.parse(r.stdout) as { paragraphs: { file: string }[] }).paragraphs.map((p) => p.file));
    assert.ok(files.has(INSPECTION) || files.has(FOCUSED_VISIT), [...files].join(', '));
    assertNamed(r.stderr, 'stuck-pipe.txt', 'endless-zero.txt', storeFileFor('folder-store.txt'), storeFileFor('deep.txt'), storeFileFor('pipe-store.txt'));
  });

  it('export: exports the good tags and names every bad file', async () => {
    await addHostileFiles();
    const r = await run(root, 'export', '.');
    assert.equal(r.code, 1);
    const doc = JSON.parse(r.stdout) as { findings: { id: string }[] };
    assert.deepEqual(doc.findings.map((f) => f.id), [goodTag]);
    assertNamed(r.stderr, 'stuck-pipe.txt', 'endless-zero.txt', storeFileFor('folder-store.txt'), storeFileFor('deep.txt'), storeFileFor('pipe-store.txt'));
  });

  it('import: merges into the good stores, names the broken ones, and refuses an export file that is a FIFO', async () => {
    const exported = await run(root, 'export', '.');
    assert.equal(exported.code, 0, exported.stderr);
    const doc = JSON.parse(exported.stdout) as { findings: { report: { file: string } }[] };
    // The same finding, also for two reports whose store files are broken.
    const copy = (file: string) => ({ ...JSON.parse(JSON.stringify(doc.findings[0])), id: `00000000-0000-4000-8000-00000000000${file.length % 10}`, report: { ...doc.findings[0].report, file } });
    const incoming = { ...doc, findings: [...doc.findings, copy('deep.txt'), copy('folder-store.txt')] };
    await fs.rm(path.join(root, '.ilacs', 'annotations'), { recursive: true });
    await addHostileFiles();
    await fs.writeFile(path.join(root, 'incoming.json'), JSON.stringify(incoming));

    const r = await run(root, 'import', 'incoming.json');
    assert.equal(r.code, 1);
    assert.match(r.stdout, /1 tag/);
    assertNamed(r.stderr, storeFileFor('deep.txt'), storeFileFor('folder-store.txt'));
    const listed = await run(root, 'annotations', '.', '--json');
    assert.ok((JSON.parse(listed.stdout) as { annotations: { id: string }[] }).annotations.some((a) => a.id === goodTag));

    mkfifo(path.join(root, 'pipe.json'));
    const fifo = await run(root, 'import', 'pipe.json');
    assert.equal(fifo.code, 2);
    assert.match(fifo.stderr, /pipe\.json: is a FIFO/);
  });

  it('import: refuses an export nested 5,000 deep, naming it', async () => {
    await fs.writeFile(path.join(root, 'deep.json'), '['.repeat(5000) + ']'.repeat(5000));
    const r = await run(root, 'import', 'deep.json');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /deep\.json is not a valid ILACS Annotator export[\s\S]*nested more than \d+ deep/);
  });

  it('codebook: a FIFO, a folder or a file nested 5,000 deep as .ilacs/codebook.json is an error naming it, not a hang', async () => {
    const codebook = path.join(root, '.ilacs', 'codebook.json');
    mkfifo(codebook);
    let r = await run(root, 'codebook', '--workspace', '.');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /codebook\.json:1:1: cannot read the codebook: is a FIFO/);
    r = await run(root, 'export', '.');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /codebook\.json/);

    await fs.rm(codebook);
    await fs.writeFile(codebook, '{"criteria": ' + '['.repeat(5000) + ']'.repeat(5000) + '}');
    r = await run(root, 'codebook', '--workspace', '.');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /codebook\.json:1:\d+: objects and arrays are nested more than \d+ deep/);

    await fs.rm(codebook);
    await fs.mkdir(codebook);
    r = await run(root, 'codebook', '--workspace', '.');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /codebook\.json:1:1: cannot read the codebook: is a folder/);
  });

  it('import-pdf: refuses a FIFO and a link to /dev/zero at once, naming them, and imports the good PDF after them', async () => {
    mkfifo(path.join(root, 'pipe.pdf'));
    await fs.symlink('/dev/zero', path.join(root, 'zero.pdf'));
    await fs.copyFile(path.resolve(__dirname, '../../fixtures/pdf/holmbridge__02-may-2025.pdf'), path.join(root, 'good.pdf'));
    const r = await run(root, 'import-pdf', 'pipe.pdf', 'zero.pdf', 'good.pdf');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /pipe\.pdf: is a FIFO/);
    assert.match(r.stderr, /zero\.pdf: is a character device/);
    assert.ok((await fs.stat(path.join(root, 'good.md'))).size > 1000, 'the good PDF was not imported');
  });

  it('tags a report whose name is 255 bytes, and every command still reads the workspace', async () => {
    assert.equal(Buffer.byteLength(LONG_NAME), 255);
    await writeText(root, LONG_NAME, await readText(root, FOCUSED_VISIT));
    const tagged = await run(root, 'tag', LONG_NAME, '--paragraph', 'main-findings.2', '--criterion', 'lead.supervision', '--author', 'A. Officer');
    assert.equal(tagged.code, 0, tagged.stderr);
    const id = tagged.stdout.trim();
    for (const argv of [['annotations', '.', '--json'], ['export', '.'], ['improvements', '.', '--json'], ['recurrences', '.', '--json']]) {
      const r = await run(root, ...argv);
      assert.equal(r.code, 0, `${argv[0]}: ${r.stderr}`);
      if (argv[0] === 'annotations') assert.deepEqual((JSON.parse(r.stdout) as { annotations: { id: string }[] }).annotations.map((a) => a.id).sort(), [goodTag, id].sort());
    }
  });

  it('takes reports whose names begin with two dots as inside the workspace', async () => {
    await writeText(root, '..report.txt', await readText(root, FOCUSED_VISIT));
    await writeText(root, '..hidden/x.txt', await readText(root, FOCUSED_VISIT));
    for (const file of ['..report.txt', '..hidden/x.txt']) {
      const r = await run(root, 'tag', file, '--paragraph', 'main-findings.2', '--criterion', 'lead.supervision', '--author', 'A. Officer');
      assert.equal(r.code, 0, `${file}: ${r.stderr}`);
    }
    const outside = await run(path.join(root, 'letters'), 'tag', `../${FOCUSED_VISIT}`, '--workspace', '.', '--paragraph', 'main-findings.2', '--criterion', 'lead.supervision', '--author', 'A. Officer');
    assert.notEqual(outside.code, 0);
    assert.match(outside.stderr, /not inside/);
  });
});
