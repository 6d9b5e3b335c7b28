/**
 * The JSON form of an export: written with two-space indents and a final newline, and read back
 * (for `ilacs import`) only after it passes `schemas/export.schema.json`.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import schema from '../../../schemas/export.schema.json';
import { EXPORT_SCHEMA_ID, EXPORT_SCHEMA_VERSION, type ExportDocument } from './types';

export function serialiseExport(doc: ExportDocument): string {
  return JSON.stringify(doc, null, 2) + '\n';
}

let validator: ValidateFunction | undefined;

/** The schema's problems with `value`, one message each (`findings[2].status: must be one of ...`); empty when valid. */
export function validateExport(value: unknown): string[] {
  validator ??= new Ajv({ allErrors: true, strict: true }).compile(schema);
  if (validator(value)) return [];
  return describeErrors(validator.errors ?? []);
}

function humanPath(instancePath: string): string {
  let out = '';
  for (const raw of instancePath.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^\d+$/.test(seg) ? `[${seg}]` : out === '' ? seg : `.${seg}`;
  }
  return out === '' ? '(top level)' : out;
}

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

/**
 * Reads an export's text. Never throws: text that is not JSON, an export from a newer version, and
 * schema violations come back as problems (the caller prefixes the file name).
 */
export function parseExport(text: string): ParsedExport {
  let value: unknown;
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (err) {
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
  const problems = validateExport(value);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, doc: value as ExportDocument };
}
