/**
 * "ILACS: Import Report from PDF…", on the desktop and in the browser alike: converts report PDFs
 * into Markdown reports (the core's `importPdf`, through the workspace folder's session files:
 * `vscode.workspace.fs`, or Node's fs for local folders on the desktop), from the command palette
 * (a file dialog), the Explorer's context menu on `.pdf` files (one or several selected), or PDFs
 * dropped on the Reports view. Several files show one progress notification, which can be
 * cancelled; a PDF that fails is reported and the others go on. A Markdown file that was edited
 * since its import, or has tags, is replaced only when the user says so; its tags stay in the
 * store and are found again on the new text.
 *
 * Scripts and tests pass the PDFs and `{ replace: 'always' | 'never', open: false, token }` as
 * arguments: no dialog is shown then.
 */
import * as vscode from 'vscode';
import { FileProblemError } from '../core/files';
import { markdownNameFor, PdfImportError, type PdfLimits } from '../core/pdf';
import { importPdf, MAX_PDF_BYTES, storedTagCount, type ImportStatus, type Protection } from '../core/pdf/importFile';
import { CancelledError, type CancellationToken } from '../core/session';
import { readWorkspaceFile, workspacePathOf } from './files';
import type { Services } from './services';

export interface PdfImportOptions {
  /** What to do with an edited or tagged Markdown file: ask (the default), always replace, never replace. */
  replace?: 'ask' | 'always' | 'never';
  /** Open the Markdown file afterwards when one PDF was imported (default true). */
  open?: boolean;
  /** Stops the batch as the notification's Cancel does (for scripts and tests). */
  token?: CancellationToken;
}

export interface PdfImportResult {
  pdf: vscode.Uri;
  markdown?: vscode.Uri;
  /** `cancelled`: the batch was cancelled before this PDF was written; nothing was written for it. */
  status: ImportStatus | 'failed' | 'cancelled';
  /** Why the file failed or was kept. */
  message?: string;
}

export function registerPdfImport(services: Services): vscode.Disposable {
  return vscode.commands.registerCommand('ilacs.importPdf', async (first?: unknown, second?: unknown) => {
    let uris = urisFrom(first, second);
    const options = [first, second].find(isOptions) ?? {};
    if (uris.length === 0) {
      const picked = await vscode.window.showOpenDialog({
        canSelectMany: true,
        openLabel: 'Import',
        title: 'Import Ofsted reports from PDF',
        filters: { 'PDF files': ['pdf', 'PDF'] },
        defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
      });
      if (!picked?.length) return [];
      uris = picked;
    }
    return importPdfs(services, uris, options);
  });
}

/** The PDFs in a command's arguments: the Explorer passes (clicked, selected[]); scripts pass a list. */
function urisFrom(first: unknown, second: unknown): vscode.Uri[] {
  if (Array.isArray(second) && second.every((u) => u instanceof vscode.Uri) && second.length) return second;
  if (Array.isArray(first)) return first.filter((u): u is vscode.Uri => u instanceof vscode.Uri);
  if (first instanceof vscode.Uri) return [first];
  return [];
}

function isOptions(x: unknown): x is PdfImportOptions {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && !(x instanceof vscode.Uri);
}

/**
 * Imports each PDF in turn under one progress notification, which can be cancelled: the token is
 * asked before each PDF and between its pages, and a cancelled batch stops there, having written
 * nothing for the PDF it was reading. A PDF inside a workspace folder gets its Markdown beside it;
 * one from elsewhere (dropped from the desktop) gets it in the first workspace folder.
 */
export async function importPdfs(services: Services, uris: readonly vscode.Uri[], options: PdfImportOptions = {}, contents?: ReadonlyMap<string, DroppedBytes>): Promise<PdfImportResult[]> {
  const pdfs = uris.filter((u) => /\.pdf$/i.test(u.path));
  const skipped = uris.length - pdfs.length;
  if (pdfs.length === 0) {
    void vscode.window.showWarningMessage(skipped ? 'Only PDF files can be imported as reports.' : 'No PDF files to import.');
    return [];
  }
  const results: PdfImportResult[] = [];
  /** Markdown files written so far, and from which PDF: two PDFs of one name must not write the same file. */
  const writtenFrom = new Map<string, vscode.Uri>();
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: pdfs.length === 1 ? 'Importing report PDF' : `Importing ${pdfs.length} report PDFs`, cancellable: true },
    async (progress, progressToken) => {
      const token: CancellationToken = {
        get isCancellationRequested() {
          return progressToken.isCancellationRequested || options.token?.isCancellationRequested === true;
        },
      };
      for (let i = 0; i < pdfs.length; i++) {
        const pdf = pdfs[i];
        if (token.isCancellationRequested) {
          for (const rest of pdfs.slice(i)) results.push({ pdf: rest, status: 'cancelled', message: `${vscode.workspace.asRelativePath(rest)}: cancelled before it was imported` });
          break;
        }
        progress.report({ message: `${i + 1} of ${pdfs.length}: ${baseName(pdf)}`, increment: i === 0 ? 0 : 100 / pdfs.length });
        const target = targetFor(pdf);
        const key = target?.toString();
        const earlier = key === undefined ? undefined : writtenFrom.get(key);
        if (earlier?.toString() === pdf.toString()) continue; // the same PDF twice
        if (earlier && target) {
          const name = vscode.workspace.asRelativePath(pdf);
          results.push({ pdf, status: 'failed', message: `${name}: not imported: ${vscode.workspace.asRelativePath(target)} was just written from ${vscode.workspace.asRelativePath(earlier)}, a PDF of the same name.` });
          continue;
        }
        const result = await importOne(services, pdf, target, options, token, contents?.get(pdf.toString()));
        if (key !== undefined && result.markdown && result.status !== 'kept' && result.status !== 'failed' && result.status !== 'cancelled') writtenFrom.set(key, pdf);
        results.push(result);
      }
    },
  );
  report(results, skipped);
  const written = results.filter((r) => r.markdown && (r.status === 'created' || r.status === 'replaced' || r.status === 'unchanged'));
  if (options.open !== false && pdfs.length === 1 && written.length === 1 && written[0].markdown) {
    await vscode.window.showTextDocument(written[0].markdown, { preview: false });
  }
  return results;
}

