// The editor's parse on hostile reports: the outline, folding and the hover answer for a Markdown
// report of 10,000 judgement headings and lists, and for a text report of a million page breaks,
// both named as reports are
// (the mocha timeout is the failure guard), and the file is never changed.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, folder } from './helpers';

const REPORTS: [string, string][] = [
  ['eastwick__01-may-2025.md', '## The experiences and progress of children in care: good\n\n- Children are seen.\n- Plans are reviewed.\n\n'.repeat(10_000)],
  ['eastwick__02-may-2025.txt', `Inspection of Eastwick local authority children’s services\n\n1. Children live in stable homes.\n${'\f\n'.repeat(1_000_000)}2. Leaders know their services.\n`],
];

describe('the editor on hostile reports', function () {
  this.timeout(120_000);

  for (const [name, text] of REPORTS) {
    it(`answers the outline, folding and hover for ${name}`, async () => {
      await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
      const uri = vscode.Uri.joinPath(folder().uri, name);
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
      try {
        const document = await vscode.workspace.openTextDocument(uri);
        await vscode.window.showTextDocument(document);
        const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', uri);
        // Both are reports by their names, so the outline is the extension's.
        assert.equal(document.languageId, 'ilacs-report');
        assert.ok(symbols && symbols.length > 0, 'no outline');
        const folds = await vscode.commands.executeCommand<vscode.FoldingRange[]>('vscode.executeFoldingRangeProvider', uri);
        for (const f of folds ?? []) assert.ok(f.start < f.end && f.end < document.lineCount);
        const last = document.lineCount - 2;
        const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(Math.max(0, last), 1));
        assert.ok(Array.isArray(hovers));
        assert.equal(document.getText(), text, 'the report is unchanged');
      } finally {
        await vscode.commands.executeCommand('workbench.action.closeAllEditors');
        await vscode.workspace.fs.delete(uri, { useTrash: false });
      }
    });
  }
});
