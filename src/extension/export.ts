/**
 * Export and import of findings in the editor: the workspace's findings, the current report's, or
 * what the Improvement Areas view shows (its filters applied), saved as JSON, CSV or a REFI-QDA
 * project through a save dialog, with a progress notification and a "Reveal" button; and the
 * import of an export into the workspace's store, conflicts listed in the log.
 *
 * The findings are collected from what the editor already holds (the workspace index's parsed
 * reports and their tags resolved on that text; for the current report, the document as shown)
 * and built, formatted and merged by the core (`core/export`), exactly as `ilacs export` does.
 */
import * as vscode from 'vscode';
import { unlessCancelled } from './timing';
import { MAX_FILE_BYTES, readProblem } from '../core/files';
import { readWorkspaceFile } from './files';
import {
  buildExport,
  describeConflict,
  formatForFile,
  GENERATOR_NAME,
  importExport,
  importSummary,
  parseExportBytes,
  renderExport,
  type ExportDocument,
  type ExportFormat,
  type ExportOptions,
  type ExportSource,
  type ImportResult,
} from '../core/export';
import { orphanAnnotations, resolveAnnotations } from '../core/workspace/resolve';
import type { ParagraphRecurrences } from './recurrences';
import type { Services } from './services';
import { readSettings } from './settings';
import type { IlacsViews } from './views';

/** What the export commands accept from a caller (tests, other extensions): skipping the dialog. */
export interface ExportCommandArgs {
  /** Where to write; the format follows the extension (`.json`, `.csv`, `.qdpx`) unless `format` is given. */
  target?: vscode.Uri;
  format?: ExportFormat;
  /** For the current-report export: the report, when not the active editor's. */
  report?: vscode.Uri;
  /** For the workspace export: include the improvement areas Ofsted printed; asked when not given. */
  printed?: boolean;
}

export interface ExportCommandResult {
  target: vscode.Uri;
  format: ExportFormat;
  findings: number;
  /** Printed improvement areas of the exported reports that the export leaves out (the user chose tags only). */
  printedLeftOut: number;
}

/** How many improvement areas the reports print (each is a finding when printed areas are exported). */
function printedCount(sources: readonly ExportSource[]): number {
  return sources.reduce((n, s) => n + (s.report?.improvementAreas.length ?? 0), 0);
}

/** Asks whether the workspace export includes the printed improvement areas; undefined when the user cancels. */
async function askPrinted(count: number): Promise<boolean | undefined> {
  if (count === 0) return false;
  const picked = await vscode.window.showQuickPick(
    [
      { label: 'Tags and printed improvement areas', description: `adds ${count} improvement area${count === 1 ? '' : 's'} Ofsted printed, with their status`, printed: true },
      { label: 'Tags only', description: `leaves out the ${count} printed improvement area${count === 1 ? '' : 's'}`, printed: false },
    ],
    { title: 'Export the findings of the workspace: what to include' },
  );
  return picked?.printed;
}

const FORMAT_FILTERS: Record<string, string[]> = {
  'JSON (ILACS findings export)': ['json'],
  'CSV (Excel)': ['csv'],
  'REFI-QDA project (NVivo, ATLAS.ti, MAXQDA)': ['qdpx'],
};

function folderFor(uri?: vscode.Uri): vscode.WorkspaceFolder {
  const folder = (uri && vscode.workspace.getWorkspaceFolder(uri)) ?? vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('Open the folder that holds your reports to export or import findings.');
  return folder;
}

/** Every report of a workspace folder as the export needs it, with the problems met on the way. */
async function folderSources(services: Services, views: IlacsViews, folder: vscode.WorkspaceFolder): Promise<{ sources: ExportSource[]; problems: string[] }> {
  const sources: ExportSource[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const entry of await views.model.reports()) {
    if (!entry.key || entry.key.folder.uri.toString() !== folder.uri.toString()) continue;
    const stored = await services.annotations.read(entry.key);
    if (stored.error) problems.push(stored.error.message);
    seen.add(entry.key.report);
    sources.push({ file: entry.key.report, report: entry.indexed.report, text: entry.indexed.text, annotations: entry.resolved, improvementStatuses: stored.improvements, improvementPlans: stored.plans ?? [] });
  }
  // Tags of reports that are gone (or not readable as reports) are exported as orphans, not dropped.
  for (const report of await services.annotations.storeFor(folder).reports()) {
    if (seen.has(report)) continue;
    const stored = await services.annotations.read({ folder, report });
    if (stored.error) problems.push(stored.error.message);
    if (stored.annotations.length === 0 && stored.improvements.length === 0) continue;
    sources.push({ file: report, report: null, text: null, annotations: orphanAnnotations(stored.annotations), improvementStatuses: stored.improvements, improvementPlans: stored.plans ?? [] });
  }
  return { sources, problems };
}

