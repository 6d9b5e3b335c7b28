/**
 * Workspace codebooks: `.ilacs/codebook.json` extends (default) or replaces the built-in codebook.
 * The file is checked against `schemas/codebook.schema.json` (the same schema the editor uses for
 * completion) and then for what a schema cannot say: duplicate ids, criteria under unknown areas,
 * removals of criteria that do not exist. Every problem comes back with its position.
 */
import { stripBom } from '../text';
import { checkJsonLimits } from '../jsonLimits';
import { readProblem } from '../files';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import schema from '../../../schemas/codebook.schema.json';
import { LineIndex } from '../range';
import { builtinCodebook } from './builtin';
import type { AreaFramework, Codebook, CodebookError, Criterion, JudgementArea } from './types';

/** Where a workspace keeps its codebook, relative to the workspace folder. */
export const CODEBOOK_FILE = '.ilacs/codebook.json';

/** Colour given to a workspace area that names none. */
export const DEFAULT_AREA_COLOUR = '#7f7f7f';

export type CodebookResult = { ok: true; codebook: Codebook } | { ok: false; errors: CodebookError[] };

/**
 * The little file access the loader needs (the host's: Node's file system for the CLI, see
 * `src/node/codebookFiles.ts`). `readFile` resolves to undefined when the file does not exist;
 * `join` names the codebook file under the workspace folder as the host writes paths (joined with
 * "/" when the host has no `join`).
 */
export interface CodebookFileSystem {
  readFile(file: string): Promise<Uint8Array | string | undefined>;
  join?(dir: string, relative: string): string;
}

/**
 * The codebook in force for a workspace folder: the built-in one when `.ilacs/codebook.json` does
 * not exist, otherwise the file's codebook or its errors. A file that cannot be read (a folder, no
 * permission) or is not UTF-8 is an error, not a silent fallback.
 */
export async function loadCodebook(workspaceDir: string, fs: CodebookFileSystem): Promise<CodebookResult> {
  const file = fs.join ? fs.join(workspaceDir, CODEBOOK_FILE) : `${workspaceDir.replace(/\/+$/, '')}/${CODEBOOK_FILE}`;
  let content: Uint8Array | string | undefined;
  try {
    content = await fs.readFile(file);
  } catch (err) {
    return fail(file, `cannot read the codebook: ${readProblem(err)}`);
  }
  if (content === undefined) return { ok: true, codebook: builtinCodebook() };
  let text: string;
  if (typeof content === 'string') {
    text = content;
  } else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(content);
    } catch {
      return fail(file, 'the codebook is not valid UTF-8 text');
    }
  }
  return parseCodebookJson(text, file);
}

function fail(file: string, message: string): CodebookResult {
  return { ok: false, errors: [{ file, line: 1, column: 1, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, path: '', message }] };
}

let validator: ValidateFunction | undefined;
function validate(value: unknown): ErrorObject[] {
  validator ??= new Ajv({ allErrors: true, strict: true }).compile(schema);
  return validator(value) ? [] : [...(validator.errors ?? [])];
}

type Segment = string | number;

/** `criteria[2].area` from ['criteria', 2, 'area']. */
export function formatJsonPath(segments: Segment[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(s)) out += out ? `.${s}` : s;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

/** Collects errors with positions for one codebook text. */
class Reporter {
  readonly errors: CodebookError[] = [];
  private readonly lines: LineIndex;
  constructor(
    readonly file: string,
    text: string,
    private readonly root: Node | undefined,
  ) {
    this.lines = new LineIndex(text);
  }

  atOffset(offset: number, length: number, segments: Segment[], message: string): void {
    const range = this.lines.rangeOf(offset, offset + length);
    this.errors.push({ file: this.file, line: range.start.line + 1, column: range.start.character + 1, range, path: formatJsonPath(segments), message });
  }

  /** Reports at the value found at `segments`, or at its key when `key` is true. */
  at(segments: Segment[], message: string, key = false): void {
    let node = this.root ? findNodeAtLocation(this.root, segments) : undefined;
    if (node && key && node.parent?.type === 'property' && node.parent.children) node = node.parent.children[0];
    if (!node) {
      this.atOffset(0, 0, segments, message);
      return;
    }
    // A whole object or array is marked by its first character only, to keep squiggles readable.
    const length = node.type === 'object' || node.type === 'array' ? 1 : node.length;
    this.atOffset(node.offset, length, segments, message);
  }

  lineOf(segments: Segment[]): number {
    const node = this.root ? findNodeAtLocation(this.root, segments) : undefined;
    return node ? this.lines.positionAt(node.offset).line + 1 : 1;
  }
}

function pointerSegments(pointer: string, value: unknown): Segment[] {
  if (!pointer) return [];
  const segments: Segment[] = [];
  let current: unknown = value;
  for (const raw of pointer.slice(1).split('/')) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const seg: Segment = Array.isArray(current) ? Number(part) : part;
    segments.push(seg);
    current = current !== null && typeof current === 'object' ? (current as Record<string, unknown>)[part] : undefined;
  }
  return segments;
}

