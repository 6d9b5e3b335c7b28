/**
 * Report corrections: what the user says about a report where the parser read it wrong or not at
 * all (its date, kind, local authority, framework). Kept in one file per workspace,
 * `.ilacs/reports.json` (schema: `schemas/report-corrections.schema.json`), never in the report.
 *
 * This module reads, validates, serialises and applies corrections; writing them is
 * `CorrectionStore`'s (store.ts).
 */
import Ajv, { type ErrorObject } from 'ajv';
import { findNodeAtLocation, parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import schema from '../../../schemas/report-corrections.schema.json';
import { normaliseReportPath } from '../annotations/format';
import type { CorrectableField, Framework, Report, ReportKind } from '../model';
import { LineIndex } from '../range';
import { parseUserDate, precisionOf } from '../reportDate';
import { stripBom } from '../text';

export const CORRECTIONS_FILE = '.ilacs/reports.json';
export const CORRECTIONS_SCHEMA_VERSION = 1;

export const CORRECTABLE_FIELDS: readonly CorrectableField[] = ['date', 'kind', 'authority', 'framework'];
export const REPORT_KINDS: readonly ReportKind[] = ['inspection', 'focused-visit', 'monitoring-visit', 'jtai', 'other'];
export const FRAMEWORKS: readonly Framework[] = ['ilacs', 'sif', 'slac', 'unknown'];

/** The corrections of one report. */
export interface ReportCorrection {
  date?: string;
  kind?: ReportKind;
  authority?: string;
  framework?: Framework;
  author?: string;
  /** When the latest change was made. */
  modified: string;
}

export interface CorrectionsFile {
  schemaVersion: 1;
  /** By report path (workspace-relative, forward slashes). */
  reports: Record<string, ReportCorrection>;
}

/** Values to set, as the user typed them (validated by `validateCorrectionValue`). */
export type CorrectionValues = Partial<Record<CorrectableField, string>>;

export interface CorrectionsDiagnostic {
  file: string;
  /** 1-based line and column. */
  line: number;
  column: number;
  message: string;
}

export function formatCorrectionsDiagnostic(d: CorrectionsDiagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.message}`;
}

/** The corrections file cannot be read (not JSON, against its schema, a newer version): nothing is written to it until it is fixed. */
export class CorrectionsFileError extends Error {
  constructor(
    readonly file: string,
    readonly diagnostics: CorrectionsDiagnostic[],
  ) {
    super(`${file} cannot be read, so no correction is written to it until it is fixed: ${diagnostics.map(formatCorrectionsDiagnostic).join('; ')}`);
    this.name = 'CorrectionsFileError';
  }
}

/** A value the user gave that a field cannot take. */
export class CorrectionValueError extends Error {
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${field}: ${problem}`);
    this.name = 'CorrectionValueError';
  }
}

export function emptyCorrections(): CorrectionsFile {
  return { schemaVersion: CORRECTIONS_SCHEMA_VERSION, reports: {} };
}

export function isCorrectableField(name: string): name is CorrectableField {
  return (CORRECTABLE_FIELDS as readonly string[]).includes(name);
}

/** Checks one value a user gives, returning it in its stored form; throws `CorrectionValueError` saying what is wrong. */
export function validateCorrectionValue(field: string, raw: string): string {
  if (!isCorrectableField(field)) throw new CorrectionValueError(field, `not a field that can be corrected (fields: ${CORRECTABLE_FIELDS.join(', ')})`);
  const value = raw.trim();
  switch (field) {
    case 'date':
      try {
        return parseUserDate(value).value;
      } catch (err) {
        throw new CorrectionValueError(field, (err as Error).message);
      }
    case 'kind':
      if (!(REPORT_KINDS as readonly string[]).includes(value)) throw new CorrectionValueError(field, `"${raw}" is not a report kind (one of ${REPORT_KINDS.join(', ')})`);
      return value;
    case 'framework':
      if (!(FRAMEWORKS as readonly string[]).includes(value)) throw new CorrectionValueError(field, `"${raw}" is not a framework (one of ${FRAMEWORKS.join(', ')})`);
      return value;
    case 'authority': {
      const name = value.replace(/\s+/g, ' ');
      if (!name) throw new CorrectionValueError(field, 'the local authority name is empty');
      if (name.length > 100) throw new CorrectionValueError(field, 'the local authority name is longer than 100 characters');
      // eslint-disable-next-line no-control-regex
      if (/[\u0000-\u001f\u007f]/.test(name)) throw new CorrectionValueError(field, 'the local authority name holds control characters');
      return name;
    }
  }
}

/**
 * The file's text: keys in a fixed order, reports sorted by path, 2-space indent, LF line ends and
 * a trailing newline, so the same corrections always give the same bytes and merge well in git.
 */
