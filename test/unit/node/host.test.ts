import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { NodeWorkspaceHost, openNodeSession } from '../../../src/node/host';
import { paragraphSelectors } from '../../../src/core/workspace';
import { FOCUSED_VISIT, INSPECTION, makeWorkspace, OTHER_AUTHORITY, removeWorkspace, writeText } from '../workspace/helpers';

describe('the workspace session on Node (NodeWorkspaceHost)', () => {
  let root: string;
  beforeEach(async () => {
    root = await makeWorkspace();
  });
  afterEach(async () => {
    await removeWorkspace(root);
  });

  it('reads the folder\'s reports, with workspace-relative paths, and sees its own store writes', async () => {
    const session = openNodeSession(path.relative(process.cwd(), root) || '.');
    assert.equal(session.host.root, root);
    assert.deepEqual(await session.reportFiles(), [FOCUSED_VISIT, INSPECTION, OTHER_AUTHORITY]);
    const before = await session.report(INSPECTION);
    assert.ok(before.report && before.text !== null);
    assert.equal(before.report.file, INSPECTION);
    assert.equal(before.annotations.length, 0);
    const found = await session.findParagraph(INSPECTION, '2');
    assert.ok(found.ok);
    await session.store.add(INSPECTION, {
      paragraph: found.paragraph.id,
      selectors: paragraphSelectors(before.text, found.paragraph),
      criteria: ['hp.assessments'],
      assessment: null,
      status: 'open',
      note: '',
      author: 'A',
    });
    assert.equal((await session.report(INSPECTION)).annotations.length, 1, 'the write reached the session');
    session.dispose();
  });

  it('follows the one codebook policy, and logs through the function it is given', async () => {
    await writeText(root, '.ilacs/codebook.json', '{"criteria": [}');
    const lines: string[] = [];
    const session = openNodeSession(root, { log: (m) => lines.push(m), recurrenceModel: () => Promise.reject(new Error('no model here')) });
    const { codebook, errors } = await session.codebook();
    assert.equal(codebook.source, 'builtin');
    assert.ok(errors.length > 0 && errors[0].file === '.ilacs/codebook.json');
    await session.recurrenceIndex();
    assert.deepEqual(lines, ['no model here; recurring findings are compared by wording only']);
  });

  it('does not watch, and asks git for the author only when allowed', async () => {
    const host = new NodeWorkspaceHost(root, { runGit: false });
    host.watch(() => assert.fail('a one-shot host reports no changes')).dispose();
    const author = await host.author();
    assert.ok(author.length > 0);
    assert.ok(host.clock.now() > 0);
  });
});
