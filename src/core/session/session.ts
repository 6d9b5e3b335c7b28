/**
 * One workspace folder, as every feature reads it: its reports (parsed, with the user's corrections
 * applied), their tags re-anchored on the text, the codebook in force, the improvement items with
 * their follow-ups, and the paragraph recurrence index. The CLI and the editor are thin hosts over
 * this one session (see `host.ts`), so they read, check and word things the same way.
 *
 * **One invalidation scheme.** Everything is computed on first use and kept until a file it was
 * computed from changes. Every change, whether the host's watcher reports it or the session itself
 * writes it (the store and the corrections write through the session's own file system, which
 * tells the session at once), comes in through `filesChanged`, which drops exactly what depended on
 * that file and then fires `onDidChange` once with the reports affected. Callers ask again and get
 * what is current: a report whose text did not change is not parsed again, a store file that did
 * not change is not read again, and the recurrence index re-indexes only the reports whose text or
 * tags changed.
 *
 * **Cancellation.** Work over the whole workspace (`reports`, `improvementItems`,
 * `recurrenceIndex`) takes a token, asked between reports; when it is set the work stops with
 * `CancelledError` and what was computed so far is kept for the next call.
 */
import { AnnotationStore, type Annotation, type AnnotationStoreOptions, type FileStat, type LoadResult, type StoreFileSystem } from '../annotations';
import { reportOfStorePath, STORE_FOLDER } from '../annotations/storePaths';
import { isWriterLeftover } from '../annotations/lockedFile';
import { reportForStoreFile } from '../annotations/format';
import { builtinCodebook, CODEBOOK_FILE, parseCodebookJson, type Codebook, type CodebookError } from '../codebook';
import { applyCorrection, CORRECTIONS_FILE, correctionFor, CorrectionStore, type CorrectionsDiagnostic, type CorrectionsFile } from '../corrections';
import { MAX_FILE_BYTES, readProblem } from '../files';
import { attachFollowUps, FollowUpIndex } from '../followups';
import { ReportError, type Report } from '../model';
import { decodeReport, parseReportText } from '../parser';
import { deleteReportFindings, emptyRecurrenceIndex, IndexFilling, ParagraphIndex, reportFindings, reportStamp, setReportFindings, taggedCriteria, type IndexOptions, type RecurrenceIndex } from '../recurrence';
import { findCriteria, findParagraph, type CriteriaLookup, type ParagraphLookup } from '../workspace/tagging';
import { mergeImprovementItems, reportImprovementItems, type ImprovementItem } from '../workspace/improvements';
import { orphanAnnotations, resolveAnnotations } from '../workspace/resolve';
import { unlistedFolder, type LoadedReport } from '../workspace/load';
import { comparePaths, isReportPath, isScannedFolder, scanReports } from '../workspace/scan';
import { throwIfCancelled, type CancellationToken, type Disposable, type FileChange, type WorkspaceHost } from './host';

/** What changed, as `onDidChange` tells it. */
export interface SessionChange {
  /** The reports whose text, tags, statuses, plans or corrections changed; undefined when any may have. */
  reports: readonly string[] | undefined;
  /** Whether the codebook in force may have changed. */
  codebook: boolean;
}

/** The report corrections as read: null with the file's problems when it cannot be read. */
export interface CorrectionsState {
  data: CorrectionsFile | null;
  /** The problems in one line, or null. */
  problem: string | null;
  diagnostics: CorrectionsDiagnostic[];
}

/** The codebook in force and why, when the workspace's own file cannot be used. */
export interface CodebookState {
  /** What every feature uses: the workspace codebook, or while it has errors the last valid one (the built-in one when none was read). */
  codebook: Codebook;
  /** The workspace codebook's problems, each with its position; empty when it is valid or absent. */
  errors: CodebookError[];
}

export interface SessionOptions {
  /** Passed to the annotation store (the clock and ids the tests fix). */
  store?: AnnotationStoreOptions;
  /** Options of the recurrence index (its thresholds). */
  recurrence?: Partial<IndexOptions>;
}

interface Parsed {
  /** The report as the parser reads it, before corrections; null with `problem`. */
  report: Report | null;
  text: string | null;
  missing: boolean;
  problem: string | null;
}

