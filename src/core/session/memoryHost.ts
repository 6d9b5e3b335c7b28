/**
 * A workspace held in memory: the host the session's tests run on, with no editor and no disk. It
 * behaves as a watched local folder does: every change, by the session or by "someone else" (the
 * test writing a file), is reported to the watchers a moment later (on a microtask), in order.
 */
import type { FileStat, StoreFileSystem } from '../annotations';
import type { Clock, Disposable, FileChange, HostDocument, Logger, WorkspaceHost } from './host';
import type { SemanticModel } from '../recurrence/semantic';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

export class MemoryFileSystem implements StoreFileSystem {
  private readonly files = new Map<string, { data: Uint8Array; mtime: number }>();
  private readonly folders = new Set<string>(['']);
  private readonly watchers = new Set<(changes: readonly FileChange[]) => void>();
  private queued: FileChange[] = [];
  /** Files whose reads fail with this message (a permission problem, say). */
  readonly unreadable = new Map<string, string>();
  /** How many times each file has been read (the tests check what the session reads again). */
  readonly reads = new Map<string, number>();

  constructor(private readonly clock: Clock = { now: () => Date.now() }) {}

  /** Writes a text file, making its folders, as another program would. */
  write(path: string, text: string | Uint8Array): void {
    this.put(path, typeof text === 'string' ? encoder.encode(text) : text);
  }

  /**
   * Puts a whole folder in place at once, as a move or a restore does: one event for the folder,
   * none for the files in it (as VS Code's watcher reports a folder moved in).
   */
  moveIn(folder: string, files: Record<string, string>): void {
    for (const [name, text] of Object.entries(files)) {
      const path = `${folder}/${name}`;
      for (let dir = parentOf(path); !this.folders.has(dir); dir = parentOf(dir)) this.folders.add(dir);
      this.files.set(path, { data: encoder.encode(text), mtime: this.clock.now() });
    }
    this.notify({ path: folder, kind: 'created' });
  }

  /** A file's text, or undefined. */
  text(path: string): string | undefined {
    const f = this.files.get(path);
    return f ? decoder.decode(f.data) : undefined;
  }

  /** Every file's path, sorted. */
  paths(): string[] {
    return [...this.files.keys()].sort();
  }

  /** Deletes a file or a whole folder, as another program would. */
  remove(path: string): void {
    let any = false;
    for (const p of [...this.files.keys()]) {
      if (p === path || p.startsWith(`${path}/`)) {
        this.files.delete(p);
        any = true;
      }
    }
    for (const d of [...this.folders]) if (d === path || d.startsWith(`${path}/`)) this.folders.delete(d);
    if (any) this.notify({ path, kind: 'deleted' });
  }

  watch(listener: (changes: readonly FileChange[]) => void): Disposable {
    this.watchers.add(listener);
    return { dispose: () => this.watchers.delete(listener) };
  }

  /** Resolves once every change so far has reached the watchers. */
  async settled(): Promise<void> {
    await Promise.resolve();
    await Promise.resolve();
  }

  private put(path: string, data: Uint8Array): void {
    const existed = this.files.has(path);
    for (let dir = parentOf(path); !this.folders.has(dir); dir = parentOf(dir)) this.folders.add(dir);
    this.files.set(path, { data: data.slice(), mtime: this.clock.now() });
    this.notify({ path, kind: existed ? 'changed' : 'created' });
  }

  private notify(change: FileChange): void {
    if (this.queued.length === 0) {
      queueMicrotask(() => {
        const batch = this.queued;
        this.queued = [];
        for (const w of [...this.watchers]) w(batch);
      });
    }
    this.queued.push(change);
  }

  async readFile(path: string): Promise<Uint8Array | undefined> {
    this.reads.set(path, (this.reads.get(path) ?? 0) + 1);
    const problem = this.unreadable.get(path);
    if (problem !== undefined) throw Object.assign(new Error(problem), { code: 'EACCES' });
    if (this.folders.has(path) && path !== '') throw Object.assign(new Error('is a folder'), { code: 'EISDIR' });
    return this.files.get(path)?.data.slice();
  }

  async writeFile(path: string, data: Uint8Array): Promise<void> {
    if (!this.folders.has(parentOf(path))) throw Object.assign(new Error(`no folder for ${path}`), { code: 'ENOENT' });
    this.put(path, data);
  }

  async rename(from: string, to: string): Promise<void> {
    const f = this.files.get(from);
    if (!f) throw Object.assign(new Error(`no such file ${from}`), { code: 'ENOENT' });
    this.files.delete(from);
    this.notify({ path: from, kind: 'deleted' });
    this.put(to, f.data);
  }

  async delete(path: string): Promise<void> {
    if (this.files.delete(path)) this.notify({ path, kind: 'deleted' });
  }

  async createDirectory(path: string): Promise<void> {
    for (let dir = path; !this.folders.has(dir); dir = parentOf(dir)) this.folders.add(dir);
  }

  async readDirectory(path: string): Promise<{ name: string; isDirectory: boolean }[] | undefined> {
    if (!this.folders.has(path)) return undefined;
    const prefix = path === '' ? '' : `${path}/`;
    const out = new Map<string, boolean>();
    for (const d of this.folders) if (d !== path && d.startsWith(prefix) && !d.slice(prefix.length).includes('/')) out.set(d.slice(prefix.length), true);
    for (const f of this.files.keys()) if (f.startsWith(prefix) && !f.slice(prefix.length).includes('/')) out.set(f.slice(prefix.length), false);
    return [...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, isDirectory]) => ({ name, isDirectory }));
  }

  async createExclusive(path: string, data: Uint8Array): Promise<boolean> {
    if (this.files.has(path)) return false;
    this.put(path, data);
    return true;
  }

  async stat(path: string): Promise<FileStat | undefined> {
    if (this.folders.has(path)) return { kind: 'directory', size: 0, mtime: 0 };
    const f = this.files.get(path);
    return f ? { kind: 'file', size: f.data.length, mtime: f.mtime } : undefined;
  }

  lockOwner(): { pid: number; host: string } {
    return { pid: 1, host: 'memory' };
  }

  processAlive(pid: number): boolean | undefined {
    return pid === 1;
  }
}

/** A logger that keeps what it is told. */
export class MemoryLogger implements Logger {
  readonly lines: string[] = [];
  info(message: string): void {
    this.lines.push(`info: ${message}`);
  }
  warn(message: string): void {
    this.lines.push(`warn: ${message}`);
  }
  error(message: string): void {
    this.lines.push(`error: ${message}`);
  }
}

/** The in-memory host: its files, its open documents (set by the test) and a clock the test moves. */
export class MemoryHost implements WorkspaceHost {
  time = Date.UTC(2026, 0, 1);
  readonly clock: Clock = { now: () => this.time };
  readonly files = new MemoryFileSystem(this.clock);
  readonly log = new MemoryLogger();
  /** Documents open with unsaved edits, by path. */
  readonly documents = new Map<string, HostDocument>();
  user = 'Tester';

  constructor(private readonly model: SemanticModel | null = null) {}

  watch(listener: (changes: readonly FileChange[]) => void): Disposable {
    return this.files.watch(listener);
  }

  document(path: string): HostDocument | undefined {
    return this.documents.get(path);
  }

  async author(): Promise<string> {
    return this.user;
  }

  async recurrenceModel(): Promise<SemanticModel | null> {
    return this.model;
  }
}
