/** Conversion from the core's ranges to VS Code's, done only at the edge. */
import * as vscode from 'vscode';
import type { Range } from '../core/range';

export function toVsRange(r: Range): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}
