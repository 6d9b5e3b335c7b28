/**
 * **ILACS: Find Tags...**: every tag in the workspace in one searchable list (criterion labels and
 * ids, assessment, status, author, report, quoted text and note), with Go to. Typing searches all
 * of those at once; the same fields filter `ilacs annotations` on the command line.
 */
import * as vscode from 'vscode';
import { ASSESSMENT_WORDS, STATUS_WORDS, type Annotation } from '../../core/annotations';
import type { Codebook } from '../../core/codebook';
import { revealInReport } from '../reveal';
import type { Services } from '../services';
import { tagSummary } from './commands';

export interface FoundTag {
  folder: vscode.WorkspaceFolder;
  annotation: Annotation;
}

interface TagItem extends vscode.QuickPickItem {
  found: FoundTag;
}

/** Every tag of every workspace folder, by report path then position. Unreadable store files are skipped (they are in Problems). */
export async function allTags(services: Services, token?: vscode.CancellationToken): Promise<FoundTag[]> {
  const out: FoundTag[] = [];
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const reports = await services.annotations.storeFor(folder).reports();
    for (const report of reports) {
      if (token?.isCancellationRequested) return out;
      const { annotations } = await services.annotations.read({ folder, report });
      for (const annotation of annotations) out.push({ folder, annotation });
    }
  }
  return out.sort((a, b) => (a.annotation.report < b.annotation.report ? -1 : a.annotation.report > b.annotation.report ? 1 : a.annotation.selectors.position.start - b.annotation.selectors.position.start));
}

function itemFor(found: FoundTag, codebook: Codebook): TagItem {
  const a = found.annotation;
  const quote = a.selectors.quote.exact.replace(/\s+/g, ' ').trim();
  return {
    label: `$(tag) ${tagSummary(a, codebook)}`,
    description: [a.report, a.paragraph, a.criteria.join(' '), a.assessment ?? 'no assessment', a.status, a.author].join(' · '),
    detail: a.note ? `${quote.slice(0, 120)} — Note: ${a.note}` : quote.slice(0, 160),
    found,
  };
}

/** Opens a tag's report with the cursor on the tag (found again in the current text). */
export async function goToTag(services: Services, found: FoundTag): Promise<vscode.TextEditor> {
  const uri = vscode.Uri.joinPath(found.folder.uri, ...found.annotation.report.split('/'));
  const document = await vscode.workspace.openTextDocument(uri);
  const anchored = (await services.annotations.anchored(document)).find((x) => x.annotation.id === found.annotation.id);
  return revealInReport(document, anchored?.range ?? null, { cursorOnly: true });
}

export function registerFindTags(services: Services): vscode.Disposable {
  return vscode.commands.registerCommand('ilacs.findTags', async (query?: string) => {
    const quickPick = vscode.window.createQuickPick<TagItem>();
    quickPick.title = 'Find Tags in the workspace';
    quickPick.placeholder = `Search criteria, ${Object.values(ASSESSMENT_WORDS).join(', ')}, ${Object.values(STATUS_WORDS).join(', ')}, authors, reports, quotes and notes`;
    quickPick.matchOnDescription = true;
    quickPick.matchOnDetail = true;
    quickPick.busy = true;
    if (typeof query === 'string') quickPick.value = query;
    const cancel = new vscode.CancellationTokenSource();
    quickPick.show();
    try {
      const found = await allTags(services, cancel.token);
      const codebook = await services.codebooks.codebookFor(vscode.workspace.workspaceFolders?.[0]?.uri);
      quickPick.items = found.map((f) => itemFor(f, codebook));
      quickPick.busy = false;
      if (found.length === 0) quickPick.placeholder = 'No tags in this workspace yet: put the cursor in a paragraph and run "ILACS: Tag Paragraph or Selection"';
      const chosen = await new Promise<TagItem | undefined>((resolve) => {
        quickPick.onDidAccept(() => resolve(quickPick.selectedItems[0] ?? quickPick.activeItems[0]));
        quickPick.onDidHide(() => resolve(undefined));
      });
      if (!chosen) return undefined;
      await goToTag(services, chosen.found);
      return chosen.found.annotation;
    } finally {
      cancel.cancel();
      cancel.dispose();
      quickPick.dispose();
    }
  });
}

