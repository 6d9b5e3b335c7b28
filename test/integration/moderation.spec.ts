// Moderation in the editor: blind tagging hides other authors' tags everywhere the editor shows
// tags; Compare Taggers shows the figures and the Disagreements view, whose actions write a
// moderated tag and move through the list.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { createSelectors, storeFileFor, type Annotation } from '../../src/core/annotations';
import { parseReportText } from '../../src/core/parser';
import { LineIndex } from '../../src/core/range';
import type { Comparison, DisagreementNode } from '../../src/extension/moderation/compare';
import type { IlacsApi } from '../../src/extension/extension';
import { api, folder, skipUnlessSharedApi, waitFor, withWindow } from './helpers';

/** Ids of the tags the Improvement Areas view lists. */
async function tagsInImprovementView(views: IlacsApi['views']): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const area of await views.improvements.getChildren()) {
    for (const criterion of await views.improvements.getChildren(area)) {
      for (const node of await views.improvements.getChildren(criterion)) if (node.kind === 'item' && node.item.annotation) ids.add(node.item.annotation);
    }
  }
  return ids;
}

const REPORT = 'moderation/harwick__03-march-2025.txt';
const TEXT = `Inspection of Harwick local authority
children’s services
Inspection dates: 3 to 14 February 2025
Lead inspector: Sam Placeholder, His Majesty’s Inspector

The experiences and progress of children who need help and
protection: requires improvement to be good
1.

Children wait too long for an assessment after the front door has decided
that they need one, and some assessments are not updated when risks change.

2.

Social workers visit children regularly and know them well. Children’s
views are recorded and inform their plans.

3.

Caseloads in the assessment teams are too high, and newly qualified social
workers do not always receive the protected caseloads they should.

4.

Strategy meetings are held promptly when children are at risk of significant
harm, and the right agencies attend.
`;

const ONE = 'Officer One';
const TWO = 'Officer Two';

