// Tagging in the editor: the commands, the store on disk, tags following edits and saves, a fresh
// service finding them again, the criterion picker's items, and the codebook's Problems entries.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Annotation } from '../../src/core/annotations';
import { storeFileFor } from '../../src/core/annotations';
import { builtinCodebook } from '../../src/core/codebook';
import { AnnotationService } from '../../src/extension/annotationService';
import { WorkspaceSessions } from '../../src/extension/sessions';
import { criterionItems } from '../../src/extension/tagging/criterionPicker';
import { statusText } from '../../src/extension/tagging/statusBar';
import { api, folder, skipUnlessSharedApi, tagParagraph, waitFor, withWindow } from './helpers';

const REPORT = 'northmere__14-march-2024.txt';
const P3_START = 'Children come into care when it is in their best interests.';

async function readJson(uri: vscode.Uri): Promise<{ annotations: Annotation[] }> {
  return JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri))) as { annotations: Annotation[] };
}

/** Keeps the error messages a command shows, instead of showing them. */
function errorRecorder(): { errors: string[]; record: () => typeof vscode.window.showErrorMessage } {
  const errors: string[] = [];
  const record = (): typeof vscode.window.showErrorMessage =>
    ((message: string) => {
      errors.push(message);
      return Promise.resolve(undefined);
    }) as typeof vscode.window.showErrorMessage;
  return { errors, record };
}

