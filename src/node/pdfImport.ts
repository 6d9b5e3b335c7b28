/**
 * Importing a PDF file into a Markdown file beside it (or in a chosen folder), on Node's file
 * system, for the CLI: the PDF read from disk (only a regular file, its size counted), the tags
 * counted in the nearest workspace's store, and the core's `importPdf` (core/pdf/importFile.ts)
 * doing the rest: the conversion in memory, the check that an edited or tagged Markdown file is
 * replaced only when confirmed, and the write through a temporary file renamed over the target.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { readRegularFile } from './readFile';
import { FileProblemError } from '../core/files';
import { fileErrorText } from './files';
import type { Report } from '../core/model';
import { openNodeSession } from './host';
import { findWorkspace, workspaceRelative } from './workspace';
import { markdownNameFor } from '../core/pdf/index';
import { importPdf, MAX_PDF_BYTES, protectionOf as coreProtectionOf, storedTagCount, type ImportStatus, type Protection } from '../core/pdf/importFile';
import type { PdfLimits } from '../core/pdf/limits';
import { PdfImportError } from '../core/pdf/extract';
import type { CancellationToken } from '../core/session/host';
import { NodeStoreFileSystem } from './storeFileSystem';

export { MAX_PDF_BYTES } from '../core/pdf/importFile';
export type { ImportStatus, Protection } from '../core/pdf/importFile';

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
  /** Asked between pages and before writing: when set, the import stops with `CancelledError`, nothing written. */
  token?: CancellationToken;
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
  const markdown = markdownPathFor(path.resolve(pdf), options.outDir ? path.resolve(options.outDir) : undefined);
  const folder = path.dirname(markdown);
  const name = path.basename(markdown);
  // Rooted at the Markdown file's folder; the existing file is read as Node gives it, so a folder
  // standing in its place is named as such ("it is a folder").
  const files = new NodeStoreFileSystem(folder);
  files.readFile = async (p) => {
    try {
      return await fs.readFile(files.resolve(p));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  };
  const outcome = await importPdf(
    pdf,
    bytes,
    { files, path: name, shown: markdown, makeFolder: true, tags: () => tagCount(markdown) },
    { force: options.force, confirm: options.confirm, limits: options.limits, token: options.token, describeError: fileErrorText },
  );
  return { pdf, markdown, ...outcome };
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

/**
 * Why an existing Markdown file should not be replaced without asking: it was edited since the
 * import wrote it (or no import wrote it), or it has tags. Null when it may simply be replaced.
 */
export async function protectionOf(markdown: string, text: string): Promise<Protection | null> {
  return coreProtectionOf(path.basename(markdown), text, await tagCount(markdown));
}

/** Tags on a report in its workspace's store (the nearest `.ilacs/` above it); -1 when the store file is broken. */
async function tagCount(markdown: string): Promise<number> {
  const root = await findWorkspace(markdown);
  const relative = workspaceRelative(root, markdown);
  if (relative === null) return 0;
  return storedTagCount(openNodeSession(root).store, relative);
}
