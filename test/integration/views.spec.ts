import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { storeFileFor } from '../../src/core/annotations/format';
import type { IlacsApi } from '../../src/extension/extension';
import type { ImprovementNode } from '../../src/extension/views/improvementTree';
import type { ReportNode } from '../../src/extension/views/reportTree';
import { api } from './helpers';

/** Every item node under the tree's root, area by area and criterion by criterion. */
async function itemNodes(views: IlacsApi['views']): Promise<(ImprovementNode & { kind: 'item' })[]> {
  const out: (ImprovementNode & { kind: 'item' })[] = [];
  for (const area of await views.improvements.getChildren()) {
    for (const criterion of await views.improvements.getChildren(area)) {
      for (const node of await views.improvements.getChildren(criterion)) if (node.kind === 'item') out.push(node);
    }
  }
  return out;
}

const fold = (s: string): string => s.replace(/\s+/g, ' ').trim();

/** Waits until the Reports view lists an authority (the index follows new files on disk). */
async function waitForReports(views: IlacsApi['views'], services: IlacsApi['services'], authority: string): Promise<string[]> {
  const until = Date.now() + 10_000;
  for (;;) {
    await services.index.ensureBuilt();
    const labels = (await views.reports.getChildren()).map((a) => (a.kind === 'authority' ? a.label : ''));
    if (labels.includes(authority) || Date.now() > until) return labels;
    await new Promise((r) => setTimeout(r, 150));
  }
}

