/** Files on Node's file system, for the CLI and the PDF import: whole-file writes, and errors in words. */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/**
 * Writes a whole file so that a failure never leaves half of it: the data goes to a temporary file
 * beside the target (a dot file, so scans skip it), which is then renamed over the target; on failure
 * the temporary file is removed and the error passed on. (The annotation store does the same through
 * its own file-system interface.)
 */
export async function writeFileAtomically(file: string, data: string | Uint8Array, options: { makeFolder?: boolean } = {}): Promise<void> {
  if (options.makeFolder) await fs.mkdir(path.dirname(file), { recursive: true });
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await fs.writeFile(temp, data);
    await fs.rename(temp, file);
  } catch (err) {
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw err;
  }
}

/**
 * A file system error in words, without the temporary file names Node puts into its messages:
 * "the folder is read-only", "permission denied"...
 */
export function fileErrorText(err: unknown): string {
  switch ((err as NodeJS.ErrnoException | undefined)?.code) {
    case 'ENOENT':
      return 'its folder does not exist';
    case 'EISDIR':
      return 'it is a folder';
    case 'ENOTDIR':
      return 'a part of its path is a file, not a folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'the folder is on a read-only file system';
    case 'ENOSPC':
      return 'the disk is full';
    case 'EDQUOT':
      return 'the disk quota is used up';
    default:
      return err instanceof Error ? err.message : String(err);
  }
}
