/**
 * Finding the report files of a workspace folder. Pure: the folder is read through the same small
 * directory interface the annotation store uses (paths relative to the workspace, forward slashes,
 * `''` for the workspace folder itself), so the CLI and the editor share one rule for what counts
 * as a report.
 */
import { readProblem } from '../files';

/** What the scan needs from a file system: the entries of a folder, or undefined when it does not exist. */
export interface DirectoryReader {
  readDirectory(path: string): Promise<{ name: string; isDirectory: boolean }[] | undefined>;
}

/** Extensions of report files (plain text as extracted from a PDF, or Markdown), lowercase. */
export const REPORT_EXTENSIONS = ['.txt', '.md', '.markdown'] as const;

/** Folders never searched: the store, version control and dependencies (hidden folders are skipped too). */
export const SKIPPED_FOLDERS: readonly string[] = ['.ilacs', '.git', 'node_modules'];

/** Project files that sit beside reports but are not reports, matched by name without extension. */
const NOT_REPORTS = /^(?:readme|changelog|changes|license|licence|copying|contributing)(?:\.[^.]*)?$/i;

/** Whether a folder of this name is searched for reports. */
export function isScannedFolder(name: string): boolean {
  return !name.startsWith('.') && !SKIPPED_FOLDERS.includes(name);
}

/**
 * Whether a file of this name is taken for a report: a `.txt`, `.md` or `.markdown` file (any case)
 * that is not hidden and is not a README, CHANGELOG, LICENSE or similar project file.
 */
export function isReportFileName(name: string): boolean {
  if (name.startsWith('.')) return false;
  const lower = name.toLowerCase();
  if (!REPORT_EXTENSIONS.some((ext) => lower.endsWith(ext) && lower.length > ext.length)) return false;
  const base = name.slice(0, name.lastIndexOf('.'));
  return !NOT_REPORTS.test(base);
}

/** Whether a workspace-relative path (forward slashes) is a report the scan would list. */
export function isReportPath(relative: string): boolean {
  const parts = relative.split('/').filter((p) => p.length > 0);
  if (parts.length === 0) return false;
  return parts.slice(0, -1).every(isScannedFolder) && isReportFileName(parts[parts.length - 1]);
}

/** Orders paths by UTF-16 code units: the same on every machine and locale. */
export function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Every report file under `folder` (default: the whole workspace), as workspace-relative paths with
 * forward slashes, sorted by code units. Folders that cannot be found are skipped silently (they may
 * have been deleted while the scan ran); a sub-folder that cannot be listed (permission denied, a
 * name too long) is skipped and, when `problems` is given, added to it, so the rest is still found.
 */
export async function scanReports(fs: DirectoryReader, folder = '', problems?: { path: string; problem: string }[]): Promise<string[]> {
  const out: string[] = [];
  const start = folder.replace(/\\/g, '/').replace(/^\/+|\/+$/g, '');
  const walk = async (dir: string): Promise<void> => {
    let entries: { name: string; isDirectory: boolean }[] | undefined;
    try {
      entries = await fs.readDirectory(dir);
    } catch (err) {
      if (dir === start || !problems) throw err;
      problems.push({ path: dir, problem: `the folder cannot be listed: ${readProblem(err)}` });
      return;
    }
    if (!entries) return;
    for (const e of entries) {
      const child = dir ? `${dir}/${e.name}` : e.name;
      if (e.isDirectory) {
        if (isScannedFolder(e.name)) await walk(child);
      } else if (isReportFileName(e.name)) {
        out.push(child);
      }
    }
  };
  await walk(start);
  return out.sort(comparePaths);
}
