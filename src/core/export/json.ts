/**
 * The JSON form of an export: written with two-space indents and a final newline, and read back
 * (for `ilacs import`) only after it passes `schemas/export.schema.json`.
 *
 * The shipped schema lets unknown properties pass, because version 1 may gain fields and a reader
 * of an older version must still take an export from a newer one. This version's own exports are
 * held to the closed form of the schema (`validateExport(value, { closed: true })`, every object
 * limited to the properties the schema names), so each field written is one the schema documents.
 */
import { MAX_FILE_BYTES } from '../files';
import { checkJsonLimits } from '../jsonLimits';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import schema from '../../../schemas/export.schema.json';
import { stripBom } from '../text';
import { checkImportFindings, checkImportShape } from './importLimits';
import { EXPORT_SCHEMA_ID, EXPORT_SCHEMA_VERSION, type ExportDocument } from './types';

export function serialiseExport(doc: ExportDocument): string {
  return JSON.stringify(doc, null, 2) + '\n';
}

let validator: ValidateFunction | undefined;
let closedValidator: ValidateFunction | undefined;

/**
 * A copy of a JSON Schema in which every object schema that lists its properties allows no others:
 * the check that an export holds only documented fields. Left open: an `if` (a test on a value:
 * closing it would change its answer) and a definition other schemas take in through `allOf`
 * (the schema taking it in names all the properties and is closed itself).
 */
export function closedSchema(root: unknown): unknown {
  const sharedParts = new Set<string>();
  const findShared = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(findShared);
    for (const [key, value] of Object.entries(node)) {
      if (key === 'allOf' && Array.isArray(value)) for (const part of value) if (typeof (part as { $ref?: unknown }).$ref === 'string') sharedParts.add((part as { $ref: string }).$ref);
      findShared(value);
    }
  };
  findShared(root);
  const close = (node: unknown, at: string): unknown => {
    if (Array.isArray(node)) return node.map((n, i) => close(n, `${at}/${i}`));
    if (node === null || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === 'if') out[key] = value;
      // The names under "properties" and "definitions" are not schema keywords: keep them, close their values.
      else if (key === 'properties' || key === 'definitions') out[key] = Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, close(v, `${at}/${key}/${k}`)]));
      else out[key] = close(value, `${at}/${key}`);
    }
    if ('properties' in out && !('additionalProperties' in out) && !sharedParts.has(at)) out.additionalProperties = false;
    return out;
  };
  return close(root, '#');
}

/**
 * The schema's problems with `value`, one message each (`findings[2].status: must be one of ...`);
 * empty when valid. `closed`: also refuse properties the schema does not name (see the module comment).
 */
export function validateExport(value: unknown, options: { closed?: boolean } = {}): string[] {
  const validate = options.closed
    ? (closedValidator ??= new Ajv({ allErrors: true, strict: true }).compile(closedSchema(schema) as object))
    : (validator ??= new Ajv({ allErrors: true, strict: true }).compile(schema));
  if (validate(value)) return [];
  return describeErrors(validate.errors ?? []);
}

function humanPath(instancePath: string): string {
  let out = '';
  for (const raw of instancePath.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^\d+$/.test(seg) ? `[${seg}]` : out === '' ? seg : `.${seg}`;
  }
  return out === '' ? '(top level)' : out;
}

/** What the schema's patterns ask for, in words, by where they are in the schema. */
const PATTERN_MEANINGS: Record<string, string> = {
  '#/definitions/reportPath/pattern': 'must be a path inside the workspace: relative, with forward slashes and no ".." (as "reports/kent.txt")',
  '#/definitions/dateTime/pattern': 'must be a date and time such as "2026-11-23T14:41:09.145Z"',
  '#/definitions/date/pattern': 'must be a date such as "2026-11-23"',
};

function describeErrors(errors: readonly ErrorObject[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const e of errors) {
    const p = e.params as Record<string, unknown>;
    let message: string;
    switch (e.keyword) {
      case 'required':
        message = `missing property "${String(p.missingProperty)}"`;
        break;
      case 'additionalProperties':
        message = `unknown property "${String(p.additionalProperty)}"`;
        break;
      case 'enum':
        message = `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
        break;
      case 'const':
        message = `must be ${JSON.stringify(p.allowedValue)}`;
        break;
      case 'pattern':
        message = PATTERN_MEANINGS[e.schemaPath] ?? `must match the pattern ${String(p.pattern)}`;
        break;
      case 'if':
      case 'oneOf':
        // The branch's own errors say what is wrong.
        continue;
      default:
        message = e.message ?? `fails the schema rule "${e.keyword}"`;
    }
    const line = `${humanPath(e.instancePath)}: ${message}`;
    if (!seen.has(line)) {
      seen.add(line);
      out.push(line);
    }
  }
  return out.length > 0 ? out : ['does not match the export schema'];
}

export type ParsedExport = { ok: true; doc: ExportDocument } | { ok: false; problems: string[] };

/** Reads an export file's bytes: UTF-8 text (see `parseExport`); a zip or other bytes come back as a problem. */
export function parseExportBytes(bytes: Uint8Array): ParsedExport {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    return { ok: false, problems: ['a zip file (the REFI-QDA form of an export?): only the JSON form can be imported'] };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, problems: ['not UTF-8 text, so not an export'] };
  }
  return parseExport(text);
}

/**
 * Reads an export's text. Never throws: text that is not JSON, an export from a newer version, and
 * schema violations come back as problems (the caller prefixes the file name).
 */
export function parseExport(text: string): ParsedExport {
  const body = stripBom(text);
  const tooMuch = checkJsonLimits(body, { maxLength: MAX_FILE_BYTES });
  if (tooMuch) return { ok: false, problems: [tooMuch.message] };
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (err) {
    if (body.startsWith('"id","type","report file"')) return { ok: false, problems: ['the CSV form of an export: only the JSON form can be imported'] };
    return { ok: false, problems: [`not valid JSON: ${err instanceof Error ? err.message : String(err)}`] };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: false, problems: ['not an ILACS Annotator export: the top level is not an object'] };
  const record = value as Record<string, unknown>;
  if (record.$schema !== EXPORT_SCHEMA_ID && !('findings' in record)) {
    return { ok: false, problems: ['not an ILACS Annotator export (no "$schema" naming the export schema and no "findings")'] };
  }
  if (typeof record.schemaVersion === 'number' && record.schemaVersion > EXPORT_SCHEMA_VERSION) {
    return {
      ok: false,
      problems: [`written by a newer version of ILACS Annotator (schemaVersion ${record.schemaVersion}); this version reads schemaVersion ${EXPORT_SCHEMA_VERSION}`],
    };
  }
  // Depth, forbidden keys and huge texts first: the schema validator is not to walk a hostile shape.
  const shape = checkImportShape(value);
  if (shape.length > 0) return { ok: false, problems: shape };
  const problems = validateExport(value);
  if (problems.length > 0) return { ok: false, problems };
  const refused = checkImportFindings(value as ExportDocument);
  if (refused.length > 0) return { ok: false, problems: refused };
  return { ok: true, doc: value as ExportDocument };
}
