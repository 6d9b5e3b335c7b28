/**
 * The extension's long-lived services, created once on activation (cheaply: no file is read until
 * a feature asks) and disposed in reverse order of creation.
 */
import * as vscode from 'vscode';
import { AnnotationService } from './annotationService';
import { CodebookService } from './codebookService';
import type { ExtensionHost } from './host';
import { ReportCache } from './reportCache';
import { ReportCorrections } from './reportCorrections';
import { setLocalFileReader } from './files';
import { readSettings } from './settings';
import { WorkspaceIndex } from './workspaceIndex';
import { WorkspaceSessions } from './sessions';

export interface Services {
  context: vscode.ExtensionContext;
  /** The desktop or the browser host the extension runs on. */
  host: ExtensionHost;
  log: vscode.LogOutputChannel;
  /** Parsed reports of open documents (per document version). */
  reports: ReportCache;
  /** Every report in the workspace, built on first use. */
  index: WorkspaceIndex;
  annotations: AnnotationService;
  codebooks: CodebookService;
  /** One workspace session per folder (core/session): what every other service reads through. */
  sessions: WorkspaceSessions;
  /** The user's corrections of report details (.ilacs/reports.json), applied by `reports` and `index`. */
  corrections: ReportCorrections;
}

export function createServices(context: vscode.ExtensionContext, host: ExtensionHost): Services & vscode.Disposable {
  authorHost = host;
  const log = vscode.window.createOutputChannel('ILACS Annotator', { log: true });
  setLocalFileReader(host.readLocalFile);
  const sessions = new WorkspaceSessions({
    storeFileSystem: (folder) => host.storeFileSystem(folder),
    author: (folder) => currentAuthor(folder.uri),
    log,
    extensionUri: context.extensionUri,
    featureReader: () => host.featureReader?.() ?? null,
  });
  const corrections = new ReportCorrections(sessions);
  const reports = new ReportCache(corrections);
  const index = new WorkspaceIndex(sessions, log);
  const annotations = new AnnotationService(sessions);
  const codebooks = new CodebookService(sessions);
  const created: vscode.Disposable[] = [log, sessions, corrections, reports, index, annotations, codebooks];
  return {
    context,
    host,
    log,
    reports,
    index,
    annotations,
    codebooks,
    corrections,
    sessions,
    dispose() {
      for (const d of created.reverse()) d.dispose();
    },
  };
}

/**
 * The author recorded on new tags: the `ilacs.author` setting, else the host's default for the
 * report's workspace folder (on the desktop git's user.name there, else the OS user).
 */
export async function currentAuthor(uri?: vscode.Uri): Promise<string> {
  const configured = readSettings(uri).author;
  if (configured) return configured;
  if (!authorHost) throw new Error('ILACS Annotator is not active');
  return authorHost.defaultAuthor(uri);
}

/** The active host's author lookup (set on activation). */
let authorHost: Pick<ExtensionHost, 'defaultAuthor'> | undefined;
