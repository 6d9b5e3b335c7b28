/**
 * Every report in the open workspace folders, parsed: what the tree views and cross-report
 * features read. Built on first use (with progress shown), then kept up to date one file at a
 * time as reports change on disk.
 */
import * as vscode from 'vscode';
import type { Report } from '../core/model';
import { ReportError } from '../core/model';
import { decodeReport, parseReportText } from '../core/parser';
import { readProblem } from '../core/files';
import { isReportPath } from '../core/workspace';
import type { ReportCorrections } from './reportCorrections';
import { readWorkspaceFile, workspacePathOf } from './files';
import { SAVED_REPORT_SCHEMES } from './reportLanguage';

export const REPORT_GLOB = '**/*.{txt,md,markdown}';
const EXCLUDE_GLOB = '{**/node_modules/**,**/.git/**,**/.ilacs/**,**/.vscode-test/**,**/.cache/**}';
/** Files larger than this are reported in the log rather than parsed. */
const MAX_REPORT_BYTES = 32 * 1024 * 1024;

export interface IndexedReport {
  uri: vscode.Uri;
  report: Report;
  /** The text the report was parsed from: tags are resolved on exactly this text. */
  text: string;
}

export class WorkspaceIndex implements vscode.Disposable {
  private readonly reports = new Map<string, IndexedReport>();
  private ready: Thenable<void> | undefined;
  private readonly changed = new vscode.EventEmitter<vscode.Uri[] | undefined>();
  /** Fires with the reports that changed, or undefined after a full rebuild. */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private pending = new Map<string, vscode.Uri>();
  private flushTimer: ReturnType<typeof setTimeout> | undefined;

  private watching = false;
  private built = false;

  /** Each report as parsed, before the user's corrections (which are applied again when they change). */
  private readonly parsed = new Map<string, Report>();

  constructor(
    private readonly log?: vscode.LogOutputChannel,
    private readonly corrections?: ReportCorrections,
  ) {
    if (corrections) this.disposables.push(corrections.onDidChange(() => void this.applyCorrections()));
    this.disposables.push(
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        this.ready = undefined;
        this.built = false;
        this.reports.clear();
        this.parsed.clear();
        this.changed.fire(undefined);
      }),
    );
  }

  /** Whether the first build has finished (features that only refresh what exists ask before building). */
  isBuilt(): boolean {
    return this.built;
  }

  /** Report files are watched only once the index exists: until then nobody needs their changes. */
  private watch(): void {
    if (this.watching) return;
    this.watching = true;
    const watcher = vscode.workspace.createFileSystemWatcher(REPORT_GLOB);
    this.disposables.push(watcher, watcher.onDidChange((u) => this.queue(u)), watcher.onDidCreate((u) => this.queue(u)), watcher.onDidDelete((u) => this.queue(u)));
    // A folder deleted (or moved away) takes its reports with it, with no event for each file.
    const folders = vscode.workspace.createFileSystemWatcher('**/*', true, true, false);
    this.disposables.push(folders, folders.onDidDelete((u) => this.forgetFolder(u)));
  }

  private forgetFolder(folder: vscode.Uri): void {
    const prefix = `${folder.toString()}/`;
    const gone = [...this.reports.values()].filter((r) => r.uri.toString().startsWith(prefix)).map((r) => r.uri);
    if (gone.length === 0) return;
    for (const uri of gone) this.reports.delete(uri.toString());
    this.changed.fire(gone);
  }

  /** Builds the index the first time it is asked for, showing progress. */
  ensureBuilt(): Thenable<void> {
    this.watch();
    this.ready ??= vscode.window.withProgress(
      { location: { viewId: 'ilacs.improvements' }, title: 'Reading reports' },
      async () => {
        const uris = (await vscode.workspace.findFiles(REPORT_GLOB, EXCLUDE_GLOB)).filter((u) => isReportFile(u));
        uris.sort((a, b) => a.toString().localeCompare(b.toString()));
        // Read in batches so hundreds of reports do not open hundreds of files at once.
        for (let i = 0; i < uris.length; i += 32) {
          await Promise.all(uris.slice(i, i + 32).map((u) => this.load(u)));
        }
        this.built = true;
        this.changed.fire(undefined);
      },
    );
    const ready = this.ready;
    ready.then(undefined, (err: unknown) => {
      if (this.ready === ready) this.ready = undefined;
      this.log?.error(`Reading the workspace's reports failed: ${err instanceof Error ? err.message : String(err)}`);
    });
    return ready;
  }

  all(): IndexedReport[] {
    return [...this.reports.values()].sort((a, b) => a.uri.toString().localeCompare(b.uri.toString()));
  }

  get(uri: vscode.Uri): IndexedReport | undefined {
    return this.reports.get(uri.toString());
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

  /** Applies the current corrections to every report read, then tells the views. */
  private async applyCorrections(): Promise<void> {
    if (!this.corrections || !this.built) return;
    for (const [key, entry] of this.reports) {
      const parsed = this.parsed.get(key);
      if (parsed) entry.report = await this.corrections.apply(entry.uri, parsed);
    }
    this.changed.fire(undefined);
  }

  private async load(uri: vscode.Uri): Promise<void> {
    const key = uri.toString();
    let bytes: Uint8Array | undefined;
    try {
      bytes = await readWorkspaceFile(uri, MAX_REPORT_BYTES);
    } catch (err) {
      // A FIFO, a device, a folder or a file too large under a report's name: named in the log, and the others go on.
      this.reports.delete(key);
      this.log?.warn(`${vscode.workspace.asRelativePath(uri)}: ${readProblem(err)}`);
      return;
    }
    if (bytes === undefined) {
      this.reports.delete(key);
      this.parsed.delete(key);
      return;
    }
    try {
      const file = workspacePathOf(uri);
      const { text } = decodeReport(file, bytes);
      const parsed = parseReportText(file, text);
      this.parsed.set(key, parsed);
      this.reports.set(key, { uri, report: this.corrections ? await this.corrections.apply(uri, parsed) : parsed, text });
    } catch (err) {
      // One report the parser cannot read must not stop the others: it is left out and logged.
      this.reports.delete(key);
      this.parsed.delete(key);
      if (err instanceof ReportError) this.log?.info(err.message);
      else this.log?.error(`${vscode.workspace.asRelativePath(uri)}: could not be read as a report (${err instanceof Error ? err.message : String(err)})`);
    }
  }

  dispose(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

/** The same rule as the CLI's scan: report file names, outside hidden and tool folders. */
export function isReportFile(uri: vscode.Uri): boolean {
  if (!SAVED_REPORT_SCHEMES.includes(uri.scheme)) return false;
  return isReportPath(workspacePathOf(uri));
}
