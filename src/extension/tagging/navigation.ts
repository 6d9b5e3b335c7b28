/**
 * Moving through a report while tagging: next and previous paragraph, next numbered paragraph that
 * has no tag yet, next and previous tag. Each moves the cursor to the start of the place found and
 * wraps round at the end of the report, saying so in the status bar; each returns the line it moved
 * to (0-based), or undefined when there was nowhere to go.
 */
import * as vscode from 'vscode';
import { toVsRange } from '../convert';
import { isReportDocument } from '../reportCache';
import type { Services } from '../services';

export const NAVIGATION_COMMANDS = {
  nextParagraph: 'ilacs.nextParagraph',
  previousParagraph: 'ilacs.previousParagraph',
  nextUntaggedParagraph: 'ilacs.nextUntaggedParagraph',
  nextTag: 'ilacs.nextTag',
  previousTag: 'ilacs.previousTag',
} as const;

/** Of sorted start positions, the first after `from` (or the last before it, going back), wrapping round. */
export function nextPosition(starts: readonly vscode.Position[], from: vscode.Position, forward: boolean): { position: vscode.Position; wrapped: boolean } | undefined {
  if (starts.length === 0) return undefined;
  if (forward) {
    const after = starts.find((p) => p.isAfter(from));
    return after ? { position: after, wrapped: false } : { position: starts[0], wrapped: true };
  }
  const before = [...starts].reverse().find((p) => p.isBefore(from));
  return before ? { position: before, wrapped: false } : { position: starts[starts.length - 1], wrapped: true };
}

function move(editor: vscode.TextEditor, found: { position: vscode.Position; wrapped: boolean } | undefined, what: string): number | undefined {
  if (!found) {
    void vscode.window.setStatusBarMessage(`No ${what} in this report`, 4000);
    return undefined;
  }
  editor.selection = new vscode.Selection(found.position, found.position);
  editor.revealRange(new vscode.Range(found.position, found.position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  if (found.wrapped) void vscode.window.setStatusBarMessage(`Wrapped round to the ${found.position.line === 0 ? 'start' : 'first'} ${what}`, 4000);
  return found.position.line;
}

export function registerNavigation(services: Services): vscode.Disposable {
  const editorOf = (): vscode.TextEditor | undefined => {
    const editor = vscode.window.activeTextEditor;
    return editor && isReportDocument(editor.document) ? editor : undefined;
  };
  const paragraphs = (forward: boolean, untaggedOnly: boolean) => async (): Promise<number | undefined> => {
    const editor = editorOf();
    if (!editor) return undefined;
    const report = services.reports.get(editor.document);
    if (!report) return undefined;
    let candidates = report.paragraphs;
    if (untaggedOnly) {
      const tagged = (await services.annotations.anchored(editor.document)).filter((a) => a.range);
      candidates = candidates.filter((p) => p.number !== null && !tagged.some((a) => a.range!.intersection(toVsRange(p.range))));
    }
    const starts = candidates.map((p) => toVsRange(p.range).start).sort((a, b) => a.compareTo(b));
    return move(editor, nextPosition(starts, editor.selection.active, forward), untaggedOnly ? 'untagged numbered paragraph' : 'paragraph');
  };
  const tags = (forward: boolean) => async (): Promise<number | undefined> => {
    const editor = editorOf();
    if (!editor) return undefined;
    const anchored = await services.annotations.anchored(editor.document);
    const starts = anchored.flatMap((a) => (a.range ? [a.range.start] : [])).sort((a, b) => a.compareTo(b));
    return move(editor, nextPosition(starts, editor.selection.active, forward), 'tag');
  };
  return vscode.Disposable.from(
    vscode.commands.registerCommand(NAVIGATION_COMMANDS.nextParagraph, paragraphs(true, false)),
    vscode.commands.registerCommand(NAVIGATION_COMMANDS.previousParagraph, paragraphs(false, false)),
    vscode.commands.registerCommand(NAVIGATION_COMMANDS.nextUntaggedParagraph, paragraphs(true, true)),
    vscode.commands.registerCommand(NAVIGATION_COMMANDS.nextTag, tags(true)),
    vscode.commands.registerCommand(NAVIGATION_COMMANDS.previousTag, tags(false)),
  );
}
