/**
 * The Getting Started walkthrough's buttons: each step does its job on the fictional sample
 * reports (copied into the workspace when they are not there yet), so a new user sees the product
 * work before bringing their own reports. The walkthrough ticks a step when its command has run
 * (its `completionEvents` in the manifest); the first step also ticks as soon as the workspace has a
 * report, which is looked for cheaply here rather than waiting for the views to build their index.
 */
import * as vscode from 'vscode';
import { exists } from './files';
import { REPORT_LANGUAGE } from './reportLanguage';
import type { Services } from './services';
import { addSampleReports } from './views/samples';

/** The sample inspection the walkthrough reads and tags, and the later letter whose findings recur. */
export const SAMPLE_INSPECTION = 'wexcombe__24-april-2024.txt';
export const SAMPLE_LETTER = 'wexcombe__05-november-2024.txt';

/** Opens a sample report of the workspace (copying the samples in first, after asking, when they are missing). */
async function openSample(services: Services, name: string): Promise<vscode.TextEditor | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    await addSampleReports(services.context.extensionUri);
    return undefined;
  }
  let uri = vscode.Uri.joinPath(folder.uri, 'samples', name);
  if (!(await exists(uri))) {
    const target = await addSampleReports(services.context.extensionUri);
    if (!target) return undefined;
    uri = vscode.Uri.joinPath(target, name);
  }
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
}

/** Puts the cursor at the start of the report's paragraph whose id starts with `prefix` (else its first numbered one). */
function placeCursor(services: Services, editor: vscode.TextEditor, prefix?: string): void {
  const report = services.reports.get(editor.document);
  if (!report) return;
  const paragraph = (prefix ? report.paragraphs.find((p) => p.id.startsWith(prefix)) : undefined) ?? report.paragraphs.find((p) => p.number !== null) ?? report.paragraphs[0];
  if (!paragraph) return;
  const at = new vscode.Position(paragraph.range.start.line, paragraph.range.start.character);
  editor.selection = new vscode.Selection(at, at);
  editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenter);
}

export function registerWalkthrough(services: Services): vscode.Disposable {
  const setHasReports = (value: boolean): Thenable<unknown> => vscode.commands.executeCommand('setContext', 'ilacs.hasReports', value);
  const look = async (): Promise<void> => {
    const found = await vscode.workspace.findFiles('**/*__*.{txt,md}', '**/{node_modules,.git,.ilacs}/**', 1);
    if (found.length > 0 || vscode.workspace.textDocuments.some((d) => d.languageId === REPORT_LANGUAGE)) await setHasReports(true);
  };
  void look();
  return vscode.Disposable.from(
    vscode.workspace.onDidOpenTextDocument((d) => {
      if (d.languageId === REPORT_LANGUAGE) void setHasReports(true);
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => void look()),
    vscode.commands.registerCommand('ilacs.walkthrough.readSample', async () => {
      const editor = await openSample(services, SAMPLE_INSPECTION);
      if (editor) placeCursor(services, editor);
      return editor?.document.uri;
    }),
    vscode.commands.registerCommand('ilacs.walkthrough.tagSample', async () => {
      const editor = await openSample(services, SAMPLE_INSPECTION);
      if (!editor) return undefined;
      placeCursor(services, editor);
      return vscode.commands.executeCommand('ilacs.tagParagraph');
    }),
    vscode.commands.registerCommand('ilacs.walkthrough.recurrenceSample', async () => {
      const editor = await openSample(services, SAMPLE_LETTER);
      if (!editor) return undefined;
      placeCursor(services, editor, 'findings-and-evaluation-of-progress');
      return vscode.commands.executeCommand('ilacs.findRecurrences');
    }),
  );
}
