/**
 * The front matter an imported report carries: what the parser found in it, where it came from
 * (the PDF's file name and SHA-256), and the SHA-256 of the whole file as the import wrote it
 * (`importSha256`, computed with its own value left empty), which tells a later import whether
 * anyone has edited the file since, front matter included.
 */
import { sha256Hex } from '../hash';
import type { Report } from '../model';
import { frontMatterLength } from '../parser/frontMatter';

export interface ImportRecord {
  /** The PDF's file name (no folder). */
  source: string;
  sourceSha256: string;
  /** SHA-256 of the file as the import wrote it, with this field's value left empty (see `importHash`). */
  importSha256: string;
}

export function sha256(data: Uint8Array | string): string {
  return sha256Hex(data);
}

/** A YAML double-quoted scalar (JSON's string syntax is valid YAML). */
function q(s: string): string {
  return JSON.stringify(s);
}

/**
 * The front-matter block (ending in a line break) for a report, with `importSha256` left empty:
 * `sealImport` fills it in once the body follows.
 */
export function writeFrontMatter(report: Report, record: Omit<ImportRecord, 'importSha256'>, pages: number): string {
  const lines = ['---'];
  if (report.title) lines.push(`title: ${q(report.title)}`);
  if (report.localAuthority) lines.push(`localAuthority: ${q(report.localAuthority)}`);
  lines.push(`kind: ${report.kind}`, `framework: ${report.framework}`);
  if (report.inspectionDates) lines.push(`inspectionStart: ${report.inspectionDates.start}`, `inspectionEnd: ${report.inspectionDates.end}`);
  if (report.published) lines.push(`published: ${report.published}`);
  if (report.leadInspector) lines.push(`leadInspector: ${q(report.leadInspector)}`);
  if (report.judgements.length) {
    lines.push('grades:');
    for (const j of report.judgements) lines.push(`  ${j.area}: ${j.grade}`);
  }
  lines.push(`source: ${q(record.source)}`, `sourceSha256: ${record.sourceSha256}`, `pages: ${pages}`, `${IMPORT_KEY}: `, '---');
  return lines.join('\n') + '\n';
}

/** The import record of a Markdown file written by the import, or null when it has none. */
export function readImportRecord(text: string): ImportRecord | null {
  const n = frontMatterLength(text);
  if (!n) return null;
  const head = text.slice(0, n);
  const field = (key: string): string | null => {
    const m = new RegExp(`^${key}:[ \\t]*(.*?)[ \\t]*\\r?$`, 'm').exec(head);
    if (!m) return null;
    const v = m[1];
    if (v.startsWith('"')) {
      try {
        return JSON.parse(v) as string;
      } catch {
        return null;
      }
    }
    return v;
  };
  const source = field('source');
  const sourceSha256 = field('sourceSha256');
  const importSha256 = field(IMPORT_KEY);
  if (source === null || !sourceSha256 || !importSha256) return null;
  return { source, sourceSha256, importSha256 };
}

/** The body of a Markdown file: everything after its front matter. */
export function markdownBody(text: string): string {
  return text.slice(frontMatterLength(text));
}

const IMPORT_KEY = 'importSha256';
const IMPORT_LINE = /^importSha256:[^\r\n]*/m;

/** The hash `importSha256` records: of the file with LF line endings and that field's value empty. */
export function importHash(text: string): string {
  return sha256(text.replace(/\r\n/g, '\n').replace(IMPORT_LINE, `${IMPORT_KEY}: `));
}

/** The whole file (front matter with `importSha256` empty, then the body) with its hash filled in. */
export function sealImport(text: string): string {
  return text.replace(IMPORT_LINE, `${IMPORT_KEY}: ${importHash(text)}`);
}

/**
 * Whether a Markdown file is exactly as an import wrote it: it has an import record and still has
 * the recorded hash (line endings aside, so a checkout with CRLF does not count as an edit).
 */
export function isUneditedImport(text: string): boolean {
  const record = readImportRecord(text);
  return record !== null && importHash(text) === record.importSha256;
}
