/**
 * Follow-ups and improvement plans in the Improvement Areas view. Under each item: the status its
 * latest follow-up suggests (click to accept; shown only while nobody has set the item's status),
 * its plan (owner, due date, RAG and reason), then the paragraphs of later reports of the authority
 * that evaluate the same matter, oldest first (click opens the report there). The item's own row
 * shows the latest follow-up ("2023 monitoring visit: progress").
 *
 * A suggestion is never applied by itself: accepting it is one action, and writes the status to the
 * store as any status change does; from then on the status is the user's and no suggestion shows.
 */
import * as vscode from 'vscode';
import { RAGS, type AnnotationStatus, type ImprovementPlanInput, type PlanTarget, type Rag } from '../../core/annotations';
import { describeFollowUpReport, describeLatest, type FollowUp } from '../../core/followups';
import type { ImprovementFilter, ImprovementItem } from '../../core/workspace/improvements';
import { revealInReport } from '../reveal';
import { currentAuthor, type Services } from '../services';
import type { ImprovementModel } from './improvementModel';
import { dateLabel, statusLabel } from './labels';

export type FollowUpNode =
  | { kind: 'followUp'; id: string; item: ImprovementItem; followUp: FollowUp }
  | { kind: 'suggestion'; id: string; item: ImprovementItem; status: AnnotationStatus }
  | { kind: 'plan'; id: string; item: ImprovementItem };

/** The status the item's follow-ups suggest, while nobody has set its status and it differs from the one shown. */
export function pendingSuggestion(item: ImprovementItem): AnnotationStatus | null {
  const s = item.followUps?.suggestedStatus ?? null;
  return s !== null && !item.statusSet && s !== item.status ? s : null;
}

function hasPlan(item: ImprovementItem): boolean {
  const p = item.plan;
  return !!p && (p.owner !== '' || p.due !== null || p.rag !== null || p.reason !== '');
}

export function hasFollowUpChildren(item: ImprovementItem): boolean {
  return (item.followUps?.followUps.length ?? 0) > 0 || pendingSuggestion(item) !== null || hasPlan(item);
}

/** The rows under an item, before its evidence. */
export function followUpChildren(parentId: string, item: ImprovementItem): FollowUpNode[] {
  const out: FollowUpNode[] = [];
  const suggested = pendingSuggestion(item);
  if (suggested) out.push({ kind: 'suggestion', id: `${parentId}/suggestion`, item, status: suggested });
  if (hasPlan(item)) out.push({ kind: 'plan', id: `${parentId}/plan`, item });
  for (const f of item.followUps?.followUps ?? []) out.push({ kind: 'followUp', id: `${parentId}/followUp:${f.file}#${f.paragraph}`, item, followUp: f });
  return out;
}

/** What the item's row adds to its description: the latest follow-up, a pending suggestion, the RAG. */
export function followUpDescription(item: ImprovementItem): string[] {
  const parts: string[] = [];
  const latest = item.followUps ? describeLatest(item.followUps) : null;
  if (latest) parts.push(latest);
  const suggested = pendingSuggestion(item);
  if (suggested) parts.push(`suggested: ${statusLabel(suggested).toLowerCase()}`);
  if (item.plan?.rag) parts.push(`RAG ${item.plan.rag}`);
  return parts;
}

export function followUpTooltip(md: vscode.MarkdownString, item: ImprovementItem): void {
  const f = item.followUps;
  if (f && f.followUps.length > 0) {
    md.appendMarkdown('\n\n');
    md.appendText(`Followed up in: ${f.reports.map((r) => `${describeFollowUpReport(r.date, r.reportKind)} (${r.verdict})`).join(', ')}`);
  }
  const suggested = pendingSuggestion(item);
  if (suggested) {
    md.appendMarkdown('\n\n');
    md.appendText(`Suggested status: ${statusLabel(suggested).toLowerCase()} (not yet accepted)`);
  }
  if (hasPlan(item) && item.plan) {
    md.appendMarkdown('\n\n');
    md.appendText(planText(item));
    if (item.plan.reason) md.appendText(` (${item.plan.reason})`);
  }
}

function planText(item: ImprovementItem): string {
  const p = item.plan;
  if (!p) return 'No plan';
  return `Owner: ${p.owner || 'none'} · due: ${p.due ? dateLabel(p.due) : 'none'} · RAG: ${p.rag ?? 'none'}`;
}

