/**
 * The extension's long-lived services, created once on activation (cheaply: no file is read until
 * a feature asks) and disposed in reverse order of creation.
 */
import * as vscode from 'vscode';
import { AnnotationService } from './annotationService';
import { CodebookService } from './codebookService';
import { ReportCache } from './reportCache';
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
}

export function createServices(context: vscode.ExtensionContext): Services & vscode.Disposable {
  const log = vscode.window.createOutputChannel('ILACS Annotator', { log: true });
  const reports = new ReportCache();
  const index = new WorkspaceIndex(log);
  const annotations = new AnnotationService();
  const codebooks = new CodebookService();
  const created: vscode.Disposable[] = [log, reports, index, annotations, codebooks];
  return {
    context,
    log,
    reports,
    index,
    annotations,
    codebooks,
    dispose() {
      for (const d of created.reverse()) d.dispose();
    },
  };
}

/** The author recorded on new tags: the `ilacs.author` setting, else git's user.name, else the OS user. */
export async function currentAuthor(): Promise<string> {
  const configured = vscode.workspace.getConfiguration('ilacs').get<string>('author', '').trim();
  if (configured) return configured;
  return defaultAuthor();
}

let cachedDefaultAuthor: Promise<string> | undefined;
function defaultAuthor(): Promise<string> {
  cachedDefaultAuthor ??= (async () => {
    const { execFile } = await import('node:child_process');
    const fromGit = await new Promise<string>((resolve) => {
      execFile('git', ['config', '--get', 'user.name'], { timeout: 2000 }, (err, stdout) => resolve(err ? '' : stdout.trim()));
    });
    if (fromGit) return fromGit;
    const os = await import('node:os');
    try {
      return os.userInfo().username || 'unknown';
    } catch {
      return 'unknown';
    }
  })();
  return cachedDefaultAuthor;
}
