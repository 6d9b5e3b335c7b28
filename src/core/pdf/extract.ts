/**
 * Text extraction with pdf.js (`pdfjs-dist`, its legacy build, which runs on Node and in browsers):
 * the positioned text items of every page, nothing drawn. pdf.js runs on this thread (its "fake
 * worker": the worker module is loaded beside it and handed over as `globalThis.pdfjsWorker`, so
 * pdf.js never starts a Worker of its own), so nothing is fetched and no worker file is needed;
 * this is also what lets it run in the browser's web worker extension host, where a nested worker
 * could not load a file of the extension. Both modules are bundled with the extension (desktop and
 * browser) and the CLI.
 */

/** One run of text as the PDF placed it, in PDF points with the origin at the page's bottom left. */
export interface PdfTextItem {
  text: string;
  /** Left edge of the run. */
  x: number;
  /** Baseline. */
  y: number;
  width: number;
  /** Font size (the run's height). */
  size: number;
  /** pdf.js's name for the font within this document (same name, same font). */
  font: string;
}

export interface PdfPage {
  /** 1-based page number. */
  number: number;
  width: number;
  height: number;
  items: PdfTextItem[];
}

export interface PdfDocumentText {
  pages: PdfPage[];
}

/** A PDF that cannot be imported: encrypted, without text, or damaged. `file` is as the caller named it. */
export class PdfImportError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = 'PdfImportError';
  }
}

import { CancelledError, throwIfCancelled, type CancellationToken } from '../session/host';
import { Deadline, DEFAULT_PDF_LIMITS, inflatesPast, megabytes, seconds, type PdfLimits } from './limits';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

let loading: Promise<PdfJs> | null = null;

/**
 * Loads pdf.js once, on first use (never on activation). pdf.js builds one drawing matrix when it
 * loads, with the browser's DOMMatrix class; text extraction draws nothing, so for the moment of
 * loading an identity matrix class stands in when the host has none (it is removed again). The
 * bundles start pdf.js's message level at "errors" (see esbuild.js), so its load-time warnings
 * about drawing do not reach the console.
 */
function loadPdfJs(): Promise<PdfJs> {
  loading ??= (async () => {
    const g = globalThis as { DOMMatrix?: unknown; pdfjsWorker?: unknown; navigator?: unknown };
    const lent = g.DOMMatrix === undefined;
    if (lent) g.DOMMatrix = IdentityMatrix;
    // pdf.js also gives a host without one a `navigator` object as it loads. The extension host's
    // globals are shared with other extensions, some of which take a navigator for a browser, so
    // it is taken back (text extraction does not use it).
    const hadNavigator = 'navigator' in globalThis;
    try {
      const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
      g.pdfjsWorker ??= await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
      return pdfjs;
    } finally {
      if (lent && g.DOMMatrix === IdentityMatrix) delete g.DOMMatrix;
      if (!hadNavigator && 'navigator' in globalThis) delete g.navigator;
    }
  })();
  loading.catch(() => (loading = null));
  return loading;
}

/** The identity 2-D transform, which is all pdf.js asks of DOMMatrix while it loads. */
class IdentityMatrix {
  a = 1;
  b = 0;
  c = 0;
  d = 1;
  e = 0;
  f = 0;
}

/** The `%PDF-` signature, which may follow up to 1 KB of other bytes. */
export function looksLikePdf(bytes: Uint8Array): boolean {
  // Latin-1 reads each byte as the character of the same code, so the search is on the bytes as they are.
  const head = String.fromCharCode(...bytes.subarray(0, 1024));
  return head.includes('%PDF-');
}

/**
 * The text items of every page. Throws `PdfImportError` naming `file` when the PDF needs a
 * password, is damaged or is not a PDF at all. A PDF without any text is returned as it is (the
 * caller decides what that means). `token` is asked before each page and as a page's text comes
 * in: when it is set, reading stops with `CancelledError`.
 */