describe('tagging in the editor', function () {
  this.timeout(60_000);
  const reportUri = (): vscode.Uri => vscode.Uri.joinPath(folder().uri, REPORT);
  const storeUri = (): vscode.Uri => vscode.Uri.joinPath(folder().uri, ...storeFileFor(REPORT).split('/'));
  let tagId: string;

  it('contributes the tagging commands', async () => {
    await api();
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['ilacs.tagParagraph', 'ilacs.editTags', 'ilacs.removeTag', 'ilacs.setAssessment', 'ilacs.setStatus', 'ilacs.addNote', 'ilacs.reattachOrphan', 'ilacs.showTags']) {
      assert.ok(commands.includes(id), `${id} is not registered`);
    }
  });

  it('tags paragraph 3 through the command and writes the store file', async () => {
    await api();
    const { document, created } = await tagParagraph(reportUri(), 'p3', ['cic.entry-to-care', 'cic.care-plans']);
    assert.equal(created.paragraph, 'p3');
    assert.deepEqual(created.criteria, ['cic.entry-to-care', 'cic.care-plans']);
    assert.equal(created.status, 'open');
    assert.equal(created.report, REPORT);
    assert.ok(created.selectors.quote.exact.startsWith(P3_START), `quote was ${JSON.stringify(created.selectors.quote.exact)}`);
    tagId = created.id;

    const stored = await readJson(storeUri());
    const onDisk = stored.annotations.find((a) => a.id === tagId);
    assert.ok(onDisk, `${storeFileFor(REPORT)} does not hold the new tag`);
    assert.deepEqual(onDisk.criteria, ['cic.entry-to-care', 'cic.care-plans']);
    assert.equal(onDisk.selectors.position.start, document.getText().indexOf(P3_START));
  });

  it('knows an open report by its path relative to the workspace folder, as the index and the CLI do', async () => {
    const { services } = await api();
    const document = await vscode.workspace.openTextDocument(reportUri());
    assert.equal(services.reports.get(document)?.file, REPORT);
    await services.index.ensureBuilt();
    assert.equal(services.index.get(reportUri())?.report.file, REPORT);
    assert.equal((await services.sessions.of(folder()).report(REPORT)).report?.file, REPORT);
  });

  it('refuses an unknown criterion and tags nothing', async () => {
    await api();
    const before = (await readJson(storeUri())).annotations.length;
    const result = await vscode.commands.executeCommand('ilacs.tagParagraph', { uri: reportUri(), paragraphId: 'p3', criteria: ['no.such-criterion'] });
    assert.equal(result, undefined);
    assert.equal((await readJson(storeUri())).annotations.length, before);
  });

  it('words an unknown criterion as ilacs tag does (the session\'s one criteria check)', async function () {
    skipUnlessSharedApi(this);
    await api();
    const { errors, record } = errorRecorder();
    const result = await withWindow('showErrorMessage', record, () => vscode.commands.executeCommand('ilacs.tagParagraph', { uri: reportUri(), paragraphId: 'p3', criteria: ['no.such-criterion'] }));
    assert.equal(result, undefined);
    assert.equal(errors.length, 1);
    assert.match(errors[0], /^Unknown criterion "no\.such-criterion" in the codebook \(builtin\)/);
  });

  it('names a paragraph the report does not have in the words ilacs tag uses, and tags nothing', async function () {
    skipUnlessSharedApi(this);
    const { services } = await api();
    const count = async (): Promise<number> => (await readJson(storeUri()).catch(() => ({ annotations: [] }))).annotations.length;
    const before = await count();
    const { errors, record } = errorRecorder();
    const result = await withWindow('showErrorMessage', record, () => vscode.commands.executeCommand('ilacs.tagParagraph', { uri: reportUri(), paragraphId: '999', criteria: ['hp.assessments'] }));
    assert.equal(result, undefined);
    assert.equal(await count(), before);
    // The same lookup and wording as the CLI's (the core's findParagraph), through the folder's session.
    const lookup = await services.sessions.of(folder()).findParagraph(REPORT, '999');
    assert.equal(lookup.ok, false);
    assert.equal(errors.length, 1, errors.join('\n'));
    assert.ok(!lookup.ok && errors[0].includes(lookup.message), `${errors[0]} does not say ${lookup.ok ? '' : lookup.message}`);
  });

  it('keeps the tag on its text through an edit above, a save and a fresh read of the store', async () => {
    assert.ok(tagId, 'no tag was made by the earlier test');
    const { services } = await api();
    const document = await vscode.workspace.openTextDocument(reportUri());
    const editor = await vscode.window.showTextDocument(document);
    assert.ok(await editor.edit((b) => b.insert(new vscode.Position(0, 0), 'Inserted line one.\nInserted line two.\n\n')));

    // While unsaved, the anchor follows the text.
    const live = (await services.annotations.anchored(document)).find((a) => a.annotation.id === tagId);
    assert.ok(live && !live.orphaned && live.range, 'the tag lost its anchor while editing');
    const expectedStart = document.getText().indexOf(P3_START);
    assert.equal(live.start, expectedStart);
    assert.ok(document.getText(live.range).startsWith(P3_START));

    assert.ok(await document.save(), 'the report was not saved');
    // The save hook moves the stored selectors to the saved text.
    const onDisk = await waitFor('the stored selectors to follow the saved text', async () => {
      const a = (await readJson(storeUri())).annotations.find((x) => x.id === tagId);
      return a && a.selectors.position.start === expectedStart ? a : undefined;
    });
    assert.equal(onDisk.paragraph, 'p3');

    // A new service reading the same store (as after a window reload) finds the tag on paragraph 3's text.
    const sessions = new WorkspaceSessions({ storeFileSystem: (f) => services.host.storeFileSystem(f), author: async () => 'Tester', log: services.log, extensionUri: services.context.extensionUri });
    const fresh = new AnnotationService(sessions);
    try {
      const again = (await fresh.anchored(document)).find((a) => a.annotation.id === tagId);
      assert.ok(again && again.range, 'a fresh service did not find the tag');
      assert.equal(again.start, expectedStart);
      assert.ok(document.getText(again.range).startsWith(P3_START));
    } finally {
      fresh.dispose();
      sessions.dispose();
    }
  });

  it('follows edits inside the tagged words, stores the edited words on save, and follows undo', async () => {
    assert.ok(tagId, 'no tag was made by the earlier test');
    const { services } = await api();
    const document = await vscode.workspace.openTextDocument(reportUri());
    const editor = await vscode.window.showTextDocument(document);
    const find = async () => (await services.annotations.anchored(document)).find((a) => a.annotation.id === tagId);
    const EDITED = 'Children come into care at the right time, when it is in their best interests.';
    const replaceSentence = async (from: string, to: string): Promise<void> => {
      const at = document.getText().indexOf(from);
      assert.ok(at >= 0, `"${from}" is not in the report`);
      assert.ok(await editor.edit((b) => b.replace(new vscode.Range(document.positionAt(at), document.positionAt(at + from.length)), to)));
    };

    await replaceSentence(P3_START, EDITED);
    const live = await find();
    assert.ok(live && !live.orphaned && live.range, 'the tag was lost when its own words were edited');
    assert.ok(document.getText(live.range).startsWith(EDITED), `the tag now covers ${JSON.stringify(document.getText(live.range).slice(0, 60))}`);

    assert.ok(await document.save());
    await waitFor('the stored quote to hold the edited words', async () => {
      const a = (await readJson(storeUri())).annotations.find((x) => x.id === tagId);
      return a && a.selectors.quote.exact.startsWith(EDITED) ? a : undefined;
    });

    await vscode.commands.executeCommand('undo');
    const undone = await find();
    assert.ok(undone && !undone.orphaned && undone.range, 'the tag was lost on undo');
    assert.ok(document.getText(undone.range).startsWith(P3_START), 'after undo the tag is not on the original words');
    assert.ok(await document.save());
    await waitFor('the stored quote to follow the undo', async () => {
      const a = (await readJson(storeUri())).annotations.find((x) => x.id === tagId);
      return a && a.selectors.quote.exact.startsWith(P3_START) ? a : undefined;
    });
  });

  it('sets the status, the assessment and a note', async () => {
    assert.ok(tagId, 'no tag was made by the earlier test');
    await api();
    const afterStatus = await vscode.commands.executeCommand<Annotation>('ilacs.setStatus', { uri: reportUri(), id: tagId, status: 'in-progress' });
    assert.equal(afterStatus?.status, 'in-progress');
    const afterAssessment = await vscode.commands.executeCommand<Annotation>('ilacs.setAssessment', { uri: reportUri(), id: tagId, assessment: 'area-for-improvement' });
    assert.equal(afterAssessment?.assessment, 'area-for-improvement');
    const afterNote = await vscode.commands.executeCommand<Annotation>('ilacs.addNote', { uri: reportUri(), id: tagId, note: 'Check at the next review.' });
    assert.equal(afterNote?.note, 'Check at the next review.');
    const afterEdit = await vscode.commands.executeCommand<Annotation>('ilacs.editTags', { uri: reportUri(), id: tagId, criteria: ['cic.care-plans'] });
    assert.deepEqual(afterEdit?.criteria, ['cic.care-plans']);
    const onDisk = (await readJson(storeUri())).annotations.find((a) => a.id === tagId);
    assert.ok(onDisk);
    assert.equal(onDisk.status, 'in-progress');
    assert.equal(onDisk.assessment, 'area-for-improvement');
    assert.equal(onDisk.note, 'Check at the next review.');
    assert.deepEqual(onDisk.criteria, ['cic.care-plans']);
  });

  it('tags the selection when there is one, on the paragraph it falls in', async () => {
    await api();
    const document = await vscode.workspace.openTextDocument(reportUri());
    const editor = await vscode.window.showTextDocument(document);
    const start = document.getText().indexOf('Children come into care');
    assert.ok(start > 0);
    editor.selection = new vscode.Selection(document.positionAt(start), document.positionAt(start + 'Children come into care'.length));
    const created = await vscode.commands.executeCommand<Annotation>('ilacs.tagParagraph', { uri: reportUri(), criteria: ['cic.care-plans'] });
    assert.ok(created);
    assert.equal(created.selectors.quote.exact, 'Children come into care');
    assert.equal(created.paragraph, 'p3');
    const removed = await vscode.commands.executeCommand<Annotation>('ilacs.removeTag', { uri: reportUri(), id: created.id });
    assert.equal(removed?.id, created.id);
  });

  it('draws the tag and counts it in the status bar text', async () => {
    assert.ok(tagId, 'no tag was made by the earlier test');
    const { services } = await api();
    const document = await vscode.workspace.openTextDocument(reportUri());
    const anchored = await services.annotations.anchored(document);
    assert.equal(statusText(anchored), 'ILACS: 1 tag');
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', reportUri());
    const titles = lenses.map((l) => l.command?.title ?? '');
    assert.ok(
      titles.some((t) => t.includes('Care planning · area for improvement · in progress')),
      `no CodeLens for the tag among ${JSON.stringify(titles)}`,
    );
  });

  it('removes the tag', async () => {
    assert.ok(tagId, 'no tag was made by the earlier test');
    const { services } = await api();
    const removed = await vscode.commands.executeCommand<Annotation>('ilacs.removeTag', { uri: reportUri(), id: tagId });
    assert.equal(removed?.id, tagId);
    assert.equal((await readJson(storeUri())).annotations.some((a) => a.id === tagId), false);
    const document = await vscode.workspace.openTextDocument(reportUri());
    assert.equal((await services.annotations.anchored(document)).length, 0);
  });

  it('offers suggestions first with their reasons, then the section’s own criteria, and ticks existing ones', async () => {
    const { services } = await api();
    const document = await vscode.workspace.openTextDocument(reportUri());
    const report = services.reports.get(document);
    assert.ok(report);
    const paragraph = report.paragraphs.find((p) => p.id === 'p3');
    assert.ok(paragraph);
    const { items, picked, defaultAreas } = criterionItems({ codebook: builtinCodebook(), report, paragraph, selected: ['hp.assessments'], suggestions: 3 });
    assert.deepEqual(defaultAreas, ['children-in-care']);
    assert.equal(items[0].kind, vscode.QuickPickItemKind.Separator);
    assert.match(items[0].label, /Suggested/);
    assert.ok(items[1].suggested, 'the first criterion offered is a suggestion');
    assert.match(items[1].description ?? '', /suggested: /, 'with the words that suggest it');
    const suggestions = items.filter((i) => i.suggested);
    assert.ok(suggestions.length > 0 && suggestions.length <= 3);
    const sectionGroup = items.findIndex((i, n) => n > 0 && i.kind === vscode.QuickPickItemKind.Separator);
    assert.match(items[sectionGroup].label, /this section/);
    assert.ok(items[sectionGroup + 1].criterion?.startsWith('cic.'), `first criterion of the section group is ${items[sectionGroup + 1].criterion}`);
    const ids = items.flatMap((i) => (i.criterion ? [i.criterion] : []));
    assert.equal(new Set(ids).size, ids.length, 'a suggestion is not listed twice');
    assert.deepEqual(picked.map((i) => i.criterion), ['hp.assessments']);
    assert.ok(items.every((i) => i.kind === vscode.QuickPickItemKind.Separator || (i.detail ?? '').length > 0));
  });

  it('tags an untitled report, stored under the first folder', async () => {
    await api();
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(reportUri()));
    const untitled = await vscode.workspace.openTextDocument({ language: 'plaintext', content: text });
    const created = await vscode.commands.executeCommand<Annotation>('ilacs.tagParagraph', { uri: untitled.uri, paragraphId: 'p3', criteria: ['cic.care-plans'] });
    assert.ok(created, 'the untitled report was not tagged');
    assert.ok(created.report.startsWith('untitled/'), `untitled tag stored as ${created.report}`);
    assert.ok(created.selectors.quote.exact.startsWith(P3_START));
  });

  it('moves the tags of an untitled report to the file it is saved as', async () => {
    const { services } = await api();
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(reportUri()));
    const target = vscode.Uri.joinPath(folder().uri, 'saved-from-untitled.txt');
    const untitledUri = target.with({ scheme: 'untitled' });
    const untitled = await vscode.workspace.openTextDocument(untitledUri);
    const editor = await vscode.window.showTextDocument(untitled);
    assert.ok(await editor.edit((b) => b.insert(new vscode.Position(0, 0), text)));
    const created = await vscode.commands.executeCommand<Annotation>('ilacs.tagParagraph', { uri: untitled.uri, paragraphId: 'p3', criteria: ['cic.care-plans'] });
    assert.ok(created, 'the untitled report was not tagged');

    assert.ok(await untitled.save(), 'the untitled report was not saved');
    try {
      const saved = await vscode.workspace.openTextDocument(target);
      const moved = await waitFor('the tag to move to the saved file', async () => (await services.annotations.anchored(saved)).find((a) => a.annotation.id === created.id));
      assert.equal(moved.orphaned, false);
      assert.equal(moved.annotation.report, 'saved-from-untitled.txt');
      assert.ok(saved.getText(moved.range!).startsWith(P3_START));
      const untitledKey = services.annotations.keyOf(untitledUri);
      assert.ok(untitledKey);
      // The move writes the saved file's store first, then takes the tag out of the untitled one.
      await waitFor('the tag to leave the untitled store', async () => ((await services.annotations.read(untitledKey)).annotations.length === 0 ? true : undefined));
    } finally {
      const key = services.annotations.keyOf(target);
      if (key) await services.annotations.remove(key, created.id);
      await vscode.workspace.fs.delete(target).then(undefined, () => undefined);
    }
  });

  it('tags nothing in a report outside the workspace folders', async () => {
    await api();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ilacs-outside-'));
    const file = path.join(dir, REPORT);
    fs.writeFileSync(file, new TextDecoder().decode(await vscode.workspace.fs.readFile(reportUri())));
    try {
      const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
      const result = await vscode.commands.executeCommand('ilacs.tagParagraph', { uri: document.uri, paragraphId: 'p3', criteria: ['cic.care-plans'] });
      assert.equal(result, undefined);
      assert.equal(fs.existsSync(path.join(dir, '.ilacs')), false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('shows an invalid codebook in Problems at the right line and clears it when fixed', async () => {
    const { services } = await api();
    const document = await vscode.workspace.openTextDocument(reportUri());
    await vscode.window.showTextDocument(document);
    const file = vscode.Uri.joinPath(folder().uri, '.ilacs', 'codebook.json');
    const bad = [
      '{',
      '  "version": 1,',
      '  "criteria": [',
      '    {',
      '      "id": "cic.local-offer",',
      '      "label": "Local offer",',
      '      "description": "What the council offers.",',
      '      "area": "no-such-area",',
      '      "keywords": ["local offer"]',
      '    }',
      '  ]',
      '}',
      '',
    ].join('\n');
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(bad));
    const diagnostics = await waitFor('a codebook diagnostic', async () => {
      // The workbench reloads the codebook when it sees the file change; asking for it does the same.
      await services.codebooks.codebookFor(document.uri);
      const d = vscode.languages.getDiagnostics(file).filter((x) => x.source === 'ILACS Annotator');
      return d.length ? d : undefined;
    });
    assert.equal(diagnostics[0].range.start.line, 7);
    assert.match(diagnostics[0].message, /no-such-area/);
    // The last good codebook stays in force.
    assert.ok((await services.codebooks.codebookFor(document.uri)).criteria.some((c) => c.id === 'cic.care-plans'));

    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(bad.replace('no-such-area', 'children-in-care')));
    await waitFor('the codebook diagnostic to clear', async () => {
      const codebook = await services.codebooks.codebookFor(document.uri);
      const left = vscode.languages.getDiagnostics(file).filter((x) => x.source === 'ILACS Annotator');
      return left.length === 0 && codebook.criteria.some((c) => c.id === 'cic.local-offer') ? true : undefined;
    });

    // Broken again: the last good codebook is the workspace's own (with its custom criterion), not the built-in one.
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(bad.replace('"version": 1,', '"version": 1,,')));
    await waitFor('the syntax error in Problems', async () => {
      await services.codebooks.codebookFor(document.uri);
      return vscode.languages.getDiagnostics(file).some((x) => x.source === 'ILACS Annotator') ? true : undefined;
    });
    const inForce = await services.codebooks.codebookFor(document.uri);
    assert.ok(inForce.criteria.some((c) => c.id === 'cic.local-offer'), 'the last good workspace codebook was not kept');
    await vscode.workspace.fs.delete(file);
  });
});
