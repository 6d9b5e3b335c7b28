import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { isMisreadWindows1252 } from '../../src/extension/encodingCheck';
import { EXTENSION_ID } from './helpers';

describe('reports saved as Windows-1252', () => {
  it('are recognised when VS Code shows them as UTF-8, and UTF-8 reports are not', async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    // "Children’s services: £2 million" with a Windows-1252 right quote (0x92) and pound sign (0xA3).
    const bytes = Uint8Array.from([...Buffer.from('Focused visit\n\nChildren'), 0x92, ...Buffer.from('s services received '), 0xa3, ...Buffer.from('2 million.\n')]);
    const legacy = vscode.Uri.joinPath(folder.uri, 'legacy__01-may-2020.txt');
    await vscode.workspace.fs.writeFile(legacy, bytes);
    const utf8 = vscode.Uri.joinPath(folder.uri, 'modern__01-may-2020.txt');
    await vscode.workspace.fs.writeFile(utf8, Buffer.from('Focused visit\n\nChildren’s services received £2 million.\n'));
    try {
      const legacyDoc = await vscode.workspace.openTextDocument(legacy);
      assert.ok(legacyDoc.getText().includes('\uFFFD'), 'VS Code read the Windows-1252 bytes without replacement characters');
      assert.equal(await isMisreadWindows1252(legacyDoc), true);
      assert.equal(await isMisreadWindows1252(await vscode.workspace.openTextDocument(utf8)), false);
    } finally {
      await vscode.workspace.fs.delete(legacy);
      await vscode.workspace.fs.delete(utf8);
    }
  });
});
