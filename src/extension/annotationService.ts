/**
 * The annotation stores of the open workspace folders, seen from the editor: which report a
 * document is, its tags re-anchored on the document's current text, writes through the core store
 * (atomic, never over a file changed on disk), reloads when `.ilacs/` changes on disk, and store
 * files that cannot be read shown in the Problems panel.
 */
import * as vscode from 'vscode';
import { isReportDocument } from './reportCache';
import {
  Annotation,
  AnnotationPatch,
  AnnotationStore,
  AnchoringText,
  ImprovementPlanInput,
  ImprovementPlanRecord,
  ImprovementStatusInput,
  PlanTarget,
  ImprovementStatusRecord,
  NewAnnotation,
  NodeStoreFileSystem,
  STORE_FOLDER,
  StoreFileError,
  StoreFileSystem,
  TextChange,
  createSelectors,
  reanchor,
  reportForStoreFile,
  shiftAnchor,
  storeFileFor,
} from '../core/annotations';

/** A tag as it stands in a document now. */
export interface AnchoredAnnotation {
  annotation: Annotation;
  /** Offsets in the document text, or null for an orphan. */
  start: number;
  end: number;
  orphaned: boolean;
  range: vscode.Range | null;
}

/** Where a document's tags are kept: a workspace folder and the report's path inside it. */
export interface ReportKey {
  folder: vscode.WorkspaceFolder;
  report: string;
}

/** The store's file operations on `vscode.workspace.fs`, relative to a workspace folder. */
class WorkspaceStoreFileSystem implements StoreFileSystem {
  constructor(private readonly root: vscode.Uri) {}

  private uri(path: string): vscode.Uri {
    return vscode.Uri.joinPath(this.root, ...path.split('/'));
  }

  async readFile(path: string): Promise<Uint8Array | undefined> {
    try {
      return await vscode.workspace.fs.readFile(this.uri(path));
    } catch (err) {
      if (err instanceof vscode.FileSystemError && err.code === 'FileNotFound') return undefined;
      throw err;
    }
  }

  async writeFile(path: string, data: Uint8Array): Promise<void> {
    await vscode.workspace.fs.writeFile(this.uri(path), data);
  }

  async rename(from: string, to: string): Promise<void> {
    await vscode.workspace.fs.rename(this.uri(from), this.uri(to), { overwrite: true });
  }

  async delete(path: string): Promise<void> {
    try {
      await vscode.workspace.fs.delete(this.uri(path));
    } catch (err) {
      if (err instanceof vscode.FileSystemError && err.code === 'FileNotFound') return;
      throw err;
    }
  }

  async createDirectory(path: string): Promise<void> {
    await vscode.workspace.fs.createDirectory(this.uri(path));
  }

  async readDirectory(path: string): Promise<{ name: string; isDirectory: boolean }[] | undefined> {
    try {
      const entries = await vscode.workspace.fs.readDirectory(this.uri(path));
      return entries.map(([name, type]) => ({ name, isDirectory: (type & vscode.FileType.Directory) !== 0 }));
    } catch (err) {
      if (err instanceof vscode.FileSystemError && err.code === 'FileNotFound') return undefined;
      throw err;
    }
  }
}

/** A document's tags as they stand in its current text, kept up to date through edits. */
interface LiveAnchors {
  version: number;
  /** The report's store generation the anchors were computed for (see `generationOf`). */
  storeGeneration: string;
  anchored: AnchoredAnnotation[];
}

/** Two annotations with the same selectors anchor the same way. */
function selectorsKey(a: Annotation): string {
  const { quote, position } = a.selectors;
  return `${position.start}:${position.end}:${quote.prefix}\u0000${quote.exact}\u0000${quote.suffix}`;
}

export class AnnotationService implements vscode.Disposable {
  private readonly stores = new Map<string, AnnotationStore>();
  private readonly live = new Map<string, LiveAnchors>();
  /**
   * When each report's store file was last compared with the disk. File watchers can be late or
   * miss an event, so the file is looked at again (at most once a second) when its tags are asked
   * for; a change found this way refreshes that report exactly as a watcher event would.
   */
  private readonly checkedAt = new Map<string, number>();
  private readonly annotationsCache = new Map<string, { generation: string; annotations: Annotation[]; improvements: ImprovementStatusRecord[] }>();
  /**
   * What cached tags are checked against: a change to one report's store bumps that report's
   * count only, so other open reports keep their cached tags and anchors; a change that may touch
   * any report bumps the epoch.
   */
  private epoch = 0;
  private readonly reportGenerations = new Map<string, number>();

