/**
 * Narrowing a history to some judgement lines and item statuses: what the view's filters do. Kept
 * apart from the model so the webview's bundle takes only this, not the parser.
 */
import type { AnnotationStatus } from '../annotations/types';
import type { LineId } from './crosswalk';
import type { AuthorityHistory } from './model';

export interface HistoryFilter {
  /** Lines to keep (null or empty: all). Items and chains with no line are kept only when no lines are chosen. */
  lines?: readonly LineId[] | null;
  /** Statuses to keep for items (null or empty: all). */
  statuses?: readonly AnnotationStatus[] | null;
}

/** The history with only the chosen judgement lines and item statuses. */
export function filterHistory(h: AuthorityHistory, filter: HistoryFilter): AuthorityHistory {
  const lines = filter.lines && filter.lines.length > 0 ? new Set(filter.lines) : null;
  const statuses = filter.statuses && filter.statuses.length > 0 ? new Set(filter.statuses) : null;
  const lineOk = (l: LineId | null): boolean => !lines || (l !== null && lines.has(l));
  return {
    ...h,
    reports: h.reports.map((r) => ({ ...r, grades: lines ? r.grades.filter((g) => lineOk(g.line)) : r.grades })),
    items: h.items.filter((i) => lineOk(i.line) && (!statuses || statuses.has(i.status))),
    chains: h.chains.filter((c) => lineOk(c.line)),
  };
}