/** The current report as shown in its editor (unsaved edits included). */
async function documentSource(services: Services, document: vscode.TextDocument): Promise<ExportSource> {
  const key = services.annotations.keyOf(document.uri);
  if (!key) throw new Error(`${document.uri.fsPath || document.uri.toString()} is not inside an open workspace folder`);
  const report = services.reports.get(document);
  if (!report) throw new Error(`${key.report} could not be read as a report`);
  const stored = await services.annotations.read(key);
  if (stored.error) throw new Error(stored.error.message);
  const text = document.getText();
  return { file: key.report, report, text, annotations: resolveAnnotations(report, text, stored.annotations), improvementStatuses: stored.improvements, improvementPlans: stored.plans ?? [] };
}

function encode(doc: ExportDocument, format: ExportFormat, sources: readonly ExportSource[]): Uint8Array {
  const data = renderExport(doc, format, sources);
  return typeof data === 'string' ? new TextEncoder().encode(data) : data;
}

async function chooseTarget(folder: vscode.WorkspaceFolder, suggested: string, args: ExportCommandArgs | undefined, title: string): Promise<{ target: vscode.Uri; format: ExportFormat } | undefined> {
  let target = args?.target;
  if (!target) {
    target = await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.joinPath(folder.uri, `${suggested}.json`), filters: FORMAT_FILTERS, title, saveLabel: 'Export' });
    if (!target) return undefined;
  }
  return { target, format: args?.format ?? formatForFile(target.path) ?? 'json' };
}

/**
 * Writes the export beside its target and renames it over the target, as `ilacs export` does, so a
 * write that fails (a full disk, a lost network drive) never leaves a file the user chose to replace
 * half-written.
 */
async function writeAtomically(target: vscode.Uri, data: Uint8Array): Promise<void> {
  const name = target.path.slice(target.path.lastIndexOf('/') + 1);
  // A rename with overwrite would delete a folder standing at the target: never do that.
  const existing = await Promise.resolve(vscode.workspace.fs.stat(target)).catch(() => undefined);
  if (existing && existing.type & vscode.FileType.Directory) throw new Error(`${vscode.workspace.asRelativePath(target)} is a folder; choose a file to export to`);
  const temp = vscode.Uri.joinPath(target, '..', `.${name}.${Math.random().toString(36).slice(2, 10)}.tmp`);
  try {
    await vscode.workspace.fs.writeFile(temp, data);
    await vscode.workspace.fs.rename(temp, target, { overwrite: true });
  } catch (err) {
    await Promise.resolve(vscode.workspace.fs.delete(temp, { useTrash: false })).catch(() => undefined);
    throw new Error(`${vscode.workspace.asRelativePath(target)} cannot be written: ${err instanceof Error ? err.message : String(err)}`);
  }
}

async function reveal(target: vscode.Uri): Promise<void> {
  if (vscode.workspace.getWorkspaceFolder(target)) await vscode.commands.executeCommand('revealInExplorer', target);
  else await vscode.commands.executeCommand('revealFileInOS', target);
}

/** Thrown inside the export's progress when the user cancels it. */
class ExportCancelled extends Error {}

