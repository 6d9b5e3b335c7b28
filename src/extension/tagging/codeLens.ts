/**
 * CodeLens lines: above each tagged passage its criteria, assessment and status (click to edit the
 * criteria), and, when `ilacs.codeLens.tagAction` is on, "Tag…" above each numbered paragraph that
 * has no tag yet.
 */
import * as vscode from 'vscode';
import { isOfstedReport, REPORT_SELECTOR } from '../reportCache';
import type { Services } from '../services';
import { affects, readSettings } from '../settings';
import { toVsRange } from '../convert';
import { COMMANDS, tagSummary } from './commands';

export class TagCodeLensProvider implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(private readonly services: Services) {
    this.disposables.push(
      services.annotations.onDidChange(() => this.changed.fire()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affects(e, 'codeLens.enabled', 'codeLens.tagAction')) this.changed.fire();
      }),
    );
  }

  async provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    const settings = readSettings(document.uri);
    if (!settings.codeLensEnabled || !this.services.annotations.keyOf(document.uri)) return [];
    const anchored = await this.services.annotations.anchored(document);
    const codebook = await this.services.codebooks.codebookFor(document.uri);
    if (token.isCancellationRequested) return [];
    const lenses: vscode.CodeLens[] = [];
    const taggedLines = new Set<number>();
    const uri = document.uri.toString();
    for (const a of anchored) {
      if (!a.range) continue;
      const line = new vscode.Range(a.range.start.line, 0, a.range.start.line, 0);
      taggedLines.add(a.range.start.line);
      lenses.push(
        new vscode.CodeLens(line, {
          title: `$(tag) ${tagSummary(a.annotation, codebook)}${a.annotation.note ? ' · $(note)' : ''}`,
          tooltip: a.annotation.note ? `Edit the criteria. Note: ${a.annotation.note}` : 'Edit the criteria of this tag',
          command: COMMANDS.editTags,
          arguments: [{ uri, id: a.annotation.id }],
        }),
      );
    }
    const report = settings.codeLensTagAction ? this.services.reports.get(document) : undefined;
    // "Tag…" only on Ofsted reports, not on every text file with a numbered list.
    if (report && isOfstedReport(report)) {
      for (const p of report.paragraphs) {
        if (p.number === null) continue;
        const range = toVsRange(p.range);
        // A paragraph that already carries a tag has the tag's lens instead.
        if (anchored.some((a) => a.range && a.range.intersection(range))) continue;
        if (taggedLines.has(range.start.line)) continue;
        lenses.push(
          new vscode.CodeLens(new vscode.Range(range.start.line, 0, range.start.line, 0), {
            title: 'Tag…',
            tooltip: `Tag paragraph ${p.number} against the codebook`,
            command: COMMANDS.tagParagraph,
            arguments: [{ uri, paragraphId: p.id }],
          }),
        );
      }
    }
    return lenses;
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

export function registerTagCodeLens(services: Services): vscode.Disposable {
  const provider = new TagCodeLensProvider(services);
  return vscode.Disposable.from(provider, vscode.languages.registerCodeLensProvider(REPORT_SELECTOR, provider));
}
