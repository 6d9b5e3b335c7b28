/**
 * "Add Sample Reports": copies the fictional reports shipped in the extension's `samples/` folder
 * into the workspace, after asking, into a `samples` folder. Files already there are never overwritten.
 */
import * as vscode from 'vscode';

/** `ask: false` copies without the confirmation dialog (for scripts); files already there are never replaced. */
export async function addSampleReports(extensionUri: vscode.Uri, options: { ask?: boolean } = {}): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    const open = 'Open Folder';
    if ((await vscode.window.showInformationMessage('Open a folder first: the sample reports are copied into it.', open)) === open) {
      await vscode.commands.executeCommand('vscode.openFolder');
    }
    return undefined;
  }
  const source = vscode.Uri.joinPath(extensionUri, 'samples');
  const target = vscode.Uri.joinPath(folder.uri, 'samples');
  const names = (await vscode.workspace.fs.readDirectory(source)).filter(([, type]) => type === vscode.FileType.File).map(([name]) => name);
  const copy = 'Copy';
  if (options.ask !== false) {
    const answer = await vscode.window.showInformationMessage(
      `Copy ${names.length} fictional sample files into "${vscode.workspace.asRelativePath(target)}"? Files already there are kept as they are.`,
      { modal: true },
      copy,
    );
    if (answer !== copy) return undefined;
  }
  await vscode.workspace.fs.createDirectory(target);
  let copied = 0;
  const kept: string[] = [];
  for (const name of names) {
    const to = vscode.Uri.joinPath(target, name);
    try {
      await vscode.workspace.fs.stat(to);
      kept.push(name);
      continue;
    } catch {
      // Not there yet: copy it.
    }
    await vscode.workspace.fs.copy(vscode.Uri.joinPath(source, name), to, { overwrite: false });
    copied++;
  }
  void vscode.window.showInformationMessage(
    `Copied ${copied} sample file${copied === 1 ? '' : 's'} into ${vscode.workspace.asRelativePath(target)}${kept.length ? `; kept ${kept.length} already there` : ''}.`,
  );
  return target;
}
