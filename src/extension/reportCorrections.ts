/**
 * The user's report corrections (`.ilacs/reports.json` of each workspace folder) in the editor. The
 * folder's workspace session reads, watches and applies them (every report the index, the views,
 * hovers and exports see has them applied); this class shows a file that cannot be read in the
 * Problems panel (it is not written to until it is fixed), applies them to open documents, and
 * writes through the session's `CorrectionStore`.
 */
import * as vscode from 'vscode';

import { applyCorrection, CORRECTIONS_FILE, correctionFor, type CorrectionChange, type CorrectionsFile, type ReportCorrection } from '../core/corrections';
import type { Report } from '../core/model';
import { workspacePathOf } from './files';
import { SAVED_REPORT_SCHEMES } from './reportLanguage';
import type { WorkspaceSessions } from './sessions';

export class ReportCorrections implements vscode.Disposable {
  /** Each folder's corrections as last read (null when the file cannot be read). */
  private readonly folders = new Map<string, { data: CorrectionsFile | null; loading: Promise<void> }>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the corrections of any folder changed (on disk or from here). */
  readonly onDidChange = this.changed.event;
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('ilacs-report-corrections');
  private readonly disposables: vscode.Disposable[] = [this.changed, this.diagnostics];

  constructor(private readonly sessions: WorkspaceSessions) {
    this.disposables.push(
      // A change of every report (undefined) is how the session tells of a corrections change.
      sessions.onDidChange(({ folder, change }) => {
        if (change.reports !== undefined || !this.folders.has(folder.uri.toString())) return;
        void this.reload(folder);
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        this.folders.clear();
        this.changed.fire();
      }),
    );
  }

  private state(folder: vscode.WorkspaceFolder): { data: CorrectionsFile | null; loading: Promise<void> } {
    const key = folder.uri.toString();
    let state = this.folders.get(key);
    if (!state) {
      const made: { data: CorrectionsFile | null; loading: Promise<void> } = { data: null, loading: Promise.resolve() };
      this.folders.set(key, made);
      made.loading = this.read(folder, made);
      state = made;
    }
    return state;
  }

  private async read(folder: vscode.WorkspaceFolder, state: { data: CorrectionsFile | null }): Promise<void> {
    const result = await this.sessions.of(folder).readCorrections();
    const file = vscode.Uri.joinPath(folder.uri, ...CORRECTIONS_FILE.split('/'));
    state.data = result.data;
    if (result.diagnostics.length === 0) {
      this.diagnostics.delete(file);
      return;
    }
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

  private async reload(folder: vscode.WorkspaceFolder): Promise<void> {
    const state = this.state(folder);
    await state.loading;
    state.loading = this.read(folder, state);
    await state.loading;
    this.changed.fire();
  }

  /** The folder and workspace-relative path of a report file, or undefined outside every folder. */
  keyOf(uri: vscode.Uri): { folder: vscode.WorkspaceFolder; file: string } | undefined {
    if (!SAVED_REPORT_SCHEMES.includes(uri.scheme)) return undefined;
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return undefined;
    return { folder, file: workspacePathOf(uri, folder) };
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
    if (!known) void state.loading.then(() => this.changed.fire());
    return applyCorrection(report, correctionFor(state.data, key.file));
  }

  /** Sets or removes corrections of one report (errors as the core throws them); fires `onDidChange`. */
  async change(uri: vscode.Uri, change: CorrectionChange): Promise<ReportCorrection | undefined> {
    const key = this.keyOf(uri);
    if (!key) throw new Error(`${uri.fsPath || uri.toString()} is not in a workspace folder, so its details cannot be corrected (corrections are kept in the folder's ${CORRECTIONS_FILE})`);
    await this.state(key.folder).loading;
    const result = await this.sessions.of(key.folder).correctionStore.change(key.file, change);
    await this.reload(key.folder);
    return result;
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
