/**
 * Importing a PDF into a Markdown report over the core's file interface (`StoreFileSystem`), for
 * every host: the CLI (`src/node/pdfImport.ts`, on Node's file system) and the editor on the
 * desktop and in the browser (on `vscode.workspace.fs`, through the workspace session's files).
 *
 * - the PDF is converted completely in memory first, and the Markdown is written to a temporary
 *   file beside the target and renamed over it, so a failure (or a cancelled import) leaves
 *   nothing half-written;
 * - a Markdown file that is not exactly what an earlier import wrote (edited, or not an import at
 *   all) or that has tags in the annotation store is replaced only when the caller confirms (the
 *   editor asks; the CLI needs `--force`). Its tags stay in the store, keyed by the file's path, and
 *   are found again on the new text the next time it is read.
 */
import type { AnnotationStore, StoreFileSystem } from '../annotations';
import { StoreFileError, temporaryFileFor } from '../annotations';
import { FileProblemError } from '../files';
import type { Report } from '../model';
import { throwIfCancelled, type CancellationToken } from '../session/host';
import { PdfImportError } from './extract';
import { isUneditedImport } from './frontMatter';
import { convertPdf } from './index';
import type { PdfLimits } from './limits';

/** PDFs larger than this are refused rather than read into memory. */
export const MAX_PDF_BYTES = 200 * 1024 * 1024;

/** What stands in the way of replacing an existing Markdown file, or null when nothing does. */
export interface Protection {
  /** The file differs from what the import wrote (or was not written by an import). */
  edited: boolean;
  /** Tags on the report in the workspace's annotation store (-1: the store file cannot be read). */
  tags: number;
  /** One sentence for the user. */
  reason: string;
}

export type ImportStatus = 'created' | 'replaced' | 'unchanged' | 'kept';

/** Where an import writes its Markdown. */
export interface PdfImportTarget {
  /** The files the Markdown is read and written through. */
  files: StoreFileSystem;
  /** The Markdown file's path in `files` (forward slashes). */
  path: string;
  /** The Markdown file's name in messages (default: `path`). */
  shown?: string;
  /** Tags on the report in its annotation store, -1 when the store cannot be read (default: none). */
  tags?(): Promise<number>;
  /** Make the Markdown file's folder when it is missing. */
  makeFolder?: boolean;
}

export interface PdfImportOptions {
  /** Replace an edited or tagged Markdown file without asking. */
  force?: boolean;
  /** Asked before an edited or tagged file is replaced (with the target's shown name); without it such a file is kept. */
  confirm?: (markdown: string, protection: Protection) => Promise<boolean>;
  /** Limits on decompressed content, pages and time (defaults for those not given). */
  limits?: Partial<PdfLimits>;
  /**
   * Asked between the pages of the PDF and before the Markdown is written: when it is set the
   * import stops with `CancelledError` and nothing is written.
   */
  token?: CancellationToken;
  /** A file error in words (a host knows its own errors' codes); default: the error's message. */
  describeError?: (err: unknown) => string;
}

export interface PdfImportOutcome {
  status: ImportStatus;
  /** Set when the file was kept: why. */
  protection?: Protection;
  report: Report;
  pages: number;
}

/**
 * Converts one PDF (`pdf` names it in messages) and writes its Markdown report to `target`.
 * Throws `PdfImportError` when the PDF cannot be read or converted or the Markdown cannot be
 * written, and `CancelledError` when `options.token` asks; nothing is written then.
 */
export async function importPdf(pdf: string, bytes: Uint8Array, target: PdfImportTarget, options: PdfImportOptions = {}): Promise<PdfImportOutcome> {
  const describe = options.describeError ?? describeFileError;
  const shown = target.shown ?? target.path;
  throwIfCancelled(options.token);
  const conversion = await convertPdf(pdf, bytes, options.limits, options.token);
  const base = { report: conversion.report, pages: conversion.pages };

  let existing: string | null;
  try {
    const found = await target.files.readFile(target.path);
    existing = found === undefined ? null : new TextDecoder().decode(found);
  } catch (err) {
    throw new PdfImportError(pdf, `cannot read ${shown}, which the import would replace: ${describe(err)}`);
  }
  if (existing !== null) {
    if (existing === conversion.markdown) return { ...base, status: 'unchanged' };
    let protection: Protection | null;
    try {
      protection = protectionOf(baseName(shown), existing, target.tags ? await target.tags() : 0);
    } catch (err) {
      throw new PdfImportError(pdf, `cannot read the tags of ${shown}: ${describe(err)}`);
    }
    if (protection && !options.force) {
      const ok = options.confirm ? await options.confirm(shown, protection) : false;
      if (!ok) return { ...base, status: 'kept', protection };
    }
  }
  throwIfCancelled(options.token);
  try {
    await writeAtomically(target.files, target.path, new TextEncoder().encode(conversion.markdown), target.makeFolder === true);
  } catch (err) {
    throw new PdfImportError(pdf, `cannot write ${shown}: ${describe(err)}`);
  }
  return { ...base, status: existing === null ? 'created' : 'replaced' };
}

/**
 * Why an existing Markdown file (named `name`, holding `text`, with `tags` tags in the store, -1
 * when the store cannot be read) should not be replaced without asking: it was edited since the
 * import wrote it (or no import wrote it), or it has tags. Null when it may simply be replaced.
 */
export function protectionOf(name: string, text: string, tags: number): Protection | null {
  const edited = !isUneditedImport(text);
  if (!edited && tags === 0) return null;
  const parts: string[] = [];
  if (edited) parts.push(/^\ufeff?---/.test(text) && text.includes('importSha256:') ? 'was edited since it was imported' : 'was not written by a PDF import');
  if (tags > 0) parts.push(`has ${tags} tag${tags === 1 ? '' : 's'}`);
  if (tags < 0) parts.push('has an annotation store file that cannot be read');
  return { edited, tags, reason: `${name} ${parts.join(' and ')}` };
}

/** Tags on a report in a store; -1 when its store file is broken. */
export async function storedTagCount(store: AnnotationStore, report: string): Promise<number> {
  try {
    return (await store.list(report)).length;
  } catch (err) {
    if (err instanceof StoreFileError) return -1;
    throw err;
  }
}

/**
 * Writes a whole file so that a failure never leaves half of it: the data goes to a temporary file
 * beside the target (a dot file the scans skip), which is then renamed over the target; on failure
 * the temporary file is removed and the error passed on.
 */
export async function writeAtomically(files: StoreFileSystem, path: string, data: Uint8Array, makeFolder = false): Promise<void> {
  const slash = path.lastIndexOf('/');
  if (makeFolder) await files.createDirectory(slash < 0 ? '' : path.slice(0, slash));
  const temp = temporaryFileFor(path);
  try {
    await files.writeFile(temp, data);
    await files.rename(temp, path);
  } catch (err) {
    await files.delete(temp).catch(() => undefined);
    throw err;
  }
}

/** A file error in words, after a colon: "it is a folder, not a file", or the error's message. */
function describeFileError(err: unknown): string {
  if (err instanceof FileProblemError) return /^is /.test(err.problem) ? `it ${err.problem}` : err.problem;
  return err instanceof Error ? err.message : String(err);
}

function baseName(file: string): string {
  const parts = file.split(/[\\/]/);
  return parts[parts.length - 1] || file;
}
