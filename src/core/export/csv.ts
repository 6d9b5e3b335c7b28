/**
 * CSV: one row per finding, made to open cleanly in Excel and to be safe there.
 *
 * - UTF-8 with a byte-order mark (without it Excel reads the file as the machine's legacy code
 *   page and mangles accents and curly quotes), rows ending CRLF (RFC 4180).
 * - Every field quoted, quotes doubled; line breaks inside a field are kept (quoted fields may
 *   hold them).
 * - Formula injection: a field starting with `=`, `+`, `-`, `@`, a tab or a carriage return (the
 *   characters OWASP lists), or their full-width forms, gets a leading apostrophe so a spreadsheet
 *   shows it as text instead of running it. A report quote starting with "- " therefore reads
 *   "'- ..." in the CSV; the JSON keeps the exact text.
 */
import type { ExportDocument, ExportFinding } from './types';

export const CSV_BOM = '\uFEFF';

/** Characters that make a spreadsheet treat a cell as a formula. */
const FORMULA_START = new Set(['=', '+', '-', '@', '\t', '\r', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20']);

/** One field, neutralised and quoted. */
export function csvField(value: string | number | boolean | null): string {
  let text = value === null ? '' : String(value);
  if (typeof value === 'string' && text.length > 0 && FORMULA_START.has(text[0])) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

export const CSV_COLUMNS: readonly { header: string; value: (f: ExportFinding) => string | number | boolean | null }[] = [
  { header: 'id', value: (f) => f.id },
  { header: 'type', value: (f) => f.type },
  { header: 'report file', value: (f) => f.report.file },
  { header: 'local authority', value: (f) => f.report.localAuthority },
  { header: 'report kind', value: (f) => f.report.kind },
  { header: 'framework', value: (f) => f.report.framework },
  { header: 'published', value: (f) => f.report.published },
  { header: 'inspection start', value: (f) => f.report.inspectionDates?.start ?? null },
  { header: 'inspection end', value: (f) => f.report.inspectionDates?.end ?? null },
  { header: 'report date', value: (f) => f.report.date?.value ?? null },
  { header: 'grades', value: (f) => f.report.grades.map((g) => `${g.area}: ${g.grade}`).join('; ') },
  { header: 'paragraph', value: (f) => f.paragraph },
  { header: 'paragraph number', value: (f) => f.paragraphNumber },
  { header: 'start line', value: (f) => f.location?.start.line ?? null },
  { header: 'start column', value: (f) => f.location?.start.column ?? null },
  { header: 'end line', value: (f) => f.location?.end.line ?? null },
  { header: 'end column', value: (f) => f.location?.end.column ?? null },
  { header: 'start offset', value: (f) => f.location?.offsets.start ?? null },
  { header: 'end offset', value: (f) => f.location?.offsets.end ?? null },
  { header: 'text', value: (f) => f.text },
  { header: 'criteria', value: (f) => f.criteria.map((c) => c.id).join('; ') },
  { header: 'criterion labels', value: (f) => f.criteria.map((c) => c.label ?? c.id).join('; ') },
  { header: 'judgement areas', value: (f) => [...new Set(f.criteria.map((c) => c.areaLabel ?? c.area ?? ''))].filter(Boolean).join('; ') },
  { header: 'assessment', value: (f) => f.assessment },
  { header: 'status', value: (f) => f.status },
  { header: 'note', value: (f) => f.note },
  { header: 'author', value: (f) => f.author },
  { header: 'created', value: (f) => f.created },
  { header: 'modified', value: (f) => f.modified },
  { header: 'orphaned', value: (f) => (f.orphaned ? 'yes' : 'no') },
  { header: 'recurrences', value: (f) => f.recurrences.join('; ') },
];

/** The CSV text, byte-order mark first. */
export function exportToCsv(doc: ExportDocument): string {
  const rows = [CSV_COLUMNS.map((c) => csvField(c.header)).join(',')];
  for (const f of doc.findings) rows.push(CSV_COLUMNS.map((c) => csvField(c.value(f))).join(','));
  return CSV_BOM + rows.join('\r\n') + '\r\n';
}
