/**
 * When a report is saved, the stored selectors of its tags are brought up to the saved text, and
 * the paragraph id recorded with each tag follows the paragraph its text is now in, so the store
 * matches the file on disk. Orphans are left as they are.
 */
import * as vscode from 'vscode';
import { paragraphForAnchor } from '../../core/annotations';
import { LineIndex } from '../../core/range';
import { isReportDocument } from '../reportCache';
import type { Services } from '../services';

/** Brings the store of one saved report up to date; returns how many tags changed. */
export async function followSavedText(services: Services, document: vscode.TextDocument): Promise<number> {
  const report = services.reports.get(document);
  const paragraphs = report?.paragraphs ?? [];
  let index: LineIndex | undefined;
  const paragraphAt = (start: number, end: number): string | null => {
    if (paragraphs.length === 0) return null;
    index ??= new LineIndex(document.getText());
    return paragraphForAnchor(paragraphs, index, { start, end })?.id ?? null;
  };
  return services.annotations.refreshSelectors(document, paragraphAt);
}

export function registerSaveHook(services: Services): vscode.Disposable {
  return vscode.workspace.onDidSaveTextDocument((document) => {
    if (!isReportDocument(document) || document.uri.scheme === 'untitled') return;
    followSavedText(services, document).then(
      (n) => {
        if (n) services.log.info(`${vscode.workspace.asRelativePath(document.uri)}: ${n} tag(s) brought up to the saved text`);
      },
      (err: unknown) => {
        const message = err instanceof Error ? err.message : String(err);
        services.log.error(`Tags of ${document.uri.fsPath} could not be brought up to the saved text: ${message}`);
        void vscode.window.showWarningMessage(`ILACS Annotator: the tags of ${vscode.workspace.asRelativePath(document.uri)} were not updated after saving: ${message}`);
      },
    );
  });
}
