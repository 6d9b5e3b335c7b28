/**
 * The little a store needs from a file system. Paths are relative to the workspace folder, with
 * forward slashes; each host resolves them (Node: against a folder, VS Code: `Uri.joinPath` on the
 * workspace folder's URI), so the core never handles OS paths or URIs.
 *
 * Writers do not lock files themselves: `lockedFile.ts` builds the exclusive lock, the stale-lock
 * rule and the read-modify-write on the few primitives below (`createExclusive`, `stat`,
 * `lockOwner`, `processAlive`), so every host gets the same locking.
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
  /**
   * Creates the file with `data` only if nothing is at `path`, in one step no other writer can
   * come between (O_EXCL on a local disk); false when something already is there. The folder exists.
   */
  createExclusive(path: string, data: Uint8Array): Promise<boolean>;
  /** What is at `path`, without following a symbolic link there; `undefined` when nothing is. */
  stat(path: string): Promise<FileStat | undefined>;
  /** This process as its lock files name it: its id and its host's name. */
  lockOwner(): { pid: number; host: string };
  /**
   * Whether the process `pid` of this host is still running; `undefined` when the host cannot
   * tell (a remote file system), in which case only a lock's age can make it stale.
   */
  processAlive(pid: number): boolean | undefined;
}

export interface FileStat {
  /** `symlink` for a symbolic link (whatever it points to); `other` for FIFOs, devices and sockets. */
  kind: 'file' | 'directory' | 'symlink' | 'other';
  size: number;
  /** Last modification, in milliseconds since 1970. */
  mtime: number;
}