function describe(segments: Segment[]): string {
  return segments.length ? formatJsonPath(segments) : 'the codebook';
}

function schemaMessage(e: ErrorObject, segments: Segment[]): string {
  const where = describe(segments);
  const last = segments[segments.length - 1];
  switch (e.keyword) {
    case 'required':
      return `${where}: missing required field "${(e.params as { missingProperty: string }).missingProperty}"`;
    case 'additionalProperties':
      return `${where}: unknown field "${(e.params as { additionalProperty: string }).additionalProperty}"`;
    case 'type':
      return `${where}: must be ${article((e.params as { type: string }).type)}`;
    case 'enum':
      return `${where}: must be one of ${((e.params as { allowedValues: unknown[] }).allowedValues).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'minLength':
      return `${where}: must not be empty`;
    case 'pattern':
      if (last === 'colour') return `${where}: must be a colour written #rrggbb`;
      if (segments.includes('keywords')) return `${where}: keywords must be lowercase`;
      return `${where}: must be lowercase letters and digits in words joined by "-" or "." (for example "hp.front-door")`;
    default:
      return `${where}: ${e.message ?? 'is not valid'}`;
  }
}

function article(type: string): string {
  return `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`;
}

interface RawArea {
  id: string;
  label: string;
  printed?: string;
  framework?: AreaFramework;
  from?: number;
  to?: number;
  colour?: string;
  description?: string;
  criterionAreas?: string[];
}
interface RawCriterion {
  id: string;
  label: string;
  description?: string;
  area: string;
  keywords?: string[];
}
interface RawCodebook {
  mode?: 'extends' | 'replaces';
  areas?: RawArea[];
  criteria?: RawCriterion[];
  remove?: string[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * Parses and checks a workspace codebook. `file` names it in errors and becomes the codebook's
 * `source`. Comments are tolerated (handy for notes to colleagues); trailing commas are not.
 */
export function parseCodebookJson(text: string, file: string): CodebookResult {
  const body = stripBom(text);
  const tooMuch = checkJsonLimits(body);
  if (tooMuch) {
    const at = new LineIndex(body).rangeOf(tooMuch.offset, tooMuch.offset);
    return { ok: false, errors: [{ file, line: at.start.line + 1, column: at.start.character + 1, range: at, path: '', message: tooMuch.message }] };
  }
  const parseErrors: ParseError[] = [];
  const root = parseTree(body, parseErrors, { allowTrailingComma: false, disallowComments: false, allowEmptyContent: true });
  const report = new Reporter(file, body, root);
  if (parseErrors.length > 0) {
    // jsonc-parser recovers and reports follow-on errors; the first one is the one to fix.
    const e = parseErrors[0];
    report.atOffset(e.offset, e.length, [], `invalid JSON: ${parseErrorText(body, e)}`);
    return { ok: false, errors: report.errors };
  }
  if (!root) {
    report.atOffset(0, 0, [], 'the codebook is empty: write a JSON object such as {"criteria": []}');
    return { ok: false, errors: report.errors };
  }
  const value: unknown = getNodeValue(root);

  for (const e of validate(value)) {
    const segments = pointerSegments(e.instancePath, value);
    const key = e.keyword === 'additionalProperties';
    report.at(key ? [...segments, (e.params as { additionalProperty: string }).additionalProperty] : segments, schemaMessage(e, segments), key);
  }
  // The checks below look only at well-formed entries, so they can run even when the schema failed.
  if (!isRecord(value)) return { ok: false, errors: report.errors };
  const raw = value as RawCodebook;
  const mode = raw.mode === 'replaces' ? 'replaces' : 'extends';
  const base = mode === 'extends' ? builtinCodebook() : { source: file, areas: [], criteria: [] };

  const fileAreas = wellFormed<RawArea>(raw.areas, ['id', 'label']);
  const fileCriteria = wellFormed<RawCriterion>(raw.criteria, ['id', 'label', 'area']);
  checkDuplicates(report, 'areas', 'area', fileAreas);
  checkDuplicates(report, 'criteria', 'criterion', fileCriteria);

  const areaIds = new Set([...base.areas.map((a) => a.id), ...fileAreas.map(([a]) => a.id)]);
  for (const [a, i] of fileAreas) {
    if (typeof a.from === 'number' && typeof a.to === 'number' && a.from > a.to) {
      report.at(['areas', i, 'to'], `areas[${i}].to: ${a.to} is before "from" (${a.from})`);
    }
    (Array.isArray(a.criterionAreas) ? a.criterionAreas : []).forEach((id, j) => {
      if (typeof id === 'string' && !areaIds.has(id)) report.at(['areas', i, 'criterionAreas', j], `areas[${i}].criterionAreas[${j}]: unknown area "${id}"`);
    });
  }
  for (const [c, i] of fileCriteria) {
    if (!areaIds.has(c.area)) {
      report.at(['criteria', i, 'area'], `criteria[${i}].area: unknown area "${c.area}" (not built in and not defined under "areas")`);
    }
  }
  const removals = Array.isArray(raw.remove) ? raw.remove : [];
  const baseCriterionIds = new Set(base.criteria.map((c) => c.id));
  const fileCriterionIds = new Set(fileCriteria.map(([c]) => c.id));
  removals.forEach((id, i) => {
    if (typeof id !== 'string') return;
    if (mode === 'replaces') report.at(['remove', i], `remove[${i}]: nothing to remove when "mode" is "replaces"`);
    else if (fileCriterionIds.has(id)) report.at(['remove', i], `remove[${i}]: "${id}" is both defined under "criteria" and removed`);
    else if (!baseCriterionIds.has(id)) report.at(['remove', i], `remove[${i}]: no built-in criterion "${id}" to remove`);
  });
  if (mode === 'replaces' && report.errors.length === 0 && (fileAreas.length === 0 || fileCriteria.length === 0)) {
    report.at(['mode'], 'mode: a codebook that replaces the built-in one needs at least one area and one criterion');
  }
  if (report.errors.length > 0) {
    report.errors.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
    return { ok: false, errors: report.errors };
  }

  // Merge: same id replaces in place, new ids are appended, removals are dropped.
  const areas = mergeById(base.areas, fileAreas.map(([a]) => toArea(a)));
  const removed = new Set(removals);
  const criteria = mergeById(base.criteria.filter((c) => !removed.has(c.id)), fileCriteria.map(([c]) => toCriterion(c)));
  return { ok: true, codebook: { source: file, areas, criteria } };
}

function parseErrorText(text: string, e: ParseError): string {
  const code = printParseErrorCode(e.error);
  const before = text.slice(0, e.offset).trimEnd();
  if (code === 'ValueExpected' && before.endsWith(',') && /^[\]}]/.test(text.slice(e.offset))) return 'trailing comma';
  if (code === 'InvalidSymbol' || code === 'PropertyNameExpected') {
    return `unexpected ${JSON.stringify(text.slice(e.offset, e.offset + Math.max(1, e.length)))} (property names and strings need double quotes)`;
  }
  // "CommaExpected" -> "comma expected"
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/** Entries that are objects with string values for the given fields, with their index. */
function wellFormed<T>(list: unknown, fields: string[]): [T, number][] {
  if (!Array.isArray(list)) return [];
  const out: [T, number][] = [];
  list.forEach((item, i) => {
    if (isRecord(item) && fields.every((f) => typeof item[f] === 'string')) out.push([item as T, i]);
  });
  return out;
}

function checkDuplicates(report: Reporter, field: string, noun: string, entries: [{ id: string }, number][]): void {
  const first = new Map<string, number>();
  for (const [entry, i] of entries) {
    const earlier = first.get(entry.id);
    if (earlier === undefined) {
      first.set(entry.id, i);
      continue;
    }
    report.at([field, i, 'id'], `${field}[${i}].id: duplicate ${noun} id "${entry.id}" (first defined at line ${report.lineOf([field, earlier, 'id'])})`);
  }
}

function mergeById<T extends { id: string }>(base: T[], additions: T[]): T[] {
  const result = [...base];
  const index = new Map(result.map((item, i) => [item.id, i]));
  for (const item of additions) {
    const at = index.get(item.id);
    if (at === undefined) {
      index.set(item.id, result.length);
      result.push(item);
    } else {
      result[at] = item;
    }
  }
  return result;
}

function toArea(a: RawArea): JudgementArea {
  const area: JudgementArea = {
    id: a.id,
    label: a.label,
    printed: a.printed ?? a.label,
    framework: a.framework ?? 'other',
    colour: (a.colour ?? DEFAULT_AREA_COLOUR).toLowerCase(),
    description: a.description ?? '',
    criterionAreas: a.criterionAreas ? [...a.criterionAreas] : [a.id],
  };
  if (a.from !== undefined) area.from = a.from;
  if (a.to !== undefined) area.to = a.to;
  return area;
}

function toCriterion(c: RawCriterion): Criterion {
  return { id: c.id, label: c.label, description: c.description ?? '', area: c.area, keywords: c.keywords ? [...c.keywords] : [] };
}
