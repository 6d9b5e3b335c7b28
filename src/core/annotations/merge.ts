/**
 * Three-way merge of one report's store file, for git (`ilacs merge-driver`): two officers'
 * branches merge without conflict markers in the JSON.
 *
 * Tags are matched by id and merged field by field against the common ancestor: a field changed on
 * one side takes that side's value; a field both sides changed to different values takes the value
 * of the side modified later (ours on a tie), and the other side's version of the whole tag is kept
 * beside it as a copy (id `<id>~ours` or `<id>~theirs`): a real conflict, listed. A tag removed on
 * one side and left alone on the other is removed; removed on one side and changed on the other, it
 * is kept as changed, and listed. The tag's anchor (paragraph and selectors) is brought up to date
 * by the editor on save and never conflicts: the later side's anchor wins. Improvement statuses are
 * matched by item id and text and merged the same way, except that only one status per item can be
 * kept: a real conflict there takes the later change and lists the other one.
 */
import { emptyReportAnnotations, parseReportAnnotations, serialiseReportAnnotations, formatDiagnostic } from './format';
import type { Annotation, ImprovementStatusRecord, ReportAnnotations } from './types';

export interface MergeInput {
  /** How the file is named in messages (its path in the repository). */
  name: string;
  /** The common ancestor's text; empty or null when the file did not exist there. */
  base: string | null;
  ours: string | null;
  theirs: string | null;
}

export interface MergeConflict {
  /** The tag id, or `improvement <id>` for an improvement status. */
  id: string;
  /** What happened, for people. */
  message: string;
}

export type MergeResult = { ok: true; text: string; data: ReportAnnotations; conflicts: MergeConflict[] } | { ok: false; problems: string[] };

type Side = 'ours' | 'theirs';

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

const TAG_FIELDS = ['criteria', 'assessment', 'status', 'note', 'author', 'created'] as const;
type TagField = (typeof TAG_FIELDS)[number];

function anchorOf(a: Annotation): unknown {
  return { paragraph: a.paragraph, selectors: a.selectors };
}

/** The side modified later (ours on a tie). */
function later(o: { modified: string }, t: { modified: string }): Side {
  return Date.parse(t.modified) > Date.parse(o.modified) ? 'theirs' : 'ours';
}

/**
 * The three-way pick of one value: when only one side changed it from the base, that side's value is
 * kept; when both changed it differently (or there is no base), the later side's is kept and it clashes.
 */
function pick(ours: unknown, theirs: unknown, base: { value: unknown } | undefined, winner: Side): { side: Side; clash: boolean } {
  if (same(ours, theirs)) return { side: 'ours', clash: false };
  if (base && same(ours, base.value)) return { side: 'theirs', clash: false };
  if (base && same(theirs, base.value)) return { side: 'ours', clash: false };
  return { side: winner, clash: true };
}

function laterTime(a: string, b: string): string {
  return Date.parse(b) > Date.parse(a) ? b : a;
}

function describeValue(v: unknown): string {
  if (Array.isArray(v)) return v.length ? v.join(', ') : 'none';
  if (v === null || v === '') return 'none';
  return String(v);
}

function mergeTag(base: Annotation | undefined, o: Annotation, t: Annotation): { merged: Annotation; conflicting: TagField[]; winner: Side } {
  const winner = later(o, t);
  const merged: Annotation = { ...o, criteria: [...o.criteria] };
  const conflicting: TagField[] = [];
  for (const field of TAG_FIELDS) {
    const { side, clash } = pick(o[field], t[field], base && { value: base[field] }, winner);
    if (clash) conflicting.push(field);
    const value = side === 'ours' ? o[field] : t[field];
    (merged as unknown as Record<string, unknown>)[field] = Array.isArray(value) ? [...value] : value;
  }
  const anchorFrom = pick(anchorOf(o), anchorOf(t), base && { value: anchorOf(base) }, winner).side === 'ours' ? o : t;
  merged.paragraph = anchorFrom.paragraph;
  merged.selectors = { quote: { ...anchorFrom.selectors.quote }, position: { ...anchorFrom.selectors.position } };
  merged.modified = laterTime(o.modified, t.modified);
  return { merged, conflicting, winner };
}

function parseSide(name: string, label: string, text: string | null, problems: string[]): ReportAnnotations | null {
  if (text === null || text.trim() === '') return null;
  const parsed = parseReportAnnotations(name, text);
  if (!parsed.ok) {
    for (const d of parsed.diagnostics) problems.push(`${label}: ${formatDiagnostic(d)}`);
    return null;
  }
  return parsed.data;
}

function improvementKey(r: ImprovementStatusRecord): string {
  return `${r.improvement}\u0000${r.quote}`;
}

const IMPROVEMENT_FIELDS = ['status', 'criteria', 'note', 'author'] as const;

