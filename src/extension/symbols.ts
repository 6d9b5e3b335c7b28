/**
 * Outline and breadcrumbs for report documents: sections (judgement sections with their grade),
 * their numbered paragraphs and improvement areas. The tree comes from `outlineOf` in the core;
 * this file only converts it.
 */
import * as vscode from 'vscode';
import type { Report } from '../core/model';
import { outlineOf, type OutlineNode, type OutlineNodeKind } from '../core/outline';
import { toVsRange } from './convert';
import { REPORT_SELECTOR } from './reportCache';

const SYMBOL_KINDS: Record<OutlineNodeKind, vscode.SymbolKind> = {
  section: vscode.SymbolKind.Namespace,
  judgement: vscode.SymbolKind.Module,
  paragraph: vscode.SymbolKind.String,
  'improvement-area': vscode.SymbolKind.Event,
};

function toSymbol(node: OutlineNode): vscode.DocumentSymbol {
  const symbol = new vscode.DocumentSymbol(node.name, node.detail, SYMBOL_KINDS[node.kind], toVsRange(node.range), toVsRange(node.selectionRange));
  symbol.children = node.children.map(toSymbol);
  return symbol;
}

export class ReportSymbolProvider implements vscode.DocumentSymbolProvider {
  constructor(private readonly reportOf: (document: vscode.TextDocument) => Report | undefined) {}

  provideDocumentSymbols(document: vscode.TextDocument, token: vscode.CancellationToken): vscode.DocumentSymbol[] | undefined {
    const report = this.reportOf(document);
    if (!report || token.isCancellationRequested) return undefined;
    return outlineOf(report).map(toSymbol);
  }
}

/** Registers the outline provider for report documents; `reportOf` is the extension's shared parse cache. */
export function registerDocumentSymbols(reportOf: (document: vscode.TextDocument) => Report | undefined): vscode.Disposable {
  return vscode.languages.registerDocumentSymbolProvider(REPORT_SELECTOR, new ReportSymbolProvider(reportOf), { label: 'ILACS report' });
}
