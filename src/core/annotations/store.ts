/**
 * The annotation store: one JSON file per report under `.ilacs/annotations/` (see `format.ts`),
 * read and written through a small file-system interface.
 *
 * Safety rules, in the order a write follows them:
 * - Every change is a read-modify-write under the file's exclusive lock (`lockedFile.ts`): the
 *   file is read again once the lock is held, and the change is applied to that version, so a tag
 *   another window, process or colleague saved a moment ago is kept and ours is added (a merge,
 *   never an overwrite). A change that returns has been written; one that could not get the lock
 *   in time fails with `FileLockError` and writes nothing.
 * - A file that is not valid JSON or fails the schema is never written: the change is refused with
 *   a `StoreFileError` listing every problem by line and column, and the file is left as it is
 *   until someone fixes it. A store file that is a symbolic link, a folder or a special file, or
 *   that a link inside `.ilacs/` leads to, is reported the same way and never followed.
 * - Writes go to a temporary dot file in the same folder (`.<name>.<hex>.ilacs-tmp`), which is then
 *   renamed over the store file, so a crash leaves either the old or the new file, never half of
 *   one; the next writer of that file removes what a killed writer left.
 * - Changes to one report's file from this process are also queued, so they keep their order.
 * - A note longer than `MAX_NOTE_BYTES` is refused, naming the file and the tag.
 */
import type { StoreFileSystem } from './fileSystem';
import { checkStorePath, UnsafeStoreFileError, updateFileLocked, type LockOptions } from './lockedFile';
import { checkJsonLimits } from '../jsonLimits';
import { readProblem } from '../files';
import { isStorePathOf, legacyStorePathFor, reportOfStorePath } from './storePaths';
import {
  emptyReportAnnotations,
  formatDiagnostic,
  normaliseReportPath,
  planTargetKey,
  parseReportAnnotations,
  reportForStoreFile,
  serialiseReportAnnotations,
  STORE_FOLDER,
  storeFileFor,
  validateReportAnnotations,
  type StoreDiagnostic,
} from './format';
import type {
  Annotation,
  AnnotationPatch,
  ImprovementPlanInput,
  ImprovementPlanRecord,
  ImprovementStatusInput,
  ImprovementStatusRecord,
  PlanTarget,
  NewAnnotation,
  ReportAnnotations,
} from './types';

/** Deepest folder nesting searched under the store folder. */
const MAX_STORE_DEPTH = 64;

/** A store file that cannot be read; the store will not write to it until it is fixed. */
export class StoreFileError extends Error {
  constructor(
    readonly file: string,
    readonly diagnostics: StoreDiagnostic[],
  ) {
    super(storeFileErrorText(file, diagnostics));
    this.name = 'StoreFileError';
  }
}

/** Why a store file is refused, naming it as `shown` (a path the reader recognises) on every line. */
export function storeFileErrorText(shown: string, diagnostics: readonly StoreDiagnostic[]): string {
  return (
    `${shown} is not a valid annotation store file, so ILACS Annotator will not change it until it is fixed:\n` +
    diagnostics.map((d) => `  ${formatDiagnostic({ ...d, file: shown })}`).join('\n')
  );
}

/** A change the store refuses: an unknown annotation, or data the schema does not allow. */
export class AnnotationStoreError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = 'AnnotationStoreError';
  }
}

export type LoadResult =
  | { ok: true; file: string; report: string; data: ReportAnnotations; /** The file differs from the last time this store read or wrote it. */ changed: boolean }
  | { ok: false; file: string; report: string; diagnostics: StoreDiagnostic[]; changed: boolean };

export interface AnnotationStoreOptions {
  /** Clock for created/modified times (tests pass a fixed one). */
  now?: () => Date;
  /** Id generator for new annotations. */
  newId?: () => string;
  /** How long a write waits for another writer's lock, and when a lock counts as stale. */
  lock?: LockOptions;
}

/** The longest note a tag or an improvement-area status may carry (UTF-8 bytes). */
export const MAX_NOTE_BYTES = 100 * 1024;

/** The UTF-8 length of a string, without encoding it. */
export function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** Why a note is refused, or null when it may be stored. */
export function noteTooLong(note: string): string | null {
  const bytes = utf8Length(note);
  return bytes > MAX_NOTE_BYTES ? `its note is ${Math.ceil(bytes / 1024)} KB; notes are limited to ${MAX_NOTE_BYTES / 1024} KB` : null;
}

