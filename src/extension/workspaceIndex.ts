/**
 * Every report in the open workspace folders, parsed: what the tree views and cross-report
 * features read. Built on first use (with progress shown), then kept up to date one file at a
 * time as reports change on disk.
 */
import * as vscode from 'vscode';
import type { Report } from '../core/model';
import { ReportError } from '../core/model';
import { parseReport } from '../core/parser';

export const REPORT_GLOB = '**/*.{txt,md,markdown}';
const EXCLUDE_GLOB = '{**/node_modules/**,**/.git/**,**/.ilacs/**,**/.vscode-test/**,**/.cache/**}';
const NOT_REPORTS = /^(?:readme|changelog|license|licence|contributing|code_of_conduct)(?:\.[a-z]+)?$/i;
/** Files larger than this are listed as problems rather than parsed. */
const MAX_REPORT_BYTES = 32 * 1024 * 1024;

export interface IndexedReport {
  uri: vscode.Uri;
  report: Report;
}

export interface IndexProblem {
  uri: vscode.Uri;
  message: string;
}

export class WorkspaceIndex implements vscode.Disposable {
  private readonly reports = new Map<string, IndexedReport>();
  private readonly problems = new Map<string, IndexProblem>();
  private ready: Thenable<void> | undefined;
  private readonly changed = new vscode.EventEmitter<vscode.Uri[] | undefined>();
  /** Fires with the reports that changed, or undefined after a full rebuild. */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private pending = new Map<string, vscode.Uri>();
  private flushTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    const watcher = vscode.workspace.createFileSystemWatcher(REPORT_GLOB);
    this.disposables.push(
      watcher,
      watcher.onDidChange((u) => this.queue(u)),
      watcher.onDidCreate((u) => this.queue(u)),
      watcher.onDidDelete((u) => this.queue(u)),
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        this.ready = undefined;
        this.reports.clear();
        this.problems.clear();
        this.changed.fire(undefined);
      }),
    );
  }

  /** Builds the index the first time it is asked for, showing progress. */
  ensureBuilt(): Thenable<void> {
    this.ready ??= vscode.window.withProgress(
      { location: { viewId: 'ilacs.improvements' }, title: 'Reading reports' },
      async () => {
        const uris = (await vscode.workspace.findFiles(REPORT_GLOB, EXCLUDE_GLOB)).filter((u) => isReportFile(u));
        uris.sort((a, b) => a.toString().localeCompare(b.toString()));
        // Read in batches so hundreds of reports do not open hundreds of files at once.
        for (let i = 0; i < uris.length; i += 32) {
          await Promise.all(uris.slice(i, i + 32).map((u) => this.load(u)));
        }
        this.changed.fire(undefined);
      },
    );
    return this.ready;
  }

  all(): IndexedReport[] {
    return [...this.reports.values()].sort((a, b) => a.uri.toString().localeCompare(b.uri.toString()));
  }

  get(uri: vscode.Uri): IndexedReport | undefined {
    return this.reports.get(uri.toString());
  }

  allProblems(): IndexProblem[] {
    return [...this.problems.values()];
  }

  private queue(uri: vscode.Uri): void {
    if (!this.ready || !isReportFile(uri)) return;
    this.pending.set(uri.toString(), uri);
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = setTimeout(() => void this.flush(), 150);
  }

  private async flush(): Promise<void> {
    const uris = [...this.pending.values()];
    this.pending = new Map();
    await Promise.all(uris.map((u) => this.load(u)));
    this.changed.fire(uris);
  }

  private async load(uri: vscode.Uri): Promise<void> {
    const key = uri.toString();
    let bytes: Uint8Array;
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.size > MAX_REPORT_BYTES) {
        this.reports.delete(key);
        this.problems.set(key, { uri, message: `${vscode.workspace.asRelativePath(uri)} is ${(stat.size / 1048576).toFixed(0)} MB, too large to read as a report` });
        return;
      }
      bytes = await vscode.workspace.fs.readFile(uri);
    } catch {
      this.reports.delete(key);
      this.problems.delete(key);
      return;
    }
    try {
      const report = parseReport(vscode.workspace.asRelativePath(uri, false).replace(/\\/g, '/'), bytes);
      this.reports.set(key, { uri, report });
      this.problems.delete(key);
    } catch (err) {
      this.reports.delete(key);
      if (err instanceof ReportError) this.problems.set(key, { uri, message: err.message });
      else throw err;
    }
  }

  dispose(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

export function isReportFile(uri: vscode.Uri): boolean {
  const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
  if (NOT_REPORTS.test(name)) return false;
  return !/\/(?:node_modules|\.git|\.ilacs|\.cache)\//.test(uri.path);
}
