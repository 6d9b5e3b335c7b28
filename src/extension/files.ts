/**
 * Files of the workspace as the editor reads them. On local disk (the desktop host) through the same reader as the
 * CLI (only regular files, the size counted while reading: a FIFO among the reports must not hang
 * the window, a link to /dev/zero must not fill its memory); on other file systems through VS
 * Code's, after checking the type and size it reports.
 */
import * as vscode from 'vscode';
import { FileProblemError } from '../core/files';

type LocalFileReader = (fsPath: string, maxBytes: number, shown: string) => Promise<Uint8Array>;

/** The host's reader of local files (the desktop's; none in the browser), set once on activation. */
let localReader: LocalFileReader | undefined;
export function setLocalFileReader(reader: LocalFileReader | undefined): void {
  localReader = reader;
}

/** A file's bytes, or undefined when it does not exist. Other problems throw, naming the file. */
export async function readWorkspaceFile(uri: vscode.Uri, maxBytes: number, shown = vscode.workspace.asRelativePath(uri)): Promise<Uint8Array | undefined> {
  if (uri.scheme === 'file' && localReader) {
    try {
      return await localReader(uri.fsPath, maxBytes, shown);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      throw err;
    }
  }
  let stat: vscode.FileStat;
  try {
    stat = await vscode.workspace.fs.stat(uri);
  } catch (err) {
    if (err instanceof vscode.FileSystemError && err.code === 'FileNotFound') return undefined;
    throw err;
  }
  if ((stat.type & vscode.FileType.File) === 0) throw new FileProblemError(shown, stat.type & vscode.FileType.Directory ? 'is a folder, not a file' : 'is not a regular file, so it is not read');
  if (stat.size > maxBytes) throw new FileProblemError(shown, `is larger than ${Math.round(maxBytes / 1048576)} MB, so it is not read`);
  const bytes = await vscode.workspace.fs.readFile(uri);
  if (bytes.length > maxBytes) throw new FileProblemError(shown, `is larger than ${Math.round(maxBytes / 1048576)} MB, so it is not read`);
  return bytes;
}

/** Whether anything is at `uri` (false too when it cannot be looked at). */
export async function exists(uri: vscode.Uri): Promise<boolean> {
  return Promise.resolve(vscode.workspace.fs.stat(uri)).then(
    () => true,
    () => false,
  );
}

/**
 * A file's path relative to its workspace folder, folders separated by `/`. Taken from the URI's
 * path, where `/` is the only separator, so a backslash in a Linux or macOS file name stays part of
 * the name (`a\b.txt` is not `a/b.txt`).
 */
export function workspacePathOf(uri: vscode.Uri, folder = vscode.workspace.getWorkspaceFolder(uri)): string {
  if (folder && folder.uri.scheme === uri.scheme && folder.uri.authority === uri.authority) {
    const base = folder.uri.path.replace(/\/+$/, '');
    if (uri.path.startsWith(`${base}/`)) return uri.path.slice(base.length + 1);
  }
  // Elsewhere (a drive letter spelt in another case on Windows, where no name holds a backslash).
  return vscode.workspace.asRelativePath(uri, false).replace(/\\/g, '/');
}
