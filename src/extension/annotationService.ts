/**
 * The annotation stores of the open workspace folders, seen from the editor: which report a
 * document is, its tags re-anchored on the document's current text, writes through the core store
 * (atomic, never over a file changed on disk), reloads when `.ilacs/` changes on disk, and store
 * files that cannot be read shown in the Problems panel.
 */
import * as vscode from 'vscode';
import {
  Annotation,
  AnnotationPatch,
  AnnotationStore,
  AnchoringText,
  ImprovementStatusInput,
  ImprovementStatusRecord,
  NewAnnotation,
  STORE_FOLDER,
  StoreFileError,
  StoreFileSystem,
  createSelectors,
  reanchor,
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

interface AnchorCacheEntry {
  version: number;
  storeGeneration: number;
  anchored: AnchoredAnnotation[];
}

export class AnnotationService implements vscode.Disposable {
  private readonly stores = new Map<string, AnnotationStore>();
  private readonly anchorCache = new Map<string, AnchorCacheEntry>();
  private readonly annotationsCache = new Map<string, { generation: number; annotations: Annotation[]; improvements: ImprovementStatusRecord[] }>();
  private generation = 0;
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
    this.disposables.push(vscode.workspace.onDidCloseTextDocument((d) => this.anchorCache.delete(d.uri.toString())));
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
      store = new AnnotationStore(new WorkspaceStoreFileSystem(folder.uri));
      this.stores.set(key, store);
    }
    return store;
  }

  /** The report's tags and improvement statuses as stored; an unreadable store file is shown in Problems and reads as empty. */
  async read(key: ReportKey): Promise<{ annotations: Annotation[]; improvements: ImprovementStatusRecord[]; error?: StoreFileError }> {
    const cacheKey = `${key.folder.uri.toString()}|${key.report}`;
    const hit = this.annotationsCache.get(cacheKey);
    if (hit && hit.generation === this.generation) return hit;
    const store = this.storeFor(key.folder);
    const loaded = await store.load(key.report);
    const storeUri = vscode.Uri.joinPath(key.folder.uri, ...storeFileFor(key.report).split('/'));
    if (!loaded.ok) {
      const error = new StoreFileError(loaded.file, loaded.diagnostics);
      this.diagnostics.set(
        storeUri,
        loaded.diagnostics.map((d) => {
          const line = Math.max(0, (d.line ?? 1) - 1);
          const character = Math.max(0, (d.column ?? 1) - 1);
          const diag = new vscode.Diagnostic(new vscode.Range(line, character, line, character + 1), `${d.message} (tags in this file are not changed until it is fixed)`, vscode.DiagnosticSeverity.Error);
          diag.source = 'ILACS Annotator';
          return diag;
        }),
      );
      return { annotations: [], improvements: [], error };
    }
    this.diagnostics.delete(storeUri);
    const value = { generation: this.generation, annotations: loaded.data.annotations, improvements: loaded.data.improvements };
    this.annotationsCache.set(cacheKey, value);
    return value;
  }

  /** The document's tags re-anchored on its current text (cached per document version). */
  async anchored(document: vscode.TextDocument): Promise<AnchoredAnnotation[]> {
    const key = this.keyOf(document.uri);
    if (!key) return [];
    const cacheKey = document.uri.toString();
    const hit = this.anchorCache.get(cacheKey);
    if (hit && hit.version === document.version && hit.storeGeneration === this.generation) return hit.anchored;
    const generation = this.generation;
    const { annotations } = await this.read(key);
    const text = new AnchoringText(document.getText());
    const anchored = annotations.map((annotation): AnchoredAnnotation => {
      const result = reanchor(text, annotation.selectors);
      if (!result.anchor) return { annotation, start: -1, end: -1, orphaned: true, range: null };
      const { start, end } = result.anchor;
      return { annotation, start, end, orphaned: false, range: new vscode.Range(document.positionAt(start), document.positionAt(end)) };
    });
    this.anchorCache.set(cacheKey, { version: document.version, storeGeneration: generation, anchored });
    return anchored;
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

  /**
   * After a report is saved: tags whose text moved get their selectors brought up to date, so the
   * store follows the text it was made on. Orphans are left exactly as they were.
   */
  async refreshSelectors(document: vscode.TextDocument): Promise<number> {
    const key = this.keyOf(document.uri);
    if (!key) return 0;
    const text = document.getText();
    let moved = 0;
    for (const a of await this.anchored(document)) {
      if (a.orphaned) continue;
      const sel = a.annotation.selectors;
      if (sel.position.start === a.start && sel.position.end === a.end && sel.quote.exact === text.slice(a.start, a.end)) continue;
      await this.storeFor(key.folder).update(key.report, a.annotation.id, { selectors: createSelectors(text, a.start, a.end) });
      moved++;
    }
    if (moved) this.invalidate(key);
    return moved;
  }

  private requireKey(uri: vscode.Uri): ReportKey {
    const key = this.keyOf(uri);
    if (!key) throw new Error(`${uri.fsPath || uri.toString()} is not inside an open workspace folder: open the folder that holds the report to tag it`);
    return key;
  }

  private invalidate(key: ReportKey | undefined): void {
    this.generation++;
    this.changed.fire(key);
  }

  private storeFileChangedOnDisk(_uri: vscode.Uri): void {
    // The core store notices the change itself on its next read and merges rather than overwrites.
    this.invalidate(undefined);
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
