import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('ilacs.showReportSummary', () => {
      void vscode.window.showInformationMessage('ILACS Annotator is active.');
    }),
  );
}

export function deactivate(): void {}
