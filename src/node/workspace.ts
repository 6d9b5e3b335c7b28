/**
 * The workspace on Node's file system, for the CLI and tests (the editor uses VS Code's file
 * system and workspace folders instead).
 */
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { relativeInside } from './paths';
import { AnnotationStore, type AnnotationStoreOptions } from '../core/annotations';
import { NodeStoreFileSystem } from './storeFileSystem';

/** The folder that marks a workspace: where the store and the workspace codebook live. */
export const WORKSPACE_MARKER = '.ilacs';

async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await fs.stat(p)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The workspace a report belongs to: the nearest folder at or above the file's folder that holds
 * `.ilacs/`, else the file's own folder. `file` may be relative to `cwd`.
 */
export async function findWorkspace(file: string, cwd = process.cwd()): Promise<string> {
  const start = path.dirname(path.resolve(cwd, file));
  for (let dir = start; ; ) {
    if (await isDirectory(path.join(dir, WORKSPACE_MARKER))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return start;
    dir = parent;
  }
}

/**
 * A report's path relative to the workspace folder, with forward slashes, or null when the file is
 * not inside it.
 */
export function workspaceRelative(workspace: string, file: string): string | null {
  // Judged by segments: `..report.txt` is inside, `../report.txt` is not.
  const rel = relativeInside(workspace, file);
  return rel === null ? null : rel.split(path.sep).join('/');
}

export interface NodeWorkspace {
  /** Absolute path of the workspace folder. */
  root: string;
  fs: NodeStoreFileSystem;
  store: AnnotationStore;
}

export function openNodeWorkspace(root: string, options: AnnotationStoreOptions = {}): NodeWorkspace {
  const abs = path.resolve(root);
  const fsys = new NodeStoreFileSystem(abs);
  return { root: abs, fs: fsys, store: new AnnotationStore(fsys, options) };
}

/** `git config user.name` as seen from `dir`, or null when git is missing or has no name. */
export function gitUserName(dir: string): Promise<string | null> {
  return new Promise((resolve) => {
    execFile('git', ['config', 'user.name'], { cwd: dir, timeout: 5000, windowsHide: true }, (err, stdout) => {
      const name = err ? '' : String(stdout).trim();
      resolve(name || null);
    });
  });
}

/** The author recorded on new annotations when none is given: git's user name, else the OS user. */
export async function defaultAuthor(dir: string, options: { runGit?: boolean } = {}): Promise<string> {
  // In a folder the user has not trusted, no program is run there (git reads the folder's config).
  const git = options.runGit === false ? undefined : await gitUserName(dir);
  if (git) return git;
  try {
    const user = os.userInfo().username.trim();
    if (user) return user;
  } catch {
    // No user record (some containers): fall through.
  }
  return process.env.USER || process.env.USERNAME || 'unknown';
}
