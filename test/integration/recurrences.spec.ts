// Recurring findings: the References provider (Shift+F12), Find All Recurrences, the settings, the
// index following a report added and removed, and the index kept between sessions.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ParagraphRecurrences, type LocatedMatch } from '../../src/extension/recurrences';
import { WorkspaceSessions } from '../../src/extension/sessions';
import { WorkspaceIndex } from '../../src/extension/workspaceIndex';
import { api, folder, waitFor, withWindow } from './helpers';

const VISIT = 'northmere__11-june-2025.txt';
const INSPECTION = 'northmere__14-march-2024.txt';
const OTHER = 'eastbrook__20-october-2023.txt';
const FINDING = 'Assessments for children in need still take too long';
const ADDED = 'northmere__02-february-2026.txt';

function uriOf(name: string): vscode.Uri {
  return vscode.Uri.joinPath(folder().uri, name);
}

async function setSetting(name: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('ilacs').update(name, value, vscode.ConfigurationTarget.Workspace);
}

async function references(document: vscode.TextDocument, text: string): Promise<vscode.Location[]> {
  const position = document.positionAt(document.getText().indexOf(text) + 3);
  return (await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', document.uri, position)) ?? [];
}

describe('recurring findings: references and Find All Recurrences', function () {
  this.timeout(60_000);

  after(async () => {
    await setSetting('recurrence.threshold', undefined);
    await setSetting('recurrence.includeOtherAuthorities', undefined);
    await vscode.workspace.fs.delete(uriOf(ADDED)).then(
      () => undefined,
      () => undefined,
    );
  });

  it('peeks, with Shift+F12, the paragraphs of other reports that make the same finding', async () => {
    const { services } = await api();
    const document = await vscode.workspace.openTextDocument(uriOf(VISIT));
    const locations = await references(document, FINDING);
    const inInspection = locations.filter((l) => l.uri.path.endsWith(INSPECTION));
    assert.ok(inInspection.length > 0, `no reference into the 2024 inspection: ${locations.map((l) => l.uri.path).join(', ')}`);
    // Each location is the sentence of the matching paragraph that carries the shared finding, so
    // the peek shows why it matched.
    const inspection = services.index.get(uriOf(INSPECTION))?.report;
    assert.ok(inspection);
    const p2 = inspection.paragraphs.find((p) => p.id === 'p2');
    assert.ok(p2);
    const inP2 = inInspection.find((l) => l.range.start.line >= p2.range.start.line && l.range.end.line <= p2.range.end.line);
    assert.ok(inP2, `no location in paragraph 2 of the 2024 inspection: ${inInspection.map((l) => l.range.start.line).join(', ')}`);
    const shown = (await vscode.workspace.openTextDocument(inP2.uri)).getText(inP2.range).replace(/\s+/g, ' ');
    await vscode.window.showTextDocument(document);
    const matches = await vscode.commands.executeCommand<LocatedMatch[]>('ilacs.findRecurrences', { uri: document.uri.toString(), paragraphId: 'main-findings.1' });
    const quoted = matches.find((m) => m.file === INSPECTION && m.paragraph === 'p2')?.sentence;
    assert.equal(shown, quoted, 'the location is the sentence the hover quotes');
    assert.ok(/[.!?]$/.test(shown) && shown.length < p2.text.length, `the location is a sentence, not the paragraph: ${shown}`);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    assert.ok(locations.some((l) => l.uri.path.endsWith(OTHER)), 'the other authority is included by default');
    // The paragraph itself is the declaration.
    assert.ok(locations.some((l) => l.uri.path.endsWith(VISIT)));
  });

  it('follows the settings: other authorities left out, and a threshold nothing reaches', async () => {
    await api();
    const document = await vscode.workspace.openTextDocument(uriOf(VISIT));
    await setSetting('recurrence.includeOtherAuthorities', false);
    const own = await references(document, FINDING);
    assert.ok(own.length > 1 && own.every((l) => !l.uri.path.endsWith(OTHER)), own.map((l) => l.uri.path).join(', '));
    await setSetting('recurrence.threshold', 1);
    const none = await references(document, FINDING);
    assert.deepEqual(
      none.map((l) => l.uri.path.split('/').pop()),
      [VISIT],
    );
  });

  it('Find All Recurrences returns the matches best first and opens them in the references peek', async () => {
    await api();
    await setSetting('recurrence.threshold', undefined);
    await setSetting('recurrence.includeOtherAuthorities', undefined);
    const document = await vscode.workspace.openTextDocument(uriOf(VISIT));
    await vscode.window.showTextDocument(document);
    const matches = await vscode.commands.executeCommand<LocatedMatch[]>('ilacs.findRecurrences', { uri: document.uri.toString(), paragraphId: 'main-findings.1' });
    assert.ok(matches && matches.length > 0);
    for (let i = 1; i < matches.length; i++) assert.ok(matches[i - 1].score >= matches[i].score);
    assert.ok(matches.some((m) => m.file === INSPECTION && m.paragraph === 'p2'));
    assert.ok(matches.every((m) => m.file !== VISIT));
  });

  it('with unsaved edits, looks a paragraph up by its text among the saved ones, and finds nothing for new text', async () => {
    await api();
    const document = await vscode.workspace.openTextDocument(uriOf(VISIT));
    const editor = await vscode.window.showTextDocument(document);
    const heading = document.getText().indexOf('Main findings\n');
    assert.ok(heading >= 0);
    // A new first paragraph under the heading: the finding's id moves from main-findings.1 to main-findings.2.
    const added = 'Leaders have recruited two more team managers to the front door this spring.';
    assert.ok(await editor.edit((e) => e.insert(document.positionAt(heading + 'Main findings\n'.length), `${added}\n\n`)));
    try {
      assert.ok(document.isDirty);
      const moved = await references(document, FINDING);
      assert.ok(
        moved.some((l) => l.uri.path.endsWith(INSPECTION)),
        `the finding, moved by the edit, lost its recurrences: ${moved.map((l) => l.uri.path.split('/').pop()).join(', ')}`,
      );
      const fresh = await references(document, added);
      assert.deepEqual(
        fresh.map((l) => l.uri.path.split('/').pop()),
        [VISIT],
      );
    } finally {
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    assert.ok(!document.isDirty);
  });

  it('Find All Recurrences on an untitled report says it must be saved in the workspace, and looks nothing up', async () => {
    await api();
    const saved = await vscode.workspace.openTextDocument(uriOf(VISIT));
    const untitled = await vscode.workspace.openTextDocument({ language: 'plaintext', content: saved.getText() });
    const editor = await vscode.window.showTextDocument(untitled);
    try {
      editor.selection = new vscode.Selection(untitled.positionAt(untitled.getText().indexOf(FINDING) + 3), untitled.positionAt(untitled.getText().indexOf(FINDING) + 3));
      const result = await vscode.commands.executeCommand<LocatedMatch[] | undefined>('ilacs.findRecurrences');
      assert.equal(result, undefined);
      // The hover stays quiet about recurrences there too.
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', untitled.uri, editor.selection.active);
      const text = hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
      assert.ok(!text.includes('ilacs.openFinding'), text);
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  it('takes in a report added to the workspace and lets it go when it is deleted', async () => {
    const { recurrences } = await api();
    const document = await vscode.workspace.openTextDocument(uriOf(VISIT));
    const before = recurrences.index.report(INSPECTION);
    const text = [
      'Northmere inspection of children’s social care services',
      '',
      'Inspection dates: 12 to 16 January 2026',
      '',
      '1. Assessments for children in need still take too long to complete, and some children wait too long for the help they need while assessments are finished.',
      '',
    ].join('\n');
    await vscode.workspace.fs.writeFile(uriOf(ADDED), new TextEncoder().encode(text));
    await waitFor('the added report to recur', async () => {
      const found = (await references(document, FINDING)).some((l) => l.uri.path.endsWith(ADDED));
      return found ? true : undefined;
    }, 20_000);
    // The reports that did not change were not read again.
    assert.equal(recurrences.index.report(INSPECTION), before);
    await vscode.workspace.fs.delete(uriOf(ADDED));
    await waitFor('the deleted report to go', async () => {
      const found = (await references(document, FINDING)).some((l) => l.uri.path.endsWith(ADDED));
      return found ? undefined : true;
    }, 20_000);
    assert.equal(recurrences.index.report(ADDED), undefined);
  });

  it('keeps the index between sessions and reads it back for the reports that did not change', async () => {
    const { services, views, recurrences } = await api();
    await recurrences.update();
    await recurrences.saveCache();
    const storage = services.context.storageUri;
    assert.ok(storage, 'the test window has no workspace storage');
    const stat = await vscode.workspace.fs.stat(vscode.Uri.joinPath(storage, 'recurrence-index.bin'));
    assert.ok(stat.size > 0);
    // A second instance over new workspace sessions, as in the next window, takes every report from the cache.
    const sessions = new WorkspaceSessions({ storeFileSystem: (f) => services.host.storeFileSystem(f), author: async () => 'Tester', log: services.log, extensionUri: services.context.extensionUri });
    const next = new ParagraphRecurrences(services, views.model, sessions);
    try {
      await next.update();
      assert.deepEqual(next.cachedReports.sort(), recurrences.index.files().sort());
      assert.deepEqual(next.index.matches(VISIT, 'main-findings.1'), recurrences.index.matches(VISIT, 'main-findings.1'));
      assert.notEqual(next.index, recurrences.index);
    } finally {
      next.dispose();
      sessions.dispose();
    }
  });

  it('builds the index the first time with progress in the status bar, and later updates without it', async () => {
    const { services, views } = await api();
    const titles: string[] = [];
    const fresh = new ParagraphRecurrences(services, views.model);
    const recordProgress = (original: typeof vscode.window.withProgress): typeof vscode.window.withProgress => (options, task) => {
      titles.push(`${String(options.location)}:${options.title ?? ''}`);
      return original(options, task);
    };
    try {
      await withWindow('withProgress', recordProgress, async () => {
        await fresh.update();
        assert.ok(fresh.filled);
        assert.deepEqual(titles, [`${String(vscode.ProgressLocation.Window)}:ILACS: finding recurring findings`]);
        titles.length = 0;
        // A later change is taken in quietly.
        await vscode.workspace.fs.writeFile(uriOf(ADDED), new TextEncoder().encode('Northmere inspection of children’s social care services\n\n1. Assessments for children in need still take too long to complete.\n'));
        await waitFor('the added report in the index', async () => {
          await fresh.update();
          return fresh.index.report(ADDED) ? true : undefined;
        }, 20_000);
        assert.deepEqual(titles, []);
      });
    } finally {
      fresh.dispose();
      await vscode.workspace.fs.delete(uriOf(ADDED)).then(
        () => undefined,
        () => undefined,
      );
    }
  });

  it('reads paragraphs’ features on a worker thread that ships beside the extension', async () => {
    const { services } = await api();
    // The folder's session as the extension made it: its host finds the worker's script beside the bundle.
    const reader = services.sessions.of(folder()).host.featureReader?.() ?? null;
    assert.ok(reader, 'the desktop extension has a feature reader');
    try {
      const read = await reader.read([{ text: `${FINDING}, and caseloads are too high.` }, { text: 'The inspection team consisted of six inspectors.' }]);
      assert.ok(read.terms.names.includes('caseload') && read.terms.names.includes('assess'), read.terms.names.join(' '));
      assert.equal(read.offsets[2], read.offsets[1], 'the stock paragraph has no features');
    } finally {
      reader.dispose();
    }
  });

  it('finds recurrences in a window where no view has read the workspace yet', async () => {
    const { services, views } = await api();
    // A new window's services: sessions and a workspace index that nothing has built.
    const sessions = new WorkspaceSessions({ storeFileSystem: (f) => services.host.storeFileSystem(f), author: async () => 'Tester', log: services.log, extensionUri: services.context.extensionUri });
    const index = new WorkspaceIndex(sessions, services.log);
    const fresh = new ParagraphRecurrences({ ...services, sessions, index }, views.model, sessions);
    try {
      const document = await vscode.workspace.openTextDocument(uriOf(VISIT));
      await fresh.update();
      assert.equal(fresh.fileOf(document.uri), VISIT);
      const paragraph = services.reports.get(document)?.paragraphs.find((p) => p.id === 'main-findings.1');
      assert.ok(paragraph);
      assert.ok(fresh.matches(document.uri, paragraph).some((m) => m.file === INSPECTION && m.paragraph === 'p2'));
    } finally {
      fresh.dispose();
      index.dispose();
      sessions.dispose();
    }
  });
});
