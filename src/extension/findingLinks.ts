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
  /** The best of the report's own authority, at most `perReport` per report, in date order. */
  own: M[];
  /** The best of other authorities, in date order. */
  others: M[];
  /** The year of the earliest report listed in `own` (this report counted), or null when nothing is dated. */
  firstRaised: string | null;
  /** Whether that is this report: no report listed in `own` is earlier. */
  firstHere: boolean;
}

/**
 * The hover's arrangement of `matches` (best first) for a paragraph of a report dated `date`: the best
 * match or two (`perReport`) of each report, the best `ownShown` of the report's authority and the best
 * `othersShown` of others, each then put in date order (undated last, the better first on the same
 * date), and the year the authority first raised it: the earliest report the hover lists, so that
 * "first raised" always rests on a match shown.
 */
export function arrangeRecurrences<M extends { date: string | null; score: number; otherAuthority: boolean; file?: string }>(
  matches: readonly M[],
  date: string | null,
  ownShown: number,
  othersShown: number,
  perReport = 2,
): ArrangedRecurrences<M> {
  const byDate = (a: M, b: M): number => compareReportDates(a.date, b.date) || b.score - a.score;
  const best = (list: M[], count: number): M[] => {
    const taken = new Map<string, number>();
    const out: M[] = [];
    for (const m of list) {
      if (out.length >= count) break;
      const key = m.file ?? '';
      const n = taken.get(key) ?? 0;
      if (m.file !== undefined && n >= perReport) continue;
      taken.set(key, n + 1);
      out.push(m);
    }
    return out.sort(byDate);
  };
  const own = best(matches.filter((m) => !m.otherAuthority), ownShown);
  const others = best(matches.filter((m) => m.otherAuthority), othersShown);
  const years = own.flatMap((m) => (m.date ? [m.date.slice(0, 4)] : []));
  if (date && own.length > 0) years.push(date.slice(0, 4));
  const firstRaised = years.sort()[0] ?? null;
  const firstHere = firstRaised !== null && date !== null && date.slice(0, 4) === firstRaised && !own.some((m) => m.date !== null && m.date < date);
  return { own, others, firstRaised, firstHere };
}