describe('ILACS views', () => {
  before(async () => {
    const { views } = await api();
    await views.improvements.setFilter({ status: 'open' });
  });

  it('lists every printed improvement area of the workspace reports, grouped with consistent counts', async () => {
    const { views, services } = await api();
    const roots = await views.improvements.getChildren();
    assert.ok(roots.length > 0, 'no area groups');
    const printed = services.index.all().flatMap((r) => r.report.improvementAreas.map((ia) => fold(ia.text)));
    assert.ok(printed.length >= 5, `the test workspace should print at least 5 improvement areas, the parser found ${printed.length}`);
    const nodes = await itemNodes(views);
    const distinct = new Map(nodes.map((n) => [n.item.key, n.item]));
    assert.deepEqual([...distinct.values()].map((i) => i.text).sort(), [...printed].sort());
    for (const area of roots) {
      assert.equal(area.kind, 'area');
      if (area.kind !== 'area') continue;
      const under = new Set<string>();
      for (const c of await views.improvements.getChildren(area)) {
        const items = await views.improvements.getChildren(c);
        assert.equal(c.kind === 'criterion' && c.group.count, items.length);
        const treeItem = views.improvements.getTreeItem(c);
        assert.equal(treeItem.description, String(items.length));
        for (const i of items) if (i.kind === 'item') under.add(i.item.key);
      }
      assert.equal(area.group.count, under.size);
    }
    const { tree } = await views.improvements.current();
    assert.equal(tree.open, distinct.size);
    assert.equal(views.improvementView.badge?.value, distinct.size);
  });

  it('describes each item by its report and paragraph and opens the report at it', async () => {
    const { views } = await api();
    const [node] = await itemNodes(views);
    const treeItem = views.improvements.getTreeItem(node);
    assert.match(String(treeItem.description), /^(Eastbrook|Northmere) · (Inspection|Focused visit) · \d+ \w{3} 20\d\d/);
    assert.equal(treeItem.contextValue, 'improvement.printed.open');
    assert.ok(treeItem.command);
    await vscode.commands.executeCommand(treeItem.command.command, ...(treeItem.command.arguments ?? []));
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor, 'no editor opened');
    assert.ok(editor.document.uri.path.endsWith(node.item.report), `opened ${editor.document.uri.path}`);
    assert.ok(fold(editor.document.getText(editor.selection)).includes(node.item.text.slice(0, 20)), 'the selection does not hold the item');
  });

  it('marks an item resolved in the store file, and the open-only tree drops it', async () => {
    const { views } = await api();
    const before = await itemNodes(views);
    const openBefore = (await views.improvements.current()).tree.open;
    const target = before[0];
    await vscode.commands.executeCommand('ilacs.improvements.markResolved', target);

    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    const storeUri = vscode.Uri.joinPath(folder.uri, ...storeFileFor(target.item.report).split('/'));
    const stored = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(storeUri)));
    const record = stored.improvements.find((r: { improvement: string }) => r.improvement === target.item.improvement?.id);
    assert.ok(record, 'no status record in the store file');
    assert.equal(record.status, 'resolved');
    assert.equal(record.quote, target.item.improvement?.quote);

    const after = await itemNodes(views);
    assert.ok(!after.some((n) => n.item.key === target.item.key), 'the resolved item is still shown');
    assert.equal((await views.improvements.current()).tree.open, openBefore - 1);
    assert.equal(views.improvementView.badge?.value, openBefore - 1);

    await views.improvements.setFilter({ status: 'all' });
    const all = await itemNodes(views);
    const shown = all.find((n) => n.item.key === target.item.key);
    assert.ok(shown, 'the resolved item is missing with all statuses shown');
    assert.equal(views.improvements.getTreeItem(shown).contextValue, 'improvement.printed.resolved');

    await vscode.commands.executeCommand('ilacs.improvements.reopen', shown);
    await views.improvements.setFilter({ status: 'open' });
    assert.ok((await itemNodes(views)).some((n) => n.item.key === target.item.key), 'reopening did not bring the item back');
  });

  it("corrects a printed item's criteria: stored with its status, and the tree regroups it", async () => {
    const { views } = await api();
    const target = (await itemNodes(views)).find((n) => n.item.source === 'printed');
    assert.ok(target, 'no printed item in the tree');
    const chosen = ['lead.quality-assurance', 'lead.supervision'];
    await vscode.commands.executeCommand('ilacs.improvements.editCriteria', target, chosen);

    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    const storeUri = vscode.Uri.joinPath(folder.uri, ...storeFileFor(target.item.report).split('/'));
    const stored = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(storeUri)));
    const record = stored.improvements.find((r: { improvement: string }) => r.improvement === target.item.improvement?.id);
    assert.deepEqual(record?.criteria, chosen);
    assert.equal(record?.status, 'open');

    const moved = (await itemNodes(views)).filter((n) => n.item.key === target.item.key);
    assert.deepEqual(moved.map((n) => n.item.criteria)[0], chosen);
    const underQa = await (async () => {
      for (const area of await views.improvements.getChildren()) {
        for (const c of await views.improvements.getChildren(area)) {
          if (c.kind === 'criterion' && c.group.criterion === 'lead.quality-assurance') return views.improvements.getChildren(c);
        }
      }
      return [];
    })();
    assert.ok(underQa.some((n) => n.kind === 'item' && n.item.key === target.item.key), 'the item is not listed under its new criterion');
  });

  it('filters by report, criterion and assessment, and keeps the filter in the workspace state', async () => {
    const { views } = await api();
    const all = await itemNodes(views);
    const report = all[0].item.report;
    await views.improvements.setFilter({ status: 'open', report });
    const byReport = await itemNodes(views);
    assert.ok(byReport.length > 0 && byReport.every((n) => n.item.report === report), 'the report filter let other reports through');
    assert.ok(byReport.length < all.length, 'the report filter removed nothing');

    const criterion = all.find((n) => n.item.criteria.length > 0)!.item.criteria[0];
    await views.improvements.setFilter({ status: 'open', criterion });
    const byCriterion = await itemNodes(views);
    assert.ok(byCriterion.length > 0 && byCriterion.every((n) => n.item.criteria.includes(criterion)));

    await views.improvements.setFilter({ status: 'open', assessment: 'serious-weakness' });
    assert.ok((await itemNodes(views)).every((n) => n.item.source === 'tagged' && n.item.assessment === 'serious-weakness'));
    assert.deepEqual(views.improvements.filter, { status: 'open', assessment: 'serious-weakness' }, 'the filter is not kept');

    await views.improvements.setFilter({ status: 'open' });
    assert.equal((await itemNodes(views)).length, all.length);
  });

  it('adds the sample reports to the workspace without replacing a file already there', async () => {
    const { views, services } = await api();
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    const samples = vscode.Uri.joinPath(folder.uri, 'samples');
    const existing = vscode.Uri.joinPath(samples, 'README.md');
    await vscode.workspace.fs.writeFile(existing, new TextEncoder().encode('My own notes.\n'));
    try {
      const target = await vscode.commands.executeCommand<vscode.Uri | undefined>('ilacs.addSampleReports', { ask: false });
      assert.equal(target?.toString(), samples.toString());
      const names = (await vscode.workspace.fs.readDirectory(samples)).map(([n]) => n);
      assert.ok(names.some((n) => n.startsWith('wexcombe__')), `no sample reports were copied: ${names.join(', ')}`);
      assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(existing)), 'My own notes.\n', 'a file already there was replaced');
      const authorities = await waitForReports(views, services, 'Wexcombe');
      assert.ok(authorities.includes('Wexcombe'));
    } finally {
      await vscode.workspace.fs.delete(samples, { recursive: true });
    }
  });

  it('lists reports by local authority with kind, grades and open items', async () => {
    const { views, services } = await api();
    const authorities = await views.reports.getChildren();
    const labels = authorities.map((a) => (a.kind === 'authority' ? a.label : ''));
    assert.deepEqual(labels, [...new Set(services.index.all().map((r) => r.report.localAuthority ?? 'Unknown local authority'))].sort());
    const reports: ReportNode[] = (await Promise.all(authorities.map((a) => views.reports.getChildren(a)))).flat();
    assert.equal(reports.length, services.index.all().length);
    const northmere = reports.find((r) => r.kind === 'report' && r.entry.indexed.report.file.includes('northmere'));
    assert.ok(northmere);
    const item = views.reports.getTreeItem(northmere);
    assert.match(String(item.label), /^Inspection, \d{1,2} \w{3} 20\d\d$/);
    assert.match(String(item.description), /^ILACS · .*RI.* · 3 open$/);
  });
});
