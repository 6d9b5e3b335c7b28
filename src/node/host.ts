/**
 * The workspace session's host on Node's file system (`core/session/host.ts`): the CLI's, and the
 * tests'. Its commands are one-shot, so it does not watch the disk: the session sees its own writes
 * (through the file system it wraps) and nothing else, which is all a single command needs.
 */
import * as path from 'node:path';
import type { AnnotationStoreOptions } from '../core/annotations';
import type { SemanticModel } from '../core/recurrence/semantic';
import type { IndexOptions } from '../core/recurrence';
import { WorkspaceSession, type Clock, type Disposable, type FileChange, type Logger, type WorkspaceHost } from '../core/session';
import type { FeatureReader } from '../core/recurrence/featureReading';
import { startFeatureReader } from './featureThread';
import { loadRecurrenceModel } from './recurrenceModel';
import { NodeStoreFileSystem } from './storeFileSystem';
import { defaultAuthor } from './workspace';

export interface NodeHostOptions {
  /** Where the session's messages go, one line each without its newline (default: nowhere). */
  log?: (message: string) => void;
  /** Whether git may be run in the folder to learn the author's name (default true). */
  runGit?: boolean;
  /** The recurrence index's semantic layer (default: the model shipped with the product). */
  recurrenceModel?: () => Promise<SemanticModel | null>;
  /** Reads paragraphs' features on another thread (default: a worker thread, when the machine has a core to spare). */
  featureReader?: () => FeatureReader | null;
}

export class NodeWorkspaceHost implements WorkspaceHost {
  /** Absolute path of the workspace folder. */
  readonly root: string;
  readonly files: NodeStoreFileSystem;
  readonly clock: Clock = { now: () => Date.now() };
  readonly log: Logger;

  constructor(
    root: string,
    private readonly options: NodeHostOptions = {},
  ) {
    this.root = path.resolve(root);
    this.files = new NodeStoreFileSystem(this.root);
    const write = options.log ?? (() => undefined);
    this.log = { info: write, warn: write, error: write };
  }

  /** No watching: a command runs once and sees only its own writes. */
  watch(_listener: (changes: readonly FileChange[]) => void): Disposable {
    return { dispose: () => undefined };
  }

  author(): Promise<string> {
    return defaultAuthor(this.root, { runGit: this.options.runGit });
  }

  recurrenceModel(): Promise<SemanticModel | null> {
    return this.options.recurrenceModel ? this.options.recurrenceModel() : loadRecurrenceModel();
  }

  /** A worker thread (`featureThread.ts`), when the machine has a core to spare. */
  featureReader(): FeatureReader | null {
    return this.options.featureReader ? this.options.featureReader() : startFeatureReader();
  }
}

export interface NodeSessionOptions extends NodeHostOptions {
  /** Passed to the annotation store (the clock and ids the tests fix). */
  store?: AnnotationStoreOptions;
  /** Options of the recurrence index (its thresholds). */
  recurrence?: Partial<IndexOptions>;
}

/** A workspace session over the folder `root` on Node's file system. */
export function openNodeSession(root: string, options: NodeSessionOptions = {}): WorkspaceSession & { host: NodeWorkspaceHost } {
  const { store, recurrence, ...hostOptions } = options;
  const host = new NodeWorkspaceHost(root, hostOptions);
  return new WorkspaceSession(host, { ...(store ? { store } : {}), ...(recurrence ? { recurrence } : {}) }) as WorkspaceSession & { host: NodeWorkspaceHost };
}
