// Follow-ups in the Improvement Areas view: an item's latest follow-up, its follow-up paragraphs
// (clicking opens them), the suggested status accepted with one action, the improvement plan, the
// "still raised in the latest report" filter, and the hover on the printed item.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { storeFileFor } from '../../src/core/annotations/format';
import type { IlacsApi } from '../../src/extension/extension';
import type { ImprovementNode } from '../../src/extension/views/improvementTree';
import { api, folder, sharesExtensionApi, waitFor } from './helpers';

const INSPECTION = 'northmere__14-march-2024.txt';
const VISIT = 'northmere__11-june-2025.txt';
/** A later, fictional monitoring visit written by the test, which finds assessments improved. */
const LATER = 'northmere__20-january-2026.txt';
const ITEM_TEXT = 'The timeliness and quality of assessments for children in need.';

const LATER_TEXT = `20 January 2026

Dear Jordan

Monitoring visit to Northmere children’s services

This letter summarises the findings of the monitoring visit to Northmere
children’s services on 9 and 10 December 2025. This was the second monitoring
visit since the local authority was judged to require improvement to be good in
February 2024.

Areas covered by the visit
Inspectors reviewed the progress made in the quality and timeliness of
assessments for children in need.

Main findings
Assessments for children in need are now timely and of good quality. Social
workers complete assessments promptly and children receive the help that they
need without delay.

Yours sincerely

Alex Example
His Majesty’s Inspector
`;

const uriOf = (name: string): vscode.Uri => vscode.Uri.joinPath(folder().uri, name);

async function nodesOf(views: IlacsApi['views'], text: string): Promise<(ImprovementNode & { kind: 'item' })[]> {
  const out: (ImprovementNode & { kind: 'item' })[] = [];
  for (const area of await views.improvements.getChildren()) {
    for (const criterion of await views.improvements.getChildren(area)) {
      for (const node of await views.improvements.getChildren(criterion)) if (node.kind === 'item' && node.item.text === text) out.push(node);
    }
  }
  return out;
}

