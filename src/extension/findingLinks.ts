/**
 * How the hover names and orders the same finding in other reports. Pure (no `vscode` import), so it is
 * tested in plain Node.
 */
import type { ReportKind } from '../core/model';
import type { Finding } from '../core/recurrence';
import { compareReportDates } from '../core/workspace/improvements';
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

/** What the hover lists of a paragraph's recurrences (see `arrangeRecurrences`). */
export interface ArrangedRecurrences<M> {
  /** The best of the report's own authority, in date order. */
  own: M[];
  /** The best of other authorities, in date order. */
  others: M[];
  /** The year the finding was first raised in the authority (this report counted), or null when nothing is dated. */
  firstRaised: string | null;
  /** Whether that is this report: no earlier report of the authority makes the finding. */
  firstHere: boolean;
}

/**
 * The hover's arrangement of `matches` (best first) for a paragraph of a report dated `date`: the best
 * `ownShown` of the report's authority and the best `othersShown` of others, each then put in date
 * order (undated last, the better first on the same date), and when the authority first raised it.
 */
export function arrangeRecurrences<M extends { date: string | null; score: number; otherAuthority: boolean }>(
  matches: readonly M[],
  date: string | null,
  ownShown: number,
  othersShown: number,
): ArrangedRecurrences<M> {
  const byDate = (a: M, b: M): number => compareReportDates(a.date, b.date) || b.score - a.score;
  const own = matches.filter((m) => !m.otherAuthority);
  const others = matches.filter((m) => m.otherAuthority);
  const years = own.flatMap((m) => (m.date ? [m.date.slice(0, 4)] : []));
  if (date && own.length > 0) years.push(date.slice(0, 4));
  const firstRaised = years.sort()[0] ?? null;
  const firstHere = firstRaised !== null && date !== null && date.slice(0, 4) === firstRaised && !own.some((m) => m.date !== null && m.date < date);
  return { own: own.slice(0, ownShown).sort(byDate), others: others.slice(0, othersShown).sort(byDate), firstRaised, firstHere };
}
