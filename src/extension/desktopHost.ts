/**
 * The desktop host (Node extension host): tag stores on local folders through Node's `fs` (whose
 * lock is exact), others through `workspace.fs`; the default author from git or the operating
 * system; the git merge driver set-up; paragraphs' features read on a worker thread.
 */
import * as os from 'node:os';
import * as vscode from 'vscode';
import { defaultAuthor } from '../node/workspace';
import { startFeatureReader } from '../node/featureThread';
import { readRegularFile } from '../node/readFile';
import { NodeStoreFileSystem } from '../node/storeFileSystem';
import { WorkspaceStoreFileSystem } from './annotationService';
import type { ExtensionHost } from './host';
import { registerMergeDriverSetup } from './mergeDriver';

const defaultAuthors = new Map<string, Promise<string>>();

export const desktopHost: ExtensionHost = {
  kind: 'desktop',
  storeFileSystem(folder) {
    // On local disk the store renames with Node's fs, which replaces the file in one step;
    // other file systems (remote, virtual) go through VS Code's.
    return folder.uri.scheme === 'file' ? new NodeStoreFileSystem(folder.uri.fsPath) : new WorkspaceStoreFileSystem(folder.uri);
  },
  /** git's user.name in the report's workspace folder, else the OS user, found once per folder. */
  defaultAuthor(uri) {
    const folder = (uri && vscode.workspace.getWorkspaceFolder(uri)) ?? vscode.workspace.workspaceFolders?.[0];
    const dir = folder?.uri.scheme === 'file' ? folder.uri.fsPath : os.homedir();
    // Restricted Mode: git is not run in an untrusted folder; the OS user stands in (or the setting).
    const runGit = vscode.workspace.isTrusted;
    const key = `${runGit ? 'git' : 'os'}:${dir}`;
    let pending = defaultAuthors.get(key);
    if (!pending) {
      pending = defaultAuthor(dir, { runGit });
      defaultAuthors.set(key, pending);
    }
    return pending;
  },
  registerNodeFeatures(services) {
    return registerMergeDriverSetup(services);
  },
  readLocalFile(fsPath, maxBytes, shown) {
    return readRegularFile(fsPath, { maxBytes, shown });
  },
  featureReader() {
    return startFeatureReader();
  },
};
