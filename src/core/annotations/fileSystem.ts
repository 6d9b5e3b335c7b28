/**
 * The little a store needs from a file system. Paths are relative to the workspace folder, with
 * forward slashes; each host resolves them (Node: against a folder, VS Code: `Uri.joinPath` on the
 * workspace folder's URI), so the core never handles OS paths or URIs.
 */
export interface StoreFileSystem {
  /** The file's bytes, or `undefined` when it does not exist. */
  readFile(path: string): Promise<Uint8Array | undefined>;
  /** Creates or replaces the file; the folder exists. */
  writeFile(path: string, data: Uint8Array): Promise<void>;
  /** Renames a file, replacing the target if it exists. */
  rename(from: string, to: string): Promise<void>;
  /** Deletes a file; no error when it is already gone. */
  delete(path: string): Promise<void>;
  /** Creates a folder and its parents; no error when it exists. */
  createDirectory(path: string): Promise<void>;
  /** Entries of a folder (names only), or `undefined` when the folder does not exist. */
  readDirectory(path: string): Promise<{ name: string; isDirectory: boolean }[] | undefined>;
}
