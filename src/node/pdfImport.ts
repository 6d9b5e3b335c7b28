/**
 * Importing a PDF file into a Markdown file beside it (or in a chosen folder), on Node's file
 * system, for the CLI and the extension alike:
 *
 * - the PDF is converted completely in memory first, and the Markdown is written to a temporary
 *   file in the target folder and renamed over the target, so a failure leaves nothing half-written;
 * - a Markdown file that is not exactly what an earlier import wrote (edited, or not an import at
 *   all) or that has tags in the annotation store is replaced only when the caller confirms (the
 *   editor asks; the CLI needs `--force`). Its tags stay in the store, keyed by the file's path, and
 *   are found again on the new text the next time it is read.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { readRegularFile } from './readFile';
import { StoreFileError } from '../core/annotations';
import { FileProblemError } from '../core/files';
import { fileErrorText, writeFileAtomically } from './files';
import type { Report } from '../core/model';
import { openNodeSession } from './host';
import { findWorkspace, workspaceRelative } from './workspace';
import { isUneditedImport } from '../core/pdf/frontMatter';
import { convertPdf, markdownNameFor } from '../core/pdf/index';
import type { PdfLimits } from '../core/pdf/limits';
import { PdfImportError } from '../core/pdf/extract';

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

export interface ImportOutcome {
  pdf: string;
  markdown: string;
  status: ImportStatus;
  /** Set when the file was kept: why. */
  protection?: Protection;
  report: Report;
  pages: number;
}

export interface ImportOptions {
  /** Folder for the Markdown file; default: the PDF's own folder. */
  outDir?: string;
  /** Replace an edited or tagged Markdown file without asking. */
  force?: boolean;
  /** Asked before an edited or tagged file is replaced; without it such a file is kept. */
  confirm?: (markdown: string, protection: Protection) => Promise<boolean>;
  /** Limits on decompressed content, pages and time (defaults for those not given). */
  limits?: Partial<PdfLimits>;
}

/** The Markdown path an import of `pdf` writes. */
export function markdownPathFor(pdf: string, outDir?: string): string {
  return path.join(outDir ?? path.dirname(pdf), markdownNameFor(path.basename(pdf)));
}

/**
 * Converts one PDF and writes its Markdown report. Throws `PdfImportError` (naming `pdf` as given)
 * when the PDF cannot be read or converted, or the Markdown cannot be written; nothing is written then.
 */
export async function importPdfFile(pdf: string, options: ImportOptions = {}): Promise<ImportOutcome> {
  const bytes = await readPdf(pdf);
  const conversion = await convertPdf(pdf, bytes, options.limits);
  const markdown = markdownPathFor(path.resolve(pdf), options.outDir ? path.resolve(options.outDir) : undefined);
  const base = { pdf, markdown, report: conversion.report, pages: conversion.pages };

  const existing = await readExisting(pdf, markdown);
  if (existing !== null) {
    if (existing === conversion.markdown) return { ...base, status: 'unchanged' };
    let protection: Protection | null;
    try {
      protection = await protectionOf(markdown, existing);
    } catch (err) {
      throw new PdfImportError(pdf, `cannot read the tags of ${markdown}: ${fileErrorText(err)}`);
    }
    if (protection && !options.force) {
      const ok = options.confirm ? await options.confirm(markdown, protection) : false;
      if (!ok) return { ...base, status: 'kept', protection };
    }
  }
  try {
    await writeFileAtomically(markdown, conversion.markdown, { makeFolder: true });
  } catch (err) {
    throw new PdfImportError(pdf, `cannot write ${markdown}: ${fileErrorText(err)}`);
  }
  return { ...base, status: existing === null ? 'created' : 'replaced' };
}

async function readPdf(pdf: string): Promise<Uint8Array> {
  try {
    // Only a regular file, its size counted while reading: a FIFO or a link to /dev/zero is refused at once.
    return await readRegularFile(pdf, { maxBytes: MAX_PDF_BYTES, shown: pdf });
  } catch (err) {
    if (err instanceof FileProblemError) throw new PdfImportError(pdf, err.problem);
    const code = (err as NodeJS.ErrnoException).code;
    throw new PdfImportError(pdf, code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (err as Error).message);
  }
}

/** The Markdown file already at the target, or null when there is none. */
async function readExisting(pdf: string, file: string): Promise<string | null> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new PdfImportError(pdf, `cannot read ${file}, which the import would replace: ${fileErrorText(err)}`);
  }
}

/**
 * Why an existing Markdown file should not be replaced without asking: it was edited since the
 * import wrote it (or no import wrote it), or it has tags. Null when it may simply be replaced.
 */
export async function protectionOf(markdown: string, text: string): Promise<Protection | null> {
  const edited = !isUneditedImport(text);
  const tags = await tagCount(markdown);
  if (!edited && tags === 0) return null;
  const parts: string[] = [];
  if (edited) parts.push(/^\ufeff?---/.test(text) && text.includes('importSha256:') ? 'was edited since it was imported' : 'was not written by a PDF import');
  if (tags > 0) parts.push(`has ${tags} tag${tags === 1 ? '' : 's'}`);
  if (tags < 0) parts.push('has an annotation store file that cannot be read');
  return { edited, tags, reason: `${path.basename(markdown)} ${parts.join(' and ')}` };
}

/** Tags on a report in its workspace's store (the nearest `.ilacs/` above it); -1 when the store file is broken. */
async function tagCount(markdown: string): Promise<number> {
  const root = await findWorkspace(markdown);
  const relative = workspaceRelative(root, markdown);
  if (relative === null) return 0;
  try {
    return (await openNodeSession(root).store.list(relative)).length;
  } catch (err) {
    if (err instanceof StoreFileError) return -1;
    throw err;
  }
}