  private static storeKeyOf(key: ReportKey): string {
    return `${key.folder.uri.toString()}|${key.report}`;
  }

  private generationOf(cacheKey: string): string {
    return `${this.epoch}.${this.reportGenerations.get(cacheKey) ?? 0}`;
  }
  private readonly changed = new vscode.EventEmitter<ReportKey | undefined>();
  /** Fires when tags of a report (or, with undefined, of any report) may have changed. */
  readonly onDidChange = this.changed.event;
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('ilacs-annotations');
  private readonly disposables: vscode.Disposable[] = [this.changed, this.diagnostics];

  constructor() {
    const watcher = vscode.workspace.createFileSystemWatcher(`**/${STORE_FOLDER}/**/*.json`);
    const onDisk = (uri: vscode.Uri): void => this.storeFileChangedOnDisk(uri);
    this.disposables.push(watcher, watcher.onDidChange(onDisk), watcher.onDidCreate(onDisk), watcher.onDidDelete(onDisk));
    this.disposables.push(vscode.workspace.onDidChangeWorkspaceFolders(() => this.stores.clear()));
    this.disposables.push(vscode.workspace.onDidCloseTextDocument((d) => this.live.delete(d.uri.toString())));
    this.disposables.push(vscode.workspace.onDidSaveTextDocument((d) => this.adoptUntitledTags(d)));
    this.disposables.push(vscode.workspace.onDidChangeTextDocument((e) => this.followEdits(e)));
  }

  /** The store key of a document: its workspace folder and relative path (untitled documents use the first folder). */
  keyOf(uri: vscode.Uri): ReportKey | undefined {
    if (uri.scheme === 'untitled') {
      const folder = vscode.workspace.workspaceFolders?.[0];
      return folder ? { folder, report: `untitled/${uri.path.replace(/^\/+/, '')}` } : undefined;
    }
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return undefined;
    const report = vscode.workspace.asRelativePath(uri, false).replace(/\\/g, '/');
    return { folder, report };
  }

  storeFor(folder: vscode.WorkspaceFolder): AnnotationStore {
    const key = folder.uri.toString();
    let store = this.stores.get(key);
    if (!store) {
      // On local disk the store renames with Node's fs, which replaces the file in one step;
      // other file systems (remote, virtual) go through VS Code's.
      const fs = folder.uri.scheme === 'file' ? new NodeStoreFileSystem(folder.uri.fsPath) : new WorkspaceStoreFileSystem(folder.uri);
      store = new AnnotationStore(fs);
      this.stores.set(key, store);
    }
    return store;
  }

  /** The report's tags and improvement statuses as stored; an unreadable store file is shown in Problems and reads as empty. */
  async read(key: ReportKey): Promise<{ annotations: Annotation[]; improvements: ImprovementStatusRecord[]; plans?: ImprovementPlanRecord[]; error?: StoreFileError }> {
    const cacheKey = AnnotationService.storeKeyOf(key);
    const hit = this.annotationsCache.get(cacheKey);
    if (hit && hit.generation === this.generationOf(cacheKey)) return hit;
    // Taken before reading: a change on disk during the read must not be cached as current.
    const generation = this.generationOf(cacheKey);
    const store = this.storeFor(key.folder);
    const loaded = await store.load(key.report);
    const storeUri = vscode.Uri.joinPath(key.folder.uri, ...storeFileFor(key.report).split('/'));
    if (!loaded.ok) {
      const error = new StoreFileError(loaded.file, loaded.diagnostics);
      this.diagnostics.set(
        storeUri,
        loaded.diagnostics.map((d) => {
          const { start, end } = d.range;
          const range = new vscode.Range(start.line, start.character, end.line, Math.max(end.character, start.line === end.line ? start.character + 1 : end.character));
          const diag = new vscode.Diagnostic(range, `${d.message} (tags in this file are not changed until it is fixed)`, vscode.DiagnosticSeverity.Error);
          diag.source = 'ILACS Annotator';
          return diag;
        }),
      );
      return { annotations: [], improvements: [], error };
    }
    this.diagnostics.delete(storeUri);
    const value = { generation, annotations: loaded.data.annotations, improvements: loaded.data.improvements, plans: loaded.data.plans ?? [] };
    this.annotationsCache.set(cacheKey, value);
    return value;
  }

