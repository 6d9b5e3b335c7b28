/** Opening a report at a place: what the trees, the hover and the tag list do when clicked. */
import * as vscode from 'vscode';

/**
 * Opens a report and reveals a range of it, selected (or, with `cursorOnly`, with the cursor at
 * its start). `preview: false` keeps the editor open rather than in the preview tab.
 */
export async function revealInReport(
  uri: vscode.Uri | vscode.TextDocument,
  range: vscode.Range | null,
  options: { cursorOnly?: boolean; preview?: boolean } = {},
): Promise<vscode.TextEditor> {
  const editor = await vscode.window.showTextDocument(uri as vscode.Uri, { preview: options.preview ?? true });
  if (range) {
    editor.selection = options.cursorOnly ? new vscode.Selection(range.start, range.start) : new vscode.Selection(range.start, range.end);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }
  return editor;
}
