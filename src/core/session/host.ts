/**
 * What a workspace session needs from the program it runs in (the host): the workspace folder's
 * files, news of their changes, the documents open with unsaved edits, a clock, a logger and who
 * the user is. The CLI's host is Node's file system (`src/node/host.ts`), the editor's is VS Code's
 * (`src/extension/sessions.ts`), and the tests use the in-memory one (`memoryHost.ts`). In the
 * manner of vscode-markdown-languageservice's `IWorkspace`: the session never reaches past this.
 *
 * Paths are relative to the workspace folder, with forward slashes, as everywhere in the core.
 */
import type { StoreFileSystem } from '../annotations';
import type { FeatureReader } from '../recurrence/featureReading';
import type { SemanticModel } from '../recurrence/semantic';

export interface Disposable {
  dispose(): void;
}

/** Asked by long work between steps: when it is set, the work stops with `CancelledError`. */
export interface CancellationToken {
  readonly isCancellationRequested: boolean;
}

/** What long work throws when its token asks it to stop. */
export class CancelledError extends Error {
  constructor() {
    super('Cancelled');
    this.name = 'CancelledError';
  }
}

/** Throws `CancelledError` when `token` asks for it. */
export function throwIfCancelled(token: CancellationToken | undefined): void {
  if (token?.isCancellationRequested) throw new CancelledError();
}

export type FileChangeKind = 'created' | 'changed' | 'deleted';

/** A file, or a folder created or deleted as a whole, that changed on disk. */
export interface FileChange {
  path: string;
  kind: FileChangeKind;
}

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface Clock {
  /** Milliseconds since 1970. */
  now(): number;
}

/** A document open in the host, with its unsaved edits. */
export interface HostDocument {
  text: string;
  /** Grows with every edit. */
  version: number;
}

export interface WorkspaceHost {
  /** The workspace folder's files (the same interface the annotation store writes through). */
  files: StoreFileSystem;
  /**
   * Calls `listener` with the files that changed on disk (by anyone: this program, another one, a
   * git checkout). A host that cannot watch returns a no-op and the session sees only its own writes.
   */
  watch(listener: (changes: readonly FileChange[]) => void): Disposable;
  /** The document open at a path, with its unsaved edits; absent when the host has no editor. */
  document?(path: string): HostDocument | undefined;
  clock: Clock;
  log: Logger;
  /** Who the user is, for new tags when they give no name (git's user name, the OS user, a setting). */
  author(): Promise<string>;
  /** The recurrence index's semantic layer as shipped with the product; null when it is not there. */
  recurrenceModel?(): Promise<SemanticModel | null>;
  /**
   * A reader of paragraphs' features on another thread, for filling the recurrence index with many
   * reports at once (it is stopped when they are in); null or absent when the host has none.
   */
  featureReader?(): FeatureReader | null;
}