  /**
   * The document's tags as they stand in its current text. Anchors found once are carried through
   * the document's edits (see `followEdits`), so a tag follows its text while the user types, even
   * when the tagged words themselves are edited; tags are found afresh from their selectors only
   * when the document is first seen or a tag's stored selectors change.
   */
  async anchored(document: vscode.TextDocument): Promise<AnchoredAnnotation[]> {
    const key = this.keyOf(document.uri);
    if (!key) return [];
    const uri = document.uri.toString();
    const hit = this.live.get(uri);
    const storeKey = AnnotationService.storeKeyOf(key);
    const now = Date.now();
    if (now - (this.checkedAt.get(storeKey) ?? 0) > 1000) {
      this.checkedAt.set(storeKey, now);
      if ((await this.storeFor(key.folder).load(key.report)).changed) this.invalidate(key);
    }
    if (hit && hit.version === document.version && hit.storeGeneration === this.generationOf(storeKey)) return hit.anchored;
    const generation = this.generationOf(storeKey);
    const { annotations } = await this.read(key);
    // From here on nothing awaits: the version and the text belong together.
    const previous = this.live.get(uri);
    if (previous && previous.version === document.version && previous.storeGeneration === generation) return previous.anchored;
    const reusable = new Map<string, AnchoredAnnotation>();
    if (previous && previous.version === document.version) for (const a of previous.anchored) reusable.set(selectorsKey(a.annotation) + a.annotation.id, a);
    let text: AnchoringText | undefined;
    const anchored = annotations.map((annotation): AnchoredAnnotation => {
      const kept = reusable.get(selectorsKey(annotation) + annotation.id);
      if (kept && !kept.orphaned) return { ...kept, annotation };
      text ??= new AnchoringText(document.getText());
      const result = reanchor(text, annotation.selectors);
      if (!result.anchor) return { annotation, start: -1, end: -1, orphaned: true, range: null };
      const { start, end } = result.anchor;
      return { annotation, start, end, orphaned: false, range: new vscode.Range(document.positionAt(start), document.positionAt(end)) };
    });
    this.live.set(uri, { version: document.version, storeGeneration: generation, anchored });
    return anchored;
  }

  /** Carries a document's anchors through an edit; tags whose text an edit replaces are looked for again from their selectors. */
  private followEdits(e: vscode.TextDocumentChangeEvent): void {
    const uri = e.document.uri.toString();
    const entry = this.live.get(uri);
    if (!entry || e.contentChanges.length === 0) return;
    if (entry.version !== e.document.version - 1) {
      this.live.delete(uri);
      return;
    }
    const changes: TextChange[] = e.contentChanges.map((c) => ({ offset: c.rangeOffset, deletedLength: c.rangeLength, insertedText: c.text }));
    const anchored: AnchoredAnnotation[] = [];
    for (const a of entry.anchored) {
      if (a.orphaned) {
        anchored.push(a);
        continue;
      }
      const moved = shiftAnchor({ start: a.start, end: a.end }, changes);
      if (!moved || moved.end <= moved.start) {
        // The change replaced the tag's text. When the file was reloaded after another program
        // rewrote it (a re-import, git), the same words may be back: find the tags again from
        // their selectors on the new text; only a tag whose text is really gone becomes an orphan.
        this.live.delete(uri);
        return;
      }
      anchored.push({ ...a, start: moved.start, end: moved.end, range: new vscode.Range(e.document.positionAt(moved.start), e.document.positionAt(moved.end)) });
    }
    this.live.set(uri, { version: e.document.version, storeGeneration: entry.storeGeneration, anchored });
  }

  async add(document: vscode.TextDocument, start: number, end: number, input: Omit<NewAnnotation, 'selectors'>): Promise<Annotation> {
    const key = this.requireKey(document.uri);
    const selectors = createSelectors(document.getText(), start, end);
    const created = await this.storeFor(key.folder).add(key.report, { ...input, selectors });
    this.invalidate(key);
    return created;
  }

  async update(key: ReportKey, id: string, patch: AnnotationPatch): Promise<Annotation> {
    const updated = await this.storeFor(key.folder).update(key.report, id, patch);
    this.invalidate(key);
    return updated;
  }

  async remove(key: ReportKey, id: string): Promise<boolean> {
    const removed = await this.storeFor(key.folder).remove(key.report, id);
    this.invalidate(key);
    return removed;
  }

  async setImprovementStatus(key: ReportKey, input: ImprovementStatusInput): Promise<ImprovementStatusRecord> {
    const record = await this.storeFor(key.folder).setImprovementStatus(key.report, input);
    this.invalidate(key);
    return record;
  }