/** How long a run of work over many reports may hold the thread before it lets others in. */
const SLICE_MS = 15;

/** How many reports are being read ahead of the one being worked on (their files' reads overlap that work). */
const READ_AHEAD = 4;

/**
 * `read(file)` of each file, in order, with up to `READ_AHEAD` of the next ones started while one
 * is awaited; a result is not kept once given. A read started for a reader that stops early runs
 * to its end unheeded.
 */
async function* readAhead<T>(files: readonly string[], read: (file: string) => Promise<T>): AsyncGenerator<T> {
  const started: Promise<T>[] = [];
  let next = 0;
  for (let i = 0; i < files.length; i++) {
    while (next < files.length && next <= i + READ_AHEAD) {
      const p = read(files[next++]);
      // Awaited in its turn below; one left behind by a reader that stopped must not be reported unhandled.
      p.catch(() => undefined);
      started.push(p);
    }
    yield await (started.shift() as Promise<T>);
  }
}

const textDecoder = new TextDecoder('utf-8', { fatal: true });

export class WorkspaceSession implements Disposable {
  /** The tag store; its writes reach the session at once (see `filesChanged`). */
  readonly store: AnnotationStore;
  /** The report corrections (`.ilacs/reports.json`); writes reach the session at once. */
  readonly correctionStore: CorrectionStore;
  /** The file system the store writes through: the host's, telling the session of each write. */
  readonly files: StoreFileSystem;

  private scanned: Promise<{ files: string[]; folders: { path: string; problem: string }[] }> | undefined;
  private readonly parsed = new Map<string, Promise<Parsed>>();
  /** The report files the last finished scan listed (to know which a deleted folder took with it). */
  private lastScan: string[] | undefined;
  private readonly stored = new Map<string, Promise<LoadResult>>();
  /** Which report each store file read belongs to (hashed store names do not say). */
  private readonly reportOfStore = new Map<string, string>();
  private readonly loaded = new Map<string, Promise<LoadedReport>>();
  private corrections: Promise<CorrectionsState> | undefined;
  private codebookState: Promise<CodebookState> | undefined;
  private lastValidCodebook: Codebook | undefined;
  private readonly itemsOf = new Map<string, { loaded: LoadedReport; codebook: Codebook; items: ImprovementItem[] }>();
  private merged: Promise<ImprovementItem[]> | undefined;
  private readonly recurrence: ParagraphIndex;
  private readonly stamps = new Map<string, string>();
  private modelRead = false;
  private recurrenceQueue: Promise<unknown> = Promise.resolve();
  private recurrenceFresh = false;
  private readonly listeners = new Set<(change: SessionChange) => void>();
  private readonly watching: Disposable;
  private disposed = false;
  /** Grows with every change taken in: a caller can tell whether what it holds is still current. */
  generation = 0;

  constructor(
    readonly host: WorkspaceHost,
    options: SessionOptions = {},
  ) {
    this.files = notifyingFileSystem(host.files, (path, kind) => this.filesChanged([{ path, kind }]));
    this.store = new AnnotationStore(this.files, options.store);
    this.correctionStore = new CorrectionStore(this.files);
    this.recurrence = new ParagraphIndex(options.recurrence);
    this.watching = host.watch((changes) => this.filesChanged(changes));
  }

