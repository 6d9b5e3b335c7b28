/** `ILACS: Show Report Summary`: what the parser understood of the active report, in a side panel document. */
import * as vscode from 'vscode';
import type { Services } from './services';

export const SHOW_REPORT_SUMMARY = 'ilacs.showReportSummary';

export function registerReportSummary(services: Services): vscode.Disposable {
  return vscode.commands.registerCommand(SHOW_REPORT_SUMMARY, async (uri?: vscode.Uri) => {
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
    const lines: string[] = [];
    lines.push(`# ${report.localAuthority ?? 'Unknown authority'}: ${report.kind} (${report.framework})`, '');
    lines.push(`- File: ${vscode.workspace.asRelativePath(document.uri)}`);
    if (report.inspectionDates) lines.push(`- Inspection dates: ${report.inspectionDates.start} to ${report.inspectionDates.end}`);
    if (report.published) lines.push(`- Published: ${report.published}`);
    if (report.leadInspector) lines.push(`- Lead inspector: ${report.leadInspector}`);
    lines.push('', '## Judgements', '');
    if (report.judgements.length === 0) lines.push('None stated.');
    for (const j of report.judgements) lines.push(`- ${j.area}: **${j.grade}**`);
    lines.push('', `## Improvement areas (${report.improvementAreas.length})`, '');
    for (const ia of report.improvementAreas) lines.push(`- ${ia.text}${ia.timescale ? ` _(${ia.timescale})_` : ''}`);
    const numbered = report.paragraphs.filter((p) => p.number !== null).length;
    lines.push('', `## Structure`, '', `${report.sections.length} sections, ${report.paragraphs.length} paragraphs, ${numbered} numbered.`);
    for (const w of report.warnings) lines.push(`- Warning: ${w}`);
    if (report.localAuthority) lines.push('', '## History', '', `Every report about ${report.localAuthority} on one time axis: **ILACS: Show Authority History** (the graph button in this editor's title bar).`);
    const summary = await vscode.workspace.openTextDocument({ language: 'markdown', content: lines.join('\n') + '\n' });
    await vscode.window.showTextDocument(summary, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
    return report;
  });
}
