// A sitting of tagging, driven through the real quick input: the three-step tag flow with Back and
// Escape, tagging like the last one, undo and redo of every kind of change, finding tags across the
// workspace, and moving through the report.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Annotation } from '../../src/core/annotations';
import { api, EXTENSION_ID, folder, skipUnlessSharedApi, waitFor, withWindow } from './helpers';

const REPORT = 'northmere__14-march-2024.txt';

const reportUri = (): vscode.Uri => vscode.Uri.joinPath(folder().uri, REPORT);

async function step(n: number): Promise<void> {
  const { tagFlowStep } = await api();
  await waitFor(`step ${n} of the tag flow`, () => (tagFlowStep() === n ? true : undefined));
  // The quick input takes a moment to be ready for keys after it is shown.
  await new Promise((r) => setTimeout(r, 300));
}

const accept = (): Thenable<unknown> => vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
const back = (): Thenable<unknown> => vscode.commands.executeCommand('workbench.action.quickInputBack');
const escape = (): Thenable<unknown> => vscode.commands.executeCommand('workbench.action.closeQuickOpen');

async function tagsOf(): Promise<Annotation[]> {
  const { services } = await api();
  const key = services.annotations.keyOf(reportUri());
  assert.ok(key);
  return (await services.annotations.read(key)).annotations;
}

async function clearTags(): Promise<void> {
  const { services } = await api();
  const key = services.annotations.keyOf(reportUri())!;
  for (const a of await tagsOf()) await services.annotations.remove(key, a.id);
  services.annotations.history.clear();
}

