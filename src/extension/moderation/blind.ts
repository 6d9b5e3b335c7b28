/**
 * Blind tagging: while it is on (`ilacs.blindTagging.enabled`, or **ILACS: Toggle Blind Tagging**)
 * the editor shows only the tags of the current author (`ilacs.author`, else git's user.name, per
 * workspace folder), so that a second officer tags a report without seeing the first one's tags.
 * It is one filter on the annotation service, which every view, decoration, CodeLens and hover
 * reads through; the store keeps every tag as it is.
 */
import * as vscode from 'vscode';
import { currentAuthor, type Services } from '../services';
import { affects, readSettings, SETTINGS_SECTION } from '../settings';

export interface BlindTagging {
  /** Applies the setting now (resolving the authors first); resolves when the editor shows the right tags. */
  apply(): Promise<void>;
  /** The authors whose tags are shown, per workspace folder URI, or undefined when blind tagging is off. */
  authors(): ReadonlyMap<string, string> | undefined;
}

export function registerBlindTagging(services: Services): vscode.Disposable & { blind: BlindTagging } {
  const status = vscode.window.createStatusBarItem('ilacs.blindTagging', vscode.StatusBarAlignment.Left, 40);
  status.name = 'ILACS Blind Tagging';
  status.command = 'ilacs.toggleBlindTagging';
  let shown: Map<string, string> | undefined;
  let generation = 0;

  const apply = async (): Promise<void> => {
    const mine = ++generation;
    if (!readSettings().blindTagging) {
      shown = undefined;
      services.annotations.setVisibleTags(undefined);
      status.hide();
      await vscode.commands.executeCommand('setContext', 'ilacs.blindTagging', false);
      return;
    }
    const authors = new Map<string, string>();
    for (const folder of vscode.workspace.workspaceFolders ?? []) authors.set(folder.uri.toString(), await currentAuthor(folder.uri));
    if (mine !== generation) return;
    shown = authors;
    services.annotations.setVisibleTags((key, annotation) => annotation.author === authors.get(key.folder.uri.toString()));
    const names = [...new Set(authors.values())];
    status.text = `$(eye-closed) Blind: ${names.join(', ') || 'no folder'}`;
    status.tooltip = `Blind tagging: only tags by ${names.join(', ') || 'you'} are shown; other authors' tags are kept but hidden. Click to show every tag.`;
    status.show();
    await vscode.commands.executeCommand('setContext', 'ilacs.blindTagging', true);
  };

  const run = (): void => {
    apply().catch((err: unknown) => services.log.error(`Blind tagging: ${err instanceof Error ? err.message : String(err)}`));
  };
  // Nothing is read unless blind tagging is on.
  if (readSettings().blindTagging) run();

  const d = vscode.Disposable.from(
    status,
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affects(e, 'blindTagging.enabled', 'author')) run();
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => {
      if (readSettings().blindTagging) run();
    }),
    vscode.commands.registerCommand('ilacs.toggleBlindTagging', async (value?: boolean) => {
      const next = typeof value === 'boolean' ? value : !readSettings().blindTagging;
      const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
      await vscode.workspace.getConfiguration(SETTINGS_SECTION).update('blindTagging.enabled', next, target);
      await apply();
      void vscode.window.showInformationMessage(
        next ? "Blind tagging is on: only your tags are shown until you turn it off. Other authors' tags are kept." : 'Blind tagging is off: every tag is shown.',
      );
      return next;
    }),
  ) as vscode.Disposable & { blind: BlindTagging };
  d.blind = { apply, authors: () => shown };
  return d;
}
