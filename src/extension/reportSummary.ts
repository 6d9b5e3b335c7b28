/** `ILACS: Show Report Summary`: what the parser understood of the active report, in a side panel document. */
import * as vscode from 'vscode';
import { dateLabel } from '../core/reportDate';
import { EDIT_REPORT_DETAILS } from './reportDetails';
import type { Services } from './services';

const DATE_SOURCES = { text: 'printed in the report', 'file-name': 'from the file name', user: 'your correction' } as const;

export const SHOW_REPORT_SUMMARY = 'ilacs.showReportSummary';

/** Summary documents shown, by their URI: the report each summarises (for its "Edit Report Details..." lens). */
const summaries = new Map<string, vscode.Uri>();

export function registerReportSummary(services: Services): vscode.Disposable {
  const lenses: vscode.CodeLensProvider = {
    provideCodeLenses(document) {
      const report = summaries.get(document.uri.toString());
      if (!report) return [];
      return [new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), { title: 'Edit Report Details...', command: EDIT_REPORT_DETAILS, arguments: [report] })];
    },
  };
  return vscode.Disposable.from(
    vscode.languages.registerCodeLensProvider({ scheme: 'untitled', language: 'markdown' }, lenses),
    vscode.workspace.onDidCloseTextDocument((d) => summaries.delete(d.uri.toString())),
    vscode.commands.registerCommand(SHOW_REPORT_SUMMARY, async (uri?: vscode.Uri) => {
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
      lines.push(`- Date: ${report.date ? `${dateLabel(report.date.value)} (${DATE_SOURCES[report.date.source]})` : 'undated'}`);
      if (report.corrected.length) lines.push(`- Corrected by you: ${report.corrected.join(', ')} (ILACS: Edit Report Details...)`);
      if (report.inspectionDates) lines.push(`- Inspection dates: ${report.inspectionDates.start} to ${report.inspectionDates.end}`);
      if (report.published) lines.push(`- Published: ${report.published}`);
      if (report.leadInspector) lines.push(`- Lead inspector: ${report.leadInspector}`);
      lines.push('', '## Judgements', '');
      if (report.overallJudgement === 'not-given') lines.push('Overall effectiveness: not given (ILACS inspections from April 2026 have no overall judgement).', '');
      else if (report.overallJudgement === 'not-found') lines.push('Overall effectiveness: not found in the report.', '');
      if (report.judgements.length === 0) lines.push('None stated.');
      for (const j of report.judgements) lines.push(`- ${j.area}: **${j.grade}**`);
      lines.push('', `## Improvement areas (${report.improvementAreas.length})`, '');
      for (const ia of report.improvementAreas) lines.push(`- ${ia.text}${ia.timescale ? ` _(${ia.timescale})_` : ''}`);
      const numbered = report.paragraphs.filter((p) => p.number !== null).length;
      lines.push('', `## Structure`, '', `${report.sections.length} sections, ${report.paragraphs.length} paragraphs, ${numbered} numbered.`);
      for (const w of report.warnings) lines.push(`- Warning: ${w}`);
      const summary = await vscode.workspace.openTextDocument({ language: 'markdown', content: lines.join('\n') + '\n' });
      summaries.set(summary.uri.toString(), document.uri);
      await vscode.window.showTextDocument(summary, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
      return report;
    }),
  );
}
