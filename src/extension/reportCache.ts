/**
 * Parsed reports for open documents, keyed by URI and document version: every feature (CodeLens,
 * decorations, symbols, hovers) asks here, so a document is parsed once per edit, on demand.
 */
import * as vscode from 'vscode';
import type { Report } from '../core/model';
import { ReportError } from '../core/model';
import { parseReportText } from '../core/parser';
import type { ReportCorrections } from './reportCorrections';

/** Files the extension treats as reports: plain text and Markdown. */
export const REPORT_SELECTOR: vscode.DocumentSelector = [
  { language: 'plaintext', scheme: 'file' },
  { language: 'plaintext', scheme: 'untitled' },
  { language: 'markdown', scheme: 'file' },
  { language: 'markdown', scheme: 'untitled' },
];

/** Plain-text reports only: Markdown has VS Code's own outline and folding, which would show twice. */
export const PLAIN_TEXT_REPORT_SELECTOR: vscode.DocumentSelector = [
  { language: 'plaintext', scheme: 'file' },
  { language: 'plaintext', scheme: 'untitled' },
];

/** Larger documents are not parsed in the editor (the CLI still reads them). */
export const MAX_REPORT_CHARS = 16 * 1024 * 1024;

export function isReportDocument(document: vscode.TextDocument): boolean {
  return (document.languageId === 'plaintext' || document.languageId === 'markdown') && (document.uri.scheme === 'file' || document.uri.scheme === 'untitled');
}

/** A report Ofsted wrote (not a news article or any other text): where tagging is offered unasked. */
export function isOfstedReport(report: Report | undefined): report is Report {
  return report !== undefined && report.kind !== 'other';
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
        report = parseReportText(document.uri.scheme === 'file' ? document.uri.fsPath : document.uri.toString(), text, document.languageId === 'markdown' ? 'markdown' : 'text');
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
