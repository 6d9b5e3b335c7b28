import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID } from './helpers';

async function openReport(name: string): Promise<vscode.TextDocument> {
  await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace is not open');
  const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, name));
  await vscode.window.showTextDocument(document);
  return document;
}

function flatten(symbols: vscode.DocumentSymbol[]): vscode.DocumentSymbol[] {
  return symbols.flatMap((s) => [s, ...flatten(s.children)]);
}

describe('report outline, folding and summary', () => {
  it('lists judgement sections with their grades and numbered paragraphs in the outline', async () => {
    const document = await openReport('northmere__14-march-2024.txt');
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', document.uri);
    assert.ok(symbols && symbols.length > 0, 'no document symbols for the report');
    const all = flatten(symbols);
    const judgement = all.find((s) => /help and protection/i.test(s.name));
    assert.ok(judgement, `no help and protection section in ${all.map((s) => s.name).join(' | ')}`);
    assert.match(judgement.detail, /good|requires improvement|inadequate|outstanding/i);
    const paragraphOne = all.find((s) => /^1\. /.test(s.name));
    assert.ok(paragraphOne, 'numbered paragraph 1 is not in the outline');
    assert.ok(judgement.range.contains(paragraphOne.range), 'paragraph 1 is not inside its judgement section');
  });

  it('folds each section', async () => {
    const document = await openReport('northmere__14-march-2024.txt');
    const ranges = await vscode.commands.executeCommand<vscode.FoldingRange[]>('vscode.executeFoldingRangeProvider', document.uri);
    assert.ok(ranges && ranges.length > 3, `expected folding ranges per section, got ${ranges?.length ?? 0}`);
    for (const r of ranges) assert.ok(r.start < r.end && r.end < document.lineCount);
  });

  it('summarises the active report', async () => {
    await openReport('northmere__14-march-2024.txt');
    const report = await vscode.commands.executeCommand<{ kind: string; localAuthority: string; judgements: unknown[] }>('ilacs.showReportSummary');
    assert.ok(report, 'the summary command returned nothing');
    assert.equal(report.kind, 'inspection');
    assert.equal(report.localAuthority, 'Northmere');
    assert.ok(report.judgements.length >= 4);
  });
});
