/**
 * Whether a text reads as a report about children's services inspection (an Ofsted report, a
 * monitoring letter, a press article about one), judged from its opening: the editor gives such
 * files the Ofsted report language, and leaves every other plain-text or Markdown file alone.
 *
 * The rule is deliberately strict, since a wrong "yes" takes over a file the user wrote: several
 * distinct inspection words must appear near the top, and anything that looks like software
 * documentation (fenced or inline code) is never a report, however often it names Ofsted.
 */

/** How much of the text is read: reports say what they are on their first page. */
export const RECOGNITION_WINDOW = 8000;

/** Distinct signs of an inspection report; at least `MIN_SIGNS` must be present. */
const SIGNS: readonly RegExp[] = [
  /\bofsted\b|office for standards in education/i,
  /\bchildren['’]s (?:social care|services)\b/i,
  /\b(?:focused|monitoring) visits?\b|\binspections?\b/i,
  /\binspectors?\b|\binspectorate\b|\bregulator\b|\bwatchdog\b/i,
  /\blooked[- ]after children\b|\bchildren in care\b|\bcare leavers\b/i,
  /\bchild protection\b|\bsafeguarding\b|\bchildren in need\b/i,
  /\blocal authority\b|\bcouncil\b/i,
  /\bjudge(?:d|ment)s?\b|\boverall effectiveness\b|\brequires improvement\b|\binadequate\b/i,
];

export const MIN_SIGNS = 4;

/** Marks of software documentation, which no report contains. */
const CODE = /```|~~~|`[^`\n]{1,80}`|^\s*(?:\$ |npm |import |export |const |function )/m;

export function looksLikeInspectionReport(text: string): boolean {
  const head = text.slice(0, RECOGNITION_WINDOW);
  if (CODE.test(head)) return false;
  let signs = 0;
  for (const sign of SIGNS) {
    if (sign.test(head) && ++signs >= MIN_SIGNS) return true;
  }
  return false;
}
