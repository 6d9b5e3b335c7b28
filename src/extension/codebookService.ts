/**
 * The codebook in force for each workspace folder: the built-in one, extended or replaced by
 * `.ilacs/codebook.json`, as each folder's workspace session reads it. An invalid file shows its
 * errors (with line numbers) in the Problems panel and the extension carries on with the last valid
 * codebook, as the CLI does.
 */
import * as vscode from 'vscode';
import { Codebook, CODEBOOK_FILE, builtinCodebook, parseCodebookJson, type CodebookError } from '../core/codebook';
import type { CodebookState } from '../core/session';
import type { WorkspaceSessions } from './sessions';

export class CodebookService implements vscode.Disposable {
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('ilacs-codebook');
  /** The codebook state each folder's problems were last shown for. */
  private readonly shown = new Map<string, CodebookState>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.diagnostics, this.changed];

  constructor(private readonly sessions: WorkspaceSessions) {
    this.disposables.push(sessions.onDidChange(({ change }) => change.codebook && this.changed.fire()));
    // Unsaved edits to the codebook are checked as the user types, after a short pause.
    let pending: ReturnType<typeof setTimeout> | undefined;
    this.disposables.push(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (!e.document.uri.path.endsWith(`/${CODEBOOK_FILE}`)) return;
        if (pending) clearTimeout(pending);
        pending = setTimeout(() => this.check(e.document.uri, e.document.getText()), 300);
      }),
      { dispose: () => pending && clearTimeout(pending) },
    );
  }

  /**
   * The codebook for the folder holding `uri` (the first folder, or the built-in codebook, when
   * there is none): the folder's session's, by the one policy (an invalid file's errors are shown
   * in the Problems panel and the last valid codebook stays in force).
   */
  async codebookFor(uri?: vscode.Uri): Promise<Codebook> {
    const folder = (uri && vscode.workspace.getWorkspaceFolder(uri)) ?? vscode.workspace.workspaceFolders?.[0];
    if (!folder) return builtinCodebook();
    const state = await this.sessions.of(folder).codebook();
    // The Problems panel is brought up to date once per reading of the file, not once per caller.
    const key = folder.uri.toString();
    if (this.shown.get(key) !== state) {
      this.shown.set(key, state);
      const file = vscode.Uri.joinPath(folder.uri, ...CODEBOOK_FILE.split('/'));
      if (state.errors.length === 0) this.diagnostics.delete(file);
      else this.diagnostics.set(file, state.errors.map((e) => errorDiagnostic(e)));
    }
    return state.codebook;
  }

  /** Validates codebook text, updating the Problems panel. Returns the codebook when it is valid. */
  private check(file: vscode.Uri, text: string): Codebook | undefined {
    const result = parseCodebookJson(text, vscode.workspace.asRelativePath(file));
    if (result.ok) {
      this.diagnostics.delete(file);
      return result.codebook;
    }
    this.diagnostics.set(file, result.errors.map((e) => errorDiagnostic(e)));
    return undefined;
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

function errorDiagnostic(e: CodebookError): vscode.Diagnostic {
  const range = new vscode.Range(e.range.start.line, e.range.start.character, e.range.end.line, Math.max(e.range.end.character, e.range.start.character + 1));
  return problem(range, `${e.path ? `${e.path}: ` : ''}${e.message} (ILACS Annotator keeps using the last valid codebook)`);
}

function problem(range: vscode.Range, message: string): vscode.Diagnostic {
  const d = new vscode.Diagnostic(range, message, vscode.DiagnosticSeverity.Error);
  d.source = 'ILACS Annotator';
  return d;
}