function baseName(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}

/**
 * The Markdown file a PDF's import writes: beside it in its workspace folder, or, for a PDF from
 * outside every folder, in the first folder. Undefined when no folder is open.
 */
function targetFor(pdf: vscode.Uri): vscode.Uri | undefined {
  const name = markdownNameFor(baseName(pdf));
  if (vscode.workspace.getWorkspaceFolder(pdf)) return vscode.Uri.joinPath(pdf, '..', name);
  const first = vscode.workspace.workspaceFolders?.[0];
  return first ? vscode.Uri.joinPath(first.uri, name) : undefined;
}

/** The bytes of a file dropped from the computer without a URI (in the browser): read when its turn comes. */
type DroppedBytes = () => Thenable<Uint8Array>;

async function importOne(
  services: Services,
  pdf: vscode.Uri,
  target: vscode.Uri | undefined,
  options: PdfImportOptions,
  token: CancellationToken,
  dropped: DroppedBytes | undefined,
): Promise<PdfImportResult> {
  const name = vscode.workspace.asRelativePath(pdf);
  const folder = target && vscode.workspace.getWorkspaceFolder(target);
  const session = folder && services.sessions.of(folder);
  if (!target || !folder || !session) return { pdf, status: 'failed', message: `${name}: not imported: open a folder to import reports into first` };
  // An editor holding unsaved changes to the Markdown: never replace it under the user's hands.
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === target.toString());
  if (open?.isDirty) {
    return { pdf, markdown: target, status: 'kept', message: `${vscode.workspace.asRelativePath(target)} has unsaved changes: save or close it, then import again` };
  }
  const relative = workspacePathOf(target, folder);
  try {
    const bytes = dropped ? await readDropped(dropped, name) : await readPdf(pdf, name);
    const outcome = await importPdf(
      name,
      bytes,
      { files: session.files, path: relative, shown: vscode.workspace.asRelativePath(target), tags: () => storedTagCount(session.store, relative) },
      {
        limits: pdfLimitSettings(pdf),
        force: options.replace === 'always',
        confirm: options.replace === 'never' ? async () => false : (file, protection) => askToReplace(file, protection),
        token,
      },
    );
    services.log.info(`PDF import: ${name} -> ${vscode.workspace.asRelativePath(target)}: ${outcome.status}`);
    return { pdf, markdown: target, status: outcome.status, message: outcome.protection?.reason };
  } catch (err) {
    if (err instanceof CancelledError) {
      services.log.info(`PDF import: ${name}: cancelled; nothing written`);
      return { pdf, status: 'cancelled', message: `${name}: cancelled while it was read; nothing was written` };
    }
    if (!(err instanceof PdfImportError)) {
      services.log.error(`PDF import: ${name}: ${(err as Error).stack ?? String(err)}`);
      return { pdf, status: 'failed', message: `${name}: ${(err as Error).message}` };
    }
    services.log.warn(`PDF import: ${name}: ${err.problem}`);
    return { pdf, status: 'failed', message: `${name}: ${err.problem}` };
  }
}

async function readDropped(dropped: DroppedBytes, name: string): Promise<Uint8Array> {
  const bytes = await dropped();
  if (bytes.length > MAX_PDF_BYTES) throw new PdfImportError(name, `is larger than ${MAX_PDF_BYTES / 1048576} MB, so it is not read`);
  return bytes;
}

