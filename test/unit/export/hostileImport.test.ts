import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { importCommand } from '../../../src/cli/commands/import';
import { storeFileFor, type StoreFileSystem } from '../../../src/core/annotations';
import { NodeStoreFileSystem } from '../../../src/node/storeFileSystem';
import { importExport, ImportRefusedError, parseExport, serialiseExport, type ExportDocument, type TaggedFinding } from '../../../src/core/export';
import { MANY_REPORT, manyFindingsExport } from '../../fixtures/store/manyFindings';
import { FakeIo, makeWorkspace, removeWorkspace } from './helpers';

describe('import: hostile and large exports', () => {
  let root: string;
  let outside: string;
  let doc: ExportDocument;
  beforeEach(async () => {
    root = await makeWorkspace();
    outside = await fs.mkdtemp(path.join(os.tmpdir(), 'ilacs-outside-'));
    doc = await manyFindingsExport(root, 3);
  });
  afterEach(async () => {
    await removeWorkspace(root);
    await fs.rm(outside, { recursive: true, force: true });
  });

  async function importText(text: string): Promise<{ code: number; io: FakeIo }> {
    const file = path.join(root, 'incoming.json');
    await fs.writeFile(file, text);
    const io = new FakeIo(root);
    const code = await importCommand.run([file, '--workspace', root], io);
    return { code, io };
  }

  async function nothingWritten(): Promise<void> {
    await assert.rejects(fs.stat(path.join(root, '.ilacs', 'annotations')), /ENOENT/, 'something was imported');
  }

  const text = () => serialiseExport(doc);
  /** The export's text with `insert` added as the first property of the first finding. */
  const withInFinding = (insert: string) => text().replace(/"findings": \[\n {4}\{/, (m) => `${m}\n      ${insert},`);

  for (const key of ['__proto__', 'constructor', 'prototype']) {
    it(`refuses the key "${key}", naming where it is, and imports nothing`, async () => {
      const { code, io } = await importText(withInFinding(`"${key}": { "polluted": true }`));
      assert.equal(code, 2);
      assert.match(io.stderr, /incoming\.json is not a valid ILACS Annotator export, so nothing was imported/);
      assert.match(io.stderr, new RegExp(`findings\\[0\\]\\.${key}: the key "${key}" is not allowed`));
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
      await nothingWritten();
    });
  }

  it('refuses nesting thousands deep without overflowing the stack', async () => {
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    const { code, io } = await importText(withInFinding(`"extra": ${deep}`));
    assert.equal(code, 2);
    assert.match(io.stderr, /nested more than \d+ (levels )?deep/);
    assert.doesNotMatch(io.stderr, /call stack/i);
    await nothingWritten();
  });

  it('refuses a text of several megabytes anywhere in the export', async () => {
    const { code, io } = await importText(withInFinding(`"extra": "${'a'.repeat(3 * 1024 * 1024)}"`));
    assert.equal(code, 2);
    assert.match(io.stderr, /findings\[0\]\.extra: a text of 3072 KB; no text in an export may be longer than 1024 KB/);
    await nothingWritten();
  });

  it('refuses a note over 100 KB, naming the file and the finding, and imports none of the others', async () => {
    const long = doc.findings[1] as TaggedFinding;
    long.note = 'n'.repeat(150 * 1024);
    const { code, io } = await importText(text());
    assert.equal(code, 2);
    assert.match(io.stderr, new RegExp(`incoming\\.json is not a valid ILACS Annotator export, so nothing was imported:\\n  findings\\[1\\] \\(tag ${long.id}\\): its note is 150 KB; notes are limited to 100 KB`));
    await nothingWritten();
  });

  const badPaths: [string, RegExp][] = [
    ['../escape.txt', /report|workspace|\.\./],
    ['reports/../../escape.txt', /report|workspace|\.\./],
    ['/etc/escape.txt', /report|workspace|absolute/],
    ['C:/Users/escape.txt', /report|workspace|drive/],
    ['..\\escape.txt', /report|workspace/],
    ['a\u0000b.txt', /control characters/],
  ];
  for (const [bad, message] of badPaths) {
    it(`refuses the report path ${JSON.stringify(bad)} and imports nothing`, async () => {
      for (const f of doc.findings) f.report.file = bad;
      const { code, io } = await importText(text());
      assert.equal(code, 2, io.stderr);
      assert.match(io.stderr, message);
      await nothingWritten();
      assert.deepEqual(await fs.readdir(outside), []);
    });
  }

  it('never writes through a symbolic link inside .ilacs/, and reports it by name', async () => {
    await fs.symlink(outside, path.join(root, '.ilacs', 'annotations'));
    const { code, io } = await importText(text());
    assert.equal(code, 1);
    assert.match(io.stderr, /\.ilacs\/annotations is a symbolic link/);
    assert.match(io.stderr, /so the 3 finding\(s\) of ashcombe__14-march-2024\.txt were not imported/);
    assert.deepEqual(await fs.readdir(outside), []);
  });

  it('reports a store file that is a symbolic link or a folder and imports the other reports', async () => {
    const target = path.join(outside, 'x.json');
    await fs.writeFile(target, 'theirs\n');
    const linked = path.join(root, ...storeFileFor(MANY_REPORT).split('/'));
    await fs.mkdir(path.dirname(linked), { recursive: true });
    await fs.symlink(target, linked);
    const other = JSON.parse(JSON.stringify(doc.findings[0])) as TaggedFinding;
    other.report = { ...other.report, file: 'letters/brindlesham__02-may-2023.txt' };
    other.id = '00000000-0000-4000-8000-999999999999';
    doc.findings.push(other);
    const { code, io } = await importText(text());
    assert.equal(code, 1);
    assert.match(io.stderr, /ashcombe__14-march-2024\.txt\.json:1:1: is a symbolic link/);
    assert.equal(await fs.readFile(target, 'utf8'), 'theirs\n');
    assert.match(io.stdout, /Imported 1 tag\(s\)/);
    await fs.rm(linked);
    await fs.mkdir(linked);
    const again = await importText(text());
    assert.equal(again.code, 1);
    assert.match(again.io.stderr, /ashcombe__14-march-2024\.txt\.json:1:1: is a folder/);
  });

  it('importExport itself refuses findings the checks refuse, having written nothing', async () => {
    (doc.findings[0] as TaggedFinding).note = 'n'.repeat(101 * 1024);
    await assert.rejects(importExport(doc, new NodeStoreFileSystem(root)), ImportRefusedError);
    await nothingWritten();
  });

  it('imports 500 findings of one report in one write of its store file', async () => {
    const many = await manyFindingsExport(root, 500, 1);
    const parsed = parseExport(serialiseExport(many));
    assert.ok(parsed.ok);
    const renames: string[] = [];
    const counting: StoreFileSystem = new (class extends NodeStoreFileSystem {
      override async rename(from: string, to: string): Promise<void> {
        renames.push(to);
        await super.rename(from, to);
      }
    })(root);
    const result = await importExport(parsed.doc, counting);
    assert.equal(result.addedTags, 500);
    assert.deepEqual(renames, [storeFileFor(MANY_REPORT)]);
    const again = await importExport(parsed.doc, counting);
    assert.equal(again.unchanged, 500);
    assert.equal(renames.length, 1, 'importing the same file again wrote it');
  });
});
