// The extension keeps to reports: a plain note and a README look and behave exactly as without it,
// while a report named as the product names them, or one that reads as an inspection report, is in
// the Ofsted report language and gets every feature.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, folder, waitFor } from './helpers';

const NOTE = 'Build status: good\nOverall effectiveness: inadequate\n\n1. Ring the council about the bins.\n';
const README = [
  '# Board papers',
  '',
  'Ofsted judged the local authority children’s services inadequate; inspectors will return.',
  '',
  '## Overall effectiveness: requires improvement to be good',
  '',
  'Run `npm run board` to build the papers for the improvement board.',
  '',
].join('\n');

async function write(name: string, text: string): Promise<vscode.Uri> {
  const uri = vscode.Uri.joinPath(folder().uri, name);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
}

/** Everything the extension could add to a document: hover, CodeLens, symbols and folding. */
async function contributions(uri: vscode.Uri, at: vscode.Position) {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, at)) ?? [];
  const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
  const symbols = (await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', uri)) ?? [];
  return { hover: hoverText(hovers), lenses, symbols };
}

describe('only reports', () => {
  const created: vscode.Uri[] = [];
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const uri of created) await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
  });

  it('leaves a plain-text note as plain text, with nothing of the extension in it', async () => {
    await api();
    const uri = await write('note.txt', NOTE);
    created.push(uri);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    // Give the recogniser time to act, had it wanted to.
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(document.languageId, 'plaintext');
    const found = await contributions(uri, new vscode.Position(3, 4));
    assert.doesNotMatch(found.hover, /Paragraph|Tag this paragraph|ILACS/i, found.hover);
    assert.equal(found.lenses.length, 0);
    assert.equal(found.symbols.length, 0);
  });

  it('leaves a README that names Ofsted as Markdown, with nothing of the extension in it', async () => {
    await api();
    const uri = await write('README.md', README);
    created.push(uri);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(document.languageId, 'markdown');
    const found = await contributions(uri, new vscode.Position(2, 10));
    assert.doesNotMatch(found.hover, /Paragraph|Tag this paragraph/i, found.hover);
    assert.equal(found.lenses.length, 0);
    // Markdown's own outline (its headings) is there; none of the report outline's judgement entries.
    assert.ok(found.symbols.every((s) => !/^Judgement|Paragraph \d/.test(s.name)), found.symbols.map((s) => s.name).join(', '));
  });

  it('opens a report named authority__date in the report language, with its features', async () => {
    await api();
    const uri = vscode.Uri.joinPath(folder().uri, 'northmere__14-march-2024.txt');
    const document = await vscode.workspace.openTextDocument(uri);
    assert.equal(document.languageId, 'ilacs-report');
    const symbols = await waitFor('the report outline', async () => {
      const s = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', uri);
      return s && s.length > 0 ? s : undefined;
    });
    assert.ok(symbols.length > 0);
  });

  it('reads a report with any other name as a report once it has seen its text, and only once', async () => {
    await api();
    const source = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder().uri, 'eastbrook__20-october-2023.txt'));
    const uri = await write('letter-from-ofsted.txt', new TextDecoder().decode(source));
    created.push(uri);
    const document = await vscode.workspace.openTextDocument(uri);
    await waitFor('the letter to be read as a report', () => (document.languageId === 'ilacs-report' ? true : undefined));
    // The user's own choice stands: set back to plain text, it stays plain text.
    await vscode.languages.setTextDocumentLanguage(document, 'plaintext');
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(document.languageId, 'plaintext');
    // ...until they ask for it.
    const again = await vscode.commands.executeCommand<vscode.TextDocument>('ilacs.readAsReport', uri);
    assert.equal(again?.languageId, 'ilacs-report');
  });

  it('wraps long report lines by default, and only in reports', () => {
    assert.equal(vscode.workspace.getConfiguration('editor', { languageId: 'ilacs-report' }).get('wordWrap'), 'on');
    assert.equal(vscode.workspace.getConfiguration('editor', { languageId: 'plaintext' }).get('wordWrap'), 'off');
  });
});
