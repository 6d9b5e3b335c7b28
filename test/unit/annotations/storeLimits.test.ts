import { NodeStoreFileSystem } from '../../../src/node/storeFileSystem';
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AnnotationStore, createSelectors, parseReportAnnotations, storeFileFor } from '../../../src/core/annotations';
import { checkJsonLimits } from '../../../src/core/jsonLimits';
import { loadWorkspace } from '../../../src/core/workspace';

const TEXT = '1. Social workers visit children regularly and know them well.\n';

describe('limits on the JSON of store files', () => {
  let root: string;
  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'ilacs-limits-'));
  });
  afterEach(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  const at = (report: string) => path.join(root, ...storeFileFor(report).split('/'));

  it('counts nesting outside strings only, in one pass', () => {
    assert.equal(checkJsonLimits('{"a": "[[[[[[[[[[\\"[[[["}', { maxDepth: 2 }), null);
    assert.deepEqual(checkJsonLimits('{"a": [[1]]}', { maxDepth: 2 }), { offset: 7, message: 'objects and arrays are nested more than 2 deep' });
    assert.match(checkJsonLimits('x'.repeat(11), { maxLength: 10 })?.message ?? '', /not read/);
    assert.equal(checkJsonLimits('['.repeat(64) + ']'.repeat(64)), null);
  });

  it('reports a store file nested 5,000 deep by name and place, and still reads the other reports\' tags', async () => {
    const fsys = new NodeStoreFileSystem(root);
    const store = new AnnotationStore(fsys);
    const good = await store.add('good.txt', { paragraph: 'p1', selectors: createSelectors(TEXT, 0, 10), criteria: ['hp.visits'], author: 'A. Officer' });
    await fs.writeFile(at('deep.txt'), '['.repeat(5000) + ']'.repeat(5000));
    await fs.mkdir(path.dirname(at('folder.txt')), { recursive: true });
    await fs.mkdir(at('folder.txt'));

    const deep = await store.load('deep.txt');
    assert.ok(!deep.ok);
    assert.deepEqual(deep.diagnostics.map((d) => [d.file, d.line, d.column]), [[storeFileFor('deep.txt'), 1, 65]]);
    assert.match(deep.diagnostics[0].message, /nested more than 64 deep/);
    const folder = await store.load('folder.txt');
    assert.ok(!folder.ok);
    assert.match(folder.diagnostics[0].message, /is a folder/);
    await assert.rejects(store.add('deep.txt', { paragraph: 'p1', selectors: createSelectors(TEXT, 0, 10), criteria: ['hp.visits'], author: 'A. Officer' }), /deep\.txt\.json is not a valid annotation store file/);
    // The file nobody could read is left exactly as it was.
    assert.equal(await fs.readFile(at('deep.txt'), 'utf8'), '['.repeat(5000) + ']'.repeat(5000));

    const loaded = await loadWorkspace(fsys, store);
    assert.deepEqual(loaded.map((l) => [l.file, l.store.ok]), [['deep.txt', false], ['good.txt', true]]);
    assert.deepEqual(loaded[1].annotations.map((a) => a.annotation.id), [good.id]);
  });

  it('refuses a store text of more than 32 MB before parsing it', () => {
    const result = parseReportAnnotations('.ilacs/annotations/big.txt.json', `{"x": "${'a'.repeat(32 * 1024 * 1024)}"}`);
    assert.ok(!result.ok);
    assert.match(result.diagnostics[0].message, /are not read/);
  });
});
