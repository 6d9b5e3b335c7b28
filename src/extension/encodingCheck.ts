/**
 * A report saved as Windows-1252 (by older tools) opened as UTF-8 shows its curly quotes and
 * pound signs as replacement characters, and tags made on that text would not match the report
 * the CLI reads. When such a report is opened, say so once and offer "Reopen with Encoding".
 */
import * as vscode from 'vscode';
import { decodeReport } from '../core/parser';
import { isReportDocument } from './reportCache';
import type { Services } from './services';

/** Whether the document shows replacement characters where its file holds Windows-1252 text. */
export async function isMisreadWindows1252(document: vscode.TextDocument): Promise<boolean> {
  if (!isReportDocument(document) || document.uri.scheme === 'untitled') return false;
  if (document.getText().indexOf('\uFFFD') < 0) return false;
  try {
    return decodeReport(document.uri.fsPath, await vscode.workspace.fs.readFile(document.uri)).encoding === 'windows1252';
  } catch {
    return false;
  }
}

export function registerEncodingCheck(services: Services): vscode.Disposable {
  const warned = new Set<string>();
  const check = async (document: vscode.TextDocument): Promise<void> => {
    if (warned.has(document.uri.toString()) || !(await isMisreadWindows1252(document))) return;
    warned.add(document.uri.toString());
    const name = vscode.workspace.asRelativePath(document.uri);
    services.log.warn(`${name} is Windows-1252 text shown as UTF-8`);
    const reopen = 'Reopen as Windows-1252';
    const choice = await vscode.window.showWarningMessage(
      `${name} is saved as Windows-1252, so some characters show as �. Reopen it with that encoding before tagging, so tags match the report's text.`,
      reopen,
    );
    if (choice === reopen && vscode.window.activeTextEditor?.document === document) {
      await vscode.commands.executeCommand('workbench.action.editor.changeEncoding');
    }
  };
  for (const d of vscode.workspace.textDocuments) void check(d).catch(() => undefined);
  return vscode.Disposable.from(vscode.workspace.onDidOpenTextDocument((d) => void check(d).catch(() => undefined)), { dispose: () => warned.clear() });
}