describe('a sitting of tagging', function () {
  this.timeout(60_000);
  before(async () => {
    await api();
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(reportUri()));
    await clearTags();
  });
  after(async () => {
    await clearTags();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('tags in three steps, going Back from the assessment to the criteria, and keeps what was chosen on Escape', async () => {
    const pending = vscode.commands.executeCommand<Annotation | undefined>('ilacs.tagParagraph', { uri: reportUri(), paragraphId: '3' });
    await step(1);
    await accept(); // the highlighted (first suggested) criterion
    await step(2);
    await back();
    await step(1);
    await accept();
    await step(2);
    await accept(); // the first assessment offered: strength
    await step(3);
    await escape(); // no note: the tag is still made
    const created = await pending;
    assert.ok(created, 'Escape on the note step tagged nothing');
    assert.equal(created.criteria.length, 1);
    assert.equal(created.assessment, 'strength');
    assert.equal(created.note, '');
    assert.ok((await tagsOf()).some((a) => a.id === created.id));
  });

  it('Escape on the first step tags nothing', async () => {
    const before = (await tagsOf()).length;
    const pending = vscode.commands.executeCommand<Annotation | undefined>('ilacs.tagParagraph', { uri: reportUri(), paragraphId: '2' });
    await step(1);
    await escape();
    assert.equal(await pending, undefined);
    assert.equal((await tagsOf()).length, before);
  });

  it('tags the next paragraph like the last one', async () => {
    const [first] = await tagsOf();
    const repeated = await vscode.commands.executeCommand<Annotation>('ilacs.tagLikeLast', { uri: reportUri(), paragraphId: '1' });
    assert.ok(repeated);
    assert.deepEqual(repeated.criteria, first.criteria);
    assert.equal(repeated.assessment, first.assessment);
    assert.notEqual(repeated.paragraph, first.paragraph);
  });

  it('undoes and redoes an add, an edit, a status, a note and a removal, in the order made', async () => {
    const { services } = await api();
    const key = services.annotations.keyOf(reportUri())!;
    const made = await vscode.commands.executeCommand<Annotation>('ilacs.tagParagraph', { uri: reportUri(), paragraphId: 'intro.1', criteria: ['cic.care-plans'] });
    await vscode.commands.executeCommand('ilacs.setStatus', { uri: reportUri(), id: made.id, status: 'in-progress' });
    await vscode.commands.executeCommand('ilacs.addNote', { uri: reportUri(), id: made.id, note: 'For the board' });
    await vscode.commands.executeCommand('ilacs.editTags', { uri: reportUri(), id: made.id, criteria: ['cic.care-plans', 'cic.stability'] });
    await vscode.commands.executeCommand('ilacs.removeTag', { uri: reportUri(), id: made.id });
    const find = async (): Promise<Annotation | undefined> => (await services.annotations.read(key)).annotations.find((a) => a.id === made.id);
    assert.equal(await find(), undefined);

    assert.match(String(await vscode.commands.executeCommand('ilacs.undoTagChange')), /Remove tag/);
    assert.deepEqual((await find())?.criteria, ['cic.care-plans', 'cic.stability'], 'the removed tag is back, with its id');
    await vscode.commands.executeCommand('ilacs.undoTagChange');
    assert.deepEqual((await find())?.criteria, ['cic.care-plans']);
    await vscode.commands.executeCommand('ilacs.undoTagChange');
    assert.equal((await find())?.note, '');
    await vscode.commands.executeCommand('ilacs.undoTagChange');
    assert.equal((await find())?.status, 'open');
    await vscode.commands.executeCommand('ilacs.undoTagChange');
    assert.equal(await find(), undefined, 'undoing the add takes the tag off');

    await vscode.commands.executeCommand('ilacs.redoTagChange');
    assert.equal((await find())?.status, 'open');
    await vscode.commands.executeCommand('ilacs.redoTagChange');
    assert.equal((await find())?.status, 'in-progress');
    await vscode.commands.executeCommand('ilacs.redoTagChange');
    assert.equal((await find())?.note, 'For the board');
  });

  it('undoes and redoes an import as one change', async () => {
    const { services } = await api();
    const key = services.annotations.keyOf(reportUri())!;
    const made = await vscode.commands.executeCommand<Annotation>('ilacs.tagParagraph', { uri: reportUri(), paragraphId: 'intro.1', criteria: ['cic.care-plans'], note: 'imported' });
    const out = vscode.Uri.joinPath(folder().uri, '.ilacs-test-import.json');
    await vscode.commands.executeCommand('ilacs.exportFindings', { target: out, printed: false });
    await services.annotations.remove(key, made.id);
    const has = async (): Promise<boolean> => (await services.annotations.read(key)).annotations.some((a) => a.id === made.id);
    assert.equal(await has(), false);
    try {
      const result = await vscode.commands.executeCommand<{ addedTags: number }>('ilacs.importFindings', { source: out });
      assert.ok(result && result.addedTags >= 1, 'the import added the tag back');
      assert.equal(await has(), true);
      assert.match(String(await vscode.commands.executeCommand('ilacs.undoTagChange')), /^Import /);
      assert.equal(await has(), false, 'undo takes the imported tags off');
      await vscode.commands.executeCommand('ilacs.redoTagChange');
      assert.equal(await has(), true, 'redo imports them again');
    } finally {
      await vscode.workspace.fs.delete(out);
    }
  });

  it('asks before removing several tags at once, then offers Undo, which brings them back', async function () {
    skipUnlessSharedApi(this);
    const { services } = await api();
    const key = services.annotations.keyOf(reportUri())!;
    const a = await vscode.commands.executeCommand<Annotation>('ilacs.tagParagraph', { uri: reportUri(), paragraphId: '2', criteria: ['cic.care-plans'] });
    const b = await vscode.commands.executeCommand<Annotation>('ilacs.tagParagraph', { uri: reportUri(), paragraphId: '2', criteria: ['cic.stability'] });
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(reportUri()));
    const report = services.reports.get(editor.document)!;
    const p2 = report.paragraphs.find((p) => p.number === 2)!;
    editor.selection = new vscode.Selection(p2.range.start.line + 1, 0, p2.range.start.line + 1, 0);
    const asked: string[] = [];
    let offered: string[] = [];
    const has = async (id: string): Promise<boolean> => (await services.annotations.read(key)).annotations.some((x) => x.id === id);
    await withWindow(
      'showQuickPick',
      () => (async (items: readonly (vscode.QuickPickItem & { a: unknown })[] | Thenable<readonly (vscode.QuickPickItem & { a: unknown })[]>) => [...(await items)]) as never,
      () =>
        withWindow(
          'showWarningMessage',
          () => (async (message: string) => (asked.push(message), 'Remove')) as never,
          () =>
            withWindow(
              'showInformationMessage',
              () => (async (message: string, ...buttons: string[]) => ((offered = [message, ...buttons]), 'Undo')) as never,
              () => vscode.commands.executeCommand('ilacs.removeTag'),
            ),
        ),
    );
    assert.equal(asked.length, 1, 'one confirmation for the several tags');
    assert.match(asked[0], /^Remove 2 tags\?$/);
    assert.match(offered[0], /Removed 2 tags/);
    assert.ok(offered.includes('Undo'), 'the message after a removal offers Undo');
    // The Undo button runs Undo Last Tag Change: both tags come back, with their ids.
    await waitFor('the removed tags to come back', async () => ((await has(a.id)) && (await has(b.id)) ? true : undefined));
    // Paragraph 2 is left untagged, as the navigation test expects.
    for (const t of [a, b]) await services.annotations.remove(key, t.id);
  });

  it('offers statuses and assessments in words, matched by their ids too', async function () {
    skipUnlessSharedApi(this);
    const [tag] = await tagsOf();
    let shown: readonly vscode.QuickPickItem[] = [];
    let options: vscode.QuickPickOptions | undefined;
    await withWindow(
      'showQuickPick',
      () => (async (items: readonly vscode.QuickPickItem[] | Thenable<readonly vscode.QuickPickItem[]>, o?: vscode.QuickPickOptions) => ((shown = await items), (options = o), undefined)) as never,
      () => vscode.commands.executeCommand('ilacs.setStatus', { uri: reportUri(), id: tag.id }),
    );
    const inProgress = shown.find((i) => i.label === 'In progress');
    assert.ok(inProgress, shown.map((i) => i.label).join(', '));
    assert.match(inProgress.description ?? '', /in-progress/);
    assert.equal(options?.matchOnDescription, true, 'typing in-progress finds "In progress"');
  });

  it('undoes an improvement area status change', async () => {
    const { services, views } = await api();
    const key = services.annotations.keyOf(reportUri())!;
    const document = await vscode.workspace.openTextDocument(reportUri());
    const report = services.reports.get(document);
    const printed = report?.improvementAreas[0];
    assert.ok(printed, 'the report prints an improvement area');
    void views;
    await services.annotations.setImprovementStatus(key, { improvement: printed.id, quote: printed.text, status: 'resolved', author: 'Tester' });
    const statusOf = async () => (await services.annotations.read(key)).improvements.find((r) => r.improvement === printed.id)?.status;
    assert.equal(await statusOf(), 'resolved');
    await vscode.commands.executeCommand('ilacs.undoTagChange');
    assert.equal(await statusOf(), 'open');
  });

  it('finds a tag anywhere in the workspace by what a person would type, and goes to it', async () => {
    const noted = (await tagsOf()).find((a) => a.note === 'For the board');
    assert.ok(noted, 'the noted tag from the undo test');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const pending = vscode.commands.executeCommand<Annotation | undefined>('ilacs.findTags', 'For the board');
    await new Promise((r) => setTimeout(r, 1500));
    await accept();
    const found = await pending;
    assert.equal(found?.id, noted.id);
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.toString(), reportUri().toString());
  });

  it('moves to the next and previous paragraph, the next untagged numbered paragraph and the next tag', async () => {
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(reportUri()));
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    const first = await vscode.commands.executeCommand<number>('ilacs.nextParagraph');
    const second = await vscode.commands.executeCommand<number>('ilacs.nextParagraph');
    assert.ok(second > first, `${second} after ${first}`);
    assert.equal(await vscode.commands.executeCommand<number>('ilacs.previousParagraph'), first);
    const { services } = await api();
    const report = services.reports.get(editor.document)!;
    const anchored = await services.annotations.anchored(editor.document);
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    const untagged = await vscode.commands.executeCommand<number>('ilacs.nextUntaggedParagraph');
    const paragraph = report.paragraphs.find((p) => p.range.start.line === untagged);
    assert.ok(paragraph && paragraph.number !== null, 'a numbered paragraph');
    assert.ok(!anchored.some((a) => a.range && a.range.start.line >= paragraph.range.start.line && a.range.start.line <= paragraph.range.end.line), 'it has no tag');
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    const tagLine = await vscode.commands.executeCommand<number>('ilacs.nextTag');
    assert.equal(tagLine, Math.min(...anchored.filter((a) => a.range).map((a) => a.range!.start.line)));
  });
});

