import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ReportError } from '../core/model';

/** Reports larger than this are refused rather than read into memory. */
export const MAX_REPORT_BYTES = 64 * 1024 * 1024;

/**
 * A report file's bytes. Every problem (no such file, a folder, no permission, too large) is a
 * `ReportError` naming the file as the user gave it.
 */
export async function readReportBytes(file: string, cwd: string): Promise<Uint8Array> {
  const abs = path.resolve(cwd, file);
  try {
    const stat = await fs.stat(abs);
    if (stat.isDirectory()) throw new ReportError(file, 'is a folder, not a report file');
    if (stat.size > MAX_REPORT_BYTES) throw new ReportError(file, `is ${(stat.size / 1048576).toFixed(0)} MB: reports larger than ${MAX_REPORT_BYTES / 1048576} MB are not read`);
    return await fs.readFile(abs);
  } catch (err) {
    if (err instanceof ReportError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new ReportError(file, code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : String((err as Error).message));
  }
}
