/**
 * The Reports view: every report in the workspace by local authority, oldest first, each with its
 * kind, framework, grades and number of open improvement items. A change to one report refreshes
 * only that report's row (and its authority's count) unless reports were added or removed.
 */
import * as vscode from 'vscode';
import type { Grade } from '../../core/model';
import { isOpenStatus, reportDate } from '../../core/workspace/improvements';
import { ImprovementModel, type ReportEntry } from './improvementModel';
import { dateLabel, frameworkLabel, gradesSummary, kindLabel, worstGrade } from './labels';

const DATE_SOURCES = { text: 'printed in the report', 'file-name': 'from the file name', user: 'your correction' } as const;

export type ReportNode = { kind: 'authority'; id: string; label: string; reports: ReportNode[] } | { kind: 'report'; id: string; entry: ReportEntry };

const GRADE_ICONS: Record<Grade, [string, string]> = {
  outstanding: ['star-full', 'charts.green'],
  good: ['pass-filled', 'charts.green'],
  'requires-improvement': ['circle-large-outline', 'charts.yellow'],
  adequate: ['circle-large-outline', 'charts.yellow'],
  inadequate: ['error', 'charts.red'],
};

export class ReportTreeProvider implements vscode.TreeDataProvider<ReportNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ReportNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private roots: ReportNode[] | undefined;
  private readonly nodes = new Map<string, ReportNode & { kind: 'report' }>();
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(private readonly model: ImprovementModel) {
    this.disposables.push(model.onDidChange((uris) => void this.onModelChange(uris)));
  }

  private async onModelChange(uris: vscode.Uri[] | undefined): Promise<void> {
    const known = uris?.map((u) => this.nodes.get(u.toString()));
    if (!uris || !known || known.some((n) => n === undefined) || !this.roots) {
      this.roots = undefined;
      this.changed.fire(undefined);
      return;
    }
    const entries = await this.model.reports();
    const byUri = new Map(entries.map((e) => [e.indexed.uri.toString(), e]));
    for (const node of known as (ReportNode & { kind: 'report' })[]) {
      const entry = byUri.get(node.entry.indexed.uri.toString());
      if (!entry || (entry.indexed.report.localAuthority ?? '') !== (node.entry.indexed.report.localAuthority ?? '')) {
        // Removed, or moved to another authority: the grouping changes.
        this.roots = undefined;
        this.changed.fire(undefined);
        return;
      }
      node.entry = entry;
      this.changed.fire(node);
    }
  }

  refresh(): void {
    this.roots = undefined;
    this.changed.fire(undefined);
  }

  async getChildren(node?: ReportNode): Promise<ReportNode[]> {
    if (node) return node.kind === 'authority' ? node.reports : [];
    if (!this.roots) {
      const entries = await this.model.reports();
      const groups = new Map<string, ReportNode[]>();
      this.nodes.clear();
      const sorted = [...entries].sort((a, b) => {
        const da = reportDate(a.indexed.report) ?? '9999';
        const db = reportDate(b.indexed.report) ?? '9999';
        return da < db ? -1 : da > db ? 1 : a.indexed.report.file.localeCompare(b.indexed.report.file);
      });
      for (const entry of sorted) {
        const la = entry.indexed.report.localAuthority ?? 'Unknown local authority';
        const reportNode = { kind: 'report' as const, id: `report:${entry.indexed.uri.toString()}`, entry };
        this.nodes.set(entry.indexed.uri.toString(), reportNode);
        const list = groups.get(la);
        if (list) list.push(reportNode);
        else groups.set(la, [reportNode]);
      }
      this.roots = [...groups.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([label, reports]) => ({ kind: 'authority', id: `authority:${label}`, label, reports }));
    }
    return this.roots;
  }

  getTreeItem(node: ReportNode): vscode.TreeItem {
    if (node.kind === 'authority') {
      const t = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
      t.id = node.id;
      t.iconPath = new vscode.ThemeIcon('organization');
      t.description = `${node.reports.length} report${node.reports.length === 1 ? '' : 's'}`;
      t.contextValue = 'authority';
      return t;
    }
    const { report, uri } = node.entry.indexed;
    const open = node.entry.items.filter((i) => isOpenStatus(i.status)).length;
    const t = new vscode.TreeItem(`${kindLabel(report.kind)}, ${dateLabel(reportDate(report))}`, vscode.TreeItemCollapsibleState.None);
    t.id = node.id;
    t.resourceUri = uri;
    const parts = [frameworkLabel(report.framework), gradesSummary(report.judgements), open ? `${open} open` : ''].filter(Boolean);
    t.description = parts.join(' · ');
    const worst = worstGrade(report.judgements);
    t.iconPath = worst ? new vscode.ThemeIcon(GRADE_ICONS[worst][0], new vscode.ThemeColor(GRADE_ICONS[worst][1])) : new vscode.ThemeIcon('file-text');
    const md = new vscode.MarkdownString();
    md.appendText(`${report.title ?? report.file}\n`);
    md.appendMarkdown('\n\n');
    md.appendText(`${report.file}`);
    md.appendMarkdown('\n\n');
    md.appendText(`Date: ${report.date ? `${dateLabel(report.date.value)} (${DATE_SOURCES[report.date.source]})` : 'undated'}`);
    for (const j of report.judgements) {
      md.appendMarkdown('\n\n');
      md.appendText(`${j.area}: ${j.grade.replace(/-/g, ' ')}`);
    }
    md.appendMarkdown('\n\n');
    md.appendText(`${open} open improvement item${open === 1 ? '' : 's'} of ${node.entry.items.length}`);
    t.tooltip = md;
    t.contextValue = 'report';
    t.command = { command: 'vscode.open', title: 'Open Report', arguments: [uri] };
    return t;
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

/** `dragAndDropController`: what the view does with files dropped on it (PDFs are imported). */
export function registerReportTree(model: ImprovementModel, dragAndDropController?: vscode.TreeDragAndDropController<ReportNode>): vscode.Disposable & { provider: ReportTreeProvider } {
  const provider = new ReportTreeProvider(model);
  const view = vscode.window.createTreeView('ilacs.reports', { treeDataProvider: provider, showCollapseAll: true, dragAndDropController });
  const d = vscode.Disposable.from(provider, view, vscode.commands.registerCommand('ilacs.reports.refresh', () => provider.refresh())) as vscode.Disposable & { provider: ReportTreeProvider };
  d.provider = provider;
  return d;
}
