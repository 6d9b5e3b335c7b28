/** What the in-editor specs share: the extension under test, the test workspace, and waiting. */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';

import { EXTENSION_ID } from '../editorCommon';

export { api, EXTENSION_ID, folder, scratchFolder, tagParagraph } from '../editorCommon';

/** Polls until `check` returns a value other than undefined, or fails after `ms`. */
export async function waitFor<T>(what: string, check: () => T | undefined | Promise<T | undefined>, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

type WindowApi = typeof vscode.window;

/**
 * Whether these tests share the extension's `vscode` API object: VS Code gives each extension its own,
 * and the tests get the extension's only when they run from its folder (the checkout), not against
 * an installed package. `withWindow` works only when they do.
 */
export function sharesExtensionApi(): boolean {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  return extension !== undefined && path.resolve(__filename).startsWith(path.resolve(extension.extensionPath) + path.sep);
}

/** Skips a test that stands in for `vscode.window` functions the extension calls, when it cannot (see `sharesExtensionApi`). */
export function skipUnlessSharedApi(test: Mocha.Context): void {
  if (!sharesExtensionApi()) test.skip();
}

/**
 * Runs `run` with `vscode.window[name]` replaced (the extension under test shares this API object,
 * so it calls the replacement), and puts the original back afterwards. For what a test cannot click:
 * progress notifications, messages and their buttons.
 */
export async function withWindow<K extends keyof WindowApi, T>(name: K, replacement: (original: WindowApi[K]) => WindowApi[K], run: () => Thenable<T>): Promise<T> {
  const window = vscode.window as { [P in keyof WindowApi]: WindowApi[P] };
  const original = window[name];
  window[name] = replacement(original);
  try {
    return await run();
  } finally {
    window[name] = original;
  }
}
