/**
 * Activation shared by the desktop and the browser builds: create the services (nothing is read
 * yet) and register each feature. Every feature is a `register...(services)` function returning a
 * Disposable that ends in `context.subscriptions`. What differs between the two is in the host
 * (host.ts): extension.ts is the desktop's entry, web.ts the browser's.
 */
import * as vscode from 'vscode';
import type { ExtensionHost } from './host';
import { registerEncodingCheck } from './encodingCheck';
import { registerExport } from './export';
import { registerFolding } from './folding';
import { registerModeration, type Moderation } from './moderation';
import { registerParagraphHover } from './hoverProvider';
import { ParagraphRecurrences, registerRecurrences } from './recurrences';
import { registerReportLanguage } from './reportLanguage';
import { registerReportDetails } from './reportDetails';
import { registerReportSummary } from './reportSummary';
import { registerAuthorityHistory, type HistoryPanel } from './history';
import { registerDocumentSymbols } from './symbols';
import { PdfDropController, registerPdfImport } from './pdfImport';
import { createServices, Services } from './services';
import { registerViews, type IlacsViews } from './views';
import { registerTaggingCommands } from './tagging/commands';
import { registerTagCodeLens } from './tagging/codeLens';
import { registerTagDecorations } from './tagging/decorations';
import { registerSaveHook } from './tagging/saveHook';
import { registerTagStatusBar } from './tagging/statusBar';
import { registerFindTags } from './tagging/findTags';
import { registerNavigation } from './tagging/navigation';
import { registerWalkthrough } from './walkthrough';
import { tagFlowStep } from './tagging/tagFlow';

export interface IlacsApi {
  services: Services;
  /** The ILACS views' providers (for the in-editor tests). */
  views: IlacsViews;
  /** The paragraph recurrence index (for the in-editor tests). */
  recurrences: ParagraphRecurrences;
  /** The step of the tag flow on screen (for the in-editor tests, which drive the real quick input). */
  tagFlowStep: () => number | undefined;
  /** Blind tagging, Compare Taggers and the Disagreements view (for the in-editor tests). */
  moderation: Moderation;
  /** The Authority History panel (for the in-editor tests). */
  history: HistoryPanel;
  /** Which build is running: 'desktop' (Node extension host) or 'web' (web worker extension host). */
  host: ExtensionHost['kind'];
}

export function activateCommon(context: vscode.ExtensionContext, host: ExtensionHost): IlacsApi {
  const services = createServices(context, host);
  context.subscriptions.push(services);
  context.subscriptions.push(registerReportLanguage());
  context.subscriptions.push(registerReportSummary(services));
  context.subscriptions.push(registerReportDetails(services));
  // Features register below, one line each.
  context.subscriptions.push(host.registerNodeFeatures(services), registerPdfImport(services));
  context.subscriptions.push(registerEncodingCheck(services));
  context.subscriptions.push(registerDocumentSymbols((d) => services.reports.get(d)), registerFolding((d) => services.reports.get(d)));
  context.subscriptions.push(registerTaggingCommands(services), registerTagDecorations(services), registerTagCodeLens(services), registerTagStatusBar(services), registerSaveHook(services));
  context.subscriptions.push(registerFindTags(services), registerNavigation(services), registerWalkthrough(services));
  const views = registerViews(services, new PdfDropController(services));
  context.subscriptions.push(views);
  const recurrences = new ParagraphRecurrences(services, views.views.model);
  context.subscriptions.push(recurrences, registerRecurrences(services, recurrences), registerParagraphHover(services, views.views.model, recurrences));
  context.subscriptions.push(registerExport(services, views.views, recurrences));
  const moderation = registerModeration(services);
  context.subscriptions.push(moderation);
  const history = registerAuthorityHistory(services, views.views.model);
  context.subscriptions.push(history);
  return { services, views: views.views, recurrences, tagFlowStep, moderation: moderation.moderation, history: history.panel, host: host.kind };
}