  /** Calls `listener` after each change taken in. */
  onDidChange(listener: (change: SessionChange) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  // ---- Invalidation -------------------------------------------------------------------------

  /**
   * Takes in files that changed (from the host's watcher, or the session's own writes): drops what
   * was computed from them and tells the listeners which reports are affected.
   */
  filesChanged(changes: readonly FileChange[]): void {
    if (this.disposed || changes.length === 0) return;
    const reports = new Set<string>();
    let all = false;
    let codebook = false;
    for (const { path, kind } of changes) {
      // The writers' locks and temporary files are never read.
      if (isWriterLeftover(path.slice(path.lastIndexOf('/') + 1))) continue;
      if (path === CODEBOOK_FILE) {
        this.codebookState = undefined;
        codebook = true;
        all = true;
      } else if (path === CORRECTIONS_FILE) {
        this.corrections = undefined;
        this.loaded.clear();
        this.documentCache.clear();
        all = true;
      } else if (reportOfStorePath(path) !== null) {
        const report = this.reportOfStore.get(path) ?? reportForStoreFile(path);
        if (report !== null) {
          this.dropStore(report);
          reports.add(report);
        } else {
          // A store file of a report not read yet, under a hashed name: its report says which.
          // Until it is read again, every report's tags are read again.
          for (const r of [...this.stored.keys()]) this.dropStore(r);
          all = true;
        }
        // A store file that appears or goes may add a report (tags of a missing file) or take one away.
        if (kind !== 'changed') this.scanned = undefined;
      } else if (path === '.ilacs' || path === STORE_FOLDER || (path.startsWith(`${STORE_FOLDER}/`) && !path.endsWith('.json'))) {
        // The store's folders, deleted, moved in or restored in one go (no event comes for each file).
        if (kind === 'changed') continue;
        this.dropAllStores();
        this.scanned = undefined;
        all = true;
        if (path === '.ilacs') {
          this.corrections = undefined;
          this.codebookState = undefined;
          this.documentCache.clear();
          this.loaded.clear();
          codebook = true;
        }
      } else if (path.startsWith('.ilacs/')) {
        // Locks, temporary files and other tools' files change nothing read here.
      } else if (!isScannedPath(path)) {
        // Inside a folder never searched for reports (hidden, .git, node_modules), or hidden itself.
      } else if (isReportPath(path)) {
        this.dropReport(path);
        reports.add(path);
        if (kind !== 'changed') this.scanned = undefined;
      } else if (kind !== 'changed') {
        // Perhaps a folder, moved or deleted with its reports (no event comes for each of them).
        const prefix = `${path}/`;
        const listed = this.lastScan ?? [];
        for (const file of new Set([...this.parsed.keys(), ...listed])) {
          if (file.startsWith(prefix)) {
            this.dropReport(file);
            reports.add(file);
            this.scanned = undefined;
          }
        }
        // A new file that is not a report (a PDF, say) changes nothing; a new folder (a name
        // without a file extension) may bring reports in, so the workspace is listed again.
        const name = path.slice(path.lastIndexOf('/') + 1);
        if (kind === 'created' && !/\.[A-Za-z0-9]{1,5}$/.test(name)) {
          this.scanned = undefined;
          all = true;
        }
      }
    }
    if (!all && reports.size === 0 && !codebook) return;
    this.generation++;
    this.merged = undefined;
    this.recurrenceFresh = false;
    if (codebook) this.itemsOf.clear();
    this.fire({ reports: all ? undefined : [...reports].sort(comparePaths), codebook });
  }

  private fire(change: SessionChange): void {
    for (const l of [...this.listeners]) {
      try {
        l(change);
      } catch (err) {
        this.host.log.error(`A listener of workspace changes failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }

  private dropReport(file: string): void {
    this.parsed.delete(file);
    this.loaded.delete(file);
    this.itemsOf.delete(file);
  }

  private dropStore(report: string): void {
    this.stored.delete(report);
    this.loaded.delete(report);
    this.itemsOf.delete(report);
  }

  private dropAllStores(): void {
    for (const r of [...this.stored.keys()]) this.dropStore(r);
  }

  // ---- Reports ------------------------------------------------------------------------------

  /**
   * The workspace's reports: every report file the scan finds and every report the store has tags
   * for (even when the file is gone, so its tags show as orphans), sorted by path.
   */
  async reportFiles(): Promise<string[]> {
    return (await this.scan()).files;
  }

  private scan(): Promise<{ files: string[]; folders: { path: string; problem: string }[] }> {
    if (!this.scanned) {
      const pending = (async () => {
        const folders: { path: string; problem: string }[] = [];
        const files = new Set([...(await scanReports(this.host.files, '', folders)), ...(await this.store.reports())]);
        const sorted = [...files].sort(comparePaths);
        this.lastScan = sorted;
        return { files: sorted, folders };
      })();
      this.scanned = pending;
      pending.catch(() => this.scanned === pending && (this.scanned = undefined));
    }
    return this.scanned;
  }

  /**
   * One report: parsed (once per change of its text), its corrections applied, its tags read and
   * re-anchored. Never throws for bad content: `problem` says what is wrong, naming no file.
   */
  report(file: string): Promise<LoadedReport> {
    let pending = this.loaded.get(file);
    if (!pending) {
      pending = this.load(file);
      this.loaded.set(file, pending);
      const p = pending;
      p.catch(() => this.loaded.get(file) === p && this.loaded.delete(file));
    }
    return pending;
  }

  /**
   * Every report of the workspace, sorted by path, with a folder that cannot be listed named
   * like a report that cannot be read (so every command reports it).
   */
  async reports(token?: CancellationToken): Promise<LoadedReport[]> {
    const { files, folders } = await this.scan();
    const out: LoadedReport[] = [];
    let slice = this.host.clock.now();
    throwIfCancelled(token);
    for await (const loaded of readAhead(files, (file) => this.report(file))) {
      throwIfCancelled(token);
      out.push(loaded);
      if (this.host.clock.now() - slice > SLICE_MS) {
        await breathe();
        slice = this.host.clock.now();
      }
    }
    for (const f of folders) out.push(unlistedFolder(f.path, f.problem));
    return out.sort((a, b) => comparePaths(a.file, b.file));
  }

  /**
   * Every report of the workspace, one at a time, for a reader that keeps little of each (the
   * CLI over a large workspace): read as `report` reads them (the next `READ_AHEAD` while one is
   * worked on), but not kept by the session unless it had them already. Sorted by path, then the
   * folders that cannot be listed.
   */
  async *eachReport(token?: CancellationToken): AsyncGenerator<LoadedReport> {
    const { files, folders } = await this.scan();
    throwIfCancelled(token);
    for await (const loaded of readAhead(files, (file) => this.readReport(file))) {
      throwIfCancelled(token);
      yield loaded;
    }
    for (const f of folders) yield unlistedFolder(f.path, f.problem);
  }

  /** The report at `file` as `report` reads it, but not kept by the session unless it had it already. */
  async readReport(file: string): Promise<LoadedReport> {
    const kept = this.loaded.get(file);
    if (kept) return kept;
    const hadParse = this.parsed.has(file);
    const hadStore = this.stored.has(file);
    const loading = this.load(file);
    // What this read put in the caches (set as `load` starts), dropped after it unless replaced meanwhile.
    const parse = this.parsed.get(file);
    const store = this.stored.get(file);
    try {
      return await loading;
    } finally {
      if (!hadParse && this.parsed.get(file) === parse) this.parsed.delete(file);
      if (!hadStore && this.stored.get(file) === store) this.stored.delete(file);
    }
  }

  /** The reports that could be read, as `{file, report, text}` (what the views and indexes read). */
  async readableReports(token?: CancellationToken): Promise<(LoadedReport & { report: Report; text: string })[]> {
    return (await this.reports(token)).filter((r): r is LoadedReport & { report: Report; text: string } => r.report !== null && r.text !== null);
  }

  /**
   * The report at `file` as the user sees it now: with the unsaved edits of its open document when
   * the host has one, else as saved. Null when it cannot be read as a report.
   */
  async currentReport(file: string): Promise<{ report: Report; text: string; version: number | null } | null> {
    const doc = this.host.document?.(file);
    if (!doc) this.documentCache.delete(file);
    if (doc) {
      const hit = this.documentCache.get(file);
      // The version alone is not enough: a document closed unsaved and opened again counts from 1 again.
      if (hit && hit.version === doc.version && hit.text === doc.text) return hit.value;
      let value: { report: Report; text: string; version: number } | null = null;
      try {
        const parsed = parseReportText(file, doc.text);
        const { data } = await this.readCorrections();
        value = { report: applyCorrection(parsed, correctionFor(data, file)), text: doc.text, version: doc.version };
      } catch (err) {
        if (!(err instanceof ReportError)) throw err;
      }
      this.documentCache.set(file, { version: doc.version, text: doc.text, value });
      return value;
    }
    const loaded = await this.report(file);
    return loaded.report && loaded.text !== null ? { report: loaded.report, text: loaded.text, version: null } : null;
  }

  private readonly documentCache = new Map<string, { version: number; text: string; value: { report: Report; text: string; version: number } | null }>();

  private parse(file: string): Promise<Parsed> {
    let pending = this.parsed.get(file);
    if (!pending) {
      pending = (async (): Promise<Parsed> => {
        let bytes: Uint8Array | undefined;
        try {
          bytes = await this.host.files.readFile(file);
        } catch (err) {
          // A folder, FIFO or device under a report's name, a file too large: named, and the others go on.
          return { report: null, text: null, missing: false, problem: readProblem(err) };
        }
        if (bytes === undefined) return { report: null, text: null, missing: true, problem: 'the report file is missing' };
        try {
          const text = decodeReport(file, bytes).text;
          return { report: parseReportText(file, text), text, missing: false, problem: null };
        } catch (err) {
          if (!(err instanceof ReportError)) throw err;
          return { report: null, text: null, missing: false, problem: err.problem };
        }
      })();
      this.parsed.set(file, pending);
      const p = pending;
      p.catch(() => this.parsed.get(file) === p && this.parsed.delete(file));
    }
    return pending;
  }

  /**
   * A report's store file as read (kept until it changes): its tags, statuses and plans unfiltered,
   * or its problems. Never throws for bad content.
   */
  storeOf(file: string): Promise<LoadResult> {
    return this.readStore(file);
  }

  private readStore(file: string): Promise<LoadResult> {
    let pending = this.stored.get(file);
    if (!pending) {
      pending = this.store.load(file).then((result) => {
        this.reportOfStore.set(result.file, file);
        return result;
      });
      this.stored.set(file, pending);
      const p = pending;
      p.catch(() => this.stored.get(file) === p && this.stored.delete(file));
    }
    return pending;
  }

  private async load(file: string): Promise<LoadedReport> {
    const [parsed, loaded, corrections] = await Promise.all([this.parse(file), this.readStore(file), this.readCorrections()]);
    const report = parsed.report ? applyCorrection(parsed.report, correctionFor(corrections.data, file)) : null;
    const stored = loaded.ok ? loaded.data : null;
    const filter = this.annotationFilter;
    const shown = stored ? (filter ? stored.annotations.filter((a) => filter(file, a)) : stored.annotations) : [];
    const annotations = stored ? (report && parsed.text !== null ? resolveAnnotations(report, parsed.text, shown) : orphanAnnotations(shown)) : [];
    return {
      file,
      report,
      text: parsed.text,
      missing: parsed.missing,
      problem: parsed.problem,
      store: loaded,
      annotations,
      improvementStatuses: stored ? stored.improvements : [],
      improvementPlans: stored?.plans ?? [],
    };
  }

  /**
   * The one filter on which stored tags are read (blind tagging hides other taggers' tags): every
   * report, item and index sees the same tags. The store itself is not filtered. Undefined: all.
   */
  setAnnotationFilter(filter: ((report: string, annotation: Annotation) => boolean) | undefined): void {
    this.annotationFilter = filter;
    this.loaded.clear();
    this.itemsOf.clear();
    this.generation++;
    this.merged = undefined;
    this.recurrenceFresh = false;
    this.fire({ reports: undefined, codebook: false });
  }

  private annotationFilter: ((report: string, annotation: Annotation) => boolean) | undefined;

  /**
   * Compares a report's store file with the disk, at most once per `minimumMs` per report: file
   * watchers can be late or miss an event, so a feature about to show a report's tags asks for
   * this first; a change found this way is taken in exactly as a watcher's news of it would be.
   */
  async checkStore(report: string, minimumMs = 1000): Promise<void> {
    const now = this.host.clock.now();
    if (now - (this.storeCheckedAt.get(report) ?? -Infinity) < minimumMs) return;
    this.storeCheckedAt.set(report, now);
    const previous = this.stored.get(report);
    if (!previous) return;
    const before = await previous.catch(() => undefined);
    const current = await this.store.load(report);
    const same = before !== undefined && before.ok === current.ok && (!current.ok || JSON.stringify(before.ok ? before.data : null) === JSON.stringify(current.data));
    if (!same && this.stored.get(report) === previous) this.filesChanged([{ path: current.file, kind: 'changed' }]);
  }

  private readonly storeCheckedAt = new Map<string, number>();

  // ---- Corrections and codebook -------------------------------------------------------------

  /**
   * The workspace's report corrections, or null when there are none or the file cannot be read
   * (its problem is then in `problem`, and reports read as the parser reads them).
   */
  readCorrections(): Promise<CorrectionsState> {
    if (!this.corrections) {
      const pending = this.correctionStore.load().then(
        (result): CorrectionsState =>
          result.ok
            ? { data: result.data, problem: null, diagnostics: [] }
            : { data: null, problem: result.diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}`).join('; '), diagnostics: result.diagnostics },
      );
      this.corrections = pending;
      pending.catch(() => this.corrections === pending && (this.corrections = undefined));
    }
    return this.corrections;
  }

