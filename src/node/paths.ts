/** Paths on Node's file system, judged by their segments rather than by string prefixes. */
import * as path from 'node:path';

/**
 * Whether a path relative to a folder (as `path.relative` gives it) leads out of that folder: it
 * is absolute (another drive) or its first segment is `..`. `..report.txt` and `..hidden/x.txt`
 * are names inside the folder, not ways out of it.
 */
export function leavesFolder(relative: string): boolean {
  if (path.isAbsolute(relative)) return true;
  const first = relative.split(/[\\/]/)[0];
  return first === '..';
}

/** `file` relative to `folder`, or null when it is not inside it (the folder itself is not inside). */
export function relativeInside(folder: string, file: string): string | null {
  const rel = path.relative(path.resolve(folder), path.resolve(folder, file));
  if (rel === '' || leavesFolder(rel)) return null;
  return rel;
}
