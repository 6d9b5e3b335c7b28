/**
 * Reading files on Node's file system for the CLI and the editor (on local folders): only regular
 * files, and never more than a limit, counted while reading.
 *
 * `stat` cannot be trusted for either: a FIFO, a device or a socket has a size of 0, opening a FIFO
 * waits for a writer forever, and a symbolic link to `/dev/zero` never ends. So the file is opened
 * only when its name leads to a regular file, without waiting (`O_NONBLOCK`, which changes nothing
 * for a regular file), its type is checked again on the open handle (what was opened, not what the
 * name pointed at a moment before), and the bytes are counted as they arrive.
 */
import { constants, promises as fs } from 'node:fs';
import { FileProblemError, MAX_FILE_BYTES } from '../core/files';

const CHUNK_MIN = 64 * 1024;
const CHUNK_MAX = 8 * 1024 * 1024;

/** What a file that is not a regular file is, in words. */
function kindOf(stat: import('node:fs').Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

function megabytes(bytes: number): string {
  const mb = bytes / 1048576;
  return mb >= 10 || Number.isInteger(mb) ? `${mb.toFixed(0)} MB` : `${mb.toFixed(1)} MB`;
}

export interface ReadOptions {
  /** Most bytes read; a file with more is refused. Default `MAX_FILE_BYTES` (64 MB). */
  maxBytes?: number;
  /** The file's name in error messages (default: the path given). */
  shown?: string;
}

/**
 * The bytes of a regular file. A folder, FIFO, device or socket, or a file with more than
 * `maxBytes` bytes, is a `FileProblemError` naming the file; errors from opening it (no such file,
 * permission denied) are passed on as Node gives them, with their `code`.
 */
export async function readRegularFile(file: string, options: ReadOptions = {}): Promise<Uint8Array> {
  const maxBytes = options.maxBytes ?? MAX_FILE_BYTES;
  const shown = options.shown ?? file;
  // O_NONBLOCK is not defined on Windows, where a FIFO cannot be met under a file name anyway.
  const flags = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);
  // A device is never even opened (opening some has effects); the handle is checked again below,
  // in case the name was pointed elsewhere in between.
  const named = await fs.stat(file);
  if (!named.isFile()) throw new FileProblemError(shown, `is ${kindOf(named)}, not a regular file, so it is not read`);
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, flags);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EISDIR') throw new FileProblemError(shown, 'is a folder, not a file');
    throw err;
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new FileProblemError(shown, `is ${kindOf(stat)}, not a regular file, so it is not read`);
    const chunks: Uint8Array[] = [];
    let total = 0;
    const chunkSize = Math.max(CHUNK_MIN, Math.min(CHUNK_MAX, stat.size + 1, maxBytes + 1));
    for (;;) {
      const room = maxBytes + 1 - total;
      const buffer = Buffer.allocUnsafe(Math.min(chunkSize, room));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > maxBytes) throw new FileProblemError(shown, `is larger than ${megabytes(maxBytes)}, so it is not read`);
      chunks.push(buffer.subarray(0, bytesRead));
    }
    return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total);
  } finally {
    await handle.close();
  }
}
