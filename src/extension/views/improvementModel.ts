/**
 * What the ILACS views show, per report: its improvement items and its orphaned tags, as the
 * report's workspace session (`core/session`) computes and keeps them until the report, its tags or
 * the codebook change. This class gathers the folders' entries under their URIs and merges the
 * items with their follow-ups across folders.
 */
import * as vscode from 'vscode';
import type { Codebook } from '../../core/codebook';
import { attachFollowUps, FollowUpIndex } from '../../core/followups';
import { mergeImprovementItems, type ImprovementItem } from '../../core/workspace/improvements';
import type { ResolvedAnnotation } from '../../core/workspace/resolve';
import type { ReportKey } from '../annotationService';
import type { Services } from '../services';
import type { IndexedReport } from '../workspaceIndex';

export interface ReportEntry {
  indexed: IndexedReport;
  key: ReportKey | undefined;
  items: ImprovementItem[];
  orphans: ResolvedAnnotation[];
  /** Every tag of the report, resolved on its current text (what recurring findings read). */
  resolved: ResolvedAnnotation[];
}

export class ImprovementModel implements vscode.Disposable {
  private readonly entries = new Map<string, Promise<ReportEntry>>();
  private merged: Promise<ImprovementItem[]> | undefined;
  /** Grows with every invalidation: a merge that finishes after one does not replace the lookups. */
  private generation = 0;
  private readonly byKey = new Map<string, { item: ImprovementItem; uri: vscode.Uri }>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri[] | undefined>();
  /** Fires with the reports whose items changed, or undefined when any may have. */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(readonly services: Services) {
    this.disposables.push(
      services.index.onDidChange((uris) => this.invalidate(uris)),
      services.annotations.onDidChange((key) => this.invalidate(key ? [vscode.Uri.joinPath(key.folder.uri, ...key.report.split('/'))] : undefined)),
      services.codebooks.onDidChange(() => this.invalidate(undefined)),
    );
  }

  private invalidate(uris: vscode.Uri[] | undefined): void {
    this.generation++;
    if (uris) for (const u of uris) this.entries.delete(u.toString());
    else this.entries.clear();
    this.merged = undefined;
    this.changed.fire(uris);
  }

  codebook(): Promise<Codebook> {
    return this.services.codebooks.codebookFor(vscode.workspace.workspaceFolders?.[0]?.uri);
  }

  /** The entries of every report in the workspace (the index is built first, with progress). */
  async reports(): Promise<ReportEntry[]> {
    await this.services.index.ensureBuilt();
    return Promise.all(this.services.index.all().map((r) => this.entry(r)));
  }

  /** One report's entry, computed on first use. */
  entry(indexed: IndexedReport): Promise<ReportEntry> {
    const k = indexed.uri.toString();
    let pending = this.entries.get(k);
    if (!pending) {
      pending = this.compute(indexed);
      this.entries.set(k, pending);
      // A failure is not cached: the next call tries again.
      pending.catch(() => this.entries.get(k) === pending && this.entries.delete(k));
    }
    return pending;
  }

  /**
   * A report's entry from its folder's session: the report as read now (its tags resolved on the
   * very text it was parsed from, through the one tag filter) and its items by the codebook in force.
   */
  private async compute(from: IndexedReport): Promise<ReportEntry> {
    const session = this.services.sessions.of(from.folder);
    // Codebook first: it also refreshes the codebook's problems in the Problems panel.
    await this.services.codebooks.codebookFor(from.uri);
    const loaded = await session.report(from.loaded.file);
    const indexed = this.services.index.entry(from.folder, loaded) ?? from;
    const items = await session.reportItems(indexed.loaded.file);
    const resolved: ResolvedAnnotation[] = indexed.loaded.annotations;
    return { indexed, key: this.services.annotations.keyOf(indexed.uri), items, orphans: resolved.filter((r) => r.orphaned), resolved };
  }

  /** Every item in the workspace, sorted, with evidence links (merged again only after a change). */
  items(): Promise<ImprovementItem[]> {
    this.merged ??= (async () => {
      const generation = this.generation;
      const entries = await this.reports();
      // Each item followed through the later reports of its authority (see core/followups).
      const followUps = new FollowUpIndex(
        entries.map((e) => ({ file: e.indexed.report.file, report: e.indexed.report })),
        await this.codebook(),
      );
      const merged = attachFollowUps(mergeImprovementItems(entries.map((e) => e.items)), followUps);
      const uriOf = new Map(entries.map((e) => [e.indexed.report.file, e.indexed.uri]));
      // A merge overtaken by a change does not replace what a newer one looked up.
      if (generation === this.generation) {
        this.byKey.clear();
        for (const item of merged) this.byKey.set(item.key, { item, uri: uriOf.get(item.report) as vscode.Uri });
      }
      return merged;
    })();
    const pending = this.merged;
    pending.catch(() => this.merged === pending && (this.merged = undefined));
    return pending;
  }

  /** An item of the last merge by its key, with its report's URI. */
  lookup(key: string): { item: ImprovementItem; uri: vscode.Uri } | undefined {
    return this.byKey.get(key);
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