  /**
   * The codebook in force. The policy, the same in every host: the built-in codebook when the
   * workspace has no `.ilacs/codebook.json`; the file's codebook when it is valid; while it has
   * errors (or cannot be read), its errors, and every feature goes on with the last valid codebook
   * this session read (the built-in one when it read none). Nothing is ever written to the file.
   */
  codebook(): Promise<CodebookState> {
    if (!this.codebookState) {
      const pending = this.readCodebook();
      this.codebookState = pending;
      pending.catch(() => this.codebookState === pending && (this.codebookState = undefined));
    }
    return this.codebookState;
  }

  private async readCodebook(): Promise<CodebookState> {
    const fallback = (errors: CodebookError[]): CodebookState => ({ codebook: this.lastValidCodebook ?? builtinCodebook(), errors });
    let bytes: Uint8Array | undefined;
    try {
      bytes = await this.host.files.readFile(CODEBOOK_FILE);
    } catch (err) {
      return fallback([fileError(`cannot read the codebook: ${readProblem(err)}`)]);
    }
    if (bytes === undefined) {
      this.lastValidCodebook = builtinCodebook();
      return { codebook: this.lastValidCodebook, errors: [] };
    }
    if (bytes.length > MAX_FILE_BYTES) return fallback([fileError(`the codebook is larger than ${MAX_FILE_BYTES / (1024 * 1024)} MB`)]);
    let text: string;
    try {
      text = textDecoder.decode(bytes);
    } catch {
      return fallback([fileError('the codebook is not valid UTF-8 text')]);
    }
    const result = parseCodebookJson(text, CODEBOOK_FILE);
    if (!result.ok) return fallback(result.errors);
    this.lastValidCodebook = result.codebook;
    return { codebook: result.codebook, errors: [] };
  }

