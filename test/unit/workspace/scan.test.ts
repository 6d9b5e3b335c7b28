import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import {  } from '../../../src/core/annotations';
import { NodeStoreFileSystem } from '../../../src/node/storeFileSystem';
import { isReportFileName, isReportPath, scanReports } from '../../../src/core/workspace';
import { findWorkspace, workspaceRelative } from '../../../src/node/workspace';
import { FOCUSED_VISIT, INSPECTION, makeWorkspace, OTHER_AUTHORITY, removeWorkspace, writeText } from './helpers';

describe('workspace scan', () => {
  let root: string;
  beforeEach(async () => {
    root = await makeWorkspace();
  });
  afterEach(async () => {
    await removeWorkspace(root);
  });

  it('lists the fixture reports recursively, relative, with forward slashes, sorted', async () => {
    assert.deepEqual(await scanReports(new NodeStoreFileSystem(root)), [FOCUSED_VISIT, INSPECTION, OTHER_AUTHORITY]);
  });

  it('takes .txt, .md and .markdown in any case and skips project files, hidden and tool folders', async () => {
    for (const f of [
      'b/notes.md',
      'b/Report.MARKDOWN',
      'a/z.TXT',
      'README.md',
      'docs/readme.txt',
      'CHANGELOG.md',
      'LICENSE.txt',
      'LICENSE',
      'report.pdf',
      'data.json',
      '.hidden.txt',
      '.ilacs/annotations/x.txt',
      '.git/info.txt',
      'node_modules/pkg/readme2.txt',
      '.vscode/notes.md',
      'deep/.cache/old.txt',
      'deep/er/still/here.md',
      '.txt',
    ]) {
      await writeText(root, f, 'Some text\n');
    }
    const found = await scanReports(new NodeStoreFileSystem(root));
    assert.deepEqual(found, ['a/z.TXT', FOCUSED_VISIT, INSPECTION, 'b/Report.MARKDOWN', 'b/notes.md', 'deep/er/still/here.md', OTHER_AUTHORITY]);
  });

  it('scans one sub-folder when asked, and an absent folder as empty', async () => {
    const fsys = new NodeStoreFileSystem(root);
    assert.deepEqual(await scanReports(fsys, 'letters'), [OTHER_AUTHORITY]);
    assert.deepEqual(await scanReports(fsys, 'nowhere'), []);
  });

  it('judges names and paths by the same rule', () => {
    assert.ok(isReportFileName('bury__2021.txt'));
    assert.ok(isReportFileName('Bury.Md'));
    assert.ok(!isReportFileName('README.markdown'));
    assert.ok(!isReportFileName('changelog.txt'));
    assert.ok(!isReportFileName('report.docx'));
    assert.ok(isReportPath('reports/bury/2021.txt'));
    assert.ok(!isReportPath('.ilacs/annotations/a.txt'));
    assert.ok(!isReportPath('node_modules/a.md'));
    assert.ok(!isReportPath(''));
  });
});

describe('findWorkspace', () => {
  let root: string;
  beforeEach(async () => {
    root = await makeWorkspace({ marker: false });
  });
  afterEach(async () => {
    await removeWorkspace(root);
  });

  it("is the file's folder when no folder above holds .ilacs/", async () => {
    assert.equal(await findWorkspace(path.join(root, OTHER_AUTHORITY)), path.join(root, 'letters'));
  });

  it('is the nearest folder above holding .ilacs/', async () => {
    await fs.mkdir(path.join(root, '.ilacs'));
    assert.equal(await findWorkspace(path.join(root, OTHER_AUTHORITY)), root);
    await fs.mkdir(path.join(root, 'letters', '.ilacs'));
    assert.equal(await findWorkspace(path.join(root, OTHER_AUTHORITY)), path.join(root, 'letters'));
  });

  it('ignores a file named .ilacs and resolves relative paths against cwd', async () => {
    await fs.writeFile(path.join(root, '.ilacs'), 'not a folder');
    assert.equal(await findWorkspace(OTHER_AUTHORITY, root), path.join(root, 'letters'));
  });

  it('gives workspace-relative paths with forward slashes, or null outside', () => {
    assert.equal(workspaceRelative(root, path.join(root, 'letters', 'x.txt')), 'letters/x.txt');
    assert.equal(workspaceRelative(root, path.join(root, '..', 'x.txt')), null);
    assert.equal(workspaceRelative(root, root), null);
  });
});