/** Collects, builds, writes with progress (cancellable until writing begins), and offers to reveal the file; undefined when cancelled. */
async function runExport(
  services: Services,
  recurrences: ParagraphRecurrences,
  what: string,
  chosen: { target: vscode.Uri; format: ExportFormat },
  collect: () => Promise<{ sources: ExportSource[]; problems: string[]; folder: vscode.WorkspaceFolder; options: Partial<ExportOptions> }>,
): Promise<ExportCommandResult | undefined> {
  let printedLeftOut = 0;
  const { target, format } = chosen;
  let doc: Awaited<ReturnType<typeof buildExport>>;
  try {
    doc = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Exporting ${what}`, cancellable: true }, async (progress, token) => {
      // Each step is given up as soon as Cancel is pressed (the shared work it waited for goes on for
      // the views); once writing has begun the file is finished, so that it is never left half-written.
      const step = async <T>(work: Promise<T>): Promise<T> => {
        const value = await unlessCancelled(work, token);
        if (token.isCancellationRequested) throw new ExportCancelled();
        return value as T;
      };
      progress.report({ message: 'reading reports and tags' });
      const { sources, problems, folder, options } = await step(collect());
      if (!options.printed && !options.viewKeys) printedLeftOut = printedCount(sources);
      for (const p of problems) services.log.warn(p);
      const codebook = await step(services.codebooks.codebookFor(folder.uri));
      progress.report({ message: 'finding recurring findings' });
      await step(recurrences.update());
      const settings = readSettings(folder.uri);
      const built = buildExport(sources, codebook, {
        workspace: folder.name,
        generator: { name: GENERATOR_NAME, version: String(services.context.extension.packageJSON.version ?? 'dev') },
        ...options,
        recurringParagraphs: (file, paragraph) => recurrences.folderMatches(folder, file, paragraph, { threshold: settings.recurrenceThreshold, includeOtherAuthorities: settings.recurrenceOtherAuthorities }),
      });
      const bytes = encode(built, format, sources);
      if (token.isCancellationRequested) throw new ExportCancelled();
      progress.report({ message: `writing ${vscode.workspace.asRelativePath(target)}` });
      await writeAtomically(target, bytes);
      if (problems.length > 0) {
        void vscode.window.showWarningMessage(`ILACS: ${problems.length} store file(s) could not be read; their tags are not in the export (see the ILACS Annotator log).`);
      }
      return built;
    });
  } catch (err) {
    if (!(err instanceof ExportCancelled)) throw err;
    services.log.info(`Export of ${what} to ${target.toString(true)} cancelled; nothing was written`);
    void vscode.window.showInformationMessage(`Export cancelled: ${vscode.workspace.asRelativePath(target)} was not written.`);
    return undefined;
  }
  const c = doc.counts;
  services.log.info(`Exported ${c.findings} finding(s) from ${c.reports} report(s) as ${format} to ${target.toString(true)}`);
  const leftOut = printedLeftOut ? ` It leaves out ${printedLeftOut} printed improvement area${printedLeftOut === 1 ? '' : 's'}.` : '';
  void vscode.window.showInformationMessage(`Exported ${c.findings} finding${c.findings === 1 ? '' : 's'} from ${c.reports} report${c.reports === 1 ? '' : 's'} to ${vscode.workspace.asRelativePath(target)}.${leftOut}`, 'Reveal').then((choice) => {
    if (choice === 'Reveal') void reveal(target);
  });
  return { target, format, findings: c.findings, printedLeftOut };
}

function dateStamp(): string {
  return new Date().toISOString().slice(0, 10);
}

/** Merges an export into the store of the folder (see `core/export/import.ts`); conflicts and problems go to the log. */
async function runImport(services: Services, args: { source?: vscode.Uri; folder?: vscode.Uri } | undefined): Promise<ImportResult | undefined> {
  const folder = folderFor(args?.folder ?? vscode.window.activeTextEditor?.document.uri);
  let source = args?.source;
  if (!source) {
    const picked = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'ILACS findings export': ['json'] }, title: `Import findings into ${folder.name}`, openLabel: 'Import' });
    source = picked?.[0];
    if (!source) return undefined;
  }
  const shown = vscode.workspace.asRelativePath(source);
  let bytes: Uint8Array | undefined;
  try {
    bytes = await readWorkspaceFile(source, MAX_FILE_BYTES, shown);
  } catch (err) {
    throw new Error(`${shown} cannot be read: ${readProblem(err)}`);
  }
  if (bytes === undefined) throw new Error(`${shown} cannot be read: no such file`);
  const parsed = parseExportBytes(bytes);
  if (!parsed.ok) {
    for (const p of parsed.problems) services.log.error(`${shown}: ${p}`);
    throw new Error(`${shown} is not a valid ILACS Annotator export, so nothing was imported: ${parsed.problems[0]}${parsed.problems.length > 1 ? ` (and ${parsed.problems.length - 1} more in the log)` : ''}`);
  }
  const touched = parsed.doc.findings.map((f) => f.report.file);
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Importing ${shown}` }, () =>
    services.annotations.recordChanges(`Import ${shown}`, folder, touched, () => importExport(parsed.doc, services.annotations.storeFor(folder).fs)),
  );
  services.log.info(`${shown}: ${importSummary(result)}`);
  for (const c of result.conflicts) {
    services.log.warn(`Conflict, kept as it is here: ${describeConflict(c)} (here changed ${c.localModified}; incoming ${c.incomingModified ?? 'undated'})`);
  }
  for (const p of result.problems) services.log.error(p);
  for (const r of result.missingReports) services.log.warn(`${r} is not in this workspace; its imported tags show as orphans until it is added.`);
  if (result.conflicts.length > 0 || result.problems.length > 0) {
    const after = [
      result.conflicts.length > 0 ? 'Conflicts were left as they are here.' : '',
      result.problems.length > 0 ? `${result.problems.length} problem${result.problems.length === 1 ? '' : 's'} kept findings out (see the log).` : '',
    ].filter(Boolean);
    void vscode.window.showWarningMessage(`${importSummary(result)} ${after.join(' ')}`, 'Show Details').then((choice) => {
      if (choice === 'Show Details') services.log.show(true);
    });
  } else {
    void vscode.window.showInformationMessage(importSummary(result));
  }
  return result;
}