  // ---- Lookups: one wording for every host ---------------------------------------------------

  /**
   * The paragraph `ref` names in a report (a printed number, `12`, or an id, `p12`), as the report
   * reads now; the message says what the report has instead, or why it cannot be read.
   */
  async findParagraph(file: string, ref: string): Promise<ParagraphLookup> {
    const current = await this.currentReport(file);
    if (!current) {
      const loaded = await this.report(file);
      return { ok: false, message: `${file}: ${loaded.problem ?? 'it cannot be read as a report'}` };
    }
    return findParagraph(current.report, ref);
  }

  /**
   * The criteria `ids` name in the codebook in force, or a message per unknown id. While the
   * workspace codebook has errors, a message says that its own criteria are unknown until it is fixed.
   */
  async findCriteria(ids: readonly string[]): Promise<CriteriaLookup> {
    const { codebook, errors } = await this.codebook();
    const found = findCriteria(codebook, ids);
    if (found.ok || errors.length === 0) return found;
    return { ok: false, messages: [...found.messages, `${CODEBOOK_FILE} has errors, so the criteria it adds are unknown until it is fixed ("ilacs codebook" shows them)`] };
  }

  // ---- Improvement items ---------------------------------------------------------------------

  /** One report's improvement items (printed and tagged), before they are merged and followed up. */
  async reportItems(file: string): Promise<ImprovementItem[]> {
    const loaded = await this.report(file);
    const { codebook } = await this.codebook();
    return this.itemsFor(loaded, codebook);
  }

