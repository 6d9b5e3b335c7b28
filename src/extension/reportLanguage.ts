/**
 * The Ofsted report language (`ilacs-report`): every feature of the extension (grammar, hover,
 * CodeLens, decorations, symbols, folding, tagging) applies to documents in this language only, so
 * any other plain-text or Markdown file looks and behaves as it would without the extension.
 *
 * A document is in the report language when
 * - its name follows the product's naming (`authority__17-december-2021.txt`: the manifest's
 *   `filenamePatterns`), or the user maps it with VS Code's own `files.associations` (the
 *   **Read Folder as Reports** command writes those entries for a folder);
 * - or it is a plain-text or Markdown file that reads as an inspection report (the core's strict
 *   `looksLikeInspectionReport`): switched once when it opens, and never again if the user changes
 *   it back, so the choice stays theirs;
 * - or the user runs **Read as Ofsted Report**, or a tagging command, on it.
 */
import * as vscode from 'vscode';
import { looksLikeInspectionReport } from '../core/parser/recognise';
import { isReportFileName } from '../core/workspace/scan';

export const REPORT_LANGUAGE = 'ilacs-report';

/** Languages a report may arrive in before it is recognised. */
/**
 * Where saved reports are read from: the disk, and the file systems workspace folders have in the
 * browser (code-server's and remote tunnels' `vscode-remote`, vscode.dev's `vscode-vfs`, the test
 * host's `vscode-test-web`). Not diff views, git history or output panes.
 */
export const SAVED_REPORT_SCHEMES: readonly string[] = ['file', 'vscode-remote', 'vscode-vfs', 'vscode-test-web'];

/** Whether a document's scheme is one reports are read from: saved (see SAVED_REPORT_SCHEMES) or untitled. */
export function isReportScheme(scheme: string): boolean {
  return scheme === 'untitled' || SAVED_REPORT_SCHEMES.includes(scheme);
}

const CANDIDATE_LANGUAGES = new Set(['plaintext', 'markdown']);

/** Larger documents are not sniffed (nor parsed: see `MAX_REPORT_CHARS`). */
const MAX_SNIFFED_CHARS = 16 * 1024 * 1024;

function isCandidate(document: vscode.TextDocument): boolean {
  return CANDIDATE_LANGUAGES.has(document.languageId) && isReportScheme(document.uri.scheme);
}

function baseName(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}

/** Gives a document the report language; the document keeps its identity (same URI, same text). */
export async function asReportDocument(document: vscode.TextDocument): Promise<vscode.TextDocument> {
  if (document.languageId === REPORT_LANGUAGE) return document;
  return vscode.languages.setTextDocumentLanguage(document, REPORT_LANGUAGE);
}

/** Whether a plain-text or Markdown document should be switched to the report language unasked. */
export function shouldRecognise(document: vscode.TextDocument): boolean {
  if (!isCandidate(document)) return false;
  if (document.uri.scheme !== 'untitled' && !isReportFileName(baseName(document.uri))) return false;
  const text = document.getText();
  return text.length > 0 && text.length <= MAX_SNIFFED_CHARS && looksLikeInspectionReport(text);
}

export function registerReportLanguage(): vscode.Disposable {
  /** Documents already judged (by URI): each is switched at most once, so a user's own choice of language stands. */
  const judged = new Set<string>();
  const consider = (document: vscode.TextDocument): void => {
    if (!isCandidate(document)) return;
    const key = document.uri.toString();
    if (judged.has(key)) return;
    // An untitled document opens empty and is filled by a paste or an edit: judge it once it has text.
    if (document.getText().trim().length === 0) return;
    judged.add(key);
    if (shouldRecognise(document)) void asReportDocument(document).then(undefined, () => judged.delete(key));
  };
  const disposables: vscode.Disposable[] = [
    vscode.workspace.onDidOpenTextDocument(consider),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document.uri.scheme === 'untitled') consider(e.document);
    }),
    vscode.workspace.onDidCloseTextDocument((d) => {
      // A closed untitled document's URI may be reused for a new one.
      if (d.uri.scheme === 'untitled') judged.delete(d.uri.toString());
    }),
    vscode.commands.registerCommand('ilacs.readAsReport', async (uri?: vscode.Uri) => {
      const document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
      if (!document) {
        void vscode.window.showInformationMessage('Open the report first: Read as Ofsted Report works on the document in the active editor.');
        return undefined;
      }
      judged.add(document.uri.toString());
      return asReportDocument(document);
    }),
    vscode.commands.registerCommand('ilacs.readFolderAsReports', async (folder?: vscode.Uri) => {
      const target = folder ?? (await pickFolder());
      if (!target) return undefined;
      const workspaceFolder = vscode.workspace.getWorkspaceFolder(target);
      if (!workspaceFolder) {
        void vscode.window.showErrorMessage(`${target.fsPath} is not inside an open workspace folder: open it first, then mark it.`);
        return undefined;
      }
      const relative = vscode.workspace.asRelativePath(target, false);
      const prefix = relative === target.fsPath || relative === '' ? '' : `${relative.replace(/\\/g, '/')}/`;
      const patterns = [`**/${prefix}**/*.txt`, `**/${prefix}**/*.md`].map((p) => p.replace('**/**/', '**/'));
      const config = vscode.workspace.getConfiguration('files', workspaceFolder.uri);
      const current = { ...(config.get<Record<string, string>>('associations') ?? {}) };
      for (const p of patterns) current[p] = REPORT_LANGUAGE;
      await config.update('associations', current, vscode.ConfigurationTarget.WorkspaceFolder);
      void vscode.window.showInformationMessage(
        `Plain-text and Markdown files in ${prefix ? prefix.slice(0, -1) : workspaceFolder.name} now open as Ofsted reports (files.associations in the folder's settings).`,
      );
      return patterns;
    }),
  ];
  for (const document of vscode.workspace.textDocuments) consider(document);
  return vscode.Disposable.from(...disposables);
}

async function pickFolder(): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: false, openLabel: 'Read as Reports' });
  return picked?.[0];
}
