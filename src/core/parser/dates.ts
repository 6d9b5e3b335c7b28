/** Dates as reports print them ("6 to 10 February 2023", "28 February and 1 March 2023"), as ISO strings. */
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MONTH_RE = '(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)';
const TOKEN = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?(?:\\s+${MONTH_RE})?(?:\\s+(\\d{4}))?\\b`, 'gi');

function monthIndex(name: string): number {
  const n = name.toLowerCase();
  return MONTHS.findIndex((m) => m.startsWith(n.slice(0, 3)));
}

function iso(y: number, m: number, d: number): string | null {
  if (m < 0 || m > 11 || d < 1 || d > 31 || y < 1990 || y > 2100) return null;
  const date = new Date(Date.UTC(y, m, d));
  if (date.getUTCMonth() !== m) return null;
  return `${y}-${String(m + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** One date such as "17 August 2018". */
export function parseDate(text: string): string | null {
  const m = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+${MONTH_RE}\\s+(\\d{4})\\b`, 'i').exec(text);
  return m ? iso(parseInt(m[3], 10), monthIndex(m[2]), parseInt(m[1], 10)) : null;
}

const DAY = `\\d{1,2}(?:st|nd|rd|th)?`;
const RANGE = new RegExp(
  `(${DAY}(?:\\s+${MONTH_RE})?(?:\\s+\\d{4})?)\\s*(?:to|and|until|–|-|—)\\s*(${DAY}\\s+${MONTH_RE}\\s+\\d{4})|(${DAY}\\s+${MONTH_RE}\\s+\\d{4})`,
  'i',
);

/** The first date or span of dates in a text ("6 to 10 February 2023", "11 March 2014 – 2 April 2014"). */
export function findDateRange(text: string): { start: string; end: string } | null {
  const m = RANGE.exec(text);
  if (!m) return null;
  return parseDateRange(m[0]);
}

/** A span of days; missing months and years are taken from the date that follows. */
export function parseDateRange(text: string): { start: string; end: string } | null {
  const tokens: { d: number; m: number | null; y: number | null }[] = [];
  TOKEN.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = TOKEN.exec(text))) {
    const d = parseInt(match[1], 10);
    const m = match[2] ? monthIndex(match[2]) : null;
    const y = match[3] ? parseInt(match[3], 10) : null;
    if (m === null && y === null && tokens.length === 0 && !/\b(?:to|and|–|-)\b|[–-]/.test(text.slice(match.index + match[0].length, match.index + match[0].length + 5))) continue;
    tokens.push({ d, m, y });
    if (tokens.length > 6) break;
  }
  if (tokens.length === 0) return null;
  for (let i = tokens.length - 2; i >= 0; i--) {
    tokens[i].m ??= tokens[i + 1].m;
    tokens[i].y ??= tokens[i + 1].y;
  }
  const first = tokens[0];
  const last = tokens[tokens.length - 1];
  if (first.m === null || first.y === null || last.m === null || last.y === null) return null;
  const start = iso(first.y, first.m, first.d);
  const end = iso(last.y, last.m, last.d);
  if (!start || !end) return null;
  return start <= end ? { start, end } : { start: end, end: start };
}

/**
 * The date a file's name gives, as far as it goes: "bolton__12-june-2018.txt" gives 2018-06-12,
 * "bury-2021-12-inspection.txt" gives 2021-12, "report 2012.txt" gives 2012 (ISO 8601 dates of
 * reduced precision, which sort with full ones). Null when the name holds no year from 1990 to 2100.
 * For reports whose text states no date (a cover page lost in extraction).
 */
export function dateInFileName(file: string): string | null {
  const name = file.slice(file.lastIndexOf('/') + 1).toLowerCase();
  const spelled = new RegExp(`(?:^|[^0-9])(\\d{1,2})[-_ .]+${MONTH_RE}[-_ .]+(\\d{4})(?![0-9])`, 'i').exec(name);
  if (spelled) {
    const date = iso(parseInt(spelled[3], 10), monthIndex(spelled[2]), parseInt(spelled[1], 10));
    if (date) return date;
  }
  const numeric = /(?:^|[^0-9])((?:19|20|21)\d\d)(?:[-_.](\d\d)(?:[-_.](\d\d))?)?(?![0-9])/.exec(name);
  if (!numeric) return null;
  const year = parseInt(numeric[1], 10);
  if (year < 1990 || year > 2100) return null;
  const month = numeric[2] ? parseInt(numeric[2], 10) : 0;
  if (month < 1 || month > 12) return String(year);
  if (numeric[3]) {
    const full = iso(year, month - 1, parseInt(numeric[3], 10));
    if (full) return full;
  }
  return `${year}-${numeric[2]}`;
}