describe('exports and the summary say what they hold', function () {
  this.timeout(60_000);

  it('asks whether the workspace export includes the printed improvement areas, and says how many it left out', async () => {
    await api();
    const base = vscode.Uri.joinPath(folder().uri, '.ilacs-test-out');
    const withPrinted = vscode.Uri.joinPath(base, 'with-printed.json');
    const pending = vscode.commands.executeCommand<{ findings: number; printedLeftOut: number } | undefined>('ilacs.exportFindings', { target: withPrinted });
    await new Promise((r) => setTimeout(r, 1500));
    await accept(); // the first choice: tags and printed improvement areas
    const included = await pending;
    assert.ok(included, 'the export did not run');
    assert.equal(included.printedLeftOut, 0);
    const doc = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(withPrinted))) as { findings: { type: string }[] };
    const printed = doc.findings.filter((f) => f.type === 'printed').length;
    assert.ok(printed > 0, 'no printed improvement area was exported');

    const tagsOnly = await vscode.commands.executeCommand<{ printedLeftOut: number } | undefined>('ilacs.exportFindings', { target: vscode.Uri.joinPath(base, 'tags-only.json'), printed: false });
    assert.equal(tagsOnly?.printedLeftOut, printed, 'the tags-only export counts the printed areas it leaves out');
    await vscode.workspace.fs.delete(base, { recursive: true });
  });

  it('gives the two export commands distinct titles', async () => {
    const commands = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.commands as { command: string; title: string }[];
    const title = (id: string) => commands.find((c) => c.command === id)?.title ?? '';
    assert.ok(!title('ilacs.exportReportFindings').startsWith(title('ilacs.exportFindings').replace(/…|\.\.\.$/, '')), 'one title is a prefix of the other');
  });

  it('shows the report summary as a read-only preview in words, leaving no unsaved document', async () => {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(reportUri()));
    const report = await vscode.commands.executeCommand<{ kind: string } | undefined>('ilacs.showReportSummary');
    assert.equal(report?.kind, 'inspection');
    const summary = await waitFor('the summary document', () => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'ilacs-summary' && d.uri.query === reportUri().toString()));
    assert.match(summary.getText(), /: Inspection \(/, 'the kind in words');
    assert.doesNotMatch(summary.getText(), /\*\*(good|inadequate|requires-improvement|outstanding)\*\*/, 'grades in words, not ids');
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.isUntitled && d.isDirty), 'an unsaved Untitled document was opened');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});

