/**
 * A report's one date: what every view, the hover, Recurring Findings, the improvements tree and
 * the exports place a report by. `reportDateOf` is the only way features read it.
 */
import type { DatePrecision, InspectionDates, Report, ReportDate } from './model';
import { dateInFileName } from './parser/dates';

const MONTH_ABBREVIATIONS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The precision of an ISO date of reduced precision (`2021`, `2021-12`, `2021-12-17`), or null when it is not one. */
export function precisionOf(value: string): DatePrecision | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return 'day';
  if (/^\d{4}-\d{2}$/.test(value)) return 'month';
  if (/^\d{4}$/.test(value)) return 'year';
  return null;
}

/**
 * The date the parser gives a report: the printed publication or letter date, else the last day
 * of the inspection, else a date in the file name (`17-december-2021`, `2021-12-17`, `2021-12`,
 * `2021`); null when none of them dates it.
 */
export function readReportDate(file: string, published: string | null, inspectionDates: InspectionDates | null): ReportDate | null {
  const printed = published ?? inspectionDates?.end ?? null;
  if (printed) return { value: printed, precision: 'day', source: 'text' };
  const named = dateInFileName(file);
  if (named) {
    const precision = precisionOf(named);
    if (precision) return { value: named, precision, source: 'file-name' };
  }
  return null;
}

/** The report's date (printed, from its file name, or the user's correction), or null when nothing dates it. */
export function reportDateOf(report: Pick<Report, 'date'> | null | undefined): ReportDate | null {
  return report?.date ?? null;
}

/** The report's date as an ISO string of its precision, or null: what sorting and grouping use. */
export function reportDate(report: Pick<Report, 'date'> | null | undefined): string | null {
  return reportDateOf(report)?.value ?? null;
}

/** The year of a date value, or null. */
export function yearOf(value: string | null): number | null {
  return value && /^\d{4}/.test(value) ? Number(value.slice(0, 4)) : null;
}

/**
 * A date value as people read it, to the precision it has: `17 Dec 2021`, `Dec 2021`, `2021`;
 * null as `undated`; anything else unchanged.
 */
export function dateLabel(value: string | null): string {
  if (value === null) return 'undated';
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(value);
  if (!m) return value;
  const month = m[2] ? MONTH_ABBREVIATIONS[Number(m[2]) - 1] : undefined;
  if (m[2] && !month) return value;
  if (m[3]) return `${Number(m[3])} ${month} ${m[1]}`;
  if (month) return `${month} ${m[1]}`;
  return m[1];
}

/**
 * A date a user gives: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, a real day from 1990 to 2100. Throws an
 * Error saying what is wrong otherwise.
 */
export function parseUserDate(input: string): ReportDate {
  const value = input.trim();
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(value);
  if (!m) throw new Error(`"${input}" is not a date: give YYYY, YYYY-MM or YYYY-MM-DD (for example 2021-12-17)`);
  const year = Number(m[1]);
  if (year < 1990 || year > 2100) throw new Error(`"${input}": the year must be from 1990 to 2100`);
  if (m[2]) {
    const month = Number(m[2]);
    if (month < 1 || month > 12) throw new Error(`"${input}": the month must be 01 to 12`);
    if (m[3]) {
      const day = Number(m[3]);
      const d = new Date(Date.UTC(year, month - 1, day));
      if (day < 1 || d.getUTCMonth() !== month - 1) throw new Error(`"${input}": there is no day ${m[3]} in that month`);
    }
  }
  return { value, precision: precisionOf(value)!, source: 'user' };
}