  private itemsFor(loaded: LoadedReport, codebook: Codebook): ImprovementItem[] {
    const hit = this.itemsOf.get(loaded.file);
    if (hit && hit.loaded === loaded && hit.codebook === codebook) return hit.items;
    const items = reportImprovementItems(loaded, codebook);
    this.itemsOf.set(loaded.file, { loaded, codebook, items });
    return items;
  }

  /** Every improvement item of the workspace, sorted, each followed through its authority's later reports. */
  improvementItems(token?: CancellationToken): Promise<ImprovementItem[]> {
    // A run that may be cancelled is not shared: another caller must not receive its cancellation.
    if (token && !this.merged) return this.mergeItems(token);
    if (!this.merged) {
      const generation = this.generation;
      const pending = this.mergeItems();
      this.merged = pending;
      // A failure (or a cancelled run) is not kept; nor is a result overtaken by a change.
      pending.then(
        () => generation !== this.generation && this.merged === pending && (this.merged = undefined),
        () => this.merged === pending && (this.merged = undefined),
      );
    }
    return this.merged;
  }

  private async mergeItems(token?: CancellationToken): Promise<ImprovementItem[]> {
    const reports = await this.reports(token);
    const { codebook } = await this.codebook();
    return attachFollowUps(
      mergeImprovementItems(reports.map((r) => this.itemsFor(r, codebook))),
      new FollowUpIndex(reports.map((r) => ({ file: r.file, report: r.report })), codebook),
    );
  }

