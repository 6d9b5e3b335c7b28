/**
 * What differs between the desktop extension (Node extension host) and the browser one (the web
 * worker extension host of vscode.dev and code-server): how a workspace folder's tag store reaches
 * its files, who the author of a new tag is when `ilacs.author` is not set, and the features that
 * need Node. Everything else is registered once, by `activateCommon` (activate.ts), over this host.
 */
import type * as vscode from 'vscode';
import type { StoreFileSystem } from '../core/annotations';
import type { FeatureReader } from '../core/recurrence';
import type { Services } from './services';

export interface ExtensionHost {
  /** Which host this is, for messages and the tests. */
  kind: 'desktop' | 'web';
  /** The file system the tag store of a workspace folder reads and writes through. */
  storeFileSystem(folder: vscode.WorkspaceFolder): StoreFileSystem;
  /**
   * The author recorded on new tags when the `ilacs.author` setting is empty, for the workspace
   * folder holding `uri` (or the first folder).
   */
  defaultAuthor(uri: vscode.Uri | undefined): Promise<string>;
  /**
   * The features that need Node (the git merge driver): the real ones on the desktop, on the web
   * commands that say they need the desktop. Called once on activation.
   */
  registerNodeFeatures(services: Services): vscode.Disposable;
  /**
   * Reads a file on local disk: on the desktop only a regular file, with the size counted while
   * reading; absent on the web, where files are read through `workspace.fs`.
   */
  readLocalFile?(fsPath: string, maxBytes: number, shown: string): Promise<Uint8Array>;
  /**
   * Reads paragraphs' features on a worker thread while the recurrence index is first filled: on
   * the desktop; absent on the web, where they are read on the extension host's thread.
   */
  featureReader?(): FeatureReader | null;
}
