/**
 * The improvement board's sheet: one row per improvement item with its report, status, latest
 * follow-up and plan, as CSV for a spreadsheet (the same CSV rules as the export: byte-order mark,
 * every field quoted, CRLF, formula-looking cells neutralised).
 */
import type { Codebook } from '../codebook';
import { CSV_BOM, csvField } from '../export/csv';
import type { ImprovementItem } from '../workspace/improvements';
import { describeFollowUpReport } from './followUps';

export const BOARD_COLUMNS = [
  'authority',
  'report',
  'date',
  'item',
  'judgement area',
  'criteria',
  'status',
  'status suggested',
  'latest follow-up',
  'latest verdict',
  'owner',
  'due',
  'RAG',
  'RAG reason',
] as const;

/** The board sheet of the given items, in their order. */
export function boardCsv(items: readonly ImprovementItem[], codebook: Codebook): string {
  const areaLabel = (id: string | null): string => (id === null ? '' : (codebook.areas.find((a) => a.id === id)?.label ?? id));
  const criterionLabel = (id: string): string => codebook.criteria.find((c) => c.id === id)?.label ?? id;
  const rows: string[] = [BOARD_COLUMNS.map((h) => csvField(h)).join(',')];
  for (const item of items) {
    const f = item.followUps;
    const latest = f?.latest ?? null;
    const suggested = f?.suggestedStatus && !item.statusSet && f.suggestedStatus !== item.status ? f.suggestedStatus : null;
    rows.push(
      [
        item.localAuthority,
        item.report,
        item.reportDate,
        item.text,
        areaLabel(item.area),
        item.criteria.map(criterionLabel).join('; '),
        item.status,
        suggested,
        latest ? `${describeFollowUpReport(latest.date, latest.reportKind)} (${latest.file})` : null,
        latest ? latest.verdict : null,
        item.plan?.owner ?? null,
        item.plan?.due ?? null,
        item.plan?.rag ?? null,
        item.plan?.reason ?? null,
      ]
        .map((v) => csvField(v))
        .join(','),
    );
  }
  return CSV_BOM + rows.join('\r\n') + '\r\n';
}
