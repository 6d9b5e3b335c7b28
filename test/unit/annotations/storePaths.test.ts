import { NodeStoreFileSystem } from '../../../src/node/storeFileSystem';
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import {
  AnnotationStore, createSelectors, normaliseReportPath, serialiseReportAnnotations, storeFileFor, type ReportAnnotations } from '../../../src/core/annotations';
import { MAX_STORE_PATH_BYTES, MAX_STORE_SEGMENT_BYTES } from '../../../src/core/annotations/storePaths';

const TEXT = '1. Social workers visit children regularly and know them well.\n';

/** How a case-insensitive disk sees a path (Windows, macOS by default). */
const folded = (p: string) => p.toLowerCase();
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)(?![a-z0-9])/i;

function assertPortable(file: string): void {
  for (const segment of file.split('/')) {
    assert.ok(!WINDOWS_RESERVED.test(segment), `${file}: "${segment}" is a Windows device name`);
    assert.ok(!/[. ]$/.test(segment), `${file}: "${segment}" ends in a dot or space`);
    // eslint-disable-next-line no-control-regex
    assert.ok(!/[\\:*?"<>|\u0000-\u001f]/.test(segment), `${file}: "${segment}" has a character Windows refuses`);
    assert.ok(Buffer.byteLength(segment) <= 255, `${file}: "${segment}" is longer than a file name may be`);
  }
}

describe('store paths', () => {
  let root: string;
  let store: AnnotationStore;
  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'ilacs-storepaths-'));
    store = new AnnotationStore(new NodeStoreFileSystem(root));
  });
  afterEach(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  const tagIn = (report: string, criterion = 'hp.visits') =>
    store.add(report, { paragraph: 'p1', selectors: createSelectors(TEXT, 0, TEXT.length - 1), criteria: [criterion], author: 'A. Officer' });

  async function recorded(report: string): Promise<ReportAnnotations> {
    return JSON.parse(await fs.readFile(path.join(root, ...storeFileFor(report).split('/')), 'utf8')) as ReportAnnotations;
  }

  it('keeps plain names as they always were, so existing stores are found where they are', () => {
    assert.equal(storeFileFor('reports/bury-2021-12-inspection.txt'), '.ilacs/annotations/reports/bury-2021-12-inspection.txt.json');
    assert.equal(storeFileFor('ashcombe__14-march-2024.md'), '.ilacs/annotations/ashcombe__14-march-2024.md.json');
  });

  it('keeps a backslash in a name apart from a folder separator', async () => {
    const slash = await tagIn('a/b.txt', 'hp.visits');
    const backslash = await tagIn('a\\b.txt', 'hp.drift-delay');
    assert.notEqual(storeFileFor('a\\b.txt'), storeFileFor('a/b.txt'));
    assertPortable(storeFileFor('a\\b.txt'));
    assert.equal((await recorded('a\\b.txt')).report, 'a\\b.txt');
    assert.equal((await recorded('a/b.txt')).report, 'a/b.txt');
    assert.deepEqual((await store.list('a\\b.txt')).map((a) => a.id), [backslash.id]);
    assert.deepEqual((await store.list('a/b.txt')).map((a) => a.id), [slash.id]);
    assert.deepEqual(await store.reports(), ['a/b.txt', 'a\\b.txt']);
  });

  it('gives names that differ only in case store files that differ on a case-insensitive disk too', async () => {
    const names = ['a.txt', 'A.txt', 'a.TXT', 'Reports/x.txt', 'reports/x.txt', 'REPORTS/X.TXT'];
    const files = names.map(storeFileFor);
    assert.equal(new Set(files.map(folded)).size, names.length, files.join('\n'));
    for (const n of names) await tagIn(n);
    assert.deepEqual(await store.reports(), [...names].sort());
    for (const n of names) assert.equal((await store.list(n)).length, 1, n);
  });

  it('gives the composed and decomposed forms of an accented name different store files, on a disk that normalises either way', async () => {
    const nfc = 'caf\u00e9.txt';
    const nfd = 'cafe\u0301.txt';
    const files = [storeFileFor(nfc), storeFileFor(nfd)];
    for (const form of ['NFC', 'NFD'] as const) assert.notEqual(files[0].normalize(form), files[1].normalize(form));
    // Stored names are ASCII, so no disk rewrites them.
    for (const f of files) assert.match(f, /^[\x20-\x7e]+$/);
    await tagIn(nfc, 'hp.visits');
    await tagIn(nfd, 'hp.drift-delay');
    assert.deepEqual(await store.reports(), [nfc, nfd].sort());
    assert.deepEqual((await store.list(nfd)).map((a) => a.criteria), [['hp.drift-delay']]);
  });

  it('never names a store file after a Windows device, nor ends a name in a dot or space', async () => {
    const names = ['con.txt', 'NUL', 'aux.md', 'com1.txt', 'lpt9.txt', 'prn/report.txt', 'report.', 'report ', 'notes:b.txt', 'what?.txt'];
    for (const n of names) assertPortable(storeFileFor(n));
    for (const n of names) await tagIn(n);
    assert.deepEqual(await store.reports(), names.map(normaliseReportPath).sort());
  });

  it('takes report names up to the file system limit, with room left for a temporary name beside the store file', async () => {
    const name = `${'r'.repeat(251)}.txt`; // 255 bytes
    assert.equal(Buffer.byteLength(name), 255);
    const file = storeFileFor(name);
    assert.ok(path.posix.basename(file).length <= MAX_STORE_SEGMENT_BYTES);
    const accented = `${'\u00e9'.repeat(125)}.txt`; // 254 bytes of UTF-8
    for (const n of [name, accented, `${'b'.repeat(190)}.txt`]) await tagIn(n);
    assert.deepEqual(await store.reports(), [name, accented, `${'b'.repeat(190)}.txt`].sort());
    assert.equal((await recorded(name)).report, name);
  });

  it('falls back to a hashed name for a store path that would be too long, and still finds the report by what the file records', async () => {
    const deep = Array.from({ length: 8 }, (_, i) => `${'folder'.repeat(30)}${i}`).join('/') + '/report.txt';
    const file = storeFileFor(deep);
    assert.match(file, /^\.ilacs\/annotations\/~[0-9a-f]{32}\.json$/);
    assert.ok(Buffer.byteLength(file) <= MAX_STORE_PATH_BYTES);
    const a = await tagIn(deep);
    assert.equal((await recorded(deep)).report, deep);
    // A new store reads the folder afresh: the report is known only from inside the file.
    const fresh = new AnnotationStore(new NodeStoreFileSystem(root));
    assert.deepEqual(await fresh.reports(), [deep]);
    assert.deepEqual((await fresh.list(deep)).map((x) => x.id), [a.id]);
  });

  it('lists the report of a hashed store file broken by a merge, so that loading it shows the problem', async () => {
    const report = 'Broken Report.txt';
    await tagIn(report);
    const file = path.join(root, ...storeFileFor(report).split('/'));
    const text = await fs.readFile(file, 'utf8');
    await fs.writeFile(file, text.replace('"annotations": [', '<<<<<<< HEAD\n"annotations": ['));
    const fresh = new AnnotationStore(new NodeStoreFileSystem(root));
    assert.deepEqual(await fresh.reports(), [report]);
    const loaded = await fresh.load(report);
    assert.ok(!loaded.ok);
    assert.match(loaded.diagnostics[0].message, /not valid JSON/);
  });

  it('does not take a hashed store file that records a report whose store belongs elsewhere', async () => {
    const data: ReportAnnotations = { schemaVersion: 1, report: 'other.txt', annotations: [], improvements: [] };
    const wrong = path.join(root, ...storeFileFor('Mine.txt').split('/'));
    await fs.mkdir(path.dirname(wrong), { recursive: true });
    await fs.writeFile(wrong, serialiseReportAnnotations(data));
    assert.deepEqual(await store.reports(), []);
  });

  it('reads a store kept under the name of an earlier version, and moves it to the new name on the next change', async () => {
    const report = 'Bury Report 2021.txt';
    const legacy = path.join(root, '.ilacs', 'annotations', `${report}.json`);
    const old = await tagIn('elsewhere.txt');
    const data: ReportAnnotations = { schemaVersion: 1, report, annotations: [{ ...old, report }], improvements: [] };
    await fs.writeFile(legacy, serialiseReportAnnotations(data));
    assert.notEqual(storeFileFor(report), `.ilacs/annotations/${report}.json`);

    const fresh = new AnnotationStore(new NodeStoreFileSystem(root));
    assert.deepEqual(await fresh.reports(), [report, 'elsewhere.txt'].sort());
    assert.deepEqual((await fresh.list(report)).map((a) => a.id), [old.id]);

    const added = await fresh.add(report, { paragraph: 'p1', selectors: createSelectors(TEXT, 0, 5), criteria: ['hp.drift-delay'], author: 'B. Officer' });
    await assert.rejects(fs.stat(legacy), { code: 'ENOENT' });
    assert.deepEqual((await recorded(report)).annotations.map((a) => a.id).sort(), [old.id, added.id].sort());
    assert.deepEqual(await fresh.reports(), [report, 'elsewhere.txt'].sort());
  });

  it('reads an old-style store file whose report name holds a ~, though names with ~ are hashed now', async () => {
    const report = 'draft~2.txt';
    const old = await tagIn('elsewhere.txt');
    const data: ReportAnnotations = { schemaVersion: 1, report, annotations: [{ ...old, report }], improvements: [] };
    await fs.writeFile(path.join(root, '.ilacs', 'annotations', `${report}.json`), serialiseReportAnnotations(data));
    const fresh = new AnnotationStore(new NodeStoreFileSystem(root));
    assert.deepEqual(await fresh.reports(), [report, 'elsewhere.txt'].sort());
    assert.deepEqual((await fresh.list(report)).map((a) => a.id), [old.id]);
  });

  it('does not take an old-style store file that another report owns (a case-insensitive disk shows one name for both)', async () => {
    const data: ReportAnnotations = { schemaVersion: 1, report: 'bury.txt', annotations: [], improvements: [] };
    await fs.mkdir(path.join(root, '.ilacs', 'annotations'), { recursive: true });
    await fs.writeFile(path.join(root, '.ilacs', 'annotations', 'Bury.txt.json'), serialiseReportAnnotations(data));
    const loaded = await store.load('Bury.txt');
    assert.ok(loaded.ok);
    assert.equal(loaded.file, storeFileFor('Bury.txt'));
    assert.deepEqual(loaded.data.annotations, []);
  });

  it('maps no two report paths to one store file, even on a case-insensitive, normalising disk', function () {
    this.timeout(30000);
    const segment = fc.array(fc.constantFrom('a', 'A', 'b', '\\', '.', ' ', '~', '%', '\u00e9', 'e\u0301', 'con', 'x'.repeat(60)), { minLength: 1, maxLength: 6 }).map((s) => s.join(''));
    const reportPath = fc.array(segment, { minLength: 1, maxLength: 3 }).map((parts) => parts.join('/'));
    fc.assert(
      fc.property(reportPath, reportPath, (a, b) => {
        let na: string;
        let nb: string;
        try {
          na = normaliseReportPath(a);
          nb = normaliseReportPath(b);
        } catch {
          return true;
        }
        if (na === nb) return true;
        const fa = storeFileFor(na);
        const fb = storeFileFor(nb);
        return folded(fa.normalize('NFC')) !== folded(fb.normalize('NFC')) && folded(fa.normalize('NFD')) !== folded(fb.normalize('NFD'));
      }),
      { numRuns: 2000 },
    );
  });
});
