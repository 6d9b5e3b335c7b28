/**
 * The store's file system on Node's `fs`, rooted at a workspace folder (used by the CLI and tests).
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { readRegularFile } from '../../node/readFile';
import type { StoreFileSystem } from './fileSystem';

function isNotFound(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

export class NodeStoreFileSystem implements StoreFileSystem {
  /** @param root the workspace folder the store's relative paths are resolved against. */
  constructor(readonly root: string) {}

  resolve(relative: string): string {
    return path.join(this.root, ...relative.split('/'));
  }

  /** Only regular files, at most 64 MB, counted while reading (see `src/node/readFile.ts`). */
  async readFile(p: string): Promise<Uint8Array | undefined> {
    try {
      return await readRegularFile(this.resolve(p), { shown: p });
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  async writeFile(p: string, data: Uint8Array): Promise<void> {
    await fs.writeFile(this.resolve(p), data);
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
}
