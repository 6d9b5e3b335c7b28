/**
 * The codebook loader's file access on Node's `fs` (the CLI's): paths joined as the platform
 * writes them, a missing file read as "no codebook".
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { CodebookFileSystem } from '../core/codebook';

export const nodeCodebookFileSystem: CodebookFileSystem = {
  async readFile(file) {
    try {
      return await readFile(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  },
  join(dir, relative) {
    return path.join(dir, relative);
  },
};
