/**
 * The store's file system on Node's `fs`, rooted at a workspace folder: used by the CLI, the tests,
 * and the editor on local folders (`file:` URIs). Its `createExclusive` is an O_EXCL open, so the
 * store's lock (`core/annotations/lockedFile.ts`) is exact here, and the files it writes are
 * flushed to the disk before they are renamed into place.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { FileStat, StoreFileSystem } from '../core/annotations/fileSystem';
import { readRegularFile } from './readFile';

function isNotFound(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

const HOST = os.hostname();

export class NodeStoreFileSystem implements StoreFileSystem {
  /** @param root the workspace folder the store's relative paths are resolved against. */
  constructor(readonly root: string) {}

  resolve(relative: string): string {
    return path.join(this.root, ...relative.split('/'));
  }

  /** Only regular files, at most 64 MB, counted while reading (see `readFile.ts`). */
  async readFile(p: string): Promise<Uint8Array | undefined> {
    try {
      return await readRegularFile(this.resolve(p), { shown: p });
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  async writeFile(p: string, data: Uint8Array): Promise<void> {
    const handle = await fs.open(this.resolve(p), 'w');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  async rename(from: string, to: string): Promise<void> {
    await fs.rename(this.resolve(from), this.resolve(to));
  }

  async delete(p: string): Promise<void> {
    await fs.rm(this.resolve(p), { force: true });
  }

  async createDirectory(p: string): Promise<void> {
    await fs.mkdir(this.resolve(p), { recursive: true });
  }

  async readDirectory(p: string): Promise<{ name: string; isDirectory: boolean }[] | undefined> {
    try {
      const entries = await fs.readdir(this.resolve(p), { withFileTypes: true });
      return entries.map((e) => ({ name: e.name, isDirectory: e.isDirectory() }));
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  async createExclusive(p: string, data: Uint8Array): Promise<boolean> {
    let handle;
    try {
      handle = await fs.open(this.resolve(p), 'wx');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw e;
    }
    try {
      await handle.writeFile(data);
    } finally {
      await handle.close();
    }
    return true;
  }

  async stat(p: string): Promise<FileStat | undefined> {
    try {
      const s = await fs.lstat(this.resolve(p));
      const kind = s.isSymbolicLink() ? 'symlink' : s.isDirectory() ? 'directory' : s.isFile() ? 'file' : 'other';
      return { kind, size: s.size, mtime: s.mtimeMs };
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  lockOwner(): { pid: number; host: string } {
    return { pid: process.pid, host: HOST };
  }

  processAlive(pid: number): boolean | undefined {
    try {
      process.kill(pid, 0);
      return true;
    } catch (e) {
      // EPERM: it runs, under another user.
      return (e as NodeJS.ErrnoException).code === 'EPERM';
    }
  }
}
