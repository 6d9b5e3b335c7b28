/**
 * Every report in the open workspace folders, parsed: what the tree views and cross-report
 * features read. The reports are the workspace sessions' (`core/session`, one per folder, see
 * `sessions.ts`): parsed once per change of their text, with the user's corrections applied. This
 * class only gathers the folders' reports under their URIs, shows progress on the first read, and
 * turns the sessions' changes into the URIs of the reports that changed.
 */
import * as vscode from 'vscode';
import type { Report } from '../core/model';
import { isReportPath } from '../core/workspace';
import type { LoadedReport } from '../core/workspace/load';
import { workspacePathOf } from './files';
import { SAVED_REPORT_SCHEMES } from './reportLanguage';
import type { WorkspaceSessions } from './sessions';

export const REPORT_GLOB = '**/*.{txt,md,markdown}';

export interface IndexedReport {
  uri: vscode.Uri;
  report: Report;
  /** The text the report was parsed from: tags are resolved on exactly this text. */
  text: string;
  /** The folder's session's view of the report (its tags, statuses and plans as read). */
  loaded: LoadedReport;
  folder: vscode.WorkspaceFolder;
}

export class WorkspaceIndex implements vscode.Disposable {
  private reports = new Map<string, IndexedReport>();
  private ready: Thenable<void> | undefined;
  private readonly changed = new vscode.EventEmitter<vscode.Uri[] | undefined>();
  /** Fires with the reports that changed, or undefined after a full rebuild. */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private built = false;
  /** Each loaded report's entry, kept while the session keeps the loaded report (so unchanged reports keep their object). */
  private readonly entryOf = new WeakMap<LoadedReport, IndexedReport>();
  private pending = new Map<string, vscode.Uri>();
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private refreshAll = false;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly sessions: WorkspaceSessions,
    private readonly log?: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        this.ready = undefined;
        this.built = false;
        this.reports.clear();
        this.changed.fire(undefined);
      }),
      sessions.onDidChange(({ folder, change }) => {
        if (!this.ready) return;
        if (change.reports === undefined) this.refreshAll = true;
        else for (const file of change.reports) this.pending.set(sessions.uriOf(folder, file).toString(), sessions.uriOf(folder, file));
        // Changes come in bursts (a save writes a store file and its lock; git checks out many files).
        if (this.flushTimer) clearTimeout(this.flushTimer);
        // One flush at a time, after the first build: an older one must not finish over a newer one.
        this.flushTimer = setTimeout(() => {
          this.flushing = this.flushing.then(
            () => this.flush(),
            () => this.flush(),
          );
        }, 150);
      }),
    );
  }

  /** Whether the first build has finished (features that only refresh what exists ask before building). */
  isBuilt(): boolean {
    return this.built;
  }

  /** Builds the index the first time it is asked for, showing progress. */
  ensureBuilt(): Thenable<void> {
    this.ready ??= vscode.window.withProgress({ location: { viewId: 'ilacs.improvements' }, title: 'Reading reports' }, async () => {
      this.reports = await this.gather();
      this.built = true;
      this.changed.fire(undefined);
    });
    const ready = this.ready;
    ready.then(undefined, (err: unknown) => {
      if (this.ready === ready) this.ready = undefined;
      this.log?.error(`Reading the workspace's reports failed: ${err instanceof Error ? err.message : String(err)}`);
    });
    return ready;
  }

  /** Every readable report of every folder's session, by URI; problems are named in the log once per read. */
  private async gather(): Promise<Map<string, IndexedReport>> {
    const out = new Map<string, IndexedReport>();
    for (const { folder, session } of this.sessions.all()) {
      for (const loaded of await session.reports()) {
        const entry = this.entry(folder, loaded);
        if (entry) out.set(entry.uri.toString(), entry);
      }
    }
    return out;
  }

  /** The index's entry for a report as its folder's session read it; undefined when it is not readable. */
  entry(folder: vscode.WorkspaceFolder, loaded: LoadedReport): IndexedReport | undefined {
    if (!loaded.report || loaded.text === null) {
      if (loaded.problem !== null && !loaded.missing && !this.logged.has(loaded)) {
        this.logged.add(loaded);
        // A FIFO, a folder, a file too large or one the parser cannot read: named, and the others go on.
        this.log?.warn(`${loaded.file}: ${loaded.problem}`);
      }
      return undefined;
    }
    let entry = this.entryOf.get(loaded);
    if (!entry) {
      entry = { uri: this.sessions.uriOf(folder, loaded.file), report: loaded.report, text: loaded.text, loaded, folder };
      this.entryOf.set(loaded, entry);
    }
    return entry;
  }

  private readonly logged = new WeakSet<LoadedReport>();

  all(): IndexedReport[] {
    return [...this.reports.values()].sort((a, b) => a.uri.toString().localeCompare(b.uri.toString()));
  }

  get(uri: vscode.Uri): IndexedReport | undefined {
    return this.reports.get(uri.toString());
  }

  private async flush(): Promise<void> {
    // Changes that came in while the first build ran are taken in after it.
    await Promise.resolve(this.ready).catch(() => undefined);
    const uris = [...this.pending.values()];
    const all = this.refreshAll;
    this.refreshAll = false;
    if (all) {
      // Told of the reports that changed, not of a rebuild: an entry kept is the same object.
      const before = this.reports;
      this.reports = await this.gather();
      const changed = new Map<string, vscode.Uri>();
      for (const [key, entry] of this.reports) if (before.get(key) !== entry) changed.set(key, entry.uri);
      for (const [key, entry] of before) if (!this.reports.has(key)) changed.set(key, entry.uri);
      for (const [key, uri] of this.pending) if (!changed.has(key)) changed.set(key, uri);
      this.pending = new Map();
      if (changed.size > 0) this.changed.fire([...changed.values()]);
      return;
    }
    this.pending = new Map();
    for (const uri of uris) {
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      const session = folder && this.sessions.for(folder);
      if (!folder || !session) continue;
      const file = workspacePathOf(uri, folder);
      const entry = (await session.reportFiles()).includes(file) ? this.entry(folder, await session.report(file)) : undefined;
      if (entry) this.reports.set(uri.toString(), entry);
      else this.reports.delete(uri.toString());
    }
    this.changed.fire(uris);
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