describe('the Getting Started walkthrough', function () {
  this.timeout(60_000);
  const pkg = (): { contributes: { walkthroughs: { steps: { id: string; description: string; completionEvents: string[] }[] }[]; views: Record<string, { id: string }[]> } } =>
    vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON;

  it('teaches the product in order, each step with a button and a completion event the extension can fire', async () => {
    await api();
    const steps = pkg().contributes.walkthroughs[0].steps;
    assert.deepEqual(steps.map((s) => s.id), ['import', 'read', 'tag', 'tree', 'recurrence', 'history', 'export']);
    const commands = new Set(await vscode.commands.getCommands(true));
    const views = new Set(Object.values(pkg().contributes.views).flat().map((v) => v.id));
    for (const s of steps) {
      const buttons = [...s.description.matchAll(/\(command:([\w.]+)\)/g)].map((m) => m[1]);
      assert.ok(buttons.length > 0, `step ${s.id} has no button`);
      for (const b of buttons) assert.ok(commands.has(b), `step ${s.id}: button command ${b} is not registered`);
      assert.ok(s.completionEvents.length > 0, `step ${s.id} never completes`);
      for (const e of s.completionEvents) {
        if (e.startsWith('onCommand:')) assert.ok(commands.has(e.slice(10)), `step ${s.id}: ${e} names no registered command`);
        if (e.startsWith('onView:')) assert.ok(views.has(e.slice(7)), `step ${s.id}: ${e} names no view`);
      }
    }
    assert.doesNotMatch(steps[0].description, /copy|copied out/i, 'the first step no longer tells users to copy text out of a PDF');
  });

  it('opens the sample inspection at its first numbered paragraph, as a report', async () => {
    const { services } = await api();
    const samples = await vscode.commands.executeCommand<vscode.Uri | undefined>('ilacs.addSampleReports', { ask: false });
    assert.ok(samples, 'the samples were not copied');
    try {
      const uri = await vscode.commands.executeCommand<vscode.Uri | undefined>('ilacs.walkthrough.readSample');
      assert.ok(uri?.path.endsWith('/samples/wexcombe__24-april-2024.txt'), uri?.toString());
      const editor = vscode.window.activeTextEditor!;
      assert.equal(editor.document.languageId, 'ilacs-report');
      const report = services.reports.get(editor.document)!;
      const first = report.paragraphs.find((p) => p.number !== null)!;
      assert.equal(editor.selection.active.line, first.range.start.line);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.workspace.fs.delete(samples, { recursive: true });
      // Later specs count the workspace's reports: wait until the samples have left the views' index.
      await waitFor('the samples to leave the index', () => (services.index.all().some((r) => r.uri.path.includes('/samples/')) ? undefined : true), 20_000);
    }
  });
});
