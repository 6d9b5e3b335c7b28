/**
 * **ILACS: Compare Taggers...** and the Disagreements view: the agreement of two or more authors
 * over the workspace's tagged reports (figures per criterion, pooled and for assessments), then
 * every paragraph they differ on, with what each said. Each paragraph is settled by a tag of a third
 * author (`ilacs.moderation.author`, "moderated"): one side's criteria and assessment, both sides',
 * or a tag agreed between them. The taggers' own tags are never changed; progress through the list
 * is the share of paragraphs with a moderated tag.
 */
import * as vscode from 'vscode';
import { criteriaLabels } from '../views/labels';
import {
  agreementReport,
  authorsOf,
  computeAgreement,
  moderatedTag,
  moderatedTagOn,
  type AgreementReport,
  type AgreementResult,
  type AuthorView,
  type Figures,
  type ParagraphDisagreement,
  type Settlement,
} from '../../core/agreement';
import { ASSESSMENTS, ASSESSMENT_WORDS, type Assessment } from '../../core/annotations';
import { loadReport } from '../../core/workspace/load';
import type { ReportKey } from '../annotationService';
import { toVsRange } from '../convert';
import { revealInReport } from '../reveal';
import type { Services } from '../services';
import { readSettings } from '../settings';
import { pickCriteria } from '../tagging/criterionPicker';
import { paragraphById, paragraphRangeOffsets, reportTarget } from '../tagging/target';

export type DisagreementNode =
  | { kind: 'summary' }
  | { kind: 'figure'; label: string; figures: Figures }
  | { kind: 'paragraph'; d: ParagraphDisagreement }
  | { kind: 'view'; parent: ParagraphDisagreement; view: AuthorView };

export interface Comparison {
  authors: string[];
  moderator: string;
  result: AgreementResult;
  /** Paragraphs settled so far, by `file#paragraph`, with the moderated tag's id. */
  settled: Map<string, string>;
}

interface Source {
  key: ReportKey;
  uri: vscode.Uri;
}

const keyOf = (d: { file: string; paragraph: string }): string => `${d.file}#${d.paragraph}`;

function number(x: number | null): string {
  return x === null ? '–' : x.toFixed(2);
}

export function figuresText(f: Figures): string {
  return `agreement ${number(f.agreement)} · κ ${number(f.kappa)} · α ${number(f.alpha)} · ${f.units} unit${f.units === 1 ? '' : 's'}`;
}

function viewText(v: AuthorView): string {
  const assessment = v.assessment === null ? 'not tagged' : v.assessment === 'none' ? 'no assessment' : ASSESSMENT_WORDS[v.assessment];
  return `${v.criteria.length ? criteriaLabels(v.criteria) : 'no criteria'}; ${assessment}`;
}

function paragraphLabel(d: { paragraph: string; number: number | null }): string {
  return d.number !== null ? `Paragraph ${d.number}` : d.paragraph;
}

