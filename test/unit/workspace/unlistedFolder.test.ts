import { NodeStoreFileSystem } from '../../../src/node/storeFileSystem';
import * as assert from 'node:assert/strict';
import { AnnotationStore } from '../../../src/core/annotations';
import { loadWorkspace, scanReports } from '../../../src/core/workspace';
import { FOCUSED_VISIT, INSPECTION, makeWorkspace, removeWorkspace } from './helpers';

/** The workspace's file system with one folder that cannot be listed, as for another user's folder. */
class OneFolderLocked extends NodeStoreFileSystem {
  constructor(
    root: string,
    private readonly locked: string,
  ) {
    super(root);
  }
  override async readDirectory(p: string): Promise<{ name: string; isDirectory: boolean }[] | undefined> {
    if (p === this.locked) throw Object.assign(new Error(`EACCES: permission denied, scandir '${p}'`), { code: 'EACCES' });
    return super.readDirectory(p);
  }
}

describe('a folder of the workspace that cannot be listed', () => {
  let root: string;
  beforeEach(async () => {
    root = await makeWorkspace();
  });
  afterEach(async () => {
    await removeWorkspace(root);
  });

  it('is named with its problem and the other reports are still read', async () => {
    const fs = new OneFolderLocked(root, 'letters');
    const problems: { path: string; problem: string }[] = [];
    assert.deepEqual(await scanReports(fs, '', problems), [FOCUSED_VISIT, INSPECTION]);
    assert.deepEqual(problems, [{ path: 'letters', problem: 'the folder cannot be listed: permission denied' }]);

    const loaded = await loadWorkspace(fs, new AnnotationStore(fs));
    assert.deepEqual(loaded.map((l) => [l.file, l.report !== null, l.problem]), [
      [FOCUSED_VISIT, true, null],
      [INSPECTION, true, null],
      ['letters', false, 'the folder cannot be listed: permission denied'],
    ]);
  });

  it('fails the scan when the folder asked for itself cannot be listed', async () => {
    await assert.rejects(scanReports(new OneFolderLocked(root, 'letters'), 'letters', []), { code: 'EACCES' });
  });
});