const VERDICT_ICONS = { improved: ['pass', 'charts.green'], progress: ['clock', 'charts.blue'], 'not-improved': ['error', 'charts.orange'] } as const;

export function followUpTreeItem(node: FollowUpNode): vscode.TreeItem {
  if (node.kind === 'suggestion') {
    const t = new vscode.TreeItem(`Suggested status: ${statusLabel(node.status).toLowerCase()}`, vscode.TreeItemCollapsibleState.None);
    t.id = node.id;
    const from = node.item.followUps ? describeLatest(node.item.followUps) : null;
    t.description = `from ${from ?? 'a later report'} · click to accept`;
    t.iconPath = new vscode.ThemeIcon('lightbulb');
    t.contextValue = 'improvementSuggestion';
    t.tooltip = 'A status read from what the latest report says of this item. It is not the item\'s status until you accept it.';
    t.command = { command: 'ilacs.improvements.acceptSuggestedStatus', title: 'Accept Suggested Status', arguments: [node] };
    return t;
  }
  if (node.kind === 'plan') {
    const t = new vscode.TreeItem(planText(node.item), vscode.TreeItemCollapsibleState.None);
    t.id = node.id;
    t.description = node.item.plan?.reason || undefined;
    t.iconPath = new vscode.ThemeIcon('checklist', node.item.plan?.rag ? new vscode.ThemeColor({ red: 'charts.red', amber: 'charts.yellow', green: 'charts.green' }[node.item.plan.rag]) : undefined);
    t.contextValue = 'improvementPlan';
    t.command = { command: 'ilacs.improvements.setPlan', title: 'Set Improvement Plan...', arguments: [node] };
    return t;
  }
  const f = node.followUp;
  const t = new vscode.TreeItem(`${describeFollowUpReport(f.date, f.reportKind)}: ${f.verdict}${f.raisedAgain ? ' (raised again)' : ''}`, vscode.TreeItemCollapsibleState.None);
  t.id = node.id;
  t.description = `${f.number !== null ? `paragraph ${f.number}` : f.paragraph} · ${f.excerpt}`;
  const [icon, colour] = VERDICT_ICONS[f.verdict];
  t.iconPath = new vscode.ThemeIcon(icon, new vscode.ThemeColor(colour));
  t.contextValue = 'improvementFollowUp';
  t.tooltip = new vscode.MarkdownString().appendText(`${f.file}, ${f.number !== null ? `paragraph ${f.number}` : f.paragraph} (${dateLabel(f.date)})\n\n${f.excerpt}`);
  t.command = { command: 'ilacs.improvements.openFollowUp', title: 'Open Follow-up', arguments: [node] };
  return t;
}

/** The follow-up a command was given: a tree node, or `{ file, paragraph }`. */
function followUpOf(arg: unknown): { file: string; startLine: number; endLine: number } | undefined {
  const node = arg as FollowUpNode | undefined;
  if (node?.kind === 'followUp') return node.followUp;
  return undefined;
}

/** Plan fields a script or test may pass instead of answering the prompts. */
export interface GivenPlan {
  owner?: string;
  due?: string | null;
  rag?: Rag | null;
  reason?: string;
}

const DUE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Why a due date is not one, or null when it is fine (empty means none). */
export function dueProblem(value: string): string | null {
  if (value.trim() === '') return null;
  const m = DUE.exec(value.trim());
  const d = m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])) : null;
  return m && d && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3] ? null : 'Give a date as yyyy-mm-dd (for example 2027-03-31), or leave it empty for none.';
}

async function askPlan(item: ImprovementItem): Promise<GivenPlan | undefined> {
  const current = item.plan;
  const owner = await vscode.window.showInputBox({ title: 'Improvement plan: owner (1/4)', prompt: item.text, value: current?.owner ?? '', placeHolder: 'Who owns this item, for example Head of Service, Safeguarding' });
  if (owner === undefined) return undefined;
  const due = await vscode.window.showInputBox({ title: 'Improvement plan: due date (2/4)', prompt: 'yyyy-mm-dd, or empty for none', value: current?.due ?? '', validateInput: dueProblem });
  if (due === undefined) return undefined;
  const picks = [...RAGS.map((r) => ({ label: r[0].toUpperCase() + r.slice(1), rag: r as Rag | null })), { label: 'No rating', rag: null as Rag | null }];
  const rag = await vscode.window.showQuickPick(picks, { title: 'Improvement plan: RAG rating (3/4)', placeHolder: current?.rag ? `now ${current.rag}` : 'red, amber or green' });
  if (rag === undefined) return undefined;
  const reason = await vscode.window.showInputBox({ title: 'Improvement plan: reason for the rating (4/4)', value: current?.reason ?? '', placeHolder: 'Why the item has this rating' });
  if (reason === undefined) return undefined;
  return { owner: owner.trim(), due: due.trim() === '' ? null : due.trim(), rag: rag.rag, reason: reason.trim() };
}

