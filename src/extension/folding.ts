/**
 * Folding for report documents: a range per section and per paragraph of several lines, from
 * `foldingRangesOf` in the core; this file only converts.
 */
import * as vscode from 'vscode';
import type { Report } from '../core/model';
import { foldingRangesOf } from '../core/outline';
import { REPORT_SELECTOR } from './reportCache';

export class ReportFoldingProvider implements vscode.FoldingRangeProvider {
  constructor(private readonly reportOf: (document: vscode.TextDocument) => Report | undefined) {}

  provideFoldingRanges(document: vscode.TextDocument, _context: vscode.FoldingContext, token: vscode.CancellationToken): vscode.FoldingRange[] | undefined {
    const report = this.reportOf(document);
    if (!report || token.isCancellationRequested) return undefined;
    const isBlank = (line: number) => document.lineAt(line).isEmptyOrWhitespace;
    return foldingRangesOf(report, document.lineCount, isBlank).map((s) => new vscode.FoldingRange(s.start, s.end));
  }
}

/** Registers the folding provider for report documents; `reportOf` is the extension's shared parse cache. */
export function registerFolding(reportOf: (document: vscode.TextDocument) => Report | undefined): vscode.Disposable {
  return vscode.languages.registerFoldingRangeProvider(REPORT_SELECTOR, new ReportFoldingProvider(reportOf));
}
