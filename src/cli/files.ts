import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { formatDiagnostic, type StoreDiagnostic } from '../core/annotations';
import type { CodebookError } from '../core/codebook';
import { FileProblemError } from '../core/files';
import { ReportError } from '../core/model';
import { leavesFolder } from '../node/paths';
import { readRegularFile } from '../node/readFile';
import { findWorkspace, workspaceRelative } from '../node/workspace';
import { UsageError, type CliIo } from './io';

/** Reports larger than this are refused rather than read into memory. */
export const MAX_REPORT_BYTES = 64 * 1024 * 1024;

/**
 * A report file's bytes. Every problem (no such file, a folder, a FIFO or device, no permission,
 * too large) is a `ReportError` naming the file as the user gave it.
 */
export async function readReportBytes(file: string, cwd: string): Promise<Uint8Array> {
  const abs = path.resolve(cwd, file);
  try {
    return await readRegularFile(abs, { maxBytes: MAX_REPORT_BYTES, shown: file });
  } catch (err) {
    if (err instanceof FileProblemError) throw new ReportError(file, err.problem);
    const code = (err as NodeJS.ErrnoException).code;
    throw new ReportError(file, code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : String((err as Error).message));
  }
}

/** The absolute path of a workspace folder named on the command line; a usage error when it is not a folder. */
export async function workspaceFolder(cwd: string, dir: string): Promise<string> {
  const abs = path.resolve(cwd, dir);
  let stat;
  try {
    stat = await fs.stat(abs);
  } catch {
    throw new UsageError(`${dir}: no such folder`);
  }
  if (!stat.isDirectory()) throw new UsageError(`${dir} is a file, not a workspace folder`);
  return abs;
}

/** Paths under the current folder are shown relative to it, others in full. */
export function displayPath(cwd: string, file: string): string {
  const rel = path.relative(cwd, file);
  return rel && !leavesFolder(rel) ? rel : file;
}

/** A workspace codebook's errors, one `file:line:col: message` line each, on stderr. */
export function printCodebookErrors(io: CliIo, errors: readonly CodebookError[]): void {
  for (const e of errors) io.err(`${displayPath(io.cwd, e.file)}:${e.line}:${e.column}: ${e.message}\n`);
}

/** An unreadable store file's problems, one `file:line:col: message` line each, on stderr. */
export function printStoreProblems(io: CliIo, shown: string, diagnostics: readonly StoreDiagnostic[]): void {
  for (const d of diagnostics) io.err(formatDiagnostic({ ...d, file: shown }) + '\n');
}

/**
 * The report a command names and the workspace folder it belongs to (`--workspace`, else the
 * nearest folder above holding `.ilacs/`), with its workspace-relative path. Prints why and
 * returns null when the report is not inside that folder.
 */
export async function reportInWorkspace(
  io: CliIo,
  command: string,
  file: string,
  workspaceOption: string | undefined,
): Promise<{ abs: string; workspace: string; relative: string } | null> {
  const abs = path.resolve(io.cwd, file);
  const workspace = workspaceOption !== undefined ? await workspaceFolder(io.cwd, workspaceOption) : await findWorkspace(abs);
  const relative = workspaceRelative(workspace, abs);
  if (relative === null) {
    io.err(`ilacs ${command}: ${file} is not inside the workspace folder ${displayPath(io.cwd, workspace)}\n`);
    return null;
  }
  return { abs, workspace, relative };
}
