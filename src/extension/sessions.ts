/**
 * The editor as a host of the core's workspace session (`core/session`): one session per workspace
 * folder, made when a feature first asks for it, over VS Code's file system (or, for local folders
 * on the desktop, the same Node adapter the CLI uses), one file watcher routing changes to the
 * folder's session, the open documents with their unsaved edits, the output channel and the author
 * setting. Everything the views, hovers and commands read about reports, tags, corrections and the
 * codebook comes from these sessions, so the editor and the CLI read it the same way.
 */
import * as vscode from 'vscode';
import type { Annotation, StoreFileSystem } from '../core/annotations';
import { MODEL_FILE, readSemanticModel, type FeatureReader, type SemanticModel } from '../core/recurrence';
import { WorkspaceSession, type FileChange, type HostDocument, type SessionChange, type WorkspaceHost } from '../core/session';
import { workspacePathOf } from './files';

export interface SessionsHost {
  /** The file system of a workspace folder's store (the extension host's). */
  storeFileSystem(folder: vscode.WorkspaceFolder): StoreFileSystem;
  /** The author of new tags when the setting is empty, for the folder. */
  author(folder: vscode.WorkspaceFolder): Promise<string>;
  log: vscode.LogOutputChannel;
  extensionUri: vscode.Uri;
  /** A reader of paragraphs' features on another thread (the desktop's); absent on the web. */
  featureReader?(): FeatureReader | null;
}

/** What `onDidChange` tells: the folder whose session changed, and how. */
export interface FolderChange {
  folder: vscode.WorkspaceFolder;
  change: SessionChange;
}

export class WorkspaceSessions implements vscode.Disposable {
  private readonly sessions = new Map<string, { folder: vscode.WorkspaceFolder; session: WorkspaceSession; routes: Set<(changes: readonly FileChange[]) => void> }>();
  private watcher: vscode.FileSystemWatcher | undefined;
  private readonly changed = new vscode.EventEmitter<FolderChange>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private model: Promise<SemanticModel | null> | undefined;

  constructor(private readonly host: SessionsHost) {
    this.disposables.push(
      vscode.workspace.onDidChangeWorkspaceFolders((e) => {
        // A folder removed is forgotten; one added again starts afresh (nothing it kept is current).
        for (const folder of [...e.removed, ...e.added]) {
          const key = folder.uri.toString();
          this.sessions.get(key)?.session.dispose();
          this.sessions.delete(key);
        }
      }),
    );
  }

  /** The session of the workspace folder holding `uri` (or of `folder`); undefined outside every folder. */
  for(target: vscode.Uri | vscode.WorkspaceFolder): WorkspaceSession | undefined {
    const folder = target instanceof vscode.Uri ? vscode.workspace.getWorkspaceFolder(target) : target;
    return folder ? this.of(folder) : undefined;
  }

  /** Every folder's session, in the order of the folders. */
  all(): { folder: vscode.WorkspaceFolder; session: WorkspaceSession }[] {
    return (vscode.workspace.workspaceFolders ?? []).map((folder) => ({ folder, session: this.of(folder) }));
  }

  /** The folder's session, made on first use. */
  of(folder: vscode.WorkspaceFolder): WorkspaceSession {
    const key = folder.uri.toString();
    let entry = this.sessions.get(key);
    if (!entry) {
      const routes = new Set<(changes: readonly FileChange[]) => void>();
      const session = new WorkspaceSession(this.folderHost(folder, routes));
      if (this.filter) session.setAnnotationFilter(this.folderFilter(folder));
      entry = { folder, session, routes };
      this.sessions.set(key, entry);
      const made = entry;
      session.onDidChange((change) => this.changed.fire({ folder: made.folder, change }));
      this.watch();
    }
    return entry.session;
  }

  /**
   * The one filter on which stored tags every session reads (blind tagging hides other taggers'
   * tags), for the folders' sessions now and those made later. Undefined shows every tag.
   */
  setAnnotationFilter(filter: ((key: { folder: vscode.WorkspaceFolder; report: string }, annotation: Annotation) => boolean) | undefined): void {
    this.filter = filter;
    for (const { folder, session } of this.sessions.values()) session.setAnnotationFilter(this.folderFilter(folder));
  }

  private filter: ((key: { folder: vscode.WorkspaceFolder; report: string }, annotation: Annotation) => boolean) | undefined;

  private folderFilter(folder: vscode.WorkspaceFolder): ((report: string, annotation: Annotation) => boolean) | undefined {
    const filter = this.filter;
    return filter ? (report, annotation) => filter({ folder, report }, annotation) : undefined;
  }

  /** The URI of a report of a folder's session. */
  uriOf(folder: vscode.WorkspaceFolder, file: string): vscode.Uri {
    return vscode.Uri.joinPath(folder.uri, ...file.split('/'));
  }

  /** One watcher for every folder, made with the first session: files are watched only once someone reads them. */
  private watch(): void {
    if (this.watcher) return;
    const watcher = vscode.workspace.createFileSystemWatcher('**/*');
    this.watcher = watcher;
    // Events come one file at a time; a burst (a checkout, a save with its lock) is handed to the
    // folder's session as one batch, so it is taken in and told once.
    const batches = new Map<string, FileChange[]>();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deliver = (): void => {
      timer = undefined;
      for (const [key, changes] of batches) {
        const entry = this.sessions.get(key);
        if (entry) for (const r of entry.routes) r(changes);
      }
      batches.clear();
    };
    const route = (kind: FileChange['kind']) => (uri: vscode.Uri) => {
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      const entry = folder && this.sessions.get(folder.uri.toString());
      if (!entry) return;
      const key = entry.folder.uri.toString();
      const list = batches.get(key) ?? [];
      list.push({ path: workspacePathOf(uri, entry.folder), kind });
      batches.set(key, list);
      timer ??= setTimeout(deliver, 30);
    };
    this.disposables.push({ dispose: () => timer && clearTimeout(timer) });
    this.disposables.push(watcher, watcher.onDidCreate(route('created')), watcher.onDidChange(route('changed')), watcher.onDidDelete(route('deleted')));
  }

  private folderHost(folder: vscode.WorkspaceFolder, routes: Set<(changes: readonly FileChange[]) => void>): WorkspaceHost {
    // Both of the host's file systems read only regular files, within the limit.
    const files = this.host.storeFileSystem(folder);
    const log = this.host.log;
    return {
      files,
      watch(listener) {
        routes.add(listener);
        return { dispose: () => routes.delete(listener) };
      },
      document(path): HostDocument | undefined {
        const uri = vscode.Uri.joinPath(folder.uri, ...path.split('/')).toString();
        const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
        return doc?.isDirty ? { text: doc.getText(), version: doc.version } : undefined;
      },
      clock: { now: () => Date.now() },
      log: { info: (m) => log.info(m), warn: (m) => log.warn(m), error: (m) => log.error(m) },
      author: () => this.host.author(folder),
      recurrenceModel: () => this.recurrenceModel(),
      featureReader: () => this.host.featureReader?.() ?? null,
    };
  }

  /** The semantic layer shipped in `media/`, read once for every folder. */
  private recurrenceModel(): Promise<SemanticModel | null> {
    this.model ??= (async () => {
      const uri = vscode.Uri.joinPath(this.host.extensionUri, 'media', MODEL_FILE);
      return readSemanticModel(await vscode.workspace.fs.readFile(uri), uri.fsPath || uri.toString());
    })();
    return this.model;
  }

  dispose(): void {
    for (const { session } of this.sessions.values()) session.dispose();
    this.sessions.clear();
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
