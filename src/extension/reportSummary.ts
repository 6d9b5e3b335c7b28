/**
 * `ILACS: Show Report Summary`: what the parser understood of the active report (kind, framework,
 * date and where it came from, grades, printed improvement areas, structure), in words, beside the
 * report. The summary is a read-only virtual Markdown document (`ilacs-summary:`), never an unsaved
 * Untitled one, so nothing asks to be saved when the window closes; its first line carries an
 * "Edit Report Details..." CodeLens.
 */
import * as vscode from 'vscode';
import { findArea } from '../core/codebook';
import type { Report } from '../core/model';
import { dateLabel as reportDateLabel } from '../core/reportDate';
import { EDIT_REPORT_DETAILS } from './reportDetails';
import { asReportDocument, shouldRecognise } from './reportLanguage';
import type { Services } from './services';
import { dateLabel, frameworkLabel, gradeLabel, kindLabel } from './views/labels';

const DATE_SOURCES = { text: 'printed in the report', 'file-name': 'from the file name', user: 'your correction' } as const;

export const SHOW_REPORT_SUMMARY = 'ilacs.showReportSummary';
export const SUMMARY_SCHEME = 'ilacs-summary';

/** The summary's Markdown text, in words a person reads (labels, not ids). */
export function summaryMarkdown(report: Report, shownPath: string, areaLabel: (id: string) => string): string {
  const lines: string[] = [];
  lines.push(`# ${report.localAuthority ?? 'Unknown authority'}: ${kindLabel(report.kind)} (${frameworkLabel(report.framework)})`, '');
  lines.push(`- File: ${shownPath}`);
  lines.push(`- Date: ${report.date ? `${reportDateLabel(report.date.value)} (${DATE_SOURCES[report.date.source]})` : 'undated'}`);
  if (report.corrected.length) lines.push(`- Corrected by you: ${report.corrected.join(', ')} (ILACS: Edit Report Details...)`);
  if (report.inspectionDates) lines.push(`- Inspection dates: ${dateLabel(report.inspectionDates.start)} to ${dateLabel(report.inspectionDates.end)}`);
  if (report.published) lines.push(`- Published: ${dateLabel(report.published)}`);
  if (report.leadInspector) lines.push(`- Lead inspector: ${report.leadInspector}`);
  lines.push('', '## Judgements', '');
  if (report.overallJudgement === 'not-given') lines.push('Overall effectiveness: not given (ILACS inspections from April 2026 have no overall judgement).', '');
  else if (report.overallJudgement === 'not-found') lines.push('Overall effectiveness: not found in the report.', '');
  if (report.judgements.length === 0) lines.push('None stated.');
  for (const j of report.judgements) lines.push(`- ${areaLabel(j.area)}: **${gradeLabel(j.grade)}**`);
  lines.push('', `## Improvement areas (${report.improvementAreas.length})`, '');
  for (const ia of report.improvementAreas) lines.push(`- ${ia.text}${ia.timescale ? ` _(${ia.timescale})_` : ''}`);
  const numbered = report.paragraphs.filter((p) => p.number !== null).length;
  lines.push('', `## Structure`, '', `${report.sections.length} sections, ${report.paragraphs.length} paragraphs, ${numbered} numbered.`);
  for (const w of report.warnings) lines.push(`- Warning: ${w}`);
  if (report.localAuthority) lines.push('', '## History', '', `Every report about ${report.localAuthority} on one time axis: **ILACS: Show Authority History** (the lens above, or the graph button in this editor's title bar).`);
  return lines.join('\n') + '\n';
}

export function registerReportSummary(services: Services): vscode.Disposable {
  /** Each summary's text and the report it summarises, by the summary's URI. */
  const summaries = new Map<string, { text: string; report: vscode.Uri }>();
  const changed = new vscode.EventEmitter<vscode.Uri>();
  const provider: vscode.TextDocumentContentProvider = {
    onDidChange: changed.event,
    provideTextDocumentContent: (uri) => summaries.get(uri.toString())?.text ?? 'This summary is no longer available: run "ILACS: Show Report Summary" again.\n',
  };
  const lenses: vscode.CodeLensProvider = {
    provideCodeLenses(document) {
      const shown = summaries.get(document.uri.toString());
      if (!shown) return [];
      return [
        new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), { title: 'Edit Report Details...', command: EDIT_REPORT_DETAILS, arguments: [shown.report] }),
        new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), { title: 'Show Authority History', command: 'ilacs.showAuthorityHistory', arguments: [shown.report] }),
      ];
    },
  };
  const command = vscode.commands.registerCommand(SHOW_REPORT_SUMMARY, async (uri?: vscode.Uri) => {
    let document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
    if (!document) {
      void vscode.window.showWarningMessage('Open a report first: ILACS Annotator summarises the report in the active editor.');
      return undefined;
    }
    // A report opened a moment ago may not have been recognised yet.
    if (shouldRecognise(document)) document = await asReportDocument(document);
    const report = services.reports.get(document);
    if (!report) {
      void vscode.window.showWarningMessage(`${vscode.workspace.asRelativePath(document.uri)} could not be read as a report (it is empty, binary or not plain text or Markdown).`);
      return undefined;
    }
    const codebook = await services.codebooks.codebookFor(document.uri);
    const shown = vscode.workspace.asRelativePath(document.uri);
    const summaryUri = vscode.Uri.from({ scheme: SUMMARY_SCHEME, path: `/${shown.replace(/\.[^./]+$/, '')} summary.md`, query: document.uri.toString() });
    summaries.set(summaryUri.toString(), { text: summaryMarkdown(report, shown, (id) => findArea(codebook, id)?.label ?? id), report: document.uri });
    changed.fire(summaryUri);
    const summary = await vscode.workspace.openTextDocument(summaryUri);
    await vscode.window.showTextDocument(summary, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
    return report;
  });
  return vscode.Disposable.from(
    command,
    changed,
    vscode.workspace.registerTextDocumentContentProvider(SUMMARY_SCHEME, provider),
    vscode.languages.registerCodeLensProvider({ scheme: SUMMARY_SCHEME }, lenses),
  );
}
