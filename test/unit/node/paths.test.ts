import * as assert from 'node:assert/strict';
import * as os from 'node:os';
import * as path from 'node:path';
import { workspaceRelative } from '../../../src/node/workspace';
import { leavesFolder, relativeInside } from '../../../src/node/paths';
import { displayPath } from '../../../src/cli/files';

describe('paths inside a folder, judged by segments', () => {
  const root = path.resolve(os.tmpdir(), 'ilacs-paths', 'reports');

  it('takes names that begin with two dots as inside', () => {
    assert.equal(workspaceRelative(root, path.join(root, '..report.txt')), '..report.txt');
    assert.equal(workspaceRelative(root, path.join(root, '..hidden', 'x.txt')), '..hidden/x.txt');
    assert.equal(workspaceRelative(root, '...txt'), '...txt');
    assert.equal(workspaceRelative(root, path.join(root, '.hidden.txt')), '.hidden.txt');
    assert.equal(displayPath(root, path.join(root, '..report.txt')), '..report.txt');
  });

  it('takes the parent, its other folders, the folder itself and other drives as not inside', () => {
    assert.equal(workspaceRelative(root, path.join(root, '..', 'x.txt')), null);
    assert.equal(workspaceRelative(root, '../reports-old/x.txt'), null);
    assert.equal(workspaceRelative(root, root), null);
    assert.equal(relativeInside(root, path.join(root, 'a', '..', '..', 'b.txt')), null);
    assert.ok(leavesFolder('..'));
    assert.ok(leavesFolder(`..${path.sep}x`));
    assert.ok(!leavesFolder('..x'));
    assert.ok(leavesFolder(path.resolve('/elsewhere')));
  });
});
