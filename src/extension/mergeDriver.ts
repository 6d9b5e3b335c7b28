/**
 * "ILACS: Set Up Git Merge Driver for Tag Stores" (desktop only: it runs git): configures the
 * workspace folder's git repository to merge store files with the bundled `ilacs merge-driver`.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { setUpMergeDriver } from '../node/gitMergeDriver';
import type { Services } from './services';

/**
 * How git should run the bundled CLI from this editor: its Node (Electron run as Node in desktop
 * VS Code) and `dist/cli.js`.
 */
function bundledCli(services: Services): string[] {
  const cli = path.join(services.context.extensionUri.fsPath, 'dist', 'cli.js');
  return process.versions.electron ? ['env', 'ELECTRON_RUN_AS_NODE=1', process.execPath, cli] : [process.execPath, cli];
}

export function registerMergeDriverSetup(services: Services): vscode.Disposable {
  return vscode.commands.registerCommand('ilacs.setUpMergeDriver', async (folderArg?: vscode.WorkspaceFolder) => {
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
    const folder = folderArg ?? (folders.length > 1 ? await vscode.window.showWorkspaceFolderPick({ placeHolder: 'The workspace folder whose git repository should merge tag stores' }) : folders[0]);
    if (!folder) {
      if (folders.length === 0) void vscode.window.showWarningMessage('Open a workspace folder on disk that is in a git repository first.');
      return undefined;
    }
    try {
      const setup = await setUpMergeDriver(folder.uri.fsPath, bundledCli(services));
      void vscode.window.showInformationMessage(
        `Tag stores in ${setup.repository} now merge with ILACS Annotator's git merge driver.${setup.attributesAdded ? ' Commit .gitattributes so the whole team merges this way.' : ''}`,
      );
      return setup;
    } catch (err) {
      void vscode.window.showErrorMessage(`ILACS: the git merge driver was not set up: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    }
  });
}
