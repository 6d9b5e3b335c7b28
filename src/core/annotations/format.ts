/**
 * The store file format: where a report's store file lives, how it is written (byte-for-byte
 * stable, so git diffs and merges stay small) and how it is read back (validated against
 * `schemas/annotations.schema.json`, with every problem located by line and column).
 *
 * Layout: one file per report, `.ilacs/annotations/<report path>.json`, the report's folders kept as
 * folders (`reports/bury/2021.txt` -> `.ilacs/annotations/reports/bury/2021.txt.json`). One file per
 * report means two people tagging different reports never touch the same file, and two people tagging
 * the same report only meet in that report's file; keeping the report's own name (extension included)
 * makes the file easy to find by hand and keeps `a.txt` and `a.md` apart.
 */
import { stripBom } from '../text';
import Ajv, { type ErrorObject } from 'ajv';
import { findNodeAtLocation, parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import schema from '../../../schemas/annotations.schema.json';
import { LineIndex, type Range } from '../range';
import { checkJsonLimits } from '../jsonLimits';
import { reportOfStorePath, storePathFor } from './storePaths';
import {
  ANNOTATION_SCHEMA_VERSION,
  type Annotation,
  type ImprovementPlanRecord,
  type ImprovementStatusRecord,
  type ReportAnnotations,
} from './types';

export { STORE_FOLDER, STORE_FILE_SUFFIX } from './storePaths';

/** A problem in a store file, located for people (1-based line and column) and editors (0-based range). */
export interface StoreDiagnostic {
  /** The store file, relative to the workspace folder. */
  file: string;
  /** 1-based line. */
  line: number;
  /** 1-based column (UTF-16 code units). */
  column: number;
  range: Range;
  message: string;
}

export function formatDiagnostic(d: StoreDiagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.message}`;
}

/** A report path the store cannot use (absolute, outside the workspace, empty). */
export class ReportPathError extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`Report path "${path}": ${problem}`);
    this.name = 'ReportPathError';
  }
}

/**
 * Normalises a workspace-relative report path to the stored form: no `./` segments, no repeated
 * slashes. Folders are separated by `/` only: a backslash is part of a name (Linux and macOS allow
 * it, and `a\b.txt` is not `a/b.txt`); hosts turn their own separators into `/` before calling
 * this. Rejects absolute paths, drive letters and `..` segments, which would make the store depend
 * on one machine's layout or point outside the workspace.
 */
export function normaliseReportPath(path: string): string {
  const slashed = path;
  if (slashed.trim() === '') throw new ReportPathError(path, 'is empty');
  if (/^[A-Za-z]:/.test(slashed)) throw new ReportPathError(path, 'must be relative to the workspace folder, not a drive path');
  if (slashed.startsWith('/')) throw new ReportPathError(path, 'must be relative to the workspace folder, not absolute');
  const parts = slashed.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) throw new ReportPathError(path, 'must not leave the workspace folder (".." segment)');
  if (parts.length === 0) throw new ReportPathError(path, 'names no file');
  const joined = parts.join('/');
  // The same answer for the path and its normalised form (`./ ` and ` `).
  if (joined.trim() === '') throw new ReportPathError(path, 'is empty');
  return joined;
}

/** The store file of a report, relative to the workspace folder (see `storePaths.ts`). */
export function storeFileFor(report: string): string {
  return storePathFor(normaliseReportPath(report));
}

/**
 * The report a store file belongs to, when its path alone says so; null when it is not a store
 * file or its name is hashed (then only the file's own `report` says whose it is).
 */
export function reportForStoreFile(file: string): string | null {
  const found = reportOfStorePath(file);
  if (found === null || found === 'recorded') return null;
  try {
    return normaliseReportPath(found.report);
  } catch {
    return null;
  }
}

export function emptyReportAnnotations(report: string): ReportAnnotations {
  return { schemaVersion: ANNOTATION_SCHEMA_VERSION, report: normaliseReportPath(report), annotations: [], improvements: [] };
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareAnnotations(a: Annotation, b: Annotation): number {
  return (
    a.selectors.position.start - b.selectors.position.start ||
    a.selectors.position.end - b.selectors.position.end ||
    compareStrings(a.id, b.id)
  );
}

export function compareImprovementStatuses(a: ImprovementStatusRecord, b: ImprovementStatusRecord): number {
  return compareStrings(a.improvement, b.improvement) || compareStrings(a.quote, b.quote);
}

/** Copies an annotation with its keys in the stored order (and nothing else). */
function orderedAnnotation(a: Annotation): Annotation {
  return {
    id: a.id,
    report: a.report,
    paragraph: a.paragraph,
    selectors: {
      quote: { exact: a.selectors.quote.exact, prefix: a.selectors.quote.prefix, suffix: a.selectors.quote.suffix },
      position: { start: a.selectors.position.start, end: a.selectors.position.end },
    },
    criteria: [...a.criteria],
    assessment: a.assessment,
    status: a.status,
    note: a.note,
    author: a.author,
    created: a.created,
    modified: a.modified,
  };
}

function orderedImprovement(r: ImprovementStatusRecord): ImprovementStatusRecord {
  return {
    report: r.report,
    improvement: r.improvement,
    quote: r.quote,
    status: r.status,
    ...(r.criteria !== undefined ? { criteria: [...r.criteria] } : {}),
    note: r.note,
    author: r.author,
    modified: r.modified,
  };
}

export function compareImprovementPlans(a: ImprovementPlanRecord, b: ImprovementPlanRecord): number {
  return compareStrings(a.annotation ?? '', b.annotation ?? '') || compareStrings(a.improvement ?? '', b.improvement ?? '') || compareStrings(a.quote ?? '', b.quote ?? '');
}

/** The key that tells one plan's item from another's within a report. */
export function planTargetKey(r: Pick<ImprovementPlanRecord, 'annotation' | 'improvement' | 'quote'>): string {
  return r.annotation !== undefined ? `annotation\u0000${r.annotation}` : `improvement\u0000${r.improvement ?? ''}\u0000${r.quote ?? ''}`;
}

function orderedPlan(r: ImprovementPlanRecord): ImprovementPlanRecord {
  return {
    report: r.report,
    ...(r.improvement !== undefined ? { improvement: r.improvement } : {}),
    ...(r.quote !== undefined ? { quote: r.quote } : {}),
    ...(r.annotation !== undefined ? { annotation: r.annotation } : {}),
    owner: r.owner,
    due: r.due,
    rag: r.rag,
    reason: r.reason,
    author: r.author,
    modified: r.modified,
  };
}

/**
 * The store file's text: fixed key order, annotations sorted by position then id, improvement
 * statuses by id then quote, 2-space indent, LF line ends and a trailing newline. The same data
 * always gives the same bytes.
 */
export function serialiseReportAnnotations(data: ReportAnnotations): string {
  const ordered: ReportAnnotations = {
    schemaVersion: ANNOTATION_SCHEMA_VERSION,
    report: data.report,
    annotations: data.annotations.map(orderedAnnotation).sort(compareAnnotations),
    improvements: data.improvements.map(orderedImprovement).sort(compareImprovementStatuses),
  };
  // Plans are written only when there are some, so a store without plans keeps its bytes.
  if (data.plans && data.plans.length > 0) ordered.plans = data.plans.map(orderedPlan).sort(compareImprovementPlans);
  return JSON.stringify(ordered, null, 2) + '\n';
}

type Validator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };
let validator: Validator | undefined;

function schemaValidator(): Validator {
  if (!validator) {
    const ajv = new Ajv({ allErrors: true, strict: true });
    validator = ajv.compile(schema);
  }
  return validator;
}

export type ParseResult = { ok: true; data: ReportAnnotations } | { ok: false; diagnostics: StoreDiagnostic[] };

/**
 * Reads a store file's text. Never throws: every problem (not JSON, a schema violation, a
 * newer format, duplicate ids, an entry for another report) comes back as a located diagnostic.
 * `expectedReport`, when given, is the report the file's location says it belongs to.
 */
export function parseReportAnnotations(file: string, text: string, expectedReport?: string): ParseResult {
  const body = stripBom(text);
  const index = new LineIndex(body);
  const diagnostic = (offset: number, length: number, message: string): StoreDiagnostic => {
    const range = index.rangeOf(offset, offset + length);
    return { file, line: range.start.line + 1, column: range.start.character + 1, range, message };
  };

  const tooMuch = checkJsonLimits(body);
  if (tooMuch) return { ok: false, diagnostics: [diagnostic(tooMuch.offset, 1, tooMuch.message)] };

  const parseErrors: ParseError[] = [];
  const root = parseTree(body, parseErrors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (parseErrors.length > 0 || !root) {
    const errors = parseErrors.length > 0 ? parseErrors : [{ error: 0, offset: 0, length: 0 }];
    return {
      ok: false,
      diagnostics: errors.map((e) =>
        diagnostic(e.offset, e.length, parseErrors.length > 0 ? `not valid JSON: ${describeParseError(printParseErrorCode(e.error))}` : 'not valid JSON: the file is empty'),
      ),
    };
  }

  const value: unknown = JSON.parse(body);
  const nodeAt = (path: (string | number)[]): JsonNode => findNodeAtLocation(root, path) ?? root;
  const at = (path: (string | number)[], message: string): StoreDiagnostic => {
    const node = nodeAt(path);
    return diagnostic(node.offset, node.length, message);
  };

  // A newer format is reported as such rather than as a list of schema violations.
  const version = (value as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof version === 'number' && version > ANNOTATION_SCHEMA_VERSION) {
    return {
      ok: false,
      diagnostics: [at(['schemaVersion'], `written by a newer version of ILACS Annotator (schemaVersion ${version}); this version reads schemaVersion ${ANNOTATION_SCHEMA_VERSION}`)],
    };
  }

  const validate = schemaValidator();
  if (!validate(value)) {
    const diagnostics = groupRequired(validate.errors ?? []).map((e) => schemaDiagnostic(e, nodeAt, diagnostic));
    return { ok: false, diagnostics: dedupe(diagnostics) };
  }

  const data = value as ReportAnnotations;
  const diagnostics: StoreDiagnostic[] = [];
  if (expectedReport !== undefined && data.report !== normaliseReportPath(expectedReport)) {
    diagnostics.push(at(['report'], `the file is for report "${data.report}" but is stored as the file of "${normaliseReportPath(expectedReport)}"`));
  }
  const seen = new Set<string>();
  data.annotations.forEach((a, i) => {
    if (seen.has(a.id)) diagnostics.push(at(['annotations', i, 'id'], `annotations[${i}].id: duplicate id "${a.id}"`));
    seen.add(a.id);
    if (a.report !== data.report) diagnostics.push(at(['annotations', i, 'report'], `annotations[${i}].report: "${a.report}" differs from the file's report "${data.report}"`));
    if (a.selectors.position.end < a.selectors.position.start) {
      diagnostics.push(at(['annotations', i, 'selectors', 'position'], `annotations[${i}].selectors.position: end is before start`));
    }
  });
  const seenImprovements = new Set<string>();
  data.improvements.forEach((r, i) => {
    const key = `${r.improvement}\u0000${r.quote}`;
    if (seenImprovements.has(key)) diagnostics.push(at(['improvements', i], `improvements[${i}]: a second status for improvement "${r.improvement}" with the same text`));
    seenImprovements.add(key);
    if (r.report !== data.report) diagnostics.push(at(['improvements', i, 'report'], `improvements[${i}].report: "${r.report}" differs from the file's report "${data.report}"`));
  });
  const seenPlans = new Set<string>();
  (data.plans ?? []).forEach((r, i) => {
    const printed = r.improvement !== undefined || r.quote !== undefined;
    if (printed === (r.annotation !== undefined) || (printed && (r.improvement === undefined || r.quote === undefined))) {
      diagnostics.push(at(['plans', i], `plans[${i}]: name the item either by "improvement" and "quote" (a printed item) or by "annotation" (a tag)`));
    }
    const key = planTargetKey(r);
    if (seenPlans.has(key)) diagnostics.push(at(['plans', i], `plans[${i}]: a second plan for the same item`));
    seenPlans.add(key);
    if (r.report !== data.report) diagnostics.push(at(['plans', i, 'report'], `plans[${i}].report: "${r.report}" differs from the file's report "${data.report}"`));
  });
  if (diagnostics.length > 0) return { ok: false, diagnostics };
  return { ok: true, data };
}

