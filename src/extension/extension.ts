/**
 * Activation: create the services (nothing is read yet) and register each feature. Every feature
 * is a `register...(services)` function returning a Disposable that ends in
 * `context.subscriptions`.
 */
import * as vscode from 'vscode';
import { registerEncodingCheck } from './encodingCheck';
import { registerExport } from './export';
import { registerFolding } from './folding';
import { registerAuthorityHistory, type HistoryPanel } from './history';
import { registerParagraphHover } from './hoverProvider';
import { registerPdfImport } from './pdfImport';
import { ParagraphRecurrences, registerRecurrences } from './recurrences';
import { registerReportSummary } from './reportSummary';
import { registerDocumentSymbols } from './symbols';
import { createServices, Services } from './services';
import { registerViews, type IlacsViews } from './views';
import { registerTaggingCommands } from './tagging/commands';
import { registerTagCodeLens } from './tagging/codeLens';
import { registerTagDecorations } from './tagging/decorations';
import { registerSaveHook } from './tagging/saveHook';
import { registerTagStatusBar } from './tagging/statusBar';

export interface IlacsApi {
  services: Services;
  /** The ILACS views' providers (for the in-editor tests). */
  views: IlacsViews;
  /** The paragraph recurrence index (for the in-editor tests). */
  recurrences: ParagraphRecurrences;
  /** The Authority History panel (for the in-editor tests). */
  history: HistoryPanel;
}

export function activate(context: vscode.ExtensionContext): IlacsApi {
  const services = createServices(context);
  context.subscriptions.push(services);
  context.subscriptions.push(registerReportSummary(services));
  // Features register below, one line each.
  context.subscriptions.push(registerPdfImport(services));
  context.subscriptions.push(registerEncodingCheck(services));
  context.subscriptions.push(registerDocumentSymbols((d) => services.reports.get(d)), registerFolding((d) => services.reports.get(d)));
  context.subscriptions.push(registerTaggingCommands(services), registerTagDecorations(services), registerTagCodeLens(services), registerTagStatusBar(services), registerSaveHook(services));
  const views = registerViews(services);
  context.subscriptions.push(views);
  const recurrences = new ParagraphRecurrences(services, views.views.model);
  context.subscriptions.push(recurrences, registerRecurrences(services, recurrences), registerParagraphHover(services, views.views.model, recurrences));
  context.subscriptions.push(registerExport(services, views.views, recurrences));
  const history = registerAuthorityHistory(services, views.views.model);
  context.subscriptions.push(history);
  return { services, views: views.views, recurrences, history: history.panel };
}

export function deactivate(): void {}
