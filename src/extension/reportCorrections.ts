/**
 * The user's report corrections (`.ilacs/reports.json` of each workspace folder) in the editor:
 * read once per folder, watched, applied to every report the views, hovers and exports see, and
 * written through the core's `CorrectionStore`. A file that cannot be read is shown in the Problems
 * panel and is not written to until it is fixed.
 */
import * as vscode from 'vscode';

import { applyCorrection, CORRECTIONS_FILE, correctionFor, CorrectionStore, type CorrectionChange, type CorrectionsFile, type ReportCorrection } from '../core/corrections';
import type { Report } from '../core/model';
import type { StoreFileSystem } from '../core/annotations';

interface FolderState {
  store: CorrectionStore;
  /** The corrections as last read; null when the file cannot be read. */
  data: CorrectionsFile | null;
  loading: Promise<void> | undefined;
}

export class ReportCorrections implements vscode.Disposable {
  private readonly folders = new Map<string, FolderState>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the corrections of any folder changed (on disk or from here). */
  readonly onDidChange = this.changed.event;
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('ilacs-report-corrections');
  private readonly disposables: vscode.Disposable[] = [this.changed, this.diagnostics];

  /** `storeFileSystem`: how a workspace folder's `.ilacs/` is reached (the host's, as for the tag store). */
  constructor(private readonly storeFileSystem: (folder: vscode.WorkspaceFolder) => StoreFileSystem) {
    const watcher = vscode.workspace.createFileSystemWatcher(`**/${CORRECTIONS_FILE}`);
    const reread = (uri: vscode.Uri): void => {
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      if (folder) void this.reload(folder);
    };
    this.disposables.push(watcher, watcher.onDidChange(reread), watcher.onDidCreate(reread), watcher.onDidDelete(reread));
    this.disposables.push(
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        this.folders.clear();
        this.changed.fire();
      }),
    );
  }

  private state(folder: vscode.WorkspaceFolder): FolderState {
    const key = folder.uri.toString();
    let state = this.folders.get(key);
    if (!state) {
      const fs = this.storeFileSystem(folder);
      state = { store: new CorrectionStore(fs), data: null, loading: undefined };
      this.folders.set(key, state);
      state.loading = this.read(folder, state);
    }
    return state;
  }

  private async read(folder: vscode.WorkspaceFolder, state: FolderState): Promise<void> {
    const result = await state.store.load();
    const file = vscode.Uri.joinPath(folder.uri, ...CORRECTIONS_FILE.split('/'));
    if (result.ok) {
      state.data = result.data;
      this.diagnostics.delete(file);
    } else {
      state.data = null;
      this.diagnostics.set(
        file,
        result.diagnostics.map((d) => {
          const at = new vscode.Position(d.line - 1, d.column - 1);
          const diagnostic = new vscode.Diagnostic(new vscode.Range(at, at), `${d.message} (report corrections are not read or written until this is fixed)`, vscode.DiagnosticSeverity.Error);
          diagnostic.source = 'ILACS Annotator';
          return diagnostic;
        }),
      );
    }
  }

  private async reload(folder: vscode.WorkspaceFolder): Promise<void> {
    const state = this.state(folder);
    await state.loading;
    state.loading = this.read(folder, state);
    await state.loading;
    this.changed.fire();
  }

  /** The folder and workspace-relative path of a report file, or undefined outside every folder. */
  keyOf(uri: vscode.Uri): { folder: vscode.WorkspaceFolder; file: string } | undefined {
    if (uri.scheme !== 'file') return undefined;
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return undefined;
    return { folder, file: vscode.workspace.asRelativePath(uri, false).replace(/\\/g, '/') };
  }

  /** The report's correction, once the folder's file has been read. */
  async correctionOf(uri: vscode.Uri): Promise<ReportCorrection | undefined> {
    const key = this.keyOf(uri);
    if (!key) return undefined;
    const state = this.state(key.folder);
    await state.loading;
    return correctionFor(state.data, key.file);
  }

  /** The report with its correction applied (waits for the folder's file to be read). */
  async apply(uri: vscode.Uri, report: Report): Promise<Report> {
    return applyCorrection(report, await this.correctionOf(uri));
  }

  /**
   * The report with its correction applied, from what is already read; the first call for a folder
   * starts reading it and fires `onDidChange` when done, so callers ask again.
   */
  applyNow(uri: vscode.Uri, report: Report): Report {
    const key = this.keyOf(uri);
    if (!key) return report;
    const known = this.folders.has(key.folder.uri.toString());
    const state = this.state(key.folder);
    if (!known) void state.loading?.then(() => this.changed.fire());
    return applyCorrection(report, correctionFor(state.data, key.file));
  }

  /** Sets or removes corrections of one report (errors as the core throws them); fires `onDidChange`. */
  async change(uri: vscode.Uri, change: CorrectionChange): Promise<ReportCorrection | undefined> {
    const key = this.keyOf(uri);
    if (!key) throw new Error(`${uri.fsPath || uri.toString()} is not in a workspace folder, so its details cannot be corrected (corrections are kept in the folder's ${CORRECTIONS_FILE})`);
    const state = this.state(key.folder);
    await state.loading;
    const result = await state.store.change(key.file, change);
    await this.reload(key.folder);
    return result;
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
