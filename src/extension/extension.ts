/**
 * The desktop entry (`main`): the shared activation over the desktop host. The browser entry
 * (`browser`, vscode.dev) is web.ts.
 */
import type * as vscode from 'vscode';
import { activateCommon, type IlacsApi } from './activate';
import { desktopHost } from './desktopHost';

export type { IlacsApi } from './activate';

export function activate(context: vscode.ExtensionContext): IlacsApi {
  return activateCommon(context, desktopHost);
}

export function deactivate(): void {}
