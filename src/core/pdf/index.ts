/**
 * PDF import: a report's PDF to a Markdown report the parser reads, with front matter holding the
 * metadata found and the source's hash. Pure apart from pdf.js; writing the file, with the check
 * that an edited or tagged report is not replaced unasked, is `importPdf` in `importFile.ts`, over
 * the core's file interface (the CLI's Node adapter is `src/node/pdfImport.ts`).
 */
import type { Report } from '../model';
import { parseReportText } from '../parser';
import type { CancellationToken } from '../session/host';
import { extractPdfText, PdfImportError } from './extract';
import { sealImport, sha256, writeFrontMatter } from './frontMatter';
import { layoutToMarkdown } from './layout';
import { Deadline, pdfLimits, seconds, type PdfLimits } from './limits';

export { PdfImportError, extractPdfText } from './extract';
export type { PdfPage, PdfTextItem, PdfDocumentText } from './extract';
export { layoutBlocks, layoutToMarkdown, renderMarkdown } from './layout';
export type { LayoutBlock } from './layout';
export { DEFAULT_PDF_LIMITS, pdfLimits } from './limits';
export type { PdfLimits } from './limits';
export { importHash, isUneditedImport, markdownBody, readImportRecord, sealImport, sha256, writeFrontMatter } from './frontMatter';
export type { ImportRecord } from './frontMatter';

export interface PdfConversion {
  /** The whole Markdown file: front matter, then the body. */
  markdown: string;
  /** The report as the parser reads the Markdown. */
  report: Report;
  pages: number;
  sourceSha256: string;
}

/** The Markdown file name for a PDF: `report.pdf` -> `report.md`. */
export function markdownNameFor(pdfName: string): string {
  return pdfName.replace(/\.pdf$/i, '') + '.md';
}

/**
 * Converts a PDF's bytes to a Markdown report. `file` names the PDF in messages and its base name
 * goes into the front matter. Throws `PdfImportError` for an encrypted, damaged or image-only PDF,
 * and for one past a limit (`PdfLimits`: decompressed content, pages, time; defaults for those not given).
 * `token` is asked between pages: when it is set the conversion stops with `CancelledError`.
 */
export async function convertPdf(file: string, bytes: Uint8Array, limits: Partial<PdfLimits> = {}, token?: CancellationToken): Promise<PdfConversion> {
  const sourceSha256 = sha256(bytes);
  const within = pdfLimits(limits);
  const deadline = new Deadline(within.timeoutMs);
  const doc = await extractPdfText(file, bytes, within, deadline, token);
  const body = layoutToMarkdown(doc.pages);
  if (deadline.passed) {
    throw new PdfImportError(file, `not imported: reading and laying it out took longer than ${seconds(within.timeoutMs)} (the limit, ilacs.pdf.timeoutSeconds)`);
  }
  if (!body.trim()) {
    throw new PdfImportError(
      file,
      doc.pages.length === 0 ? 'the PDF has no pages' : 'the PDF has no text layer: it looks scanned (pages as images); run it through OCR first, then import the result',
    );
  }
  const mdName = markdownNameFor(baseName(file));
  const report = parseReportText(mdName, body, 'markdown');
  const markdown = sealImport(writeFrontMatter(report, { source: baseName(file), sourceSha256 }, doc.pages.length) + body);
  // Parse the file as it will be read, so callers get ranges in the file they write.
  return { markdown, report: parseReportText(mdName, markdown, 'markdown'), pages: doc.pages.length, sourceSha256 };
}

function baseName(file: string): string {
  const parts = file.split(/[\\/]/);
  return parts[parts.length - 1] || file;
}