interface CacheEntry {
  /** The file's text when last read or written, or null when it did not exist. */
  text: string | null;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

export class AnnotationStore {
  private readonly now: () => Date;
  private readonly newId: () => string;
  private readonly lockOptions: LockOptions;
  private readonly cache = new Map<string, CacheEntry>();
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    readonly fs: StoreFileSystem,
    options: AnnotationStoreOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    // Web Crypto's UUIDs: in Node 20 and in browsers alike.
    this.newId = options.newId ?? (() => globalThis.crypto.randomUUID());
    this.lockOptions = options.lock ?? {};
  }

  /**
   * Reads a report's store file from disk. A missing file is an empty store. Never throws for bad
   * content, nor for a file that cannot be read (a folder, a FIFO, too large): those come back as
   * diagnostics naming the file. A store file kept under the name of an earlier version (see
   * `storePaths.ts`) is read when the current one does not exist.
   */
  async load(report: string): Promise<LoadResult> {
    const rep = normaliseReportPath(report);
    let file = storeFileFor(rep);
    let read = await this.readText(file);
    const legacy = legacyStorePathFor(rep);
    if (read.text === null && !('diagnostics' in read) && legacy !== null) {
      const old = await this.readText(legacy);
      // Only a file that says it is this report's: on a case-insensitive disk the old name may be another report's.
      if ('diagnostics' in old || (old.text !== null && parseReportAnnotations(legacy, old.text, rep).ok)) {
        file = legacy;
        read = old;
      }
    }
    const previous = this.cache.get(rep);
    const changed = previous !== undefined && previous.text !== read.text;
    this.cache.set(rep, { text: read.text });
    if ('diagnostics' in read) return { ok: false, file, report: rep, diagnostics: read.diagnostics, changed };
    if (read.text === null) return { ok: true, file, report: rep, data: emptyReportAnnotations(rep), changed };
    const parsed = parseReportAnnotations(file, read.text, rep);
    if (!parsed.ok) return { ok: false, file, report: rep, diagnostics: parsed.diagnostics, changed };
    return { ok: true, file, report: rep, data: parsed.data, changed };
  }

  /** The report's annotations, sorted by position. Throws `StoreFileError` when the file is invalid. */
  async list(report: string): Promise<Annotation[]> {
    return (await this.loadValid(report)).annotations;
  }

  async get(report: string, id: string): Promise<Annotation | undefined> {
    return (await this.list(report)).find((a) => a.id === id);
  }

  /** The report's improvement-area statuses. Throws `StoreFileError` when the file is invalid. */
  async improvementStatuses(report: string): Promise<ImprovementStatusRecord[]> {
    return (await this.loadValid(report)).improvements;
  }

  /**
   * Reports that have a store file in this workspace, sorted. A hashed store name (see
   * `storePaths.ts`) is read to learn its report; a folder that cannot be listed is skipped.
   */
  async reports(): Promise<string[]> {
    const out = new Set<string>();
    const walk = async (dir: string, depth: number): Promise<void> => {
      let entries: { name: string; isDirectory: boolean }[] | undefined;
      try {
        entries = await this.fs.readDirectory(dir);
      } catch {
        return;
      }
      if (!entries) return;
      for (const e of entries) {
        const child = `${dir}/${e.name}`;
        if (e.isDirectory) {
          if (depth < MAX_STORE_DEPTH) await walk(child, depth + 1);
          continue;
        }
        const found = reportOfStorePath(child);
        if (found === 'recorded') {
          const report = await this.recordedReport(child);
          if (report !== null) out.add(report);
        } else if (found !== null) {
          const report = reportForStoreFile(child);
          if (report !== null) out.add(report);
        }
      }
    };
    await walk(STORE_FOLDER, 0);
    return [...out].sort();
  }