  // ---- Recurring findings ---------------------------------------------------------------------

  /**
   * The recurring criteria of the workspace (each report's printed, tagged and suggested findings
   * by codebook criterion), brought up to date: only reports whose reading or tags changed, or all
   * of them after a change of the codebook, are taken in again.
   */
  async criteriaIndex(token?: CancellationToken): Promise<RecurrenceIndex> {
    const reports = await this.reports(token);
    const { codebook } = await this.codebook();
    const present = new Set<string>();
    for (const r of reports) {
      throwIfCancelled(token);
      present.add(r.file);
      const hit = this.criteriaOf.get(r.file);
      if (hit && hit.loaded === r && hit.codebook === codebook) continue;
      setReportFindings(this.criteria, reportFindings({ file: r.file, report: r.report, annotations: r.annotations }, codebook));
      this.criteriaOf.set(r.file, { loaded: r, codebook });
    }
    for (const file of [...this.criteriaOf.keys()]) {
      if (present.has(file)) continue;
      deleteReportFindings(this.criteria, file);
      this.criteriaOf.delete(file);
    }
    return this.criteria;
  }

  private readonly criteria = emptyRecurrenceIndex();
  private readonly criteriaOf = new Map<string, { loaded: LoadedReport; codebook: Codebook }>();

  /**
   * The paragraph recurrence index over every readable report, brought up to date: only the
   * reports whose text, parse or tagged criteria changed are indexed again. The semantic layer is
   * read from the host on first use.
   */
  recurrenceIndex(token?: CancellationToken): Promise<ParagraphIndex> {
    const run = this.recurrenceQueue.then(async () => {
      if (this.recurrenceFresh) return this.recurrence;
      const generation = this.generation;
      await this.readModel();
      const { files } = await this.scan();
      throwIfCancelled(token);
      const present = new Set<string>();
      // Many reports to index (the first build): their features read on another thread when the host has one.
      const filling = new IndexFilling(this.recurrence, { reader: () => this.host.featureReader?.() ?? null, tight: false });
      const added: { file: string; stamp: string }[] = [];
      let slice = this.host.clock.now();
      let failure: { error: unknown } | undefined;
      try {
        // Each report is given to the index as soon as it is read, while the next ones are read and parsed.
        for await (const r of readAhead(files, (file) => this.report(file))) {
          throwIfCancelled(token);
          if (!r.report || r.text === null) continue;
          present.add(r.file);
          const criteria = taggedCriteria(r.annotations);
          const stamp = reportStamp(r.text, criteria, r.report);
          if (this.stamps.get(r.file) !== stamp || !this.recurrence.report(r.file)) {
            await filling.addReport(r.file, r.report, criteria);
            added.push({ file: r.file, stamp });
          }
          if (this.host.clock.now() - slice > SLICE_MS) {
            await breathe();
            slice = this.host.clock.now();
          }
        }
      } catch (error) {
        failure = { error };
      }
      // What was given is put in, cancelled or not, and only then stamped as indexed; the first error is the one passed on.
      try {
        await filling.finish();
        for (const a of added) this.stamps.set(a.file, a.stamp);
      } catch (error) {
        failure ??= { error };
      }
      if (filling.readerFailed) this.host.log.warn(`${filling.readerFailed.message}; the rest of the reports' features were read on this thread`);
      if (failure) throw failure.error;
      for (const file of this.recurrence.files()) {
        if (present.has(file)) continue;
        this.recurrence.deleteReport(file);
        this.stamps.delete(file);
      }
      if (generation === this.generation) this.recurrenceFresh = true;
      return this.recurrence;
    });
    this.recurrenceQueue = run.catch(() => undefined);
    return run;
  }

