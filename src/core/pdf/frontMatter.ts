/**
 * The front matter an imported report carries: what the parser found in it, where it came from
 * (the PDF's file name and SHA-256), and the SHA-256 of the Markdown body as written, which tells a
 * later import whether anyone has edited the file since.
 */
import { createHash } from 'node:crypto';
import type { Report } from '../model';
import { frontMatterLength } from '../parser/frontMatter';

export interface ImportRecord {
  /** The PDF's file name (no folder). */
  source: string;
  sourceSha256: string;
  /** SHA-256 of the body (everything after the front matter) as the import wrote it. */
  bodySha256: string;
}

export function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** A YAML double-quoted scalar (JSON's string syntax is valid YAML). */
function q(s: string): string {
  return JSON.stringify(s);
}

/** The front-matter block (ending in a line break) for a report parsed from `body`. */
export function writeFrontMatter(report: Report, record: ImportRecord, pages: number): string {
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
  lines.push(`source: ${q(record.source)}`, `sourceSha256: ${record.sourceSha256}`, `pages: ${pages}`, `bodySha256: ${record.bodySha256}`, '---');
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
  const bodySha256 = field('bodySha256');
  if (source === null || !sourceSha256 || !bodySha256) return null;
  return { source, sourceSha256, bodySha256 };
}

/** The body of a Markdown file: everything after its front matter. */
export function markdownBody(text: string): string {
  return text.slice(frontMatterLength(text));
}

/**
 * Whether a Markdown file is exactly as an import wrote it: it has an import record and its body
 * still has the recorded hash (line endings aside, so a checkout with CRLF does not count as an edit).
 */
export function isUneditedImport(text: string): boolean {
  const record = readImportRecord(text);
  if (!record) return false;
  return sha256(markdownBody(text).replace(/\r\n/g, '\n')) === record.bodySha256;
}