function itemOf(model: ImprovementModel, arg: unknown): { item: ImprovementItem; uri: vscode.Uri } | undefined {
  const key = typeof arg === 'string' ? arg : (arg as { item?: ImprovementItem } | undefined)?.item?.key;
  return key === undefined ? undefined : model.lookup(key);
}

interface FilterHost {
  filter: ImprovementFilter;
  setFilter(filter: ImprovementFilter): Promise<void>;
}

export function registerFollowUpCommands(
  services: Services,
  model: ImprovementModel,
  provider: FilterHost,
  run: (fn: (...args: unknown[]) => Promise<unknown>) => (...args: unknown[]) => Promise<void>,
  updateContext: () => void,
): vscode.Disposable {
  const keyFor = (uri: vscode.Uri) => {
    const key = services.annotations.keyOf(uri);
    if (!key) throw new Error(`${uri.fsPath} is not inside an open workspace folder`);
    return key;
  };
  return vscode.Disposable.from(
    vscode.commands.registerCommand(
      'ilacs.improvements.openFollowUp',
      run(async (arg) => {
        const f = followUpOf(arg);
        if (!f) return;
        const folder = vscode.workspace.workspaceFolders?.find((w) => services.index.get(vscode.Uri.joinPath(w.uri, ...f.file.split('/'))));
        const uri = folder ? vscode.Uri.joinPath(folder.uri, ...f.file.split('/')) : undefined;
        if (!uri) throw new Error(`${f.file} is no longer in the workspace`);
        const report = services.index.get(uri)?.report;
        const paragraph = report?.paragraphs.find((p) => p.range.start.line === f.startLine);
        await revealInReport(uri, paragraph ? new vscode.Range(paragraph.range.start.line, paragraph.range.start.character, paragraph.range.end.line, paragraph.range.end.character) : new vscode.Range(f.startLine, 0, f.startLine, 0));
      }),
    ),
    vscode.commands.registerCommand(
      'ilacs.improvements.acceptSuggestedStatus',
      run(async (arg) => {
        const found = itemOf(model, arg);
        if (!found) return;
        const suggested = pendingSuggestion(found.item);
        if (!suggested) {
          void vscode.window.showInformationMessage('This item has no suggested status to accept (its status was set, or no later report speaks of it).');
          return;
        }
        const { item, uri } = found;
        const key = keyFor(uri);
        if (item.improvement) {
          await services.annotations.setImprovementStatus(key, { improvement: item.improvement.id, quote: item.improvement.quote, status: suggested, author: await currentAuthor(uri) });
        } else if (item.annotation) {
          await services.annotations.update(key, item.annotation, { status: suggested });
        }
      }),
    ),
    vscode.commands.registerCommand(
      'ilacs.improvements.setPlan',
      run(async (arg, given?: unknown) => {
        const found = itemOf(model, arg);
        if (!found) return;
        const { item, uri } = found;
        if (item.orphaned) throw new Error('This tag is orphaned: re-attach it before planning it.');
        const plan = given && typeof given === 'object' ? (given as GivenPlan) : await askPlan(item);
        if (!plan) return;
        if (typeof plan.due === 'string') {
          const problem = dueProblem(plan.due);
          if (problem) throw new Error(`Due date "${plan.due}": ${problem}`);
        }
        const target: PlanTarget = item.annotation !== undefined ? { annotation: item.annotation } : { improvement: item.improvement?.id ?? '', quote: item.improvement?.quote ?? '' };
        const input: ImprovementPlanInput = { ...plan, author: await currentAuthor(uri) };
        await services.annotations.setImprovementPlan(keyFor(uri), target, input);
      }),
    ),
    vscode.commands.registerCommand(
      'ilacs.improvements.showStillRaised',
      run(async () => {
        await provider.setFilter({ ...provider.filter, stillRaised: true });
        updateContext();
      }),
    ),
    vscode.commands.registerCommand(
      'ilacs.improvements.showAllRaised',
      run(async () => {
        await provider.setFilter({ ...provider.filter, stillRaised: undefined });
        updateContext();
      }),
    ),
  );
}
