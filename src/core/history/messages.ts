/**
 * Messages between the Authority History view and the extension. The extension sends the data
 * (`historyDataMessage`); the view posts, among others, the message that opens a report at a place.
 *
 * The message the Authority History view posts to open a report at a place: the same for a click
 * on a chart mark, Enter or Space on a focused mark, and a table's Open button. The extension reads
 * it back with `readOpenMessage`; `line` and `character` are zero-based, null for the report's top.
 */
import type { LineId } from './crosswalk';
import type { AuthorityHistory, Comparison, HistoryDocument } from './model';

/** What the view draws: one authority's history, the names of all, and their comparison when there are several. */
export interface HistoryDataMessage {
  type: 'data';
  authority: string;
  authorities: string[];
  history: AuthorityHistory;
  comparison: Comparison | null;
  lines: { id: LineId; label: string }[];
}

export function historyDataMessage(doc: HistoryDocument, history: AuthorityHistory): HistoryDataMessage {
  return {
    type: 'data',
    authority: history.authority,
    authorities: doc.histories.map((h) => h.authority),
    history,
    comparison: doc.histories.length > 1 ? doc.comparison : null,
    lines: doc.lines,
  };
}

export interface OpenMessage {
  type: 'open';
  file: string;
  line: number | null;
  character: number | null;
}

const place = (v: unknown): number | null => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : null);

/** The open message for a chart mark's datum or a table row's target; null when it names no report. */
export function openMessageOf(target: unknown): OpenMessage | null {
  if (!target || typeof target !== 'object') return null;
  const t = target as { file?: unknown; line?: unknown; character?: unknown };
  if (typeof t.file !== 'string' || t.file === '') return null;
  const line = place(t.line);
  return { type: 'open', file: t.file, line, character: line === null ? null : place(t.character) };
}

/** A message from the view, as an open message; null when it is not one. */
export function readOpenMessage(message: unknown): OpenMessage | null {
  if (!message || typeof message !== 'object' || (message as { type?: unknown }).type !== 'open') return null;
  return openMessageOf(message);
}