describe('moderation: blind tagging and Compare Taggers', function () {
  this.timeout(90_000);
  const reportUri = (): vscode.Uri => vscode.Uri.joinPath(folder().uri, ...REPORT.split('/'));
  const storeUri = (): vscode.Uri => vscode.Uri.joinPath(folder().uri, ...storeFileFor(REPORT).split('/'));
  const stored = async (): Promise<Annotation[]> => (JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(storeUri()))) as { annotations: Annotation[] }).annotations;
  let comparison: Comparison;

  before(async () => {
    const { services } = await api();
    await vscode.workspace.fs.writeFile(reportUri(), new TextEncoder().encode(TEXT));
    const report = parseReportText(REPORT, TEXT);
    const index = new LineIndex(TEXT);
    const store = services.annotations.storeFor(folder());
    const tag = async (author: string, number: number, criteria: string[], assessment: Annotation['assessment']): Promise<void> => {
      const p = report.paragraphs.find((x) => x.number === number);
      assert.ok(p, `paragraph ${number} was not parsed`);
      const selectors = createSelectors(TEXT, index.offsetAt(p.range.start), index.offsetAt(p.range.end));
      await store.add(REPORT, { paragraph: p.id, selectors, criteria, assessment, author });
    };
    // Paragraph 1: agreed. Paragraph 2: Two did not tag it. Paragraph 3: different criteria and assessment.
    await tag(ONE, 1, ['hp.drift-delay'], 'area-for-improvement');
    await tag(TWO, 1, ['hp.drift-delay'], 'area-for-improvement');
    await tag(ONE, 2, ['hp.visits-voice'], 'strength');
    await tag(ONE, 3, ['lead.caseloads'], 'area-for-improvement');
    await tag(TWO, 3, ['lead.caseloads', 'lead.recruitment-retention'], 'serious-weakness');
  });

  after(async () => {
    const { moderation } = await api();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.getConfiguration('ilacs').update('author', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.workspace.getConfiguration('ilacs').update('blindTagging.enabled', undefined, vscode.ConfigurationTarget.Workspace);
    await moderation.blind.apply();
    // The tags are removed through the editor first, so that every view drops them at once, then
    // the files: the other specs must find the workspace as it was.
    const { views, services } = await api();
    const key = { folder: folder(), report: REPORT };
    const mine = (await stored()).map((a) => a.id);
    for (const id of mine) await services.annotations.remove(key, id);
    await waitFor('the views to drop the moderation tags', async () => {
      const listed = await tagsInImprovementView(views);
      return mine.some((id) => listed.has(id)) ? undefined : true;
    });
    await vscode.workspace.fs.delete(storeUri());
    await vscode.workspace.fs.delete(reportUri());
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(folder().uri, 'moderation'), { recursive: true });
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(folder().uri, '.ilacs', 'annotations', 'moderation'), { recursive: true });
  });

  it('blind tagging shows only the current author\'s tags in tags, CodeLens, hover and the views, and every tag again when off', async () => {
    const { services, moderation, views } = await api();
    const document = await vscode.workspace.openTextDocument(reportUri());
    await vscode.window.showTextDocument(document);
    const authors = async (): Promise<string[]> => [...new Set((await services.annotations.anchored(document)).map((a) => a.annotation.author))].sort();
    assert.deepEqual(await authors(), [ONE, TWO]);

    await vscode.workspace.getConfiguration('ilacs').update('author', TWO, vscode.ConfigurationTarget.Workspace);
    assert.equal(await vscode.commands.executeCommand('ilacs.toggleBlindTagging', true), true);
    assert.equal(moderation.blind.authors()?.get(folder().uri.toString()), TWO);
    assert.deepEqual(await authors(), [TWO]);

    // CodeLens: paragraph 2 (tagged by One only) shows the "Tag…" action, not One's criteria.
    const lenses = await waitFor('CodeLens', async () => {
      const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri, 50);
      return found.length > 0 ? found : undefined;
    });
    const titles = lenses.map((l) => l.command?.title ?? '').join(' | ');
    assert.doesNotMatch(titles, /direct work/i, titles);
    // Hover on paragraph 2: One's tag is not shown.
    const p2 = document.positionAt(TEXT.indexOf('Social workers visit children'));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, p2);
    const hoverText = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.doesNotMatch(hoverText, new RegExp(ONE), hoverText);
    // The Improvement Areas view lists Two's tagged areas for improvement, not One's.
    const all = await stored();
    const ones = all.filter((a) => a.author === ONE).map((a) => a.id);
    const twos = all.filter((a) => a.author === TWO && a.assessment !== 'strength').map((a) => a.id);
    const listed = await waitFor('the Improvement Areas view to follow', async () => {
      const ids = await tagsInImprovementView(views);
      return twos.every((id) => ids.has(id)) && !ones.some((id) => ids.has(id)) ? ids : undefined;
      // The view rebuilds its whole model after the switch: on a loaded machine that can take a while.
    }, 30_000);
    assert.ok(listed.size >= twos.length);
    // The store keeps every tag.
    assert.equal(all.length, 5);

    assert.equal(await vscode.commands.executeCommand('ilacs.toggleBlindTagging', false), false);
    assert.deepEqual(await authors(), [ONE, TWO]);
    await waitFor("One's tags back in the Improvement Areas view", async () => {
      const ids = await tagsInImprovementView(views);
      return ones.filter((id) => all.find((a) => a.id === id)?.assessment !== 'strength').every((id) => ids.has(id)) ? true : undefined;
    });
    const hoversAfter = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, p2);
    assert.match(hoversAfter.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n'), new RegExp(ONE));
  });

  it('Compare Taggers shows the figures and lists the disagreeing paragraphs with what each author said', async () => {
    const { moderation } = await api();
    const result = await vscode.commands.executeCommand<Comparison | undefined>('ilacs.compareTaggers', { authors: [ONE, TWO] });
    assert.ok(result, 'the command returned no comparison');
    comparison = result;
    assert.deepEqual(comparison.result.reports, [REPORT]);
    // Every paragraph but the two headings: the four numbered ones and the dates and inspector lines.
    assert.equal(comparison.result.units, 6);
    // Pooled over four criteria: 24 decisions, 2 differ.
    assert.equal(comparison.result.pooled.units, 24);
    assert.equal(comparison.result.pooled.agreement, 22 / 24);
    const roots = moderation.provider.getChildren();
    assert.equal(roots[0].kind, 'summary');
    const figures = moderation.provider.getChildren(roots[0]).map((n) => moderation.provider.getTreeItem(n));
    assert.deepEqual(figures.map((f) => f.label), ['Criteria, pooled', 'Assessment', 'Drift and delay', 'Visits, direct work and the child’s voice', 'Caseloads', 'Recruitment, retention and agency staff']);
    assert.match(String(figures[0].description), /^agreement 0\.92 · κ \S+ · α \S+ · 24 units$/);
    const paragraphs = roots.filter((n): n is DisagreementNode & { kind: 'paragraph' } => n.kind === 'paragraph');
    assert.deepEqual(paragraphs.map((n) => moderation.provider.getTreeItem(n).label), ['Paragraph 2', 'Paragraph 3']);
    const sides = moderation.provider.getChildren(paragraphs[1]).map((n) => moderation.provider.getTreeItem(n));
    assert.deepEqual(sides.map((s) => [s.label, s.description]), [
      [ONE, 'Caseloads; area for improvement'],
      [TWO, 'Caseloads, Recruitment, retention and agency staff; serious weakness'],
    ]);
    assert.equal(moderation.view.description, '0 of 2 settled');
  });

  it('Compare Taggers asks for the authors, offering every author of the stored tags', async function () {
    skipUnlessSharedApi(this);
    await api();
    let offered: string[] = [];
    const result = await withWindow(
      'showQuickPick',
      () =>
        (async (items: readonly vscode.QuickPickItem[] | Thenable<readonly vscode.QuickPickItem[]>) => {
          const list = await items;
          offered = list.map((i) => i.label);
          return list.filter((i) => i.label === ONE || i.label === TWO);
        }) as unknown as typeof vscode.window.showQuickPick,
      () => vscode.commands.executeCommand<Comparison | undefined>('ilacs.compareTaggers'),
    );
    assert.ok(offered.includes(ONE) && offered.includes(TWO), offered.join(', '));
    assert.deepEqual(result?.authors, [ONE, TWO]);
    assert.equal(result?.result.paragraphs.length, 2);
  });

  it('clicking a paragraph opens the report with it selected', async () => {
    const { moderation } = await api();
    const node = moderation.provider.paragraphNodes()[1];
    const item = moderation.provider.getTreeItem(node);
    assert.equal(item.command?.command, 'ilacs.disagreements.open');
    await vscode.commands.executeCommand(item.command.command, ...(item.command.arguments ?? []));
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor);
    assert.equal(editor.document.uri.toString(), reportUri().toString());
    assert.ok(editor.document.getText(editor.selection).startsWith('Caseloads in the assessment teams'), editor.document.getText(editor.selection));
  });

  it('accepting one side writes a moderated tag, counts it as settled and moves to the next paragraph', async () => {
    const { moderation } = await api();
    const [p2, p3] = moderation.provider.paragraphNodes();
    const side = moderation.provider.getChildren(p3)[1];
    assert.equal(side.kind === 'view' && side.view.author, TWO);
    const id = await vscode.commands.executeCommand<string | undefined>('ilacs.disagreements.accept', side);
    assert.ok(id);
    const tag = (await stored()).find((a) => a.id === id);
    assert.ok(tag);
    assert.equal(tag.author, 'moderated');
    assert.equal(tag.paragraph, 'p3');
    assert.deepEqual(tag.criteria, ['lead.caseloads', 'lead.recruitment-retention']);
    assert.equal(tag.assessment, 'serious-weakness');
    assert.match(tag.note, /accepted Officer Two's tag/);
    assert.equal(moderation.view.description, '1 of 2 settled');
    assert.equal(moderation.provider.getTreeItem(p3).contextValue, 'disagreement.settled');
    // The next unsettled paragraph (2, going round) is opened.
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor && editor.document.getText(editor.selection).startsWith('Social workers visit children'));
    // The taggers' own tags are unchanged.
    assert.equal((await stored()).filter((a) => a.author !== 'moderated').length, 5);
    void p2;
  });

  it('keeping both and writing an agreed tag settle the rest; a second comparison finds the settled paragraphs again', async () => {
    const { moderation } = await api();
    const [p2, p3] = moderation.provider.paragraphNodes();
    const both = await vscode.commands.executeCommand<string | undefined>('ilacs.disagreements.keepBoth', p2);
    assert.ok(both);
    const kept = (await stored()).find((a) => a.id === both);
    assert.deepEqual([kept?.criteria, kept?.assessment], [['hp.visits-voice'], 'strength']);
    assert.equal(moderation.view.description, '2 of 2 settled');
    assert.equal(moderation.view.message, 'Every disagreement is settled.');

    // An agreed tag on a settled paragraph replaces the moderated tag there rather than adding one.
    const agreed = await vscode.commands.executeCommand<string | undefined>('ilacs.disagreements.writeAgreed', p3, { criteria: ['lead.caseloads'], assessment: 'area-for-improvement' });
    const moderated = (await stored()).filter((a) => a.author === 'moderated');
    assert.equal(moderated.length, 2);
    const p3tag = moderated.find((a) => a.id === agreed);
    assert.deepEqual([p3tag?.criteria, p3tag?.assessment], [['lead.caseloads'], 'area-for-improvement']);
    assert.match(p3tag?.note ?? '', /agreed tag/);

    const again = await vscode.commands.executeCommand<Comparison | undefined>('ilacs.compareTaggers', { authors: [ONE, TWO] });
    assert.equal(again?.settled.size, 2);
    assert.equal(moderation.view.description, '2 of 2 settled');
  });

  it('Set Up Git Merge Driver configures the bundled CLI, which then merges two branches\' tags', async () => {
    await api();
    const repo = await fsp.mkdtemp(path.join(os.tmpdir(), 'ilacs-editor-merge-'));
    const env = { ...process.env, GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@example.invalid', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@example.invalid' };
    const git = (...args: string[]): Promise<{ code: number; out: string }> =>
      new Promise((resolve) => execFile('git', args, { cwd: repo, env }, (err, stdout, stderr) => resolve({ code: err ? 1 : 0, out: `${String(stdout)}${String(stderr)}` })));
    try {
      assert.equal((await git('init', '-q', '-b', 'main')).code, 0);
      const setup = await vscode.commands.executeCommand<{ driver: string; attributesAdded: boolean } | undefined>('ilacs.setUpMergeDriver', { uri: vscode.Uri.file(repo), name: 'repo', index: 0 });
      assert.ok(setup, 'the command did not set the driver up');
      assert.match(setup.driver, /dist[\\/]cli\.js'? merge-driver %O %A %B %P$/);
      assert.ok(setup.attributesAdded);
      const file = path.join(repo, '.ilacs', 'annotations', 'r.txt.json');
      await fsp.mkdir(path.dirname(file), { recursive: true });
      const tag = (id: string, author: string): Annotation => ({
        id, report: 'r.txt', paragraph: 'p1', selectors: { quote: { exact: 'Text.', prefix: '', suffix: '' }, position: { start: 0, end: 5 } },
        criteria: ['hp.plans'], assessment: null, status: 'open', note: '', author, created: '2026-12-01T09:00:00.000Z', modified: '2026-12-01T09:00:00.000Z',
      });
      const write = (...annotations: Annotation[]): Promise<void> => fsp.writeFile(file, JSON.stringify({ schemaVersion: 1, report: 'r.txt', annotations, improvements: [] }, null, 2) + '\n');
      await fsp.writeFile(path.join(repo, 'r.txt'), 'Text.\n');
      await write(tag('t1', ONE));
      assert.equal((await git('add', '-A')).code, 0);
      assert.equal((await git('commit', '-qm', 'base')).code, 0);
      assert.equal((await git('checkout', '-qb', 'two')).code, 0);
      await write(tag('t1', ONE), tag('t3', TWO));
      assert.equal((await git('commit', '-qam', 'two')).code, 0);
      assert.equal((await git('checkout', '-q', 'main')).code, 0);
      await write(tag('t1', ONE), tag('t2', ONE));
      assert.equal((await git('commit', '-qam', 'one')).code, 0);
      const merge = await git('merge', '--no-edit', 'two');
      assert.equal(merge.code, 0, merge.out);
      const merged = JSON.parse(await fsp.readFile(file, 'utf8')) as { annotations: Annotation[] };
      assert.deepEqual(merged.annotations.map((a) => a.id).sort(), ['t1', 't2', 't3']);
    } finally {
      await fsp.rm(repo, { recursive: true, force: true });
    }
  });
});