  /** Sets fields of an improvement item's plan (owner, due date, RAG and reason); its status is left alone. */
  async setImprovementPlan(key: ReportKey, target: PlanTarget, input: ImprovementPlanInput): Promise<ImprovementPlanRecord> {
    const record = await this.storeFor(key.folder).setImprovementPlan(key.report, target, input);
    this.invalidate(key);
    return record;
  }

  /**
   * After a report is saved: tags whose text moved get their stored selectors (and, given
   * `paragraphAt`, their paragraph id) brought up to the saved text, in one write that keeps each
   * tag's modified time. Orphans are left exactly as they were. Nothing is written when the
   * document changed again after the save: the next save will do it.
   */
  async refreshSelectors(document: vscode.TextDocument, paragraphAt?: (start: number, end: number) => string | null): Promise<number> {
    const key = this.keyOf(document.uri);
    if (!key) return 0;
    const anchored = await this.anchored(document);
    if (document.isDirty) return 0;
    const version = document.version;
    const text = document.getText();
    const patches: { id: string; patch: AnnotationPatch }[] = [];
    for (const a of anchored) {
      if (a.orphaned) continue;
      const patch: AnnotationPatch = {};
      const sel = a.annotation.selectors;
      if (sel.position.start !== a.start || sel.position.end !== a.end || sel.quote.exact !== text.slice(a.start, a.end)) {
        patch.selectors = createSelectors(text, a.start, a.end);
      }
      const paragraph = paragraphAt?.(a.start, a.end);
      if (paragraph && paragraph !== a.annotation.paragraph) patch.paragraph = paragraph;
      if (patch.selectors || patch.paragraph) patches.push({ id: a.annotation.id, patch });
    }
    if (patches.length === 0 || document.version !== version) return 0;
    await this.storeFor(key.folder).updateMany(key.report, patches, { touch: false });
    this.invalidate(key);
    return patches.length;
  }

  /**
   * An untitled document saved under a name: the untitled document (still open, with the same
   * text) hands its tags to the file, keeping their ids, so they are not left behind as orphans.
   */
  private adoptUntitledTags(saved: vscode.TextDocument): void {
    if (saved.uri.scheme !== 'file' || !isReportDocument(saved)) return;
    const untitled = vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'untitled');
    if (untitled.length === 0) return;
    const text = saved.getText();
    for (const u of untitled) {
      if (u.getText() !== text) continue;
      void this.moveTags(u.uri, saved.uri).catch((err: unknown) => {
        void vscode.window.showWarningMessage(
          `The tags of ${u.uri.path} could not be moved to ${vscode.workspace.asRelativePath(saved.uri)}: ${err instanceof Error ? err.message : String(err)}. They are still kept under untitled/ in .ilacs and can be re-attached.`,
        );
      });
    }
  }

  /** Moves one document's tags to another's (same workspace folder). Returns how many moved. */
  async moveTags(from: vscode.Uri, to: vscode.Uri): Promise<number> {
    const source = this.keyOf(from);
    const target = this.keyOf(to);
    if (!source || !target || source.folder.uri.toString() !== target.folder.uri.toString() || source.report === target.report) return 0;
    const moved = await this.storeFor(source.folder).moveReport(source.report, target.report);
    if (moved) {
      this.invalidate(source);
      this.invalidate(target);
    }
    return moved;
  }

  private requireKey(uri: vscode.Uri): ReportKey {
    const key = this.keyOf(uri);
    if (!key) throw new Error(`${uri.fsPath || uri.toString()} is not inside an open workspace folder: open the folder that holds the report to tag it`);
    return key;
  }

  private invalidate(key: ReportKey | undefined): void {
    if (key) {
      const k = AnnotationService.storeKeyOf(key);
      this.reportGenerations.set(k, (this.reportGenerations.get(k) ?? 0) + 1);
    } else {
      this.epoch++;
    }
    this.changed.fire(key);
  }

  /**
   * A store file changed on disk: by git, another window, or this window's own write. The store
   * compares it with what it last read or wrote, so only a real change from elsewhere refreshes
   * that report's tags (and the core store merges rather than overwrites on the next write).
   */
  private storeFileChangedOnDisk(uri: vscode.Uri): void {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const report = folder ? reportForStoreFile(vscode.workspace.asRelativePath(uri, false).replace(/\\/g, '/')) : null;
    if (!folder || report === null) {
      this.invalidate(undefined);
      return;
    }
    const key = { folder, report };
    this.storeFor(folder)
      .load(report)
      .then(
        (loaded) => {
          if (loaded.changed) this.invalidate(key);
        },
        () => this.invalidate(key),
      );
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
