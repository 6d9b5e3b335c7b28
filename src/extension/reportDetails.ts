/**
 * `ILACS: Edit Report Details...`: corrects a report's date, kind, local authority or framework
 * (from the Reports view's context menu, the report summary, or the command palette for the active
 * report). Corrections go to the workspace's `.ilacs/reports.json`; the report is never changed.
 */
import * as vscode from 'vscode';
import { CorrectionsFileError, CorrectionValueError, FRAMEWORKS, REPORT_KINDS, validateCorrectionValue, type CorrectionValues } from '../core/corrections';
import type { CorrectableField, Report } from '../core/model';
import { parseReportText } from '../core/parser';
import { dateLabel } from '../core/reportDate';
import { currentAuthor, type Services } from './services';
import { frameworkLabel, kindLabel } from './views/labels';

export const EDIT_REPORT_DETAILS = 'ilacs.editReportDetails';

/** Set and remove corrections without asking (for keybindings, scripts and tests). */
export interface EditReportDetailsOptions {
  set?: CorrectionValues;
  unset?: CorrectableField[];
}

const FIELD_LABELS: Record<CorrectableField, string> = { date: 'Date', kind: 'Kind', authority: 'Local authority', framework: 'Framework' };
const SOURCE_WORDS = { text: 'printed in the report', 'file-name': 'from the file name', user: 'your correction' } as const;

function targetUri(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  const node = arg as { kind?: string; entry?: { indexed?: { uri?: vscode.Uri } } } | undefined;
  if (node?.kind === 'report' && node.entry?.indexed?.uri instanceof vscode.Uri) return node.entry.indexed.uri;
  return vscode.window.activeTextEditor?.document.uri;
}

/** The report as every view sees it now (corrections applied). */
async function currentReport(services: Services, uri: vscode.Uri): Promise<Report | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return services.reports.get(open);
  const indexed = services.index.get(uri);
  if (indexed) return indexed.report;
  try {
    const document = await vscode.workspace.openTextDocument(uri);
    return services.reports.get(document);
  } catch {
    return undefined;
  }
}

function fieldValue(report: Report, field: CorrectableField): string {
  switch (field) {
    case 'date':
      return report.date ? `${dateLabel(report.date.value)} (${SOURCE_WORDS[report.date.source]})` : 'undated';
    case 'kind':
      return kindLabel(report.kind) + (report.corrected.includes('kind') ? ' (your correction)' : '');
    case 'authority':
      return (report.localAuthority ?? 'not known') + (report.corrected.includes('authority') ? ' (your correction)' : '');
    case 'framework':
      return frameworkLabel(report.framework) + (report.corrected.includes('framework') ? ' (your correction)' : '');
  }
}

type Answer = { set: string } | { unset: true } | undefined;

/** Asks for one field's new value; undefined when cancelled. */
async function askValue(field: CorrectableField, report: Report, file: string): Promise<Answer> {
  const corrected = report.corrected.includes(field);
  const REMOVE = '$(discard) Use what the report says';
  if (field === 'kind' || field === 'framework') {
    const values = field === 'kind' ? REPORT_KINDS : FRAMEWORKS;
    const current = field === 'kind' ? report.kind : report.framework;
    const items: (vscode.QuickPickItem & { value?: string })[] = values.map((v) => ({
      label: field === 'kind' ? kindLabel(v as Report['kind']) : frameworkLabel(v as Report['framework']),
      description: v === current ? 'current' : v,
      value: v,
    }));
    if (corrected) items.push({ label: REMOVE, description: 'remove your correction' });
    const picked = await vscode.window.showQuickPick(items, { title: `${FIELD_LABELS[field]} of ${file}`, placeHolder: `Choose the report's ${field}` });
    if (!picked) return undefined;
    return picked.value === undefined ? { unset: true } : { set: picked.value };
  }
  const current = field === 'date' ? (report.date?.value ?? '') : (report.localAuthority ?? '');
  const value = await vscode.window.showInputBox({
    title: `${FIELD_LABELS[field]} of ${file}`,
    value: current,
    prompt:
      field === 'date'
        ? `The report's date: YYYY, YYYY-MM or YYYY-MM-DD.${corrected ? ' Leave empty to use what the report says.' : ''}`
        : `The local authority the report is about.${corrected ? ' Leave empty to use what the report says.' : ''}`,
    validateInput: (input) => {
      if (input.trim() === '') return corrected ? undefined : `Give a ${field === 'date' ? 'date' : 'name'}`;
      try {
        validateCorrectionValue(field, input);
        return undefined;
      } catch (err) {
        return err instanceof CorrectionValueError ? err.problem : String(err);
      }
    },
  });
  if (value === undefined) return undefined;
  return value.trim() === '' ? { unset: true } : { set: value };
}

export function registerReportDetails(services: Services): vscode.Disposable {
  return vscode.commands.registerCommand(EDIT_REPORT_DETAILS, async (arg?: unknown, options?: EditReportDetailsOptions) => {
    const uri = targetUri(arg);
    if (!uri) {
      void vscode.window.showWarningMessage('Open a report or choose one in the Reports view: ILACS Annotator corrects the details of that report.');
      return undefined;
    }
    const file = vscode.workspace.asRelativePath(uri, false);
    if (!services.corrections.keyOf(uri)) {
      void vscode.window.showErrorMessage(`${file} is not in a workspace folder: its details can be corrected only in a folder (they are kept in the folder's .ilacs/reports.json).`);
      return undefined;
    }
    let change: EditReportDetailsOptions | undefined = options;
    if (!change) {
      const report = await currentReport(services, uri);
      if (!report) {
        void vscode.window.showErrorMessage(`${file} could not be read as a report (it is empty, binary or not plain text or Markdown).`);
        return undefined;
      }
      const fields: CorrectableField[] = ['date', 'kind', 'authority', 'framework'];
      const picked = await vscode.window.showQuickPick(
        fields.map((f) => ({ label: FIELD_LABELS[f], description: fieldValue(report, f), field: f })),
        { title: `Edit details of ${file}`, placeHolder: 'Choose what to correct (the report file is not changed)' },
      );
      if (!picked) return undefined;
      const answer = await askValue(picked.field, report, file);
      if (!answer) return undefined;
      change = 'set' in answer ? { set: { [picked.field]: answer.set } } : { unset: [picked.field] };
    }
    try {
      await services.corrections.change(uri, { set: change.set, unset: change.unset, author: await currentAuthor(uri) });
    } catch (err) {
      if (err instanceof CorrectionValueError) void vscode.window.showErrorMessage(`${file}: ${err.message}. Nothing was changed.`);
      else if (err instanceof CorrectionsFileError) void vscode.window.showErrorMessage(`${err.message} (see the Problems panel)`);
      else void vscode.window.showErrorMessage(`${file}: the correction could not be saved: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    }
    // What the report reads as now, for the caller (the index follows the change on its own).
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (document) return services.reports.get(document);
    const indexed = services.index.get(uri);
    if (indexed) return services.corrections.apply(uri, parseReportText(indexed.report.file, indexed.text));
    return undefined;
  });
}