export function mergeStoreFiles(input: MergeInput): MergeResult {
  const problems: string[] = [];
  const base = parseSide(input.name, 'the common ancestor', input.base, problems);
  const ours = parseSide(input.name, 'our version', input.ours, problems);
  const theirs = parseSide(input.name, 'their version', input.theirs, problems);
  if (problems.length > 0) return { ok: false, problems };
  const report = ours?.report ?? theirs?.report ?? base?.report;
  if (report === undefined) return { ok: true, text: '', data: emptyReportAnnotations('empty'), conflicts: [] };
  for (const [label, side] of [['our version', ours], ['their version', theirs]] as const) {
    if (side && side.report !== report) problems.push(`${label} is the store of "${side.report}", the other of "${report}"`);
  }
  if (problems.length > 0) return { ok: false, problems };

  const conflicts: MergeConflict[] = [];
  const result = emptyReportAnnotations(report);
  const byId = (d: ReportAnnotations | null): Map<string, Annotation> => new Map((d?.annotations ?? []).map((a) => [a.id, a]));
  const b = byId(base);
  const o = byId(ours);
  const t = byId(theirs);
  const ids = [...new Set([...o.keys(), ...t.keys(), ...b.keys()])].sort();
  const taken = new Set(ids);
  const copyId = (id: string, side: Side): string => {
    let candidate = `${id}~${side}`;
    for (let i = 2; taken.has(candidate); i++) candidate = `${id}~${side}${i}`;
    taken.add(candidate);
    return candidate;
  };

  for (const id of ids) {
    const bv = b.get(id);
    const ov = o.get(id);
    const tv = t.get(id);
    if (ov && tv) {
      const { merged, conflicting, winner } = mergeTag(bv, ov, tv);
      result.annotations.push(merged);
      if (conflicting.length > 0) {
        const loser: Side = winner === 'ours' ? 'theirs' : 'ours';
        const lost = loser === 'ours' ? ov : tv;
        const copy = copyId(id, loser);
        result.annotations.push({ ...lost, id: copy, criteria: [...lost.criteria] });
        const fields = conflicting.map((f) => `${f} (ours: ${describeValue(ov[f])}; theirs: ${describeValue(tv[f])})`).join(', ');
        conflicts.push({ id, message: `tag ${id}: both sides changed ${fields}; the later change (${winner}) is kept under the id and ${loser === 'ours' ? 'our' : 'their'} version as ${copy}` });
      }
    } else if (ov || tv) {
      const present = (ov ?? tv) as Annotation;
      const side: Side = ov ? 'ours' : 'theirs';
      if (!bv) result.annotations.push(present);
      else if (!same(present, bv)) {
        result.annotations.push(present);
        conflicts.push({ id, message: `tag ${id}: removed in ${side === 'ours' ? 'their' : 'our'} version and changed in ${side === 'ours' ? 'ours' : 'theirs'}; kept as changed` });
      }
      // Removed on one side and unchanged on the other: removed.
    }
  }

  const impMap = (d: ReportAnnotations | null): Map<string, ImprovementStatusRecord> => new Map((d?.improvements ?? []).map((r) => [improvementKey(r), r]));
  const bi = impMap(base);
  const oi = impMap(ours);
  const ti = impMap(theirs);
  for (const key of [...new Set([...oi.keys(), ...ti.keys(), ...bi.keys()])].sort()) {
    const bv = bi.get(key);
    const ov = oi.get(key);
    const tv = ti.get(key);
    if (ov && tv) {
      const winner = later(ov, tv);
      const merged: ImprovementStatusRecord = { ...ov };
      const conflicting: string[] = [];
      for (const field of IMPROVEMENT_FIELDS) {
        const a = ov[field];
        const c = tv[field];
        const { side, clash } = pick(a, c, bv && { value: bv[field] }, winner);
        if (clash) conflicting.push(`${field} (ours: ${describeValue(a)}; theirs: ${describeValue(c)})`);
        const value = side === 'ours' ? a : c;
        if (value === undefined) delete (merged as unknown as Record<string, unknown>)[field];
        else (merged as unknown as Record<string, unknown>)[field] = Array.isArray(value) ? [...value] : value;
      }
      merged.modified = laterTime(ov.modified, tv.modified);
      result.improvements.push(merged);
      if (conflicting.length > 0) {
        conflicts.push({ id: `improvement ${ov.improvement}`, message: `improvement ${ov.improvement}: both sides changed ${conflicting.join(', ')}; the later change (${winner}) is kept` });
      }
    } else if (ov || tv) {
      const present = (ov ?? tv) as ImprovementStatusRecord;
      if (!bv) result.improvements.push(present);
      else if (!same(present, bv)) {
        result.improvements.push(present);
        conflicts.push({ id: `improvement ${present.improvement}`, message: `improvement ${present.improvement}: status cleared on one side and changed on the other; kept as changed` });
      }
    }
  }
  return { ok: true, text: serialiseReportAnnotations(result), data: result, conflicts };
}