/** The PDF's bytes, through the editor's file system (on the desktop a local file is read as a regular file only). */
async function readPdf(pdf: vscode.Uri, name: string): Promise<Uint8Array> {
  let bytes: Uint8Array | undefined;
  try {
    bytes = await readWorkspaceFile(pdf, MAX_PDF_BYTES, name);
  } catch (err) {
    if (err instanceof FileProblemError) throw new PdfImportError(name, err.problem);
    if (err instanceof vscode.FileSystemError && err.code === 'NoPermissions') throw new PdfImportError(name, 'permission denied');
    const code = (err as { code?: string }).code;
    throw new PdfImportError(name, code === 'EACCES' ? 'permission denied' : (err as Error).message);
  }
  if (bytes === undefined) throw new PdfImportError(name, 'no such file');
  return bytes;
}

/** The `ilacs.pdf.*` settings as import limits; a value that is not a positive number falls back to the default. */
export function pdfLimitSettings(scope?: vscode.Uri): Partial<PdfLimits> {
  const c = vscode.workspace.getConfiguration('ilacs.pdf', scope);
  const positive = (key: string): number | undefined => {
    const v = c.get<number>(key);
    return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined;
  };
  const limits: Partial<PdfLimits> = {};
  const content = positive('maxContentMB');
  if (content !== undefined) limits.maxContentBytes = content * 1024 * 1024;
  const pages = positive('maxPages');
  if (pages !== undefined) limits.maxPages = Math.floor(pages);
  const seconds = positive('timeoutSeconds');
  if (seconds !== undefined) limits.timeoutMs = seconds * 1000;
  return limits;
}

/** Asks whether to replace the edited or tagged Markdown file `file` (as the workspace names it). */
async function askToReplace(file: string, protection: Protection): Promise<boolean> {
  const replace = 'Replace';
  const answer = await vscode.window.showWarningMessage(
    `${protection.reason}. Replace it with the new import of the PDF?`,
    {
      modal: true,
      detail: `${file} will be rewritten from the PDF${protection.edited ? ' and your edits to it will be lost' : ''}.${protection.tags !== 0 ? ' Its tags are kept and found again on the new text.' : ''}`,
    },
    replace,
  );
  return answer === replace;
}

/** The summary after a batch: how many were imported, kept, failed, and, when it was cancelled, not imported. */
function report(results: PdfImportResult[], skipped: number): void {
  const failed = results.filter((r) => r.status === 'failed');
  const kept = results.filter((r) => r.status === 'kept');
  const cancelled = results.filter((r) => r.status === 'cancelled');
  const done = results.length - failed.length - kept.length - cancelled.length;
  const total = results.length;
  const parts = [`${cancelled.length ? 'Import cancelled: imported' : 'Imported'} ${done} of ${total} report PDF${total === 1 ? '' : 's'}`];
  if (cancelled.length) parts.push(`${cancelled.length} not imported`);
  if (kept.length) parts.push(`kept ${kept.length} existing Markdown file${kept.length === 1 ? '' : 's'}`);
  if (skipped) parts.push(`skipped ${skipped} file${skipped === 1 ? '' : 's'} that ${skipped === 1 ? 'is' : 'are'} not PDF`);
  const summary = parts.join('; ') + '.';
  if (failed.length) {
    void vscode.window.showErrorMessage(`${summary} ${failed.map((f) => f.message).join(' ')}`);
  } else if (kept.length) {
    void vscode.window.showWarningMessage(`${summary} ${kept.map((k) => k.message).join('. ')}.`);
  } else {
    void vscode.window.showInformationMessage(summary);
  }
}

/**
 * Drops on the Reports view: PDFs (from the Explorer or the desktop) are imported. A file dropped
 * from the computer in the browser comes without a URI, as its bytes only: its Markdown goes into
 * the first workspace folder (its result names the PDF as if it were there).
 */
export class PdfDropController<T> implements vscode.TreeDragAndDropController<T> {
  readonly dropMimeTypes = ['text/uri-list', 'files'];
  readonly dragMimeTypes: string[] = [];

  constructor(private readonly services: Services) {}

  async handleDrop(_target: T | undefined, data: vscode.DataTransfer): Promise<void> {
    const uris: vscode.Uri[] = [];
    const list = await data.get('text/uri-list')?.asString();
    for (const line of (list ?? '').split(/\r?\n/)) {
      const t = line.trim();
      if (!t || t.startsWith('#')) continue;
      try {
        uris.push(vscode.Uri.parse(t, true));
      } catch {
        // Not a URI: nothing to import.
      }
    }
    const contents = new Map<string, DroppedBytes>();
    if (uris.length === 0) {
      const first = vscode.workspace.workspaceFolders?.[0];
      data.forEach((item) => {
        const file = item.asFile();
        if (file?.uri) {
          uris.push(file.uri);
        } else if (file && first && file.name && !/[\\/]/.test(file.name)) {
          const uri = vscode.Uri.joinPath(first.uri, file.name);
          uris.push(uri);
          contents.set(uri.toString(), () => file.data());
        }
      });
    }
    if (uris.length) await importPdfs(this.services, uris, {}, contents);
  }
}
