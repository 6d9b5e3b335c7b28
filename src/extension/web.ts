/**
 * The browser entry (`browser` in package.json): the extension in the web worker extension host of
 * vscode.dev, github.dev and code-server. Every feature that does not need Node is registered by
 * the same `activateCommon` as on the desktop; tag stores go through `vscode.workspace.fs` for every
 * folder; the author of new tags is the `ilacs.author` setting (git and the operating system user
 * cannot be asked here). PDF import runs here too: pdf.js is bundled and runs on the extension
 * host's thread (see core/pdf/extract.ts). The git merge driver set-up needs Node: its command is
 * there and says so.
 */
import * as vscode from 'vscode';
import { activateCommon, type IlacsApi } from './activate';
import { WorkspaceStoreFileSystem } from './annotationService';
import type { ExtensionHost } from './host';

export type { IlacsApi } from './activate';

/** Recorded as the author when `ilacs.author` is empty (the user is told once how to set it). */
export const WEB_UNKNOWN_AUTHOR = 'unknown';

/** The commands that need Node, and what each does on the desktop. */
export const DESKTOP_ONLY_COMMANDS: readonly { command: string; title: string; what: string }[] = [
  { command: 'ilacs.setUpMergeDriver', title: 'Set Up Git Merge Driver', what: 'runs git to configure the repository' },
];

/** The message a desktop-only command shows in the browser. */
export function desktopOnlyMessage(title: string, what: string): string {
  return `ILACS: ${title} needs VS Code on the desktop (it ${what}); it is not available in the browser. Open this folder in desktop VS Code, or use the ilacs command line, to do this.`;
}

let authorHintShown = false;

export const webHost: ExtensionHost = {
  kind: 'web',
  storeFileSystem(folder) {
    return new WorkspaceStoreFileSystem(folder.uri);
  },
  async defaultAuthor() {
    if (!authorHintShown) {
      authorHintShown = true;
      void vscode.window
        .showInformationMessage(`ILACS: in the browser your name cannot be found from git; tags are recorded as by "${WEB_UNKNOWN_AUTHOR}" until you set "ilacs.author".`, 'Set Author')
        .then((choice) => {
          if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', 'ilacs.author');
        });
    }
    return WEB_UNKNOWN_AUTHOR;
  },
  registerNodeFeatures() {
    return vscode.Disposable.from(
      ...DESKTOP_ONLY_COMMANDS.map(({ command, title, what }) =>
        vscode.commands.registerCommand(command, () => {
          void vscode.window.showWarningMessage(desktopOnlyMessage(title, what));
          return undefined;
        }),
      ),
    );
  },
};

export function activate(context: vscode.ExtensionContext): IlacsApi {
  return activateCommon(context, webHost);
}

export function deactivate(): void {}