describe('follow-ups and plans in the Improvement Areas view', function () {
  this.timeout(90_000);
  const storeUri = (): vscode.Uri => vscode.Uri.joinPath(folder().uri, ...storeFileFor(INSPECTION).split('/'));
  let storeBefore: Uint8Array | undefined;

  before(async () => {
    const { views, services } = await api();
    storeBefore = await Promise.resolve(vscode.workspace.fs.readFile(storeUri())).catch(() => undefined);
    await views.improvements.setFilter({ status: 'all' });
    await vscode.workspace.fs.writeFile(uriOf(LATER), new TextEncoder().encode(LATER_TEXT));
    await waitFor('the index to read the later visit', async () => {
      await services.index.ensureBuilt();
      return services.index.get(uriOf(LATER)) ? true : undefined;
    });
  });

  after(async () => {
    const { views, services } = await api();
    await vscode.workspace.fs.delete(uriOf(LATER)).then(undefined, () => undefined);
    // The specs after this one see the workspace as it was.
    await waitFor('the index to forget the later visit', async () => {
      await services.index.ensureBuilt();
      return services.index.get(uriOf(LATER)) ? undefined : true;
    });
    if (storeBefore) await vscode.workspace.fs.writeFile(storeUri(), storeBefore);
    else await vscode.workspace.fs.delete(storeUri()).then(undefined, () => undefined);
    await views.improvements.setFilter({ status: 'open' });
  });

  async function item(): Promise<ImprovementNode & { kind: 'item' }> {
    const { views } = await api();
    return waitFor('the printed item with its follow-ups from the later visit', async () => {
      const [node] = await nodesOf(views, ITEM_TEXT);
      return node && node.item.report === INSPECTION && node.item.followUps?.latest?.file === LATER ? node : undefined;
    });
  }

  it('shows the latest follow-up on the item and lists its follow-up paragraphs in date order; clicking one opens it', async () => {
    const { views } = await api();
    const node = await item();
    const treeItem = views.improvements.getTreeItem(node);
    assert.match(String(treeItem.description), /2026 monitoring visit: improved/);
    assert.equal(treeItem.collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);

    const children = await views.improvements.getChildren(node);
    const followUps = children.filter((c) => c.kind === 'followUp');
    const files = followUps.map((c) => (c.kind === 'followUp' ? c.followUp.file : ''));
    assert.ok(files.includes(VISIT) && files.includes(LATER), files.join(', '));
    assert.ok(files.indexOf(VISIT) < files.indexOf(LATER), 'oldest first');
    const visit = followUps.find((c) => c.kind === 'followUp' && c.followUp.file === VISIT);
    assert.ok(visit && visit.kind === 'followUp');
    assert.equal(visit.followUp.verdict, 'not-improved');

    const row = views.improvements.getTreeItem(visit);
    assert.match(String(row.label), /^2025 monitoring visit: not-improved/);
    assert.ok(row.command, 'a follow-up row opens its paragraph when clicked');
    await vscode.commands.executeCommand(row.command.command, ...(row.command.arguments ?? []));
    const editor = await waitFor('the visit to open', () => (vscode.window.activeTextEditor?.document.uri.toString() === uriOf(VISIT).toString() ? vscode.window.activeTextEditor : undefined));
    assert.equal(editor.selection.start.line, visit.followUp.startLine);
  });

  it('suggests the status the latest follow-up gives, marked as suggested, and writes it only when accepted', async () => {
    const { views, services } = await api();
    const node = await item();
    assert.equal(node.item.status, 'open');
    const suggestion = (await views.improvements.getChildren(node)).find((c) => c.kind === 'suggestion');
    assert.ok(suggestion && suggestion.kind === 'suggestion', 'no suggested status under the item');
    assert.equal(suggestion.status, 'resolved');
    const row = views.improvements.getTreeItem(suggestion);
    assert.match(String(row.label), /^Suggested status: resolved/);
    assert.match(String(views.improvements.getTreeItem(node).description), /suggested: resolved/);
    // Suggested is not stored: the store holds no status for the item yet.
    const key = services.annotations.keyOf(uriOf(INSPECTION));
    assert.ok(key);
    const before = await services.annotations.read(key);
    assert.ok(!before.improvements.some((r) => r.quote === ITEM_TEXT));

    assert.ok(row.command);
    await vscode.commands.executeCommand(row.command.command, ...(row.command.arguments ?? []));
    const accepted = await waitFor('the accepted status', async () => {
      const [n] = await nodesOf(views, ITEM_TEXT);
      return n && n.item.status === 'resolved' ? n : undefined;
    });
    const stored = await services.annotations.read(key);
    assert.equal(stored.improvements.find((r) => r.quote === ITEM_TEXT)?.status, 'resolved');
    // The user's status now stands: no suggestion, even one that would differ.
    assert.ok(!(await views.improvements.getChildren(accepted)).some((c) => c.kind === 'suggestion'));
    await vscode.commands.executeCommand('ilacs.improvements.reopen', accepted);
    const reopened = await waitFor('the reopened item', async () => {
      const [n] = await nodesOf(views, ITEM_TEXT);
      return n && n.item.status === 'open' ? n : undefined;
    });
    assert.ok(!(await views.improvements.getChildren(reopened)).some((c) => c.kind === 'suggestion'), 'a status the user set is never replaced by a suggestion');
  });

  it('sets the improvement plan from the view, stored beside the status, shown on the item and under it', async () => {
    const { views, services } = await api();
    const node = await item();
    await vscode.commands.executeCommand('ilacs.improvements.setPlan', node, { owner: 'Head of Service, Assessment', due: '2026-06-30', rag: 'amber', reason: 'Timeliness improved; quality audit due' });
    const planned = await waitFor('the plan on the item', async () => {
      const [n] = await nodesOf(views, ITEM_TEXT);
      return n && n.item.plan?.rag === 'amber' ? n : undefined;
    });
    assert.match(String(views.improvements.getTreeItem(planned).description), /RAG amber/);
    const planNode = (await views.improvements.getChildren(planned)).find((c) => c.kind === 'plan');
    assert.ok(planNode, 'no plan row under the item');
    assert.match(String(views.improvements.getTreeItem(planNode).label), /Owner: Head of Service, Assessment · due: 30 Jun 2026 · RAG: amber/);

    const key = services.annotations.keyOf(uriOf(INSPECTION));
    assert.ok(key);
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(storeUri()));
    const data = JSON.parse(text) as { plans?: { quote?: string; owner: string; due: string; rag: string; reason: string }[] };
    const plan = data.plans?.find((p) => p.quote === ITEM_TEXT);
    assert.deepEqual([plan?.owner, plan?.due, plan?.rag, plan?.reason], ['Head of Service, Assessment', '2026-06-30', 'amber', 'Timeliness improved; quality audit due']);

    // A bad due date is refused, and the plan is left as it was.
    const errors: string[] = [];
    const original = vscode.window.showErrorMessage;
    (vscode.window as { showErrorMessage: unknown }).showErrorMessage = (m: string) => {
      errors.push(m);
      return Promise.resolve(undefined);
    };
    try {
      await vscode.commands.executeCommand('ilacs.improvements.setPlan', planned, { due: '2026-02-30' });
    } finally {
      (vscode.window as { showErrorMessage: unknown }).showErrorMessage = original;
    }
    const after = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(storeUri()))) as typeof data;
    assert.equal(after.plans?.find((p) => p.quote === ITEM_TEXT)?.due, '2026-06-30');
    // The error message is caught only where the tests share the extension's vscode API object.
    if (sharesExtensionApi()) assert.match(errors[0] ?? '', /Due date "2026-02-30"/);
  });

  it('filters the items still raised in the latest report', async () => {
    const { views } = await api();
    await item();
    await vscode.commands.executeCommand('ilacs.improvements.showStillRaised');
    try {
      const { tree } = await views.improvements.current();
      assert.ok(tree.items.length > 0);
      assert.ok(tree.items.every((i) => i.followUps?.stillRaised), 'an item the latest report does not raise is shown');
      // The 2024 item is found improved by the 2026 visit, the latest report: not still raised.
      assert.ok(!tree.items.some((i) => i.text === ITEM_TEXT && i.report === INSPECTION));
      assert.match(String(views.improvementView.description ?? ''), /still raised in the latest report/);
    } finally {
      await vscode.commands.executeCommand('ilacs.improvements.showAllRaised');
    }
    const { tree } = await views.improvements.current();
    assert.ok(tree.items.some((i) => i.text === ITEM_TEXT && i.report === INSPECTION));
  });

  it('lists the printed item\'s follow-ups in date order in its hover', async () => {
    await item();
    const document = await vscode.workspace.openTextDocument(uriOf(INSPECTION));
    await vscode.window.showTextDocument(document);
    const position = document.positionAt(document.getText().indexOf('The timeliness and quality of assessments') + 5);
    const text = await waitFor('the hover with follow-ups', async () => {
      const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position)) ?? [];
      const md = hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
      return md.includes('Followed up in') ? md : undefined;
    }, 20_000);
    const section = text.slice(text.indexOf('Followed up in'));
    const at2025 = section.indexOf('2025 monitoring visit');
    const at2026 = section.indexOf('2026 monitoring visit');
    assert.ok(at2025 >= 0 && at2026 > at2025, section);
    assert.match(section, /2026 monitoring visit, [^:]+: improved/);
  });
});