export async function extractPdfText(
  file: string,
  bytes: Uint8Array,
  limits: PdfLimits = DEFAULT_PDF_LIMITS,
  deadline = new Deadline(limits.timeoutMs),
  token?: CancellationToken,
): Promise<PdfDocumentText> {
  if (bytes.length === 0) throw new PdfImportError(file, 'the file is empty');
  if (!looksLikePdf(bytes)) throw new PdfImportError(file, 'is not a PDF file (it does not start with %PDF-)');
  const inflated = inflatesPast(bytes, limits.maxContentBytes);
  if (inflated) throw new PdfImportError(file, `not imported: ${inflated} (the limit, ilacs.pdf.maxContentMB)`);
  throwIfCancelled(token);
  const pdfjs = await loadPdfJs();
  // pdf.js takes ownership of the buffer it is given: pass a copy so the caller's bytes stay usable.
  const task = pdfjs.getDocument({
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: false,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
  });
  const tooLong = (): PdfImportError =>
    new PdfImportError(file, `not imported: reading it took longer than ${seconds(deadline.ms)} (the limit, ilacs.pdf.timeoutSeconds)`);
  let doc;
  try {
    doc = await task.promise;
  } catch (err) {
    await task.destroy().catch(() => undefined);
    throw new PdfImportError(file, describeOpenError(err));
  }
  const textLimit = Math.floor(limits.maxContentBytes / 16);
  try {
    if (doc.numPages > limits.maxPages) {
      throw new PdfImportError(file, `not imported: it has ${doc.numPages} pages, more than ${limits.maxPages} (the limit, ilacs.pdf.maxPages)`);
    }
    const pages: PdfPage[] = [];
    let textLength = 0;
    for (let n = 1; n <= doc.numPages; n++) {
      throwIfCancelled(token);
      if (deadline.passed) throw tooLong();
      const page = await doc.getPage(n);
      const view = page.view; // [x0, y0, x1, y1]
      const items: PdfTextItem[] = [];
      // Streamed, so the text is counted, and the clock read, as it comes rather than after the page.
      const reader = page.streamTextContent({ disableNormalization: false }).getReader() as ReadableStreamDefaultReader<{ items: unknown[] }>;
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        for (const raw of value.items as { str?: string; transform?: number[]; width: number; height: number; fontName: string }[]) {
          if (!raw.str || !raw.transform) continue;
          textLength += raw.str.length;
          const t = raw.transform;
          // Rotated or vertical text is not report body text; skip it.
          if (Math.abs(t[1]) > 0.01 || Math.abs(t[2]) > 0.01) continue;
          items.push({ text: raw.str, x: t[4] - view[0], y: t[5] - view[1], width: raw.width, size: raw.height || Math.abs(t[3]), font: raw.fontName });
        }
        // Past a limit the stream is left unread, not cancelled (pdf.js still writes to it); destroying the document ends it.
        if (textLength > textLimit) {
          throw new PdfImportError(
            file,
            `not imported: its pages hold more than ${megabytes(textLimit)} of text (a sixteenth of ilacs.pdf.maxContentMB; a report holds well under 1 MB)`,
          );
        }
        if (deadline.passed) {
          throw tooLong();
        }
        throwIfCancelled(token);
      }
      pages.push({ number: n, width: view[2] - view[0], height: view[3] - view[1], items });
      page.cleanup();
    }
    return { pages };
  } catch (err) {
    if (err instanceof PdfImportError || err instanceof CancelledError) throw err;
    throw new PdfImportError(file, `the PDF is damaged: ${errorText(err)}`);
  } finally {
    await doc.destroy().catch(() => undefined);
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function describeOpenError(err: unknown): string {
  const name = (err as { name?: string } | null)?.name ?? '';
  if (name === 'PasswordException') return 'the PDF is encrypted with a password; open it in a PDF reader, save an unprotected copy and import that';
  if (name === 'InvalidPDFException') return `the PDF is damaged and cannot be read (${errorText(err)})`;
  return `the PDF cannot be read: ${errorText(err)}`;
}
