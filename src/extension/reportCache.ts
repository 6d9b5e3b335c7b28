/**
 * Parsed reports for open documents, keyed by URI and document version: every feature (CodeLens,
 * decorations, symbols, hovers) asks here, so a document is parsed once per edit, on demand.
 */
import * as vscode from 'vscode';
import type { Report } from '../core/model';
import { ReportError } from '../core/model';
import { formatOf, parseReportText } from '../core/parser';
import type { SourceFormat } from '../core/model';
import { isReportScheme, REPORT_LANGUAGE, SAVED_REPORT_SCHEMES } from './reportLanguage';

export { isReportScheme, SAVED_REPORT_SCHEMES } from './reportLanguage';
import type { ReportCorrections } from './reportCorrections';
import { workspacePathOf } from './files';

/** Documents the extension treats as reports: those in the Ofsted report language (see reportLanguage.ts), saved or untitled. */
export const REPORT_SELECTOR: vscode.DocumentSelector = [...SAVED_REPORT_SCHEMES, 'untitled'].map((scheme) => ({ language: REPORT_LANGUAGE, scheme }));

/** Larger documents are not parsed in the editor (the CLI still reads them). */
export const MAX_REPORT_CHARS = 16 * 1024 * 1024;

export function isReportDocument(document: vscode.TextDocument): boolean {
  return document.languageId === REPORT_LANGUAGE && isReportScheme(document.uri.scheme);
}

/**
 * Whether a report document is Markdown: by its file name, or for an untitled one without a
 * telling name by its headings (`# ...` lines), since the report language covers both forms.
 */
export function formatOfDocument(document: vscode.TextDocument, text: string): SourceFormat {
  const byName = formatOf(document.uri.path);
  if (byName === 'markdown' || document.uri.scheme !== 'untitled' || /\.[a-z0-9]+$/i.test(document.uri.path)) return byName;
  return /^#{1,6}[ \t]+\S/m.test(text) ? 'markdown' : 'text';
}

/** A report Ofsted wrote (not a news article or any other text): where tagging is offered unasked. */
export function isOfstedReport(report: Report | undefined): report is Report {
  return report !== undefined && report.kind !== 'other';
}

/**
 * The name a report goes by (`Report.file`): its path relative to its workspace folder, as in the
 * index, the CLI and exports; a file outside every folder by its path, an untitled one by its URI.
 */
export function reportFileOf(uri: vscode.Uri): string {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (folder) return workspacePathOf(uri, folder);
  return uri.scheme === 'file' ? uri.fsPath : uri.toString();
}

interface Entry {
  version: number;
  report: Report | undefined;
}

export class ReportCache implements vscode.Disposable {
  private readonly entries = new Map<string, Entry>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly corrections?: ReportCorrections) {
    this.disposables.push(vscode.workspace.onDidCloseTextDocument((d) => this.entries.delete(d.uri.toString())));
    // A correction changes what every open report reads as (its date, kind, authority, framework).
    if (corrections) this.disposables.push(corrections.onDidChange(() => this.entries.clear()));
  }

  /** The parsed report for a document, or undefined when it is not a report document or cannot be parsed. */
  get(document: vscode.TextDocument): Report | undefined {
    if (!isReportDocument(document)) return undefined;
    const key = document.uri.toString();
    const hit = this.entries.get(key);
    if (hit && hit.version === document.version) return hit.report;
    let report: Report | undefined;
    const text = document.getText();
    if (text.length <= MAX_REPORT_CHARS && text.trim().length > 0) {
      try {
        report = parseReportText(reportFileOf(document.uri), text, formatOfDocument(document, text));
        if (this.corrections) report = this.corrections.applyNow(document.uri, report);
      } catch (err) {
        if (!(err instanceof ReportError)) throw err;
        report = undefined;
      }
    }
    this.entries.set(key, { version: document.version, report });
    return report;
  }

  dispose(): void {
    this.entries.clear();
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
