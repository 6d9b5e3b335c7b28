// A store file that git or a person broke: shown in Problems with its position, never written to.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { storeFileFor } from '../../src/core/annotations';
import { api, waitFor } from './helpers';

const REPORT = 'eastbrook__20-october-2023.txt';

describe('a broken annotation store file', function () {
  this.timeout(60_000);

  it('is shown in Problems at its line, left untouched, and refuses new tags until fixed', async () => {
    const { services } = await api();
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    const reportUri = vscode.Uri.joinPath(folder.uri, REPORT);
    const storeUri = vscode.Uri.joinPath(folder.uri, ...storeFileFor(REPORT).split('/'));
    // A merge conflict left in the file by git.
    const broken = ['{', '  "schemaVersion": 1,', `  "report": "${REPORT}",`, '<<<<<<< HEAD', '  "annotations": [],', '=======', '  "annotations": [],', '>>>>>>> theirs', '  "improvements": []', '}', ''].join('\n');
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(storeUri, '..'));
    await vscode.workspace.fs.writeFile(storeUri, new TextEncoder().encode(broken));
    try {
      const document = await vscode.workspace.openTextDocument(reportUri);
      await vscode.window.showTextDocument(document);
      const diagnostics = await waitFor('the broken store in Problems', async () => {
        await services.annotations.anchored(document);
        const d = vscode.languages.getDiagnostics(storeUri).filter((x) => x.source === 'ILACS Annotator');
        return d.length ? d : undefined;
      });
      assert.equal(diagnostics[0].range.start.line, 3, `the first problem is reported at line ${diagnostics[0].range.start.line + 1}`);
      const paragraph = services.reports.get(document)?.paragraphs.find((p) => p.kind === 'paragraph');
      assert.ok(paragraph, 'the report has no paragraph to tag');

      const result = await vscode.commands.executeCommand('ilacs.tagParagraph', { uri: reportUri, paragraphId: paragraph.id, criteria: ['hp.front-door'] });
      assert.equal(result, undefined, 'a tag was made although the store file is broken');
      const after = new TextDecoder().decode(await vscode.workspace.fs.readFile(storeUri));
      assert.equal(after, broken, 'the broken store file was changed');

      // Fixed by hand: the Problems entry goes and tagging works again.
      await vscode.workspace.fs.writeFile(storeUri, new TextEncoder().encode(JSON.stringify({ schemaVersion: 1, report: REPORT, annotations: [], improvements: [] }, null, 2) + '\n'));
      await waitFor('the Problems entry to clear', async () => {
        await services.annotations.anchored(document);
        return vscode.languages.getDiagnostics(storeUri).some((x) => x.source === 'ILACS Annotator') ? undefined : true;
      });
      const tag = await vscode.commands.executeCommand<{ id: string } | undefined>('ilacs.tagParagraph', { uri: reportUri, paragraphId: paragraph.id, criteria: ['hp.front-door'] });
      assert.ok(tag, 'tagging did not work again once the file was fixed');
      const key = services.annotations.keyOf(reportUri);
      assert.ok(key);
      await services.annotations.remove(key, tag.id);
    } finally {
      await vscode.workspace.fs.delete(storeUri).then(undefined, () => undefined);
    }
  });
});
