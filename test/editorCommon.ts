/**
 * What the desktop and the browser in-editor suites share: the extension under test, the test
 * workspace, a scratch folder per test, and tagging a paragraph through the command. No Node
 * modules: the browser suite runs it in the web worker extension host.
 */
import * as vscode from 'vscode';
import type { Annotation } from '../src/core/annotations/types';
import type { IlacsApi } from '../src/extension/activate';

/** The identifier VS Code gives the extension: publisher.name from package.json. */
export const EXTENSION_ID = 'ilacs-annotator.ilacs-annotator';

/** Activates the extension and returns what it exports; fails when it is not loaded. */
export async function api(): Promise<IlacsApi> {
  const extension = vscode.extensions.getExtension<IlacsApi>(EXTENSION_ID);
  if (!extension) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  return extension.activate();
}

/** The test workspace (a fresh copy of the suite's workspace for each run). */
export function folder(): vscode.WorkspaceFolder {
  const f = vscode.workspace.workspaceFolders?.[0];
  if (!f) throw new Error('the test workspace folder is not open');
  return f;
}

/**
 * A folder of the test workspace made before each test of the calling suite and deleted after it
 * (editors closed first); call in a `describe` body, and read the folder with the function returned.
 */
export function scratchFolder(prefix: string): () => vscode.Uri {
  let dir: vscode.Uri | undefined;
  beforeEach(async () => {
    dir = vscode.Uri.joinPath(folder().uri, `${prefix}-${Date.now()}`);
    await vscode.workspace.fs.createDirectory(dir);
  });
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    if (dir) await vscode.workspace.fs.delete(dir, { recursive: true, useTrash: false });
    dir = undefined;
  });
  return () => {
    if (!dir) throw new Error('the scratch folder is made only while a test runs');
    return dir;
  };
}

/** Opens a report and tags one of its paragraphs through `ilacs.tagParagraph`; fails when no tag is made. */
export async function tagParagraph(report: vscode.Uri, paragraphId: string, criteria: string[]): Promise<{ document: vscode.TextDocument; created: Annotation }> {
  const document = await vscode.workspace.openTextDocument(report);
  await vscode.window.showTextDocument(document);
  const created = await vscode.commands.executeCommand<Annotation | undefined>('ilacs.tagParagraph', { uri: report, paragraphId, criteria });
  if (!created) throw new Error('the tag command returned no annotation');
  return { document, created };
}
