/** What the in-editor specs share: the extension under test, the test workspace, and waiting. */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { IlacsApi } from '../../src/extension/extension';

/** The identifier VS Code gives the extension: publisher.name from package.json. */
export const EXTENSION_ID = 'ilacs-annotator.ilacs-annotator';

/** Activates the extension and returns what it exports; fails when it is not loaded. */
export async function api(): Promise<IlacsApi> {
  const extension = vscode.extensions.getExtension<IlacsApi>(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} is not loaded`);
  return extension.activate();
}

/** The test workspace (a fresh copy of test/integration/workspace for each run). */
export function folder(): vscode.WorkspaceFolder {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'the test workspace folder is not open');
  return f;
}

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
