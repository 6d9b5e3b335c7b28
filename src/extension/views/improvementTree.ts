/**
 * The Improvement Areas view: judgement area, then criterion, then item (printed or tagged), with
 * counts, a badge of open items, filters kept per workspace, a "Go to Improvement…" picker, and the
 * status workflow (resolved, in progress, reopened) written to the annotation store.
 */
import * as vscode from 'vscode';
import type { AnnotationStatus, Assessment } from '../../core/annotations';
import { ASSESSMENTS } from '../../core/annotations';
import type { Codebook } from '../../core/codebook';
import { buildImprovementTree, type AreaGroup, type CriterionGroup, type ImprovementFilter, type ImprovementItem, type ImprovementTree } from '../../core/workspace/improvements';
import { toVsRange } from '../convert';
import { readSettings } from '../settings';
import { pickCriteria } from '../tagging/criterionPicker';
import { currentAuthor, type Services } from '../services';
import { revealInReport } from '../reveal';
import { followUpChildren, followUpDescription, followUpTooltip, followUpTreeItem, hasFollowUpChildren, registerFollowUpCommands, type FollowUpNode } from './improvementFollowUps';
import { ImprovementModel } from './improvementModel';
import { ASSESSMENT_LABELS, criteriaLabels, filterDescription, itemAsText, itemOrigin, statusLabel } from './labels';

export type ImprovementNode =
  | { kind: 'area'; id: string; group: AreaGroup }
  | { kind: 'criterion'; id: string; group: CriterionGroup }
  | { kind: 'item'; id: string; item: ImprovementItem }
  | { kind: 'evidence'; id: string; item: ImprovementItem }
  | FollowUpNode;

const FILTER_STATE = 'ilacs.improvements.filter';

