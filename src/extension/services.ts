/**
 * The extension's long-lived services, created once on activation (cheaply: no file is read until
 * a feature asks) and disposed in reverse order of creation.
 */
import * as os from 'node:os';
import * as vscode from 'vscode';
import { defaultAuthor } from '../core/workspace/nodeWorkspace';
import { AnnotationService } from './annotationService';
import { CodebookService } from './codebookService';
import { ReportCache } from './reportCache';
import { ReportCorrections } from './reportCorrections';
import { readSettings } from './settings';
import { WorkspaceIndex } from './workspaceIndex';

export interface Services {
  context: vscode.ExtensionContext;
  log: vscode.LogOutputChannel;
  /** Parsed reports of open documents (per document version). */
  reports: ReportCache;
  /** Every report in the workspace, built on first use. */
  index: WorkspaceIndex;
  annotations: AnnotationService;
  codebooks: CodebookService;
  /** The user's corrections of report details (.ilacs/reports.json), applied by `reports` and `index`. */
  corrections: ReportCorrections;
}

export function createServices(context: vscode.ExtensionContext): Services & vscode.Disposable {
  const log = vscode.window.createOutputChannel('ILACS Annotator', { log: true });
  const corrections = new ReportCorrections();
  const reports = new ReportCache(corrections);
  const index = new WorkspaceIndex(log, corrections);
  const annotations = new AnnotationService();
  const codebooks = new CodebookService();
  const created: vscode.Disposable[] = [log, corrections, reports, index, annotations, codebooks];
  return {
    context,
    log,
    reports,
    index,
    annotations,
    codebooks,
    corrections,
    dispose() {
      for (const d of created.reverse()) d.dispose();
    },
  };
}

/**
 * The author recorded on new tags: the `ilacs.author` setting, else the core's default for the
 * report's workspace folder (git's user.name there, else the OS user), found once per folder.
 */
export async function currentAuthor(uri?: vscode.Uri): Promise<string> {
  const configured = readSettings(uri).author;
  if (configured) return configured;
  const folder = (uri && vscode.workspace.getWorkspaceFolder(uri)) ?? vscode.workspace.workspaceFolders?.[0];
  const dir = folder?.uri.scheme === 'file' ? folder.uri.fsPath : os.homedir();
  // Restricted Mode: git is not run in an untrusted folder; the OS user stands in (or the setting).
  const runGit = vscode.workspace.isTrusted;
  const key = `${runGit ? 'git' : 'os'}:${dir}`;
  let pending = defaultAuthors.get(key);
  if (!pending) {
    pending = defaultAuthor(dir, { runGit });
    defaultAuthors.set(key, pending);
  }
  return pending;
}

const defaultAuthors = new Map<string, Promise<string>>();
