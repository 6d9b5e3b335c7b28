import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { formatDiagnostic, type StoreDiagnostic } from '../core/annotations';
import type { Codebook, CodebookError } from '../core/codebook';
import type { WorkspaceSession } from '../core/session';
import type { LoadedReport } from '../core/workspace';
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

/**
 * A workspace codebook's errors, one `file:line:col: message` line each, on stderr. `root` is the
 * workspace folder the errors' paths are relative to (the session names `.ilacs/codebook.json`).
 */
export function printCodebookErrors(io: CliIo, errors: readonly CodebookError[], root?: string): void {
  for (const e of errors) io.err(`${displayPath(io.cwd, root !== undefined ? path.resolve(root, e.file) : e.file)}:${e.line}:${e.column}: ${e.message}\n`);
}

/**
 * The codebook in force, by the session's one policy: while the workspace codebook has errors
 * they are printed, the command says it goes on with the last valid codebook (for a command that
 * runs once, the built-in one), and `failed` is set so that it ends with exit status 1.
 */
export async function sessionCodebook(io: CliIo, command: string, session: WorkspaceSession, root: string): Promise<{ codebook: Codebook; failed: boolean }> {
  const { codebook, errors } = await session.codebook();
  if (errors.length === 0) return { codebook, failed: false };
  printCodebookErrors(io, errors, root);
  const which = codebook.source === 'builtin' ? 'the built-in one' : codebook.source;
  io.err(`ilacs ${command}: the workspace codebook has errors; using the last valid codebook (${which}) until they are fixed\n`);
  return { codebook, failed: true };
}

/** How a command words what becomes of a report it cannot fully read. */
export interface LoadWording {
  /** Said of a report whose store file cannot be read, for example "the tags of X cannot be read until this file is fixed". */
  store(report: string): string;
  /** Added after an unreadable report's problem, for example "; its 2 tag(s) are listed as orphans" (default nothing). */
  unreadable?(loaded: LoadedReport): string;
  /** Said of a missing report file (which leaves its tags orphaned), or null to say nothing (the default); not a failure. */
  missing?(loaded: LoadedReport): string | null;
}

/**
 * Names what is wrong with one loaded report, on stderr: an unreadable store file (each problem as
 * `file:line:col: message`, then what becomes of the report's tags), a report file that cannot be
 * read, and, when the command says so, a missing one. Returns true when the command should end
 * with exit status 1 (a missing report alone is not a failure).
 */
export function reportLoadProblems(io: CliIo, command: string, root: string, loaded: LoadedReport, wording: LoadWording): boolean {
  let failed = false;
  if (!loaded.store.ok) {
    failed = true;
    const shown = displayPath(io.cwd, path.join(root, ...loaded.store.file.split('/')));
    printStoreProblems(io, shown, loaded.store.diagnostics);
    io.err(`ilacs ${command}: ${shown}: ${wording.store(loaded.file)}\n`);
  }
  if (loaded.problem !== null && !loaded.missing) {
    // A report that cannot be read (a folder, a FIFO, too large) is named, and the others go on.
    failed = true;
    io.err(`ilacs ${command}: ${loaded.file}: ${loaded.problem}${wording.unreadable?.(loaded) ?? ''}\n`);
  } else if (loaded.missing) {
    const said = wording.missing?.(loaded) ?? null;
    if (said !== null) io.err(`ilacs ${command}: ${loaded.file}: ${said}\n`);
  }
  return failed;
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
