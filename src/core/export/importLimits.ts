/**
 * What an export must not hold before anything of it is imported: the checks `parseExport` runs
 * on the parsed JSON before the schema (so that the schema validator never walks a hostile shape),
 * and `importExport` runs again on the findings. Any problem refuses the whole file: nothing is
 * imported.
 *
 * - nesting deeper than `MAX_IMPORT_DEPTH` (an export is 7 levels deep);
 * - the keys `__proto__`, `constructor` and `prototype`, which mean nothing in an export and are
 *   the usual way to tamper with objects built from JSON;
 * - a string longer than `MAX_IMPORT_STRING_BYTES`, and a note longer than the store takes
 *   (`MAX_NOTE_BYTES`);
 * - a report path that is empty, absolute, a drive path, has `..` segments or control characters:
 *   every store file an import writes is under the workspace's `.ilacs/annotations/`.
 */
import { MAX_NOTE_BYTES, normaliseReportPath, ReportPathError, utf8Length } from '../annotations';
import type { ExportDocument } from './types';

export const MAX_IMPORT_DEPTH = 32;
export const MAX_IMPORT_STRING_BYTES = 1024 * 1024;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** Problems listed before the check stops (a hostile file can have millions). */
const MAX_PROBLEMS = 20;

function where(path: readonly (string | number)[]): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out === '' ? seg : `.${seg}`;
  return out === '' ? '(top level)' : out;
}

/**
 * The shape problems of a parsed JSON value (depth, forbidden keys, huge strings), walked without
 * recursion, so a hostile depth cannot overflow the stack. Empty when there are none.
 */
export function checkImportShape(value: unknown): string[] {
  const problems: string[] = [];
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value, path: [] }];
  while (stack.length > 0 && problems.length < MAX_PROBLEMS) {
    const { value: v, path } = stack.pop()!;
    if (typeof v === 'string') {
      if (v.length > MAX_IMPORT_STRING_BYTES / 3 && utf8Length(v) > MAX_IMPORT_STRING_BYTES) {
        problems.push(`${where(path)}: a text of ${Math.ceil(utf8Length(v) / 1024)} KB; no text in an export may be longer than ${MAX_IMPORT_STRING_BYTES / 1024} KB`);
      }
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (path.length >= MAX_IMPORT_DEPTH) {
      problems.push(`${where(path.slice(0, 8))}...: nested more than ${MAX_IMPORT_DEPTH} levels deep; an export is never nested this deep`);
      continue;
    }
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], path: [...path, i] });
      continue;
    }
    const keys = Object.keys(v);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i];
      if (FORBIDDEN_KEYS.has(key)) problems.push(`${where([...path, key])}: the key "${key}" is not allowed in an export`);
      else stack.push({ value: (v as Record<string, unknown>)[key], path: [...path, key] });
    }
  }
  if (stack.length > 0) problems.push('(more problems not listed)');
  return problems;
}

/** What refuses the findings of a schema-valid export: notes over the store's limit, report paths that leave `.ilacs/`. */
export function checkImportFindings(doc: ExportDocument): string[] {
  const problems: string[] = [];
  doc.findings.forEach((f, i) => {
    if (problems.length >= MAX_PROBLEMS) return;
    const name = `findings[${i}] (${f.type === 'tagged' ? `tag ${f.id}` : `improvement area ${f.id}`})`;
    const file = f.report.file;
    try {
      normaliseReportPath(file);
      // eslint-disable-next-line no-control-regex
      if (/[\u0000-\u001f\u007f]/.test(file)) throw new ReportPathError(file, 'has control characters');
    } catch (err) {
      if (!(err instanceof ReportPathError)) throw err;
      problems.push(`${name}: report path ${JSON.stringify(file)} ${err.problem}`);
    }
    const bytes = utf8Length(f.note);
    if (bytes > MAX_NOTE_BYTES) problems.push(`${name}: its note is ${Math.ceil(bytes / 1024)} KB; notes are limited to ${MAX_NOTE_BYTES / 1024} KB`);
  });
  return problems;
}
