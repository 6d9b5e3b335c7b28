/**
 * The codebook in force for each workspace folder: the built-in one, extended or replaced by
 * `.ilacs/codebook.json`. An invalid file shows its errors (with line numbers) in the Problems panel
 * and the extension carries on with the last good codebook.
 */
import * as vscode from 'vscode';
import { MAX_FILE_BYTES, readProblem } from '../core/files';
import { readWorkspaceFile } from './files';
import { Codebook, CODEBOOK_FILE, builtinCodebook, parseCodebookJson } from '../core/codebook';

export class CodebookService implements vscode.Disposable {
  private readonly lastGood = new Map<string, Codebook>();
  private readonly loading = new Map<string, Promise<Codebook>>();
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('ilacs-codebook');
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.diagnostics, this.changed];

  constructor() {
    const watcher = vscode.workspace.createFileSystemWatcher(`**/${CODEBOOK_FILE}`);
    const reload = (): void => {
      this.loading.clear();
      this.changed.fire();
    };
    this.disposables.push(watcher, watcher.onDidChange(reload), watcher.onDidCreate(reload), watcher.onDidDelete(reload));
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

  /** The codebook for the folder holding `uri` (the first folder, or the built-in codebook, when there is none). */
  async codebookFor(uri?: vscode.Uri): Promise<Codebook> {
    const folder = (uri && vscode.workspace.getWorkspaceFolder(uri)) ?? vscode.workspace.workspaceFolders?.[0];
    if (!folder) return builtinCodebook();
    const key = folder.uri.toString();
    let pending = this.loading.get(key);
    if (!pending) {
      pending = this.load(folder);
      this.loading.set(key, pending);
    }
    return pending;
  }

  private async load(folder: vscode.WorkspaceFolder): Promise<Codebook> {
    const key = folder.uri.toString();
    const file = vscode.Uri.joinPath(folder.uri, ...CODEBOOK_FILE.split('/'));
    let text: string;
    try {
      const bytes = await readWorkspaceFile(file, MAX_FILE_BYTES);
      if (bytes === undefined) throw vscode.FileSystemError.FileNotFound(file);
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch (err) {
      if (err instanceof vscode.FileSystemError && err.code === 'FileNotFound') {
        this.diagnostics.delete(file);
        const builtin = builtinCodebook();
        this.lastGood.set(key, builtin);
        return builtin;
      }
      this.diagnostics.set(file, [problem(new vscode.Range(0, 0, 0, 0), `The codebook cannot be read: ${readProblem(err)}`)]);
      return this.lastGood.get(key) ?? builtinCodebook();
    }
    const codebook = this.check(file, text);
    if (codebook) {
      this.lastGood.set(key, codebook);
      return codebook;
    }
    return this.lastGood.get(key) ?? builtinCodebook();
  }

  /** Validates codebook text, updating the Problems panel. Returns the codebook when it is valid. */
  private check(file: vscode.Uri, text: string): Codebook | undefined {
    const result = parseCodebookJson(text, vscode.workspace.asRelativePath(file));
    if (result.ok) {
      this.diagnostics.delete(file);
      return result.codebook;
    }
    this.diagnostics.set(
      file,
      result.errors.map((e) =>
        problem(
          new vscode.Range(e.range.start.line, e.range.start.character, e.range.end.line, Math.max(e.range.end.character, e.range.start.character + 1)),
          `${e.path ? `${e.path}: ` : ''}${e.message} (ILACS Annotator keeps using the last valid codebook)`,
        ),
      ),
    );
    return undefined;
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

function problem(range: vscode.Range, message: string): vscode.Diagnostic {
  const d = new vscode.Diagnostic(range, message, vscode.DiagnosticSeverity.Error);
  d.source = 'ILACS Annotator';
  return d;
}