/** Validates data the store is about to write; returns the problems as messages. */
export function validateReportAnnotations(data: ReportAnnotations): string[] {
  const validate = schemaValidator();
  if (validate(JSON.parse(serialiseReportAnnotations(data)))) return [];
  return (validate.errors ?? []).map((e) => `${humanPath(e.instancePath)}: ${schemaMessage(e)}`);
}

function describeParseError(code: string): string {
  // jsonc-parser names errors like "CommaExpected"; spell them as words.
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

function pathSegments(instancePath: string): (string | number)[] {
  if (instancePath === '') return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function humanPath(instancePath: string): string {
  let out = '';
  for (const seg of pathSegments(instancePath)) out += typeof seg === 'number' ? `[${seg}]` : out === '' ? seg : `.${seg}`;
  return out === '' ? '(top level)' : out;
}

function schemaMessage(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required': {
      const missing = String(p.missingProperty).split(',');
      return missing.length === 1 ? `missing property "${missing[0]}"` : `missing properties ${missing.map((m) => `"${m}"`).join(', ')}`;
    }
    case 'additionalProperties':
      return `unknown property "${String(p.additionalProperty)}"`;
    case 'enum':
      return `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `must be ${JSON.stringify(p.allowedValue)}`;
    case 'pattern':
      if (e.schemaPath.includes('reportPath')) return 'must be a path relative to the workspace folder, with forward slashes and no ".." segments';
      if (e.schemaPath.includes('dateTime')) return 'must be an ISO 8601 date and time (for example 2025-01-31T09:30:00.000Z)';
      return e.message ?? 'does not match the expected pattern';
    default:
      return e.message ?? `fails the schema rule "${e.keyword}"`;
  }
}

function schemaDiagnostic(
  e: ErrorObject,
  nodeAt: (path: (string | number)[]) => JsonNode,
  diagnostic: (offset: number, length: number, message: string) => StoreDiagnostic,
): StoreDiagnostic {
  const path = pathSegments(e.instancePath);
  const message = `${humanPath(e.instancePath)}: ${schemaMessage(e)}`;
  let node = nodeAt(path);
  if (e.keyword === 'additionalProperties') {
    // Point at the unknown property's key: the value's parent is the property, whose first child is the key.
    const value = nodeAt([...path, String((e.params as Record<string, unknown>).additionalProperty)]);
    const key = value.parent?.type === 'property' ? value.parent.children?.[0] : undefined;
    if (key) node = key;
  }
  return diagnostic(node.offset, node.length, message);
}

/** Folds the separate "missing property" errors of one object into one. */
function groupRequired(errors: ErrorObject[]): ErrorObject[] {
  const out: ErrorObject[] = [];
  const byPath = new Map<string, ErrorObject>();
  for (const e of errors) {
    if (e.keyword !== 'required') {
      out.push(e);
      continue;
    }
    const first = byPath.get(e.instancePath);
    if (first) {
      const p = first.params as Record<string, unknown>;
      p.missingProperty = `${String(p.missingProperty)},${String((e.params as Record<string, unknown>).missingProperty)}`;
    } else {
      const copy = { ...e, params: { ...e.params } };
      byPath.set(e.instancePath, copy);
      out.push(copy);
    }
  }
  return out;
}

function dedupe(ds: StoreDiagnostic[]): StoreDiagnostic[] {
  const seen = new Set<string>();
  return ds.filter((d) => {
    const k = formatDiagnostic(d);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