export class DisagreementTreeProvider implements vscode.TreeDataProvider<DisagreementNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<DisagreementNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  comparison: Comparison | undefined;
  private roots: DisagreementNode[] = [];
  private readonly summary: DisagreementNode = { kind: 'summary' };
  private figureNodes: DisagreementNode[] = [];

  set(comparison: Comparison | undefined): void {
    this.comparison = comparison;
    if (comparison) {
      const r = comparison.result;
      this.figureNodes = [
        { kind: 'figure', label: 'Criteria, pooled', figures: r.pooled },
        { kind: 'figure', label: 'Assessment', figures: r.assessment },
        ...r.criteria.map((c): DisagreementNode => ({ kind: 'figure', label: criteriaLabels([c.id]), figures: c })),
      ];
      this.roots = [this.summary, ...r.paragraphs.map((d): DisagreementNode => ({ kind: 'paragraph', d }))];
    } else {
      this.roots = [];
      this.figureNodes = [];
    }
    this.changed.fire(undefined);
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  paragraphNodes(): (DisagreementNode & { kind: 'paragraph' })[] {
    return this.roots.filter((n): n is DisagreementNode & { kind: 'paragraph' } => n.kind === 'paragraph');
  }

  isSettled(d: ParagraphDisagreement): boolean {
    return this.comparison?.settled.has(keyOf(d)) ?? false;
  }

  progress(): { settled: number; total: number } {
    const total = this.comparison?.result.paragraphs.length ?? 0;
    const settled = this.comparison ? this.comparison.result.paragraphs.filter((d) => this.isSettled(d)).length : 0;
    return { settled, total };
  }

  getChildren(node?: DisagreementNode): DisagreementNode[] {
    if (!node) return this.roots;
    if (node.kind === 'summary') return this.figureNodes;
    if (node.kind === 'paragraph') return node.d.views.map((view): DisagreementNode => ({ kind: 'view', parent: node.d, view }));
    return [];
  }

  getParent(node: DisagreementNode): DisagreementNode | undefined {
    if (node.kind === 'figure') return this.summary;
    if (node.kind === 'view') return this.paragraphNodes().find((p) => p.d === node.parent);
    return undefined;
  }

  getTreeItem(node: DisagreementNode): vscode.TreeItem {
    const c = this.comparison;
    switch (node.kind) {
      case 'summary': {
        const t = new vscode.TreeItem(`Agreement of ${c?.authors.join(', ') ?? ''}`, vscode.TreeItemCollapsibleState.Expanded);
        t.id = 'summary';
        t.description = c ? `${c.result.units} paragraphs in ${c.result.reports.length} report${c.result.reports.length === 1 ? '' : 's'}` : '';
        t.iconPath = new vscode.ThemeIcon('graph');
        t.tooltip = 'Observed agreement, Cohen\'s kappa (two authors) and Krippendorff\'s alpha (nominal), with the paragraph as the unit. – where a figure is undefined.';
        return t;
      }
      case 'figure': {
        const t = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
        t.id = `figure:${node.label}`;
        t.description = figuresText(node.figures);
        return t;
      }
      case 'paragraph': {
        const settled = this.isSettled(node.d);
        const t = new vscode.TreeItem(paragraphLabel(node.d), vscode.TreeItemCollapsibleState.Collapsed);
        t.id = `paragraph:${keyOf(node.d)}`;
        const differs = [...node.d.criteria, ...(node.d.assessment ? ['assessment'] : [])].join(', ');
        t.description = `${node.d.file} · ${settled ? 'settled' : `differ on ${differs}`}`;
        t.iconPath = new vscode.ThemeIcon(settled ? 'pass' : 'diff', new vscode.ThemeColor(settled ? 'testing.iconPassed' : 'list.warningForeground'));
        const md = new vscode.MarkdownString();
        md.appendText(node.d.text.length > 400 ? `${node.d.text.slice(0, 400)}…` : node.d.text);
        md.appendMarkdown('\n\n---\n\n');
        for (const v of node.d.views) md.appendText(`${v.author}: ${viewText(v)}\n\n`);
        t.tooltip = md;
        t.contextValue = settled ? 'disagreement.settled' : 'disagreement';
        t.command = { command: 'ilacs.disagreements.open', title: 'Open Paragraph', arguments: [node] };
        return t;
      }
      case 'view': {
        const t = new vscode.TreeItem(node.view.author, vscode.TreeItemCollapsibleState.None);
        t.id = `view:${keyOf(node.parent)}:${node.view.author}`;
        t.description = viewText(node.view);
        t.iconPath = new vscode.ThemeIcon('account');
        t.contextValue = 'disagreement.side';
        t.command = { command: 'ilacs.disagreements.open', title: 'Open Paragraph', arguments: [node] };
        return t;
      }
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** The tagged reports of every workspace folder, read from disk as stored (blind tagging does not apply here). */
async function loadTagged(services: Services, token?: vscode.CancellationToken): Promise<{ reports: AgreementReport[]; sources: Map<string, Source> }> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const reports: AgreementReport[] = [];
  const sources = new Map<string, Source>();
  for (const folder of folders) {
    const store = services.annotations.storeFor(folder);
    for (const file of await store.reports()) {
      if (token?.isCancellationRequested) return { reports, sources };
      const loaded = await loadReport(store.fs, store, file);
      if (!loaded.store.ok) {
        services.log.warn(`Compare Taggers: ${loaded.store.file} in ${folder.name} cannot be read; its tags are left out`);
        continue;
      }
      const r = agreementReport(loaded);
      if (!r) continue;
      const shown = folders.length > 1 ? `${folder.name}/${file}` : file;
      reports.push({ ...r, file: shown });
      sources.set(shown, { key: { folder, report: file }, uri: vscode.Uri.joinPath(folder.uri, ...file.split('/')) });
    }
  }
  return { reports, sources };
}

export interface CompareArgs {
  /** The authors to compare (skips the picker). */
  authors?: string[];
}

export interface ModerationController {
  provider: DisagreementTreeProvider;
  view: vscode.TreeView<DisagreementNode>;
  compare(args?: CompareArgs): Promise<Comparison | undefined>;
}

export function registerCompareTaggers(services: Services): vscode.Disposable & { moderation: ModerationController } {
  const provider = new DisagreementTreeProvider();
  const view = vscode.window.createTreeView('ilacs.disagreements', { treeDataProvider: provider, showCollapseAll: true });
  let sources = new Map<string, Source>();

  const updateProgress = (): void => {
    const { settled, total } = provider.progress();
    view.description = provider.comparison ? `${settled} of ${total} settled` : undefined;
    view.badge = total - settled > 0 ? { value: total - settled, tooltip: `${total - settled} disagreement${total - settled === 1 ? '' : 's'} to settle` } : undefined;
    const c = provider.comparison;
    view.message = !c
      ? undefined
      : c.result.reports.length === 0
        ? `No report has tags by at least two of ${c.authors.join(', ')}, so there is nothing to compare.`
        : total === 0
          ? 'The authors agree on every paragraph.'
          : settled === total
            ? 'Every disagreement is settled.'
            : undefined;
  };

  const compare = async (args: CompareArgs = {}): Promise<Comparison | undefined> => {
    const loaded = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Compare Taggers: reading the tagged reports', cancellable: true },
      (_progress, token) => loadTagged(services, token).then((r) => (token.isCancellationRequested ? undefined : r)),
    );
    if (!loaded) return undefined;
    const known = authorsOf(loaded.reports);
    let authors = args.authors;
    if (!authors) {
      if (known.length < 2) {
        void vscode.window.showInformationMessage(`Compare Taggers needs tags by at least two authors; ${known.length ? `only ${known[0]} has tagged` : 'nobody has tagged'} these reports.`);
        return undefined;
      }
      const picked = await vscode.window.showQuickPick(
        known.map((a) => ({ label: a, picked: false })),
        { canPickMany: true, title: 'Compare Taggers: choose two or more authors', placeHolder: 'Authors of tags in this workspace' },
      );
      if (!picked) return undefined;
      authors = picked.map((p) => p.label);
    }
    if (new Set(authors).size < 2) {
      void vscode.window.showWarningMessage('Choose at least two different authors to compare.');
      return undefined;
    }
    const moderator = readSettings().moderator;
    const result = computeAgreement(loaded.reports, authors);
    const settled = new Map<string, string>();
    const byFile = new Map(loaded.reports.map((r) => [r.file, r]));
    for (const d of result.paragraphs) {
      const id = moderatedTagOn(byFile.get(d.file) as AgreementReport, d.paragraph, moderator);
      if (id !== undefined) settled.set(keyOf(d), id);
    }
    sources = loaded.sources;
    const comparison: Comparison = { authors: result.authors, moderator, result, settled };
    provider.set(comparison);
    await vscode.commands.executeCommand('setContext', 'ilacs.hasComparison', true);
    updateProgress();
    // Showing the view is a courtesy: the figures are there whether or not it can be focused now.
    await vscode.commands.executeCommand('ilacs.disagreements.focus').then(undefined, () => undefined);
    return comparison;
  };

  const paragraphOf = (node: unknown): ParagraphDisagreement | undefined => {
    const n = node as DisagreementNode | undefined;
    if (n?.kind === 'paragraph') return n.d;
    if (n?.kind === 'view') return n.parent;
    // From the command palette: the selected paragraph, else the first unsettled one.
    const selected = view.selection[0];
    if (selected && selected !== n) return paragraphOf(selected);
    return provider.paragraphNodes().find((p) => !provider.isSettled(p.d))?.d;
  };

  const open = async (d: ParagraphDisagreement): Promise<void> => {
    const source = sources.get(d.file);
    if (!source) return;
    // The paragraph's words, without its printed number, as the editor has them now.
    let range = toVsRange(d.range);
    try {
      const target = await reportTarget(services, source.uri);
      const { start, end } = paragraphRangeOffsets(target.document, paragraphById(target.report, d.paragraph));
      range = new vscode.Range(target.document.positionAt(start), target.document.positionAt(end));
    } catch {
      // The report changed so that the paragraph is gone: show where it was.
    }
    await revealInReport(source.uri, range, { preview: false });
  };

  const next = async (after?: ParagraphDisagreement): Promise<ParagraphDisagreement | undefined> => {
    const nodes = provider.paragraphNodes();
    const start = after ? nodes.findIndex((n) => n.d === after) + 1 : 0;
    const ordered = [...nodes.slice(start), ...nodes.slice(0, start)];
    const found = ordered.find((n) => !provider.isSettled(n.d));
    if (!found) return undefined;
    await open(found.d);
    if (view.visible) await view.reveal(found, { select: true, focus: false }).then(undefined, () => undefined);
    return found.d;
  };

  const settle = async (d: ParagraphDisagreement, settlement: Settlement): Promise<string | undefined> => {
    const comparison = provider.comparison;
    const source = sources.get(d.file);
    if (!comparison || !source) return undefined;
    const tag = moderatedTag(d, settlement);
    const existing = comparison.settled.get(keyOf(d));
    let id: string;
    if (existing !== undefined) {
      id = (await services.annotations.update(source.key, existing, { criteria: tag.criteria, assessment: tag.assessment, note: tag.note })).id;
    } else {
      const target = await reportTarget(services, source.uri);
      const paragraph = paragraphById(target.report, d.paragraph);
      const { start, end } = paragraphRangeOffsets(target.document, paragraph);
      id = (await services.annotations.add(target.document, start, end, { paragraph: paragraph.id, criteria: tag.criteria, assessment: tag.assessment, status: 'open', note: tag.note, author: comparison.moderator })).id;
    }
    comparison.settled.set(keyOf(d), id);
    provider.refresh();
    updateProgress();
    await next(d);
    return id;
  };

  const guard = <A extends unknown[]>(run: (...args: A) => Promise<unknown>) => async (...args: A): Promise<unknown> => {
    try {
      return await run(...args);
    } catch (err) {
      void vscode.window.showErrorMessage(`ILACS: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    }
  };

  const d = vscode.Disposable.from(
    provider,
    view,
    vscode.commands.registerCommand('ilacs.compareTaggers', guard((args?: CompareArgs) => compare(args))),
    vscode.commands.registerCommand('ilacs.disagreements.open', guard(async (node?: DisagreementNode) => {
      const p = paragraphOf(node);
      if (p) await open(p);
    })),
    vscode.commands.registerCommand('ilacs.disagreements.next', guard(async () => {
      const selected = view.selection[0];
      const found = await next(selected ? paragraphOf(selected) : undefined);
      if (!found) void vscode.window.showInformationMessage(provider.comparison ? 'Every disagreement is settled.' : 'Run ILACS: Compare Taggers... first.');
      return found;
    })),
    vscode.commands.registerCommand('ilacs.disagreements.accept', guard(async (node?: DisagreementNode, options?: { author?: string }) => {
      const p = paragraphOf(node);
      if (!p) return undefined;
      let author = options?.author ?? (node?.kind === 'view' ? node.view.author : undefined);
      if (author === undefined) {
        const picked = await vscode.window.showQuickPick(p.views.map((v) => ({ label: v.author, description: viewText(v) })), { title: `Accept whose tag of ${paragraphLabel(p)}?` });
        author = picked?.label;
      }
      return author === undefined ? undefined : settle(p, { kind: 'accept', author });
    })),
    vscode.commands.registerCommand('ilacs.disagreements.keepBoth', guard(async (node?: DisagreementNode) => {
      const p = paragraphOf(node);
      return p ? settle(p, { kind: 'keep-both' }) : undefined;
    })),
    vscode.commands.registerCommand('ilacs.disagreements.writeAgreed', guard(async (node?: DisagreementNode, options?: { criteria?: string[]; assessment?: Assessment | null }) => {
      const p = paragraphOf(node);
      const source = p && sources.get(p.file);
      if (!p || !source) return undefined;
      let criteria = options?.criteria;
      if (criteria === undefined) {
        const target = await reportTarget(services, source.uri);
        const codebook = await services.codebooks.codebookFor(source.uri);
        criteria = await pickCriteria(
          { codebook, report: target.report, paragraph: paragraphById(target.report, p.paragraph), selected: [...new Set(p.views.flatMap((v) => v.criteria))], suggestions: 0 },
          `Agreed tag of ${paragraphLabel(p)}`,
        );
        if (!criteria) return undefined;
      }
      let assessment = options?.assessment;
      if (assessment === undefined) {
        const picked = await vscode.window.showQuickPick(
          [{ label: 'No assessment', value: null as Assessment | null }, ...ASSESSMENTS.map((a) => ({ label: ASSESSMENT_WORDS[a], value: a as Assessment | null }))],
          { title: `Agreed assessment of ${paragraphLabel(p)}` },
        );
        if (!picked) return undefined;
        assessment = picked.value;
      }
      return settle(p, { kind: 'agreed', criteria, assessment });
    })),
  ) as vscode.Disposable & { moderation: ModerationController };
  d.moderation = { provider, view, compare };
  return d;
}