  /** The report a store file with a hashed name records, when the file is where that report's store belongs. */
  private async recordedReport(file: string): Promise<string | null> {
    const read = await this.readText(file);
    if ('diagnostics' in read || read.text === null) return null;
    let report: unknown;
    try {
      if (checkJsonLimits(read.text) !== null) throw new Error('over the limits');
      report = (JSON.parse(read.text) as { report?: unknown } | null)?.report;
    } catch {
      // A file broken by hand or by a merge: its first "report" still says whose it is, so that
      // loading that report shows the problem rather than the tags silently disappearing.
      const named = /"report"\s*:\s*("(?:[^"\\\n]|\\.)*")/.exec(read.text.slice(0, 64 * 1024));
      try {
        report = named ? JSON.parse(named[1]) : undefined;
      } catch {
        report = undefined;
      }
    }
    if (typeof report !== 'string') return null;
    try {
      const rep = normaliseReportPath(report);
      return isStorePathOf(file, rep) ? rep : null;
    } catch {
      return null;
    }
  }

  async add(report: string, input: NewAnnotation): Promise<Annotation> {
    return this.mutate(report, (data, rep) => {
      const time = this.now().toISOString();
      const annotation: Annotation = {
        id: this.newId(),
        report: rep,
        paragraph: input.paragraph,
        selectors: {
          quote: { ...input.selectors.quote },
          position: { ...input.selectors.position },
        },
        criteria: [...input.criteria],
        assessment: input.assessment ?? null,
        status: input.status ?? 'open',
        note: input.note ?? '',
        author: input.author,
        created: time,
        modified: time,
      };
      if (data.annotations.some((a) => a.id === annotation.id)) {
        throw new AnnotationStoreError(storeFileFor(rep), `an annotation with id "${annotation.id}" already exists`);
      }
      data.annotations.push(annotation);
      return annotation;
    });
  }

  /**
   * Moves every annotation and improvement status of one report to another (an untitled document
   * saved under a name, a report renamed): ids, times and selectors are kept, the target's own tags
   * stay, and the source file is written only after the target holds the moved tags. Returns how
   * many annotations moved.
   */
  async moveReport(from: string, to: string): Promise<number> {
    const source = await this.loadValid(from);
    if (source.annotations.length === 0 && source.improvements.length === 0 && (source.plans ?? []).length === 0) return 0;
    const moved = await this.mutate(to, (data, rep) => {
      let count = 0;
      for (const a of source.annotations) {
        if (data.annotations.some((x) => x.id === a.id)) continue;
        data.annotations.push({ ...a, report: rep, selectors: { quote: { ...a.selectors.quote }, position: { ...a.selectors.position } }, criteria: [...a.criteria] });
        count++;
      }
      for (const r of source.improvements) {
        if (!data.improvements.some((x) => x.improvement === r.improvement && x.quote === r.quote)) data.improvements.push({ ...r, report: rep });
      }
      for (const r of source.plans ?? []) {
        const plans = (data.plans ??= []);
        if (!plans.some((x) => planTargetKey(x) === planTargetKey(r))) plans.push({ ...r, report: rep });
      }
      return count;
    });
    await this.mutate(from, (data) => {
      const ids = new Set(source.annotations.map((a) => a.id));
      data.annotations = data.annotations.filter((a) => !ids.has(a.id));
      data.improvements = data.improvements.filter((r) => !source.improvements.some((x) => x.improvement === r.improvement && x.quote === r.quote));
      const moved = new Set((source.plans ?? []).map(planTargetKey));
      if (data.plans) data.plans = data.plans.filter((r) => !moved.has(planTargetKey(r)));
    });
    return moved;
  }

  /**
   * Changes the given fields of an annotation, on the version now on disk (fields changed by
   * someone else and not named in the patch are kept).
   */
  async update(report: string, id: string, patch: AnnotationPatch): Promise<Annotation> {
    return this.mutate(report, (data, rep) => {
      const i = data.annotations.findIndex((a) => a.id === id);
      if (i < 0) throw new AnnotationStoreError(storeFileFor(rep), `no annotation with id "${id}" (it may have been removed in another window or by git)`);
      data.annotations[i] = applyPatch(data.annotations[i], patch, this.now().toISOString());
      return data.annotations[i];
    });
  }

  /**
   * Applies several patches in one write, skipping annotations that are no longer there. With
   * `touch: false` the modified time is kept: for bringing anchors up to date after the report's
   * text moved, which is not a change anyone made to the tag.
   */
  async updateMany(report: string, patches: readonly { id: string; patch: AnnotationPatch }[], options: { touch?: boolean } = {}): Promise<Annotation[]> {
    if (patches.length === 0) return [];
    return this.mutate(report, (data) => {
      const now = this.now().toISOString();
      const changed: Annotation[] = [];
      for (const { id, patch } of patches) {
        const i = data.annotations.findIndex((a) => a.id === id);
        if (i < 0) continue;
        data.annotations[i] = applyPatch(data.annotations[i], patch, options.touch === false ? data.annotations[i].modified : now);
        changed.push(data.annotations[i]);
      }
      return changed;
    });
  }

  /**
   * Runs `change` on the report's data as it is on disk now, under the file's lock, and writes the
   * result in one write (for changes of many records at once, such as an import). `change` edits
   * `data` in place; throwing refuses the whole change and writes nothing.
   */
  async batch<R>(report: string, change: (data: ReportAnnotations, report: string) => R): Promise<R> {
    return this.mutate(report, change);
  }

  /** Removes an annotation; false when it was not there. */
  async remove(report: string, id: string): Promise<boolean> {
    return this.mutate(report, (data) => {
      const before = data.annotations.length;
      data.annotations = data.annotations.filter((a) => a.id !== id);
      return data.annotations.length !== before;
    });
  }

  /**
   * Puts a removed annotation back exactly as it was (id, times, author), for undo; false when an
   * annotation with its id is already there (it was restored by someone else), which is left as it is.
   */
  async restore(report: string, annotation: Annotation): Promise<boolean> {
    return this.mutate(report, (data, rep) => {
      if (data.annotations.some((a) => a.id === annotation.id)) return false;
      data.annotations.push({ ...annotation, report: rep, selectors: { quote: { ...annotation.selectors.quote }, position: { ...annotation.selectors.position } }, criteria: [...annotation.criteria] });
      return true;
    });
  }

  /** Sets (or replaces) the status of one printed improvement area. */
  async setImprovementStatus(report: string, input: ImprovementStatusInput): Promise<ImprovementStatusRecord> {
    return this.mutate(report, (data, rep) => {
      const previous = data.improvements.find((r) => r.improvement === input.improvement && r.quote === input.quote);
      const record: ImprovementStatusRecord = {
        report: rep,
        improvement: input.improvement,
        quote: input.quote,
        status: input.status,
        note: input.note ?? previous?.note ?? '',
        author: input.author,
        modified: this.now().toISOString(),
      };
      const criteria = input.criteria ?? previous?.criteria;
      if (criteria !== undefined) record.criteria = [...criteria];
      data.improvements = data.improvements.filter((r) => r !== previous);
      data.improvements.push(record);
      return record;
    });
  }

  /** Removes the status of one printed improvement area; false when there was none. */
  async clearImprovementStatus(report: string, improvement: string, quote: string): Promise<boolean> {
    return this.mutate(report, (data) => {
      const before = data.improvements.length;
      data.improvements = data.improvements.filter((r) => !(r.improvement === improvement && r.quote === quote));
      return data.improvements.length !== before;
    });
  }

  /** The report's improvement plans. Throws `StoreFileError` when the file is invalid. */
  async improvementPlans(report: string): Promise<ImprovementPlanRecord[]> {
    return (await this.loadValid(report)).plans ?? [];
  }

  /**
   * Sets the given fields of one item's improvement plan (owner, due date, RAG and its reason), on
   * the version now on disk; fields not given keep their value. The item's status is not touched.
   */
  async setImprovementPlan(report: string, target: PlanTarget, input: ImprovementPlanInput): Promise<ImprovementPlanRecord> {
    return this.mutate(report, (data, rep) => {
      const plans = (data.plans ??= []);
      const key = planTargetKey(target);
      const previous = plans.find((r) => planTargetKey(r) === key);
      const record: ImprovementPlanRecord = {
        report: rep,
        ...('annotation' in target ? { annotation: target.annotation } : { improvement: target.improvement, quote: target.quote }),
        owner: input.owner ?? previous?.owner ?? '',
        due: input.due !== undefined ? input.due : (previous?.due ?? null),
        rag: input.rag !== undefined ? input.rag : (previous?.rag ?? null),
        reason: input.reason ?? previous?.reason ?? '',
        author: input.author,
        modified: this.now().toISOString(),
      };
      data.plans = plans.filter((r) => r !== previous);
      data.plans.push(record);
      return record;
    });
  }

  private async loadValid(report: string): Promise<ReportAnnotations> {
    const result = await this.load(report);
    if (!result.ok) throw new StoreFileError(result.file, result.diagnostics);
    return result.data;
  }

  private async readText(file: string): Promise<{ text: string | null } | { text: string | null; diagnostics: StoreDiagnostic[] }> {
    try {
      if ((await checkStorePath(this.fs, file)) === undefined) return { text: null };
    } catch (err) {
      if (!(err instanceof UnsafeStoreFileError)) throw err;
      return { text: `\u0000unsafe:${err.problem}`, diagnostics: [wholeFileDiagnostic(file, err.problem)] };
    }
    let bytes: Uint8Array | undefined;
    try {
      bytes = await this.fs.readFile(file);
    } catch (err) {
      const problem = readProblem(err);
      return { text: `\u0000unreadable:${problem}`, diagnostics: [wholeFileDiagnostic(file, `cannot be read: ${problem}`)] };
    }
    return this.decode(file, bytes);
  }

  private decode(file: string, bytes: Uint8Array | undefined): { text: string | null } | { text: string | null; diagnostics: StoreDiagnostic[] } {
    if (bytes === undefined) return { text: null };
    try {
      return { text: decoder.decode(bytes) };
    } catch {
      return { text: `\u0000binary:${bytes.length}`, diagnostics: [wholeFileDiagnostic(file, 'not UTF-8 text')] };
    }
  }

  /** Runs one change on the report's file as it is on disk now, queued behind earlier changes. */
  private mutate<R>(report: string, change: (data: ReportAnnotations, report: string) => R): Promise<R> {
    const rep = normaliseReportPath(report);
    const previous = this.queues.get(rep) ?? Promise.resolve();
    const run = previous.then(
      () => this.applyChange(rep, change),
      () => this.applyChange(rep, change),
    );
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(rep, tail);
    void tail.then(() => {
      if (this.queues.get(rep) === tail) this.queues.delete(rep);
    });
    return run;
  }

  private async applyChange<R>(rep: string, change: (data: ReportAnnotations, report: string) => R): Promise<R> {
    const file = storeFileFor(rep);
    const legacy = legacyStorePathFor(rep);
    /** A store found under its earlier name, moved to the current name by this change. */
    let migrated: string | null = null;
    try {
      const { result, text } = await updateFileLocked(
        this.fs,
        file,
        async (bytes) => {
          let read = this.decode(file, bytes);
          if ('diagnostics' in read) throw new StoreFileError(file, read.diagnostics);
          let from = file;
          if (read.text === null && legacy !== null) {
            const old = await this.readText(legacy);
            if ('diagnostics' in old) throw new StoreFileError(legacy, old.diagnostics);
            if (old.text !== null && parseReportAnnotations(legacy, old.text, rep).ok) {
              read = old;
              from = legacy;
            }
          }
          let data: ReportAnnotations;
          if (read.text === null) data = emptyReportAnnotations(rep);
          else {
            const parsed = parseReportAnnotations(from, read.text, rep);
            if (!parsed.ok) throw new StoreFileError(from, parsed.diagnostics);
            data = parsed.data;
          }
          if (from !== file) migrated = from;
          const result = change(data, rep);
          for (const a of data.annotations) {
            const long = noteTooLong(a.note);
            if (long) throw new AnnotationStoreError(file, `the change was not saved: tag ${a.id}: ${long}`);
          }
          for (const r of data.improvements) {
            const long = noteTooLong(r.note);
            if (long) throw new AnnotationStoreError(file, `the change was not saved: the status of improvement area ${r.improvement}: ${long}`);
          }
          const problems = validateReportAnnotations(data);
          if (problems.length > 0) throw new AnnotationStoreError(file, `the change was not saved: ${problems.join('; ')}`);
          const text = serialiseReportAnnotations(data);
          return { content: text === read.text && migrated === null ? undefined : text, result: { result, text } };
        },
        this.lockOptions,
      );
      this.cache.set(rep, { text });
      // A store read from its old name now lives under the new one.
      if (migrated !== null) await this.fs.delete(migrated);
      return result;
    } catch (err) {
      if (err instanceof UnsafeStoreFileError) throw new StoreFileError(file, [wholeFileDiagnostic(file, err.problem)]);
      throw err;
    }
  }
}

function wholeFileDiagnostic(file: string, message: string): StoreDiagnostic {
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return { file, line: 1, column: 1, range, message };
}

function applyPatch(current: Annotation, patch: AnnotationPatch, modified: string): Annotation {
  const next: Annotation = { ...current, modified };
  if (patch.paragraph !== undefined) next.paragraph = patch.paragraph;
  if (patch.selectors !== undefined) next.selectors = { quote: { ...patch.selectors.quote }, position: { ...patch.selectors.position } };
  if (patch.criteria !== undefined) next.criteria = [...patch.criteria];
  if (patch.assessment !== undefined) next.assessment = patch.assessment;
  if (patch.status !== undefined) next.status = patch.status;
  if (patch.note !== undefined) next.note = patch.note;
  return next;
}
