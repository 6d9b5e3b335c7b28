// The browser build (dist/web/extension.js) in VS Code's web worker extension host, as vscode.dev
// runs it: activation there, a report in the Ofsted Report language with hover and outline, a tag
// written to the store through workspace.fs, the Improvement Areas view, a workspace codebook and
// its Problems, and the command that needs the desktop saying so. PDF import: pdfImport.spec.ts.
import * as vscode from 'vscode';
import type { Annotation } from '../../src/core/annotations/types';
import { storeFileFor } from '../../src/core/annotations/format';
import type { IlacsApi } from '../../src/extension/activate';
import { api, EXTENSION_ID, folder, tagParagraph } from '../editorCommon';
import type { ImprovementNode } from '../../src/extension/views/improvementTree';
import { equal, ok, sameList, waitFor } from './check';

const REPORT = 'northmere__14-march-2024.txt';
const P3_START = 'Children come into care when it is in their best interests.';

const reportUri = (): vscode.Uri => vscode.Uri.joinPath(folder().uri, REPORT);
const fold = (s: string): string => s.replace(/\s+/g, ' ').trim();

describe('the browser build in the web worker extension host', function () {
  this.timeout(60_000);

  it('runs in the web worker extension host, from the browser entry', async () => {
    const extension = vscode.extensions.getExtension<IlacsApi>(EXTENSION_ID);
    ok(extension, 'the extension is not loaded');
    equal(vscode.env.uiKind, vscode.UIKind.Web, 'vscode.env.uiKind');
    // No Node here: no process object with Node's versions, no require of Node modules.
    const nodeProcess = (globalThis as { process?: { versions?: { node?: string } } }).process;
    equal(nodeProcess?.versions?.node, undefined, "the host's Node version");
    ok(typeof (globalThis as { importScripts?: unknown }).importScripts === 'function', 'not in a web worker (no importScripts)');
    const exported = await api();
    equal(exported.host, 'web', 'the host the extension activated with');
    ok(extension.isActive, 'the extension is not active');
  });

  it('opens a report in the Ofsted Report language, with hover and outline', async () => {
    await api();
    const document = await vscode.workspace.openTextDocument(reportUri());
    await vscode.window.showTextDocument(document);
    equal(document.languageId, 'ilacs-report', 'language of the report');
    const symbols = await waitFor('document symbols', async () => {
      const found = await vscode.commands.executeCommand<vscode.DocumentSymbol[] | undefined>('vscode.executeDocumentSymbolProvider', document.uri);
      return found && found.length > 0 ? found : undefined;
    });
    const names: string[] = [];
    const walk = (list: vscode.DocumentSymbol[]): void => list.forEach((s) => (names.push(s.name), walk(s.children)));
    walk(symbols);
    ok(names.some((n) => /children in care|care leavers|help and protection/i.test(n)), `no judgement section in the outline: ${names.join(' | ')}`);
    const position = document.positionAt(document.getText().indexOf(P3_START) + 5);
    const hover = await waitFor('a hover on paragraph 3', async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position);
      const text = hovers
        .flatMap((h) => h.contents)
        .map((c) => (typeof c === 'string' ? c : c.value))
        .join('\n');
      return text.length > 0 ? text : undefined;
    });
    ok(/`p3`/.test(hover), `the hover does not name paragraph 3 (p3): ${hover}`);
    ok(/Tag this paragraph/i.test(hover) || /ilacs\.tagParagraph/.test(hover), `the hover offers no tagging: ${hover}`);
  });

  it('tags a paragraph and writes the store through workspace.fs, by the author of the setting', async () => {
    await vscode.workspace.getConfiguration('ilacs').update('author', 'Web Reviewer', vscode.ConfigurationTarget.Global);
    try {
      await api();
      const { document, created } = await tagParagraph(reportUri(), 'p3', ['cic.entry-to-care']);
      equal(created.paragraph, 'p3', 'tagged paragraph');
      equal(created.author, 'Web Reviewer', 'author of the tag');
      ok(created.selectors.quote.exact.startsWith(P3_START), `the quote was ${JSON.stringify(created.selectors.quote.exact)}`);
      const store = vscode.Uri.joinPath(folder().uri, ...storeFileFor(REPORT).split('/'));
      const stored = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(store))) as { annotations: Annotation[] };
      const onDisk = stored.annotations.find((a) => a.id === created.id);
      ok(onDisk, `${storeFileFor(REPORT)} does not hold the new tag`);
      equal(onDisk.selectors.position.start, document.getText().indexOf(P3_START), 'stored start of the tag');
      const entries = await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(store, '..'));
      ok(!entries.some(([name]) => /\.tmp$|\.lock$/.test(name)), `temporary or lock files left beside the store: ${entries.map(([n]) => n).join(', ')}`);
      await vscode.commands.executeCommand('ilacs.removeTag', { uri: reportUri(), id: created.id });
    } finally {
      await vscode.workspace.getConfiguration('ilacs').update('author', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('lists the printed improvement areas of the workspace in the Improvement Areas view', async () => {
    const { views, services } = await api();
    await views.improvements.setFilter({ status: 'open' });
    await services.index.ensureBuilt();
    const printed = services.index.all().flatMap((r) => r.report.improvementAreas.map((ia) => fold(ia.text)));
    ok(printed.length >= 5, `the test workspace should print at least 5 improvement areas, the parser found ${printed.length}`);
    const items = new Map<string, string>();
    for (const area of await views.improvements.getChildren()) {
      for (const criterion of await views.improvements.getChildren(area)) {
        for (const node of await views.improvements.getChildren(criterion)) {
          const item = node as ImprovementNode;
          if (item.kind === 'item') items.set(item.item.key, item.item.text);
        }
      }
    }
    sameList([...items.values()], printed, 'improvement areas in the view');
  });

  it('reads a workspace codebook, and shows its errors in Problems', async () => {
    const { services } = await api();
    const file = vscode.Uri.joinPath(folder().uri, '.ilacs', 'codebook.json');
    const write = (criterion: { id: string; area: string }): Thenable<void> =>
      vscode.workspace.fs.writeFile(file, new TextEncoder().encode(JSON.stringify({ criteria: [{ ...criterion, label: 'Local offer', keywords: ['local offer'] }] }, null, 2)));
    try {
      await write({ id: 'cic.local-offer', area: 'children-in-care' });
      await waitFor('the workspace codebook', async () => ((await services.codebooks.codebookFor(reportUri())).criteria.some((c) => c.id === 'cic.local-offer') ? true : undefined));
      await write({ id: 'cic.local-offer', area: 'no-such-area' });
      const problems = await waitFor('a codebook problem', async () => {
        await services.codebooks.codebookFor(reportUri());
        const found = vscode.languages.getDiagnostics(file).filter((d) => d.source === 'ILACS Annotator');
        return found.length ? found : undefined;
      });
      ok(/unknown area "no-such-area"/.test(problems[0].message), problems[0].message);
      equal(problems[0].range.start.line, 4, 'line of the problem (0-based: the "area" line)');
    } finally {
      await vscode.workspace.fs.delete(file);
    }
  });

  it('says that the git merge driver set-up needs the desktop', async () => {
    await api();
    const commands = await vscode.commands.getCommands(true);
    ok(commands.includes('ilacs.setUpMergeDriver'), 'ilacs.setUpMergeDriver is not registered in the browser');
    const window = vscode.window as { showWarningMessage: typeof vscode.window.showWarningMessage };
    const original = window.showWarningMessage;
    const shown: string[] = [];
    window.showWarningMessage = ((message: string) => {
      shown.push(message);
      return Promise.resolve(undefined);
    }) as typeof vscode.window.showWarningMessage;
    try {
      equal(await vscode.commands.executeCommand('ilacs.setUpMergeDriver'), undefined, 'what the merge driver set-up returned');
    } finally {
      window.showWarningMessage = original;
    }
    equal(shown.length, 1, 'messages shown');
    ok(/Git Merge Driver needs VS Code on the desktop/.test(shown[0]), shown[0]);
  });
});
