/**
 * The codebook loader's file access on Node's `fs` (the CLI's): paths joined as the platform
 * writes them, a missing file read as "no codebook", and only a regular file read, within the
 * limit, counted while reading (see `readFile.ts`).
 */
import * as path from 'node:path';
import type { CodebookFileSystem } from '../core/codebook';
import { readRegularFile } from './readFile';

export const nodeCodebookFileSystem: CodebookFileSystem = {
  async readFile(file) {
    try {
      return await readRegularFile(file);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      throw err;
    }
  },
  join(dir, relative) {
    return path.join(dir, relative);
  },
};