  /** The recurrence index as it stands (`recurrenceIndex` brings it up to date first). */
  get recurrences(): ParagraphIndex {
    return this.recurrence;
  }

  /** Gives the index the host's semantic layer, once; without it recurring findings are compared by wording, and the log says why. */
  private async readModel(): Promise<void> {
    if (this.modelRead) return;
    this.modelRead = true;
    try {
      this.recurrence.setModel((await this.host.recurrenceModel?.()) ?? null);
    } catch (err) {
      this.host.log.warn(`${err instanceof Error ? err.message : String(err)}; recurring findings are compared by wording only`);
    }
  }

  /** Each indexed report's stamp (a hash of its text, tagged criteria and parse), for a saved copy of the index. */
  recurrenceStamps(): ReadonlyMap<string, string> {
    return this.stamps;
  }

  /**
   * Fills the recurrence index from a saved copy before its first build: `load` puts into the
   * index the reports whose stamps `isCurrent` accepts and returns their files, which the build
   * then leaves alone.
   */
  async adoptSavedRecurrences(load: (index: ParagraphIndex, isCurrent: (file: string, stamp: string) => boolean) => string[] | Promise<string[]>): Promise<string[]> {
    const run = this.recurrenceQueue.then(async () => {
      await this.readModel();
      const current = new Map<string, string>();
      for (const r of await this.readableReports()) current.set(r.file, reportStamp(r.text, taggedCriteria(r.annotations), r.report));
      const adopted = await load(this.recurrence, (file, stamp) => current.get(file) === stamp);
      for (const file of adopted) this.stamps.set(file, current.get(file) as string);
      return adopted;
    });
    this.recurrenceQueue = run.catch(() => undefined);
    return run;
  }

  dispose(): void {
    this.disposed = true;
    this.watching.dispose();
    this.listeners.clear();
  }
}

/** Whether a path is where the scan looks: no folder on the way is hidden or skipped, nor is the name itself hidden. */
function isScannedPath(path: string): boolean {
  const parts = path.split('/');
  return parts.slice(0, -1).every(isScannedFolder) && !parts[parts.length - 1].startsWith('.');
}

/** Lets timers and other callers run between slices of long work. */
function breathe(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function fileError(message: string): CodebookError {
  return { file: CODEBOOK_FILE, line: 1, column: 1, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, path: '', message };
}


/** The host's file system, telling `changed` of each write, rename and delete the moment it is made. */
function notifyingFileSystem(fs: StoreFileSystem, changed: (path: string, kind: FileChange['kind']) => void): StoreFileSystem {
  return {
    readFile: (path) => fs.readFile(path),
    async writeFile(path, data) {
      const existed = (await fs.stat(path).catch(() => undefined)) !== undefined;
      await fs.writeFile(path, data);
      changed(path, existed ? 'changed' : 'created');
    },
    async rename(from, to) {
      const existed = (await fs.stat(to).catch(() => undefined)) !== undefined;
      await fs.rename(from, to);
      changed(from, 'deleted');
      changed(to, existed ? 'changed' : 'created');
    },
    async delete(path) {
      await fs.delete(path);
      changed(path, 'deleted');
    },
    createDirectory: (path) => fs.createDirectory(path),
    readDirectory: (path) => fs.readDirectory(path),
    createExclusive: (path, data) => fs.createExclusive(path, data),
    stat: (path): Promise<FileStat | undefined> => fs.stat(path),
    lockOwner: () => fs.lockOwner(),
    processAlive: (pid) => fs.processAlive(pid),
  };
}
