// Tags in Markdown and read-only reports, a tag whose text is deleted outside VS Code (an orphan:
// kept, listed, re-attached), and the Orphaned Tags view.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { Annotation } from '../../src/core/annotations';
import { api, waitFor } from './helpers';

const MARKDOWN = `# Inspection of Fernbridge local authority children's services

Inspection dates: 3 to 14 March 2025

| Judgement | Grade |
|---|---|
| The experiences and progress of children who need help and protection | Requires improvement to be good |
| Overall effectiveness | Requires improvement to be good |

## The experiences and progress of children who need help and protection: requires improvement to be good

1. Strategy meetings are held promptly when children are at risk of harm, and the police attend most of them.

2. Plans for children in need are too often vague, with actions that have no timescales and no contingency if things do not improve.
`;

describe('tags in Markdown, read-only and changed reports', function () {
  this.timeout(60_000);
  const folder = (): vscode.WorkspaceFolder => {
    const f = vscode.workspace.workspaceFolders?.[0];
    assert.ok(f, 'the test workspace folder is not open');
    return f;
  };

  // Leave the workspace as the other specs expect it: no extra reports, no extra tags.
  after(async () => {
    const { services } = await api();
    for (const name of ['fernbridge__2025.md', 'fernbridge__readonly.md']) {
      const uri = vscode.Uri.joinPath(folder().uri, name);
      const key = services.annotations.keyOf(uri);
      if (key) for (const a of (await services.annotations.read(key)).annotations) await services.annotations.remove(key, a.id);
      await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
    }
  });

  it('tags a numbered paragraph of a Markdown report', async () => {
    const { services } = await api();
    const uri = vscode.Uri.joinPath(folder().uri, 'fernbridge__2025.md');
    await vscode.workspace.fs.writeFile(uri, Buffer.from(MARKDOWN));
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const report = services.reports.get(document);
    assert.ok(report, 'the Markdown report was not parsed');
    assert.equal(report.localAuthority, 'Fernbridge');
    const tag = await vscode.commands.executeCommand<Annotation | undefined>('ilacs.tagParagraph', { uri, paragraphId: 'p2', criteria: ['hp.plans'], assessment: 'area-for-improvement' });
    assert.ok(tag, 'no tag was made');
    assert.match(tag.selectors.quote.exact, /^Plans for children in need are too often vague/);
    const anchored = (await services.annotations.anchored(document)).find((a) => a.annotation.id === tag.id);
    assert.ok(anchored?.range && document.getText(anchored.range).startsWith('Plans for children in need'));
  });

  it('tags a report the user cannot write to: the report is not touched, the tag is kept in the store', async function () {
    if (process.platform === 'win32') this.skip();
    await api();
    const uri = vscode.Uri.joinPath(folder().uri, 'fernbridge__readonly.md');
    fs.writeFileSync(uri.fsPath, MARKDOWN);
    fs.chmodSync(uri.fsPath, 0o444);
    try {
      const document = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(document);
      const tag = await vscode.commands.executeCommand<Annotation | undefined>('ilacs.tagParagraph', { uri, paragraphId: 'p1', criteria: ['hp.strategy-meetings'], assessment: 'strength' });
      assert.ok(tag, 'no tag was made on the read-only report');
      assert.equal(fs.readFileSync(uri.fsPath, 'utf8'), MARKDOWN, 'the report itself changed');
    } finally {
      fs.chmodSync(uri.fsPath, 0o644);
    }
  });

  it('keeps a tag whose text was deleted on disk as an orphan, lists it, and re-attaches it', async () => {
    const { services, views } = await api();
    const uri = vscode.Uri.joinPath(folder().uri, 'fernbridge__2025.md');
    const document = await vscode.workspace.openTextDocument(uri);
    const before = (await services.annotations.anchored(document)).find((a) => a.annotation.criteria.includes('hp.plans'));
    assert.ok(before && !before.orphaned, 'the Markdown tag from the earlier test is missing');

    // A corrected reissue drops paragraph 2 altogether.
    const reissue = MARKDOWN.replace(/\n2\. Plans for children[^\n]*\n/, '\n2. Family time is well planned and children see their brothers and sisters often.\n');
    await vscode.workspace.fs.writeFile(uri, Buffer.from(reissue));
    await waitFor('the editor to load the reissued report', () => (document.getText().includes('Family time is well planned') ? true : undefined));

    const orphan = await waitFor('the tag to become an orphan', async () => {
      const a = (await services.annotations.anchored(document)).find((x) => x.annotation.id === before.annotation.id);
      return a?.orphaned ? a : undefined;
    });
    assert.equal(orphan.range, null);

    const listed = await waitFor('the Orphaned Tags view to list it', async () => {
      const nodes = await views.orphans.getChildren();
      return nodes.find((n) => n.orphan.annotation.id === before.annotation.id);
    });
    assert.match(listed.orphan.annotation.selectors.quote.exact, /^Plans for children in need/);

    // Re-attach it to the new paragraph 2, chosen with the cursor.
    const editor = await vscode.window.showTextDocument(document);
    const at = document.getText().indexOf('Family time is well planned');
    editor.selection = new vscode.Selection(document.positionAt(at + 5), document.positionAt(at + 5));
    const reattached = await vscode.commands.executeCommand<Annotation | undefined>('ilacs.reattachOrphan', { uri, id: before.annotation.id });
    assert.ok(reattached, 're-attaching returned nothing');
    assert.match(reattached.selectors.quote.exact, /^Family time is well planned/);
    assert.deepEqual(reattached.criteria, ['hp.plans'], 'the criteria were lost on re-attaching');
    const after = (await services.annotations.anchored(document)).find((a) => a.annotation.id === before.annotation.id);
    assert.ok(after && !after.orphaned);
    await waitFor('the Orphaned Tags view to drop it', async () => ((await views.orphans.getChildren()).some((n) => n.orphan.annotation.id === before.annotation.id) ? undefined : true));
  });
});
