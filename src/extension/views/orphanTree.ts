/**
 * The Orphaned Tags view: tags whose text can no longer be found in their report, with the words
 * they were made on. Shown only while there are any (context key `ilacs.hasOrphans`).
 */
import * as vscode from 'vscode';
import { criteriaLabels } from './labels';
import type { ResolvedAnnotation } from '../../core/workspace/resolve';
import { revealInReport } from '../reveal';
import { ImprovementModel } from './improvementModel';

export interface OrphanNode {
  id: string;
  uri: vscode.Uri;
  file: string;
  orphan: ResolvedAnnotation;
}

export class OrphanTreeProvider implements vscode.TreeDataProvider<OrphanNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<OrphanNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(private readonly model: ImprovementModel) {
    this.disposables.push(model.onDidChange(() => this.changed.fire(undefined)));
  }

  async orphans(): Promise<OrphanNode[]> {
    const entries = await this.model.reports();
    return entries.flatMap((e) =>
      e.orphans.map((orphan) => ({ id: `orphan:${e.indexed.uri.toString()}#${orphan.annotation.id}`, uri: e.indexed.uri, file: e.indexed.report.file, orphan })),
    );
  }

  async getChildren(node?: OrphanNode): Promise<OrphanNode[]> {
    if (node) return [];
    return this.orphans();
  }

  getTreeItem(node: OrphanNode): vscode.TreeItem {
    const a = node.orphan.annotation;
    const t = new vscode.TreeItem(a.selectors.quote.exact.replace(/\s+/g, ' ').trim() || '(empty quote)', vscode.TreeItemCollapsibleState.None);
    t.id = node.id;
    t.description = `${node.file}${a.criteria.length ? ` · ${criteriaLabels(a.criteria)}` : ''}`;
    t.iconPath = new vscode.ThemeIcon('debug-disconnect', new vscode.ThemeColor('charts.red'));
    const md = new vscode.MarkdownString();
    md.appendText(a.selectors.quote.exact);
    md.appendMarkdown('\n\n---\n\n');
    md.appendText(`No longer found in ${node.file} (last seen in paragraph ${a.paragraph}). Tagged by ${a.author}.`);
    t.tooltip = md;
    t.contextValue = 'orphan';
    t.command = { command: 'ilacs.orphans.open', title: 'Open Report', arguments: [node] };
    return t;
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

export function registerOrphanTree(model: ImprovementModel): vscode.Disposable & { provider: OrphanTreeProvider } {
  const provider = new OrphanTreeProvider(model);
  const view = vscode.window.createTreeView('ilacs.orphans', { treeDataProvider: provider });
  const refreshContext = async (): Promise<void> => {
    // Counting orphans needs the workspace index; it is not built just for this (its first build fires a change).
    if (!model.services.index.isBuilt()) return;
    const count = (await provider.orphans()).length;
    await vscode.commands.executeCommand('setContext', 'ilacs.hasOrphans', count > 0);
    view.badge = count ? { value: count, tooltip: `${count} orphaned tag${count === 1 ? '' : 's'}` } : undefined;
  };
  const d = vscode.Disposable.from(
    provider,
    view,
    model.onDidChange(() => void refreshContext().catch(() => undefined)),
    vscode.commands.registerCommand('ilacs.orphans.open', (node: OrphanNode) => revealInReport(node.uri, null)),
    vscode.commands.registerCommand('ilacs.orphans.reattach', (node: OrphanNode) =>
      vscode.commands.executeCommand('ilacs.reattachOrphan', { uri: node.uri, id: node.orphan.annotation.id }),
    ),
  ) as vscode.Disposable & { provider: OrphanTreeProvider };
  d.provider = provider;
  return d;
}
