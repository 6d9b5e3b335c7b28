/**
 * The annotation stores of the open workspace folders, seen from the editor: which report a
 * document is, its tags re-anchored on the document's current text, writes through the core store
 * (atomic, never over a file changed on disk), reloads when `.ilacs/` changes on disk, and store
 * files that cannot be read shown in the Problems panel.
 */
import * as vscode from 'vscode';
import { readWorkspaceFile, workspacePathOf } from './files';
import { MAX_FILE_BYTES } from '../core/files';
import { isReportDocument } from './reportCache';
import type { WorkspaceSessions } from './sessions';
import {
  Annotation,
  AnnotationPatch,
  AnnotationStore,
  AnchoringText,
  FileStat,
  ImprovementPlanInput,
  ImprovementPlanRecord,
  ImprovementStatusInput,
  PlanTarget,
  ImprovementStatusRecord,
  NewAnnotation,
  StoreFileError,
  TEMP_FILE_SUFFIX,
  StoreFileSystem,
  TextChange,
  ChangeHistory,
  createSelectors,
  reanchor,
  shiftAnchor,
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

/**
 * The store's file operations on `vscode.workspace.fs`, relative to a workspace folder: for remote
 * and virtual folders, and every folder in the browser (on the desktop local ones use the Node
 * adapter, whose lock is exact). Best effort for the
 * lock: `createExclusive` is a rename that refuses to overwrite, as exclusive as the file system
 * provider makes it, and since the process that wrote a lock cannot be asked about, a dead
 * writer's lock is broken only once it is older than the stale bound.
 */
export class WorkspaceStoreFileSystem implements StoreFileSystem {
  constructor(private readonly root: vscode.Uri) {}

  private uri(path: string): vscode.Uri {
    return vscode.Uri.joinPath(this.root, ...path.split('/'));
  }

  /** Only a regular file, within the limit, as the editor reads any workspace file (see `files.ts`). */
  async readFile(path: string): Promise<Uint8Array | undefined> {
    return readWorkspaceFile(this.uri(path), MAX_FILE_BYTES, path);
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

  async createExclusive(path: string, data: Uint8Array): Promise<boolean> {
    const target = this.uri(path);
    try {
      await vscode.workspace.fs.stat(target);
      return false;
    } catch (err) {
      if (!(err instanceof vscode.FileSystemError && err.code === 'FileNotFound')) throw err;
    }
    const slash = path.lastIndexOf('/');
    const temp = this.uri(`${path.slice(0, slash + 1)}.${path.slice(slash + 1)}.${Math.random().toString(16).slice(2, 14)}${TEMP_FILE_SUFFIX}`);
    await vscode.workspace.fs.writeFile(temp, data);
    try {
      await vscode.workspace.fs.rename(temp, target, { overwrite: false });
      return true;
    } catch (err) {
      await vscode.workspace.fs.delete(temp).then(undefined, () => undefined);
      if (err instanceof vscode.FileSystemError && err.code === 'FileExists') return false;
      throw err;
    }
  }

  async stat(path: string): Promise<FileStat | undefined> {
    try {
      const s = await vscode.workspace.fs.stat(this.uri(path));
      const kind = (s.type & vscode.FileType.SymbolicLink) !== 0 ? 'symlink' : (s.type & vscode.FileType.Directory) !== 0 ? 'directory' : (s.type & vscode.FileType.File) !== 0 ? 'file' : 'other';
      return { kind, size: s.size, mtime: s.mtime };
    } catch (err) {
      if (err instanceof vscode.FileSystemError && err.code === 'FileNotFound') return undefined;
      throw err;
    }
  }

  lockOwner(): { pid: number; host: string } {
    return { pid: typeof process === 'undefined' ? 0 : process.pid, host: vscode.env.machineId };
  }

  processAlive(): boolean | undefined {
    return undefined;
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

/** One store operation the undo history runs to take a change back or make it again. */
export type TagOperation =
  | { kind: 'remove'; key: ReportKey; id: string }
  | { kind: 'restore'; key: ReportKey; annotation: Annotation }
  | { kind: 'update'; key: ReportKey; id: string; patch: AnnotationPatch }
  | { kind: 'status'; key: ReportKey; input: ImprovementStatusInput };

/** The fields a patch changes, as they were before it. */
function previousValues(before: Annotation, patch: AnnotationPatch): AnnotationPatch {
  const out: Record<string, unknown> = {};
  for (const field of Object.keys(patch) as (keyof AnnotationPatch)[]) out[field] = before[field];
  return out as AnnotationPatch;
}

/** Two annotations with the same selectors anchor the same way. */
function selectorsKey(a: Annotation): string {
  const { quote, position } = a.selectors;
  return `${position.start}:${position.end}:${quote.prefix}\u0000${quote.exact}\u0000${quote.suffix}`;
}

/** Which stored tags the editor shows (see `AnnotationService.setVisibleTags`). */
export type VisibleTags = (key: ReportKey, annotation: Annotation) => boolean;

export class AnnotationService implements vscode.Disposable {
  private visible: VisibleTags | undefined;
  private readonly live = new Map<string, LiveAnchors>();
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
  /**
   * Every tag and status change made through this service in this window, for Undo and Redo
   * (kept until the window closes). Changes made by other windows, git or the CLI are not in it.
   */
  readonly history = new ChangeHistory<TagOperation>();
  private readonly historyChanged = new vscode.EventEmitter<void>();
  /** Fires when something is recorded, undone or redone. */
  readonly onDidChangeHistory = this.historyChanged.event;
  private readonly changed = new vscode.EventEmitter<ReportKey | undefined>();
  /** Fires when tags of a report (or, with undefined, of any report) may have changed. */
  readonly onDidChange = this.changed.event;
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('ilacs-annotations');
  private readonly disposables: vscode.Disposable[] = [this.changed, this.historyChanged, this.diagnostics];

  /**
   * @param sessions the workspace sessions: each folder's store, and the one scheme that tells of
   * changes to it (this window's writes at once, other programs' through the file watcher).
   */
  constructor(private readonly sessions: WorkspaceSessions) {
    this.disposables.push(
      sessions.onDidChange(({ folder, change }) => {
        if (change.reports === undefined) this.invalidate(undefined);
        else for (const report of change.reports) this.invalidate({ folder, report });
      }),
    );
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
    const report = workspacePathOf(uri, folder);
    return { folder, report };
  }

  storeFor(folder: vscode.WorkspaceFolder): AnnotationStore {
    return this.sessions.of(folder).store;
  }

  /**
   * The one filter on what the editor shows (blind tagging hides other authors' tags): every view,
   * decoration, CodeLens, hover and command reads tags through `read` (and `anchored`, built on it),
   * so they all see the same tags. The store itself is not filtered: hidden tags are kept as they
   * are on disk. Undefined shows every tag.
   */
  setVisibleTags(filter: VisibleTags | undefined): void {
    this.visible = filter;
    this.sessions.setAnnotationFilter(filter);
    this.invalidate(undefined);
  }

  /** The report's tags and improvement statuses as stored; an unreadable store file is shown in Problems and reads as empty. */
  async read(key: ReportKey): Promise<{ annotations: Annotation[]; improvements: ImprovementStatusRecord[]; plans?: ImprovementPlanRecord[]; error?: StoreFileError }> {
    const cacheKey = AnnotationService.storeKeyOf(key);
    const hit = this.annotationsCache.get(cacheKey);
    if (hit && hit.generation === this.generationOf(cacheKey)) return hit;
    // Taken before reading: a change on disk during the read must not be cached as current.
    const generation = this.generationOf(cacheKey);
    const loaded = await this.sessions.of(key.folder).storeOf(key.report);
    // The file as read: an old-style store name until the next change moves it (see core/annotations/storePaths.ts).
    const storeUri = vscode.Uri.joinPath(key.folder.uri, ...loaded.file.split('/'));
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
    const visible = this.visible;
    const annotations = visible ? loaded.data.annotations.filter((a) => visible(key, a)) : loaded.data.annotations;
    const value = { generation, annotations, improvements: loaded.data.improvements, plans: loaded.data.plans ?? [] };
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
    // File watchers can be late or miss an event: the session looks at the file again (at most once a second).
    await this.sessions.of(key.folder).checkStore(key.report);
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

  async add(document: vscode.TextDocument, start: number, end: number, input: Omit<NewAnnotation, 'selectors'>, label = 'Tag'): Promise<Annotation> {
    const key = this.requireKey(document.uri);
    const selectors = createSelectors(document.getText(), start, end);
    const created = await this.storeFor(key.folder).add(key.report, { ...input, selectors });
    this.invalidate(key);
    this.remember(label, [{ kind: 'remove', key, id: created.id }], [{ kind: 'restore', key, annotation: created }]);
    return created;
  }

  async update(key: ReportKey, id: string, patch: AnnotationPatch, label = 'Edit tag'): Promise<Annotation> {
    const before = (await this.read(key)).annotations.find((a) => a.id === id);
    const updated = await this.storeFor(key.folder).update(key.report, id, patch);
    this.invalidate(key);
    if (before) this.remember(label, [{ kind: 'update', key, id, patch: previousValues(before, patch) }], [{ kind: 'update', key, id, patch }]);
    return updated;
  }

  async remove(key: ReportKey, id: string, label = 'Remove tag'): Promise<boolean> {
    const before = (await this.read(key)).annotations.find((a) => a.id === id);
    const removed = await this.storeFor(key.folder).remove(key.report, id);
    this.invalidate(key);
    if (removed && before) this.remember(label, [{ kind: 'restore', key, annotation: before }], [{ kind: 'remove', key, id }]);
    return removed;
  }

  async setImprovementStatus(key: ReportKey, input: ImprovementStatusInput, label = 'Set improvement status'): Promise<ImprovementStatusRecord> {
    const before = (await this.read(key)).improvements.find((r) => r.improvement === input.improvement && r.quote === input.quote);
    const record = await this.storeFor(key.folder).setImprovementStatus(key.report, input);
    this.invalidate(key);
    const previous: ImprovementStatusInput = before
      ? { improvement: before.improvement, quote: before.quote, status: before.status, criteria: before.criteria, author: before.author }
      : { improvement: input.improvement, quote: input.quote, status: 'open', author: input.author };
    this.remember(label, [{ kind: 'status', key, input: previous }], [{ kind: 'status', key, input }]);
    return record;
  }

  /** Runs `fn` and records all the changes it makes as one undoable entry (several tags removed, an import). */
  grouped<T>(label: string, fn: () => Promise<T>): Promise<T> {
    return this.history.grouped(label, fn).finally(() => this.historyChanged.fire());
  }

  /**
   * Runs a change made outside this service's own methods (an import writes the store directly)
   * and records it for undo as the difference between the reports' tags and statuses before and
   * after: tags added, removed or changed, statuses set.
   */
  async recordChanges<T>(label: string, folder: vscode.WorkspaceFolder, reports: readonly string[], fn: () => Promise<T>): Promise<T> {
    const keys = [...new Set(reports)].map((report) => ({ folder, report }));
    const snapshot = async () => Promise.all(keys.map(async (key) => ({ key, ...(await this.read(key)) })));
    const before = await snapshot();
    const result = await fn();
    for (const key of keys) this.invalidate(key);
    const after = await snapshot();
    const undo: TagOperation[] = [];
    const redo: TagOperation[] = [];
    const fields: (keyof AnnotationPatch)[] = ['paragraph', 'selectors', 'criteria', 'assessment', 'status', 'note'];
    const patchOf = (a: Annotation): AnnotationPatch => Object.fromEntries(fields.map((f) => [f, a[f]])) as AnnotationPatch;
    after.forEach((now, i) => {
      const then = before[i];
      const old = new Map(then.annotations.map((a) => [a.id, a]));
      const fresh = new Map(now.annotations.map((a) => [a.id, a]));
      for (const a of now.annotations) {
        const was = old.get(a.id);
        if (!was) {
          undo.unshift({ kind: 'remove', key: now.key, id: a.id });
          redo.push({ kind: 'restore', key: now.key, annotation: a });
        } else if (JSON.stringify(patchOf(was)) !== JSON.stringify(patchOf(a))) {
          undo.unshift({ kind: 'update', key: now.key, id: a.id, patch: patchOf(was) });
          redo.push({ kind: 'update', key: now.key, id: a.id, patch: patchOf(a) });
        }
      }
      for (const a of then.annotations) {
        if (!fresh.has(a.id)) {
          undo.unshift({ kind: 'restore', key: now.key, annotation: a });
          redo.push({ kind: 'remove', key: now.key, id: a.id });
        }
      }
      for (const r of now.improvements) {
        const was = then.improvements.find((x) => x.improvement === r.improvement && x.quote === r.quote);
        if (was && was.status === r.status && JSON.stringify(was.criteria) === JSON.stringify(r.criteria)) continue;
        undo.unshift({ kind: 'status', key: now.key, input: was ? { improvement: was.improvement, quote: was.quote, status: was.status, criteria: was.criteria, author: was.author } : { improvement: r.improvement, quote: r.quote, status: 'open', author: r.author } });
        redo.push({ kind: 'status', key: now.key, input: { improvement: r.improvement, quote: r.quote, status: r.status, criteria: r.criteria, author: r.author } });
      }
    });
    if (undo.length > 0) this.remember(label, undo, redo);
    return result;
  }

  private remember(label: string, undo: TagOperation[], redo: TagOperation[]): void {
    this.history.record(label, undo, redo);
    this.historyChanged.fire();
  }

  /**
   * Takes back the latest change (or, with `redo`, makes the latest undone change again). Returns
   * the entry's label, or undefined when there is nothing to do. Operations that no longer apply
   * (a tag since removed by someone else) are skipped and counted in `skipped`.
   */
  async undoOrRedo(direction: 'undo' | 'redo'): Promise<{ label: string; skipped: number } | undefined> {
    const entry = direction === 'undo' ? this.history.undo() : this.history.redo();
    if (!entry) return undefined;
    let skipped = 0;
    for (const op of direction === 'undo' ? entry.undo : entry.redo) {
      if (!(await this.runOperation(op))) skipped++;
    }
    this.historyChanged.fire();
    return { label: entry.label, skipped };
  }

  private async runOperation(op: TagOperation): Promise<boolean> {
    const store = this.storeFor(op.key.folder);
    try {
      switch (op.kind) {
        case 'remove':
          return await store.remove(op.key.report, op.id);
        case 'restore':
          return await store.restore(op.key.report, op.annotation);
        case 'update':
          await store.update(op.key.report, op.id, op.patch);
          return true;
        case 'status':
          await store.setImprovementStatus(op.key.report, op.input);
          return true;
      }
    } catch (err) {
      // A tag removed meanwhile cannot be edited back; anything else (an unreadable store) is the user's to know.
      if (err instanceof Error && /no annotation with id/.test(err.message)) return false;
      throw err;
    } finally {
      this.invalidate(op.key);
    }
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
    if (saved.uri.scheme === 'untitled' || !isReportDocument(saved)) return;
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



  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
