/**
 * A workspace-wide structure kept in step with the views' per-report cache (`ImprovementModel`), one
 * report at a time: both recurrence indexes (criteria in `hoverProvider.ts`, paragraphs in
 * `recurrences.ts`) are built this way. The model replaces a report's entry only when the report, its
 * tags or the codebook change, so bringing the structure up to date touches only the reports whose
 * entries are new, and gives the extension host back every few milliseconds while it works.
 *
 * Reports are known by `reportKey`: the folder-relative path in a workspace of one folder, the URI
 * when there are several, where two folders may hold the same path.
 */
import * as vscode from 'vscode';
import type { Services } from './services';
import { succeedsWithin } from './timing';
import type { ImprovementModel, ReportEntry } from './views/improvementModel';

/** How long a slice of work may hold the extension host before it yields. */
const SLICE_MS = 15;

/** The name a workspace-wide structure knows the report at `uri` by (`file`: its folder-relative path). */
export function reportKey(uri: vscode.Uri, file: string): string {
  return (vscode.workspace.workspaceFolders?.length ?? 0) > 1 ? uri.toString() : file;
}

export abstract class ReportMirror implements vscode.Disposable {
  /** Whether the structure has been filled at least once. */
  filled = false;
  private stale = true;
  private pending: Promise<void> | undefined;
  private readonly entryOf = new Map<string, ReportEntry>();
  private readonly uriOf = new Map<string, vscode.Uri>();
  protected readonly disposables: vscode.Disposable[] = [];

  constructor(
    protected readonly services: Services,
    protected readonly model: ImprovementModel,
    /** Named in the log when an update fails ("Recurring findings could not be indexed"). */
    private readonly failure: string,
  ) {
    this.disposables.push(model.onDidChange(() => (this.stale = true)));
  }

  /** Brings the structure up to date (reading the workspace first if nobody has yet). */
  update(): Promise<void> {
    if (!this.pending && this.stale) {
      this.stale = false;
      const run = Promise.resolve(this.run(() => this.sync())).finally(() => {
        if (this.pending === run) this.pending = undefined;
      });
      run.catch((err: unknown) => {
        this.stale = true;
        this.services.log.error(`${this.failure}: ${err instanceof Error ? err.message : String(err)}`);
      });
      this.pending = run;
    }
    return this.pending ?? Promise.resolve();
  }

  /** `update()`, waited for at most `ms`; true when the structure is up to date. */
  async updateWithin(ms: number): Promise<boolean> {
    return (await succeedsWithin(this.update(), ms)) && !this.stale;
  }

  /** The URI of the report known by `key`. */
  uri(key: string): vscode.Uri | undefined {
    return this.uriOf.get(key);
  }

  /** How an update runs: as it is, unless a subclass wraps it (in progress, say). */
  protected run(work: () => Promise<void>): Thenable<void> {
    return work();
  }

  /** Called once before the entries are applied, with every current entry by key. */
  protected prepare(_entries: ReadonlyMap<string, ReportEntry>): void | Promise<void> {}

  /** Takes in a report whose entry is new (or whose entry changed). */
  protected abstract apply(key: string, entry: ReportEntry): void | Promise<void>;

  /** Lets go of a report that is no longer in the workspace. */
  protected abstract remove(key: string): void;

  /** Called after an update that applied or removed at least one report. */
  protected changed(): void {}

  /** Marks an entry as applied already (a subclass that took the report from elsewhere). */
  protected adopt(key: string, entry: ReportEntry): void {
    this.entryOf.set(key, entry);
  }

  private async sync(): Promise<void> {
    const entries = await this.model.reports();
    const byKey = new Map(entries.map((e) => [reportKey(e.indexed.uri, e.indexed.report.file), e]));
    await this.prepare(byKey);
    let touched = false;
    let sliceStart = Date.now();
    for (const [key, entry] of byKey) {
      this.uriOf.set(key, entry.indexed.uri);
      if (this.entryOf.get(key) === entry) continue;
      if (Date.now() - sliceStart > SLICE_MS) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        sliceStart = Date.now();
      }
      await this.apply(key, entry);
      this.entryOf.set(key, entry);
      touched = true;
    }
    for (const key of [...this.entryOf.keys()]) {
      if (byKey.has(key)) continue;
      this.remove(key);
      this.entryOf.delete(key);
      this.uriOf.delete(key);
      touched = true;
    }
    this.filled = true;
    if (touched) this.changed();
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