export function serialiseCorrections(data: CorrectionsFile): string {
  const reports: Record<string, ReportCorrection> = {};
  for (const file of Object.keys(data.reports).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    const c = data.reports[file];
    const ordered: Partial<ReportCorrection> = {};
    if (c.date !== undefined) ordered.date = c.date;
    if (c.kind !== undefined) ordered.kind = c.kind;
    if (c.authority !== undefined) ordered.authority = c.authority;
    if (c.framework !== undefined) ordered.framework = c.framework;
    if (c.author !== undefined) ordered.author = c.author;
    ordered.modified = c.modified;
    reports[file] = ordered as ReportCorrection;
  }
  return JSON.stringify({ schemaVersion: CORRECTIONS_SCHEMA_VERSION, reports }, null, 2) + '\n';
}

type Validator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };
let validator: Validator | undefined;

export type CorrectionsParse = { ok: true; data: CorrectionsFile } | { ok: false; diagnostics: CorrectionsDiagnostic[] };

/** Reads the corrections file's text. Never throws: each problem comes back located by line and column. */
export function parseCorrections(file: string, text: string): CorrectionsParse {
  const body = stripBom(text);
  const index = new LineIndex(body);
  const at = (offset: number, message: string): CorrectionsDiagnostic => {
    const p = index.positionAt(offset);
    return { file, line: p.line + 1, column: p.character + 1, message };
  };
  const errors: ParseError[] = [];
  const root = parseTree(body, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length > 0 || !root) {
    if (errors.length === 0) return { ok: false, diagnostics: [at(0, 'not valid JSON: the file is empty')] };
    return { ok: false, diagnostics: errors.map((e) => at(e.offset, `not valid JSON: ${printParseErrorCode(e.error).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()}`)) };
  }
  const value = JSON.parse(body) as { schemaVersion?: unknown };
  if (typeof value === 'object' && value !== null && typeof value.schemaVersion === 'number' && value.schemaVersion > CORRECTIONS_SCHEMA_VERSION) {
    const node = findNodeAtLocation(root, ['schemaVersion']) ?? root;
    return { ok: false, diagnostics: [at(node.offset, `written by a newer version of ILACS Annotator (schema version ${value.schemaVersion}; this version reads ${CORRECTIONS_SCHEMA_VERSION})`)] };
  }
  validator ??= new Ajv({ allErrors: true, strict: true }).compile(schema) as Validator;
  if (!validator(value)) {
    return {
      ok: false,
      diagnostics: (validator.errors ?? []).map((e) => {
        const segments = e.instancePath
          .split('/')
          .slice(1)
          .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
        const node = findNodeAtLocation(root, segments) ?? root;
        const where = e.instancePath ? `${e.instancePath.replace(/~1/g, '/')}: ` : '';
        const extra = e.keyword === 'additionalProperties' ? ` ("${(e.params as { additionalProperty: string }).additionalProperty}")` : e.keyword === 'enum' ? ` (${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')})` : '';
        return at(node.offset, `${where}${e.message ?? 'is not valid'}${extra}`);
      }),
    };
  }
  const data = value as CorrectionsFile;
  const diagnostics: CorrectionsDiagnostic[] = [];
  const reports: Record<string, ReportCorrection> = {};
  for (const [path, correction] of Object.entries(data.reports)) {
    let key: string;
    try {
      key = normaliseReportPath(path);
    } catch (err) {
      const node = findNodeAtLocation(root, ['reports', path]) ?? root;
      diagnostics.push(at(node.parent?.offset ?? node.offset, (err as Error).message));
      continue;
    }
    if (correction.date !== undefined) {
      try {
        parseUserDate(correction.date);
      } catch (err) {
        const node = findNodeAtLocation(root, ['reports', path, 'date']) ?? root;
        diagnostics.push(at(node.offset, (err as Error).message));
      }
    }
    reports[key] = correction;
  }
  if (diagnostics.length > 0) return { ok: false, diagnostics };
  return { ok: true, data: { schemaVersion: CORRECTIONS_SCHEMA_VERSION, reports } };
}

/**
 * The report as corrected: the fields the user corrected replace what the parser read (a date
 * with `"source": "user"`), and `corrected` lists them. The report itself is not changed.
 */
export function applyCorrection(report: Report, correction: ReportCorrection | undefined): Report {
  if (!correction) return report;
  const next: Report = { ...report, corrected: [] };
  if (correction.date !== undefined) {
    const precision = precisionOf(correction.date);
    if (precision) {
      next.date = { value: correction.date, precision, source: 'user' };
      next.corrected.push('date');
    }
  }
  if (correction.kind !== undefined) {
    next.kind = correction.kind;
    next.corrected.push('kind');
  }
  if (correction.authority !== undefined) {
    next.localAuthority = correction.authority;
    next.corrected.push('authority');
  }
  if (correction.framework !== undefined) {
    next.framework = correction.framework;
    next.corrected.push('framework');
  }
  return next;
}

/** The correction recorded for a report path, if any. */
export function correctionFor(data: CorrectionsFile | null | undefined, report: string): ReportCorrection | undefined {
  if (!data) return undefined;
  try {
    return data.reports[normaliseReportPath(report)];
  } catch {
    return undefined;
  }
}