export function registerExport(services: Services, views: IlacsViews, recurrences: ParagraphRecurrences): vscode.Disposable {
  const run =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R | undefined> => {
      try {
        return await fn(...args);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        services.log.error(message);
        void vscode.window.showErrorMessage(`ILACS: ${message}`);
        return undefined;
      }
    };

  return vscode.Disposable.from(
    vscode.commands.registerCommand(
      'ilacs.exportFindings',
      run(async (args?: ExportCommandArgs) => {
        const folder = folderFor(vscode.window.activeTextEditor?.document.uri);
        const collected = await folderSources(services, views, folder);
        const printed = args?.printed ?? (await askPrinted(printedCount(collected.sources)));
        if (printed === undefined) return undefined;
        const chosen = await chooseTarget(folder, `ilacs-findings-${dateStamp()}`, args, 'Export the findings of the workspace');
        if (!chosen) return undefined;
        return runExport(services, recurrences, 'the workspace\'s findings', chosen, async () => ({ ...collected, folder, options: { printed } }));
      }),
    ),
    vscode.commands.registerCommand(
      'ilacs.exportReportFindings',
      run(async (args?: ExportCommandArgs) => {
        const uri = args?.report ?? vscode.window.activeTextEditor?.document.uri;
        if (!uri) throw new Error('Open a report to export its findings.');
        const document = await vscode.workspace.openTextDocument(uri);
        const folder = folderFor(uri);
        const base = uri.path.slice(uri.path.lastIndexOf('/') + 1).replace(/\.[^.]*$/, '');
        const chosen = await chooseTarget(folder, `${base}-findings`, args, 'Export the findings of this report');
        if (!chosen) return undefined;
        return runExport(services, recurrences, 'this report\'s findings', chosen, async () => {
          const source = await documentSource(services, document);
          return { sources: [source], problems: [], folder, options: { printed: true, reports: [source.file] } };
        });
      }),
    ),
    vscode.commands.registerCommand(
      'ilacs.exportImprovementView',
      run(async (args?: ExportCommandArgs) => {
        const folder = folderFor(vscode.window.activeTextEditor?.document.uri);
        const chosen = await chooseTarget(folder, `ilacs-improvement-areas-${dateStamp()}`, args, 'Export the improvement areas the view shows');
        if (!chosen) return undefined;
        return runExport(services, recurrences, 'the improvement areas shown', chosen, async () => {
          const { tree } = await views.improvements.current();
          const filter = views.improvements.filter;
          const collected = await folderSources(services, views, folder);
          return {
            ...collected,
            folder,
            options: {
              viewKeys: new Set(tree.items.map((i) => i.key)),
              status: filter.status ?? 'open',
              ...(filter.report !== undefined ? { reports: [filter.report] } : {}),
              ...(filter.criterion !== undefined ? { criterion: filter.criterion } : {}),
              ...(filter.assessment !== undefined ? { assessment: filter.assessment } : {}),
            },
          };
        });
      }),
    ),
    vscode.commands.registerCommand(
      'ilacs.importFindings',
      run((args?: { source?: vscode.Uri; folder?: vscode.Uri }) => runImport(services, args)),
    ),
  );
}