export class ImprovementTreeProvider implements vscode.TreeDataProvider<ImprovementNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ImprovementNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private tree: Promise<{ tree: ImprovementTree; codebook: Codebook }> | undefined;
  private readonly listeners = new Set<(tree: ImprovementTree, codebook: Codebook) => void>();
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(
    readonly model: ImprovementModel,
    private readonly state: vscode.Memento,
  ) {
    this.disposables.push(model.onDidChange(() => this.refresh()));
  }

  get filter(): ImprovementFilter {
    return { status: 'open', ...this.state.get<ImprovementFilter>(FILTER_STATE, {}) };
  }

  async setFilter(filter: ImprovementFilter): Promise<void> {
    const clean: ImprovementFilter = {};
    for (const [k, v] of Object.entries(filter)) if (v !== undefined) (clean as Record<string, unknown>)[k] = v;
    await this.state.update(FILTER_STATE, clean);
    this.refresh();
  }

  refresh(): void {
    this.tree = undefined;
    this.changed.fire(undefined);
  }

  /** Called after each rebuild of the tree (the view's badge and description follow it). */
  onDidBuild(listener: (tree: ImprovementTree, codebook: Codebook) => void): vscode.Disposable {
    this.listeners.add(listener);
    return new vscode.Disposable(() => this.listeners.delete(listener));
  }

  /** The grouped tree under the current filter (rebuilt from cached items after a change). */
  current(): Promise<{ tree: ImprovementTree; codebook: Codebook }> {
    this.tree ??= (async () => {
      const [items, codebook] = await Promise.all([this.model.items(), this.model.codebook()]);
      const tree = buildImprovementTree(items, codebook, this.filter);
      for (const l of this.listeners) l(tree, codebook);
      return { tree, codebook };
    })();
    const pending = this.tree;
    pending.catch(() => this.tree === pending && (this.tree = undefined));
    return pending;
  }

  async getChildren(node?: ImprovementNode): Promise<ImprovementNode[]> {
    if (!node) {
      const { tree } = await this.current();
      return tree.groups.map((group) => ({ kind: 'area', id: `area:${group.area ?? ''}`, group }));
    }
    if (node.kind === 'area') {
      return node.group.criteria.map((group) => ({ kind: 'criterion', id: `${node.id}/criterion:${group.criterion ?? ''}`, group }));
    }
    if (node.kind === 'criterion') return node.group.items.map((item) => ({ kind: 'item', id: `${node.id}/${item.key}`, item }));
    if (node.kind === 'item') {
      const evidence = node.item.evidence.flatMap((key): ImprovementNode[] => {
        const found = this.model.lookup(key);
        return found ? [{ kind: 'evidence', id: `${node.id}/evidence:${key}`, item: found.item }] : [];
      });
      return [...followUpChildren(node.id, node.item), ...evidence];
    }
    return [];
  }

  getTreeItem(node: ImprovementNode): vscode.TreeItem {
    if (node.kind === 'followUp' || node.kind === 'suggestion' || node.kind === 'plan') return followUpTreeItem(node);
    if (node.kind === 'area' || node.kind === 'criterion') {
      const t = new vscode.TreeItem(node.group.label, node.kind === 'area' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
      t.id = node.id;
      t.description = countText(node.group.count, node.group.open);
      t.iconPath = new vscode.ThemeIcon(node.kind === 'area' ? 'law' : 'symbol-field');
      t.contextValue = node.kind;
      return t;
    }
    const item = node.item;
    const expandable = node.kind === 'item' && (item.evidence.length > 0 || hasFollowUpChildren(item));
    const t = new vscode.TreeItem(item.text, expandable ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    t.id = node.id;
    t.description = [node.kind === 'item' && item.evidence.length > 0 ? `${itemOrigin(item)} · ${item.evidence.length} evidence` : itemOrigin(item), ...(node.kind === 'item' ? followUpDescription(item) : [])].join(' · ');
    t.iconPath = itemIcon(item);
    t.contextValue = `improvement.${item.source}.${item.status}`;
    t.tooltip = itemTooltip(item);
    t.accessibilityInformation = { label: `${statusLabel(item.status)} ${item.source} improvement area: ${item.text}. ${itemOrigin(item)}` };
    t.command = { command: 'ilacs.improvements.open', title: 'Open Improvement', arguments: [node] };
    return t;
  }

  getParent(): undefined {
    return undefined;
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

function countText(count: number, open: number): string {
  return open === count ? String(count) : `${count} (${open} open)`;
}

function itemIcon(item: ImprovementItem): vscode.ThemeIcon {
  const colour = { open: 'charts.orange', 'in-progress': 'charts.blue', resolved: 'charts.green' }[item.status];
  if (item.orphaned) return new vscode.ThemeIcon('debug-disconnect', new vscode.ThemeColor('charts.red'));
  if (item.source === 'tagged') return new vscode.ThemeIcon(item.assessment === 'serious-weakness' ? 'warning' : 'tag', new vscode.ThemeColor(colour));
  const shape = { open: 'circle-large-outline', 'in-progress': 'clock', resolved: 'pass' }[item.status];
  return new vscode.ThemeIcon(shape, new vscode.ThemeColor(colour));
}

function itemTooltip(item: ImprovementItem): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.appendText(item.text);
  md.appendMarkdown('\n\n---\n\n');
  md.appendText(`${item.source === 'printed' ? 'Printed improvement area' : `Tagged: ${item.assessment ? ASSESSMENT_LABELS[item.assessment] : ''}`} · ${statusLabel(item.status)}\n`);
  md.appendMarkdown('\n\n');
  md.appendText(`${itemOrigin(item)} (${item.report})`);
  if (item.timescale) md.appendText(` · timescale: ${item.timescale.replace(/-/g, ' ')}`);
  if (item.criteria.length) {
    md.appendMarkdown('\n\n');
    md.appendText(`Criteria: ${criteriaLabels(item.criteria)}`);
  }
  if (item.note) {
    md.appendMarkdown('\n\n');
    md.appendText(`Note: ${item.note}`);
  }
  followUpTooltip(md, item);
  return md;
}

/** The item a command was given: a tree node (menus, clicks) or an item key. */
export function itemFrom(model: ImprovementModel, arg: unknown): { item: ImprovementItem; uri: vscode.Uri } | undefined {
  const kind = (arg as ImprovementNode | undefined)?.kind;
  const key = typeof arg === 'string' ? arg : kind === 'item' || kind === 'evidence' || kind === 'suggestion' || kind === 'plan' ? (arg as { item: ImprovementItem }).item.key : undefined;
  return key === undefined ? undefined : model.lookup(key);
}

async function rangeToSelect(services: Services, uri: vscode.Uri, item: ImprovementItem): Promise<vscode.Range | null> {
  const report = services.index.get(uri)?.report;
  const paragraph = item.paragraph && !item.orphaned ? report?.paragraphs.find((p) => p.id === item.paragraph) : undefined;
  if (paragraph) return toVsRange(paragraph.range);
  return item.range ? toVsRange(item.range) : null;
}

export async function setItemStatus(services: Services, model: ImprovementModel, arg: unknown, status: AnnotationStatus): Promise<void> {
  const found = itemFrom(model, arg);
  if (!found) return;
  const { item, uri } = found;
  const key = services.annotations.keyOf(uri);
  if (!key) throw new Error(`${uri.fsPath} is not inside an open workspace folder`);
  if (item.improvement) {
    await services.annotations.setImprovementStatus(key, { improvement: item.improvement.id, quote: item.improvement.quote, status, author: await currentAuthor(uri) });
  } else if (item.annotation) {
    await services.annotations.update(key, item.annotation, { status });
  }
}

/**
 * A printed item's criteria are suggested from its words; the user may correct them. The choice
 * is stored with the item's status and replaces the suggestions from then on. `given` skips the
 * picker (for tests and scripts).
 */
async function editPrintedCriteria(services: Services, item: ImprovementItem, uri: vscode.Uri, given?: string[]): Promise<void> {
  if (!item.improvement) return;
  const key = services.annotations.keyOf(uri);
  if (!key) throw new Error(`${uri.fsPath} is not inside an open workspace folder`);
  const codebook = await services.codebooks.codebookFor(uri);
  let criteria = given;
  if (criteria === undefined) {
    const report = services.index.get(uri)?.report;
    const paragraph = report?.paragraphs.find((p) => p.id === item.paragraph);
    if (!report || !paragraph) throw new Error(`${vscode.workspace.asRelativePath(uri)} no longer holds this improvement area`);
    criteria = await pickCriteria({ codebook, report, paragraph, selected: item.criteria, suggestions: readSettings(uri).pickerSuggestions }, `Criteria of "${item.text.slice(0, 60)}"`);
    if (criteria === undefined) return;
  }
  const unknown = criteria.filter((id) => !codebook.criteria.some((c) => c.id === id));
  if (unknown.length) throw new Error(`Unknown criteria ${unknown.join(', ')}: they are not in the codebook in force`);
  await services.annotations.setImprovementStatus(key, { improvement: item.improvement.id, quote: item.improvement.quote, status: item.status, criteria, author: await currentAuthor(uri) });
}

export interface ImprovementViewApi {
  provider: ImprovementTreeProvider;
  view: vscode.TreeView<ImprovementNode>;
}

export function registerImprovementTree(services: Services, model: ImprovementModel): vscode.Disposable & ImprovementViewApi {
  const provider = new ImprovementTreeProvider(model, services.context.workspaceState);
  const view = vscode.window.createTreeView('ilacs.improvements', { treeDataProvider: provider, showCollapseAll: true });
  const updateContext = (): void => {
    const f = provider.filter;
    void vscode.commands.executeCommand('setContext', 'ilacs.improvements.openOnly', f.status === 'open');
    void vscode.commands.executeCommand('setContext', 'ilacs.improvements.filtered', f.report !== undefined || f.criterion !== undefined || f.assessment !== undefined || f.status !== 'open' || f.stillRaised === true);
    void vscode.commands.executeCommand('setContext', 'ilacs.improvements.stillRaised', f.stillRaised === true);
  };
  updateContext();
  const run = (fn: (...args: unknown[]) => Promise<unknown>) => async (...args: unknown[]) => {
    try {
      await fn(...args);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      services.log.error(message);
      void vscode.window.showErrorMessage(`ILACS: ${message}`);
    }
  };
  const filterCommand = (fn: () => Promise<ImprovementFilter | undefined>) =>
    run(async () => {
      const next = await fn();
      if (next) {
        await provider.setFilter(next);
        updateContext();
      }
    });

  const disposables: vscode.Disposable[] = [
    provider,
    view,
    provider.onDidBuild((tree, codebook) => {
      view.badge = tree.open > 0 ? { value: tree.open, tooltip: `${tree.open} open improvement area${tree.open === 1 ? '' : 's'}` } : undefined;
      view.description = [filterDescription(provider.filter, (id) => codebook.criteria.find((c) => c.id === id)?.label ?? id), provider.filter.stillRaised ? 'still raised in the latest report' : ''].filter(Boolean).join(' · ') || undefined;
      view.message = tree.total === 0 && services.index.all().length > 0 ? 'No improvement areas match the filters.' : undefined;
    }),
    vscode.commands.registerCommand('ilacs.improvements.refresh', () => provider.refresh()),
    vscode.commands.registerCommand(
      'ilacs.improvements.open',
      run(async (arg) => {
        const found = itemFrom(model, arg);
        if (found) await revealInReport(found.uri, await rangeToSelect(services, found.uri, found.item));
      }),
    ),
    vscode.commands.registerCommand('ilacs.improvements.markResolved', run((arg) => setItemStatus(services, model, arg, 'resolved'))),
    vscode.commands.registerCommand('ilacs.improvements.reopen', run((arg) => setItemStatus(services, model, arg, 'open'))),
    vscode.commands.registerCommand('ilacs.improvements.setInProgress', run((arg) => setItemStatus(services, model, arg, 'in-progress'))),
    vscode.commands.registerCommand(
      'ilacs.improvements.editCriteria',
      run(async (arg, given?: unknown) => {
        const found = itemFrom(model, arg);
        if (!found) return;
        if (found.item.annotation !== undefined) {
          await vscode.commands.executeCommand('ilacs.editTags', { uri: found.uri, id: found.item.annotation });
        } else {
          await editPrintedCriteria(services, found.item, found.uri, Array.isArray(given) ? (given as string[]) : undefined);
        }
      }),
    ),
    vscode.commands.registerCommand(
      'ilacs.improvements.openEvidence',
      run(async (arg) => {
        const found = itemFrom(model, arg);
        if (!found) return;
        const evidence = found.item.evidence.flatMap((k) => model.lookup(k) ?? []);
        if (evidence.length === 0) {
          void vscode.window.showInformationMessage('No tagged paragraph of this local authority shares a criterion with this improvement area yet.');
          return;
        }
        const pick = await vscode.window.showQuickPick(
          evidence.map((e) => ({ label: e.item.text, description: itemOrigin(e.item), e })),
          { title: 'Tagged evidence for this improvement area', matchOnDescription: true },
        );
        if (pick) await revealInReport(pick.e.uri, await rangeToSelect(services, pick.e.uri, pick.e.item));
      }),
    ),
    vscode.commands.registerCommand(
      'ilacs.improvements.copyAsText',
      run(async (arg) => {
        const found = itemFrom(model, arg);
        if (!found) return;
        const codebook = await services.codebooks.codebookFor(found.uri);
        const labels = found.item.criteria.map((id) => codebook.criteria.find((c) => c.id === id)?.label ?? id);
        await vscode.env.clipboard.writeText(itemAsText(found.item, labels));
      }),
    ),
    vscode.commands.registerCommand('ilacs.improvements.showAll', filterCommand(async () => ({ ...provider.filter, status: 'all' }))),
    vscode.commands.registerCommand('ilacs.improvements.showOpenOnly', filterCommand(async () => ({ ...provider.filter, status: 'open' }))),
    vscode.commands.registerCommand('ilacs.improvements.clearFilters', filterCommand(async () => ({ status: 'open' }))),
    vscode.commands.registerCommand(
      'ilacs.improvements.filterReport',
      filterCommand(async () => {
        const entries = await model.reports();
        const all = { label: 'All reports', file: undefined as string | undefined };
        const picks = [all, ...entries.map((e) => ({ label: e.indexed.report.file, description: e.indexed.report.localAuthority ?? '', file: e.indexed.report.file as string | undefined }))];
        const pick = await vscode.window.showQuickPick(picks, { title: 'Show the improvement areas of one report', matchOnDescription: true });
        return pick && { ...provider.filter, report: pick.file };
      }),
    ),
    vscode.commands.registerCommand(
      'ilacs.improvements.filterCriterion',
      filterCommand(async () => {
        const codebook = await model.codebook();
        const picks = [{ label: 'All criteria', id: undefined as string | undefined }, ...codebook.criteria.map((c) => ({ label: c.label, description: c.id, id: c.id as string | undefined }))];
        const pick = await vscode.window.showQuickPick(picks, { title: 'Show the improvement areas of one criterion', matchOnDescription: true });
        return pick && { ...provider.filter, criterion: pick.id };
      }),
    ),
    vscode.commands.registerCommand(
      'ilacs.improvements.filterAssessment',
      filterCommand(async () => {
        const picks = [{ label: 'Any assessment', value: undefined as Assessment | undefined }, ...ASSESSMENTS.filter((a) => a !== 'strength').map((a) => ({ label: ASSESSMENT_LABELS[a], value: a as Assessment | undefined }))];
        const pick = await vscode.window.showQuickPick(picks, { title: 'Show tagged paragraphs with one assessment (printed areas have none)' });
        return pick && { ...provider.filter, assessment: pick.value };
      }),
    ),
    registerFollowUpCommands(services, model, provider, run, updateContext),
    vscode.commands.registerCommand(
      'ilacs.goToImprovement',
      run(async () => {
        const items = await model.items();
        const codebook = await services.codebooks.codebookFor(vscode.workspace.workspaceFolders?.[0]?.uri);
        const pick = await vscode.window.showQuickPick(
          items.map((item) => ({ label: `$(${item.source === 'printed' ? 'circle-large-outline' : 'tag'}) ${item.text}`, description: `${statusLabel(item.status)} · ${itemOrigin(item)}`, detail: `${criteriaLabels(item.criteria, codebook)} (${item.criteria.join(', ')})`, key: item.key })),
          { title: 'Go to Improvement', matchOnDescription: true, matchOnDetail: true, placeHolder: 'Words of the item, its local authority or criterion' },
        );
        if (pick) await vscode.commands.executeCommand('ilacs.improvements.open', pick.key);
      }),
    ),
  ];
  const result = vscode.Disposable.from(...disposables) as vscode.Disposable & ImprovementViewApi;
  result.provider = provider;
  result.view = view;
  return result;
}
