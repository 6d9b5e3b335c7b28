/**
 * How the hover names and orders the same finding in other reports. Pure (no `vscode` import), so it is
 * tested in plain Node.
 */
import type { ReportKind } from '../core/model';
import type { Finding } from '../core/recurrence';
import { kindLabel } from './views/labels';

/** `2019 inspection ¶12`, `2024 inspection, what needs to improve`, `2022 focused visit, findings`. */
export function findingLabel(f: Finding): string {
  return placeLabel(f.reportDate, f.reportKind, f.paragraphNumber, f.paragraph);
}

/** The same label from a report's date and kind and a paragraph's number and id. */
export function placeLabel(date: string | null, reportKind: ReportKind | null, number: number | null, paragraph: string | null): string {
  const when = date ? date.slice(0, 4) : 'Undated';
  const kind = kindLabel(reportKind).toLowerCase();
  if (number !== null) return `${when} ${kind} ¶${number}`;
  // An unnumbered paragraph is named by its section: `what-needs-to-improve.2` reads "what needs to improve".
  const section = paragraph === null ? '' : paragraph.replace(/[.~]\d+$/, '').replace(/-\d+$/, '');
  const words = section.split('-').filter(Boolean);
  const where = words.length === 0 || section === 'intro' ? 'summary' : words.slice(0, 5).join(' ') + (words.length > 5 ? '…' : '');
  return `${when} ${kind}, ${where}`;
}
