/**
 * `ILACS: Show Report Summary`: what the parser understood of the active report (kind, framework,
 * dates, grades, printed improvement areas, structure), in words, as a read-only Markdown preview
 * beside the report. The summary is a virtual document (`ilacs-summary:`), never an unsaved
 * Untitled one, so nothing asks to be saved when the window closes.
 */
import * as vscode from 'vscode';
import { findArea } from '../core/codebook';
import type { Report } from '../core/model';
import type { Services } from './services';
import { dateLabel, frameworkLabel, gradeLabel, kindLabel } from './views/labels';

export const SHOW_REPORT_SUMMARY = 'ilacs.showReportSummary';
const SCHEME = 'ilacs-summary';

/** The summary's Markdown text, in words a person reads (labels, not ids). */
export function summaryMarkdown(report: Report, shownPath: string, areaLabel: (id: string) => string): string {
  const lines: string[] = [];
  lines.push(`# ${report.localAuthority ?? 'Unknown authority'}: ${kindLabel(report.kind)} (${frameworkLabel(report.framework)})`, '');
  lines.push(`- File: ${shownPath}`);
  if (report.inspectionDates) lines.push(`- Inspection dates: ${dateLabel(report.inspectionDates.start)} to ${dateLabel(report.inspectionDates.end)}`);
  if (report.published) lines.push(`- Published: ${dateLabel(report.published)}`);
  if (report.leadInspector) lines.push(`- Lead inspector: ${report.leadInspector}`);
  lines.push('', '## Judgements', '');
  if (report.judgements.length === 0) lines.push('None stated.');
  for (const j of report.judgements) lines.push(`- ${areaLabel(j.area)}: **${gradeLabel(j.grade)}**`);
  lines.push('', `## Improvement areas (${report.improvementAreas.length})`, '');
  for (const ia of report.improvementAreas) lines.push(`- ${ia.text}${ia.timescale ? ` _(${ia.timescale})_` : ''}`);
  const numbered = report.paragraphs.filter((p) => p.number !== null).length;
  lines.push('', `## Structure`, '', `${report.sections.length} sections, ${report.paragraphs.length} paragraphs, ${numbered} numbered.`);
  for (const w of report.warnings) lines.push(`- Warning: ${w}`);
  return lines.join('\n') + '\n';
}

export function registerReportSummary(services: Services): vscode.Disposable {
  const texts = new Map<string, string>();
  const changed = new vscode.EventEmitter<vscode.Uri>();
  const provider: vscode.TextDocumentContentProvider = {
    onDidChange: changed.event,
    provideTextDocumentContent: (uri) => texts.get(uri.toString()) ?? 'This summary is no longer available: run "ILACS: Show Report Summary" again.\n',
  };
  const command = vscode.commands.registerCommand(SHOW_REPORT_SUMMARY, async (uri?: vscode.Uri) => {
    const document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
    if (!document) {
      void vscode.window.showWarningMessage('Open a report first: ILACS Annotator summarises the report in the active editor.');
      return undefined;
    }
    const report = services.reports.get(document);
    if (!report) {
      void vscode.window.showWarningMessage(`${vscode.workspace.asRelativePath(document.uri)} could not be read as a report (it is empty, binary or not plain text or Markdown).`);
      return undefined;
    }
    const codebook = await services.codebooks.codebookFor(document.uri);
    const shown = vscode.workspace.asRelativePath(document.uri);
    const summaryUri = vscode.Uri.from({ scheme: SCHEME, path: `/${shown.replace(/\.[^./]+$/, '')} summary.md`, query: document.uri.toString() });
    texts.set(summaryUri.toString(), summaryMarkdown(report, shown, (id) => findArea(codebook, id)?.label ?? id));
    changed.fire(summaryUri);
    await vscode.commands.executeCommand('markdown.showPreviewToSide', summaryUri);
    return report;
  });
  return vscode.Disposable.from(command, changed, vscode.workspace.registerTextDocumentContentProvider(SCHEME, provider));
}
