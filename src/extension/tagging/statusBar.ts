/** The status bar item for the active report: its tag counts; clicking it lists the tags. */
import * as vscode from 'vscode';
import { isOfstedReport } from '../reportCache';
import type { AnchoredAnnotation } from '../annotationService';
import { isReportDocument } from '../reportCache';
import type { Services } from '../services';
import { COMMANDS } from './commands';

/** "ILACS: 5 tags · 2 open · 1 orphan" (zero counts after the first are left out). */
export function statusText(anchored: readonly AnchoredAnnotation[]): string {
  const n = anchored.length;
  const open = anchored.filter((a) => a.annotation.status === 'open').length;
  const orphans = anchored.filter((a) => a.orphaned).length;
  const parts = [`${n} ${n === 1 ? 'tag' : 'tags'}`];
  if (open) parts.push(`${open} open`);
  if (orphans) parts.push(`${orphans} ${orphans === 1 ? 'orphan' : 'orphans'}`);
  return `ILACS: ${parts.join(' · ')}`;
}

export class TagStatusBar implements vscode.Disposable {
  readonly item = vscode.window.createStatusBarItem('ilacs.tags', vscode.StatusBarAlignment.Left, 50);
  private readonly disposables: vscode.Disposable[] = [this.item];
  private pending: ReturnType<typeof setTimeout> | undefined;
  private generation = 0;

  constructor(private readonly services: Services) {
    this.item.name = 'ILACS tags';
    this.item.command = COMMANDS.showTags;
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor(() => void this.update()),
      services.annotations.onDidChange(() => void this.update()),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document !== vscode.window.activeTextEditor?.document) return;
        clearTimeout(this.pending);
        this.pending = setTimeout(() => void this.update(), 300);
      }),
    );
    void this.update();
  }

  async update(): Promise<void> {
    const generation = ++this.generation;
    const document = vscode.window.activeTextEditor?.document;
    if (!document || !isReportDocument(document) || !this.services.annotations.keyOf(document.uri)) {
      this.item.hide();
      return;
    }
    try {
      const anchored = await this.services.annotations.anchored(document);
      if (generation !== this.generation) return;
      // Shown on Ofsted reports and on any file that already has tags, not on every text file.
      if (anchored.length === 0 && !isOfstedReport(this.services.reports.get(document))) {
        this.item.hide();
        return;
      }
      this.item.text = `$(tag) ${statusText(anchored)}`;
      this.item.tooltip = 'Tags in this report: click to list them';
      this.item.show();
    } catch (err) {
      this.services.log.warn(`Tag counts unavailable: ${err instanceof Error ? err.message : String(err)}`);
      this.item.hide();
    }
  }

  dispose(): void {
    clearTimeout(this.pending);
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

export function registerTagStatusBar(services: Services): vscode.Disposable {
  return new TagStatusBar(services);
}
