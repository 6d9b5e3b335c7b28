/**
 * Recurring findings in the editor: the workspace's paragraph recurrence index (`core/recurrence`),
 * the References provider (Shift+F12 peeks the same finding in other reports) and
 * `ilacs.findRecurrences`. The hover reads the same index (`hoverProvider.ts`).
 *
 * The index is filled on first use, in the background with progress in the status bar, from the
 * views' per-report cache (`ImprovementModel`): its entries are replaced only when a report, its tags
 * or the codebook change, so after the first build only the reports that changed are read again.
 * Between sessions the index is kept in the workspace's storage (`recurrence-index.bin`); a report
 * is taken from there only when its text, its tags' criteria and what the parser makes of it are what
 * they were.
 *
 * The index knows a report by its folder-relative path when the workspace has one folder, and by its
 * URI when it has several, so that two folders holding the same relative path stay two reports.
 * The index reads reports as saved: in a document with unsaved edits a paragraph is looked up by its
 * text among the saved paragraphs, and one that is not there yet has no recurrences until it is saved.
 */
import * as vscode from 'vscode';
import type { Paragraph } from '../core/model';
import {
  ParagraphIndex,
  type QueryOptions,
  readIndexCache,
  reportFeatures,
  reportStamp,
  taggedCriteria,
  writeIndexCache,
  type ParagraphMatch,
} from '../core/recurrence';
import { toVsRange } from './convert';
import { succeedsWithin } from './timing';
import { REPORT_SELECTOR } from './reportCache';
import type { Services } from './services';
import { readSettings } from './settings';
import { paragraphAt } from './tagging/target';
import type { ImprovementModel, ReportEntry } from './views/improvementModel';

export const FIND_RECURRENCES = 'ilacs.findRecurrences';
const CACHE_FILE = 'recurrence-index.bin';
/** The cache is written this long after the last change, not on every keystroke's re-index. */
const SAVE_DELAY_MS = 2000;

/** A match with where to open it. */
export interface LocatedMatch extends ParagraphMatch {
  uri: vscode.Uri;
  range: vscode.Range;
  /** The matching paragraph's text, whitespace folded. */
  text: string;
}

/**
 * The name a workspace-wide index knows the report at `uri` by (`file` is its folder-relative path):
 * that path in a workspace of one folder, the URI when there are several, where two folders may hold
 * the same path.
 */
export function reportKey(uri: vscode.Uri, file: string): string {
  return (vscode.workspace.workspaceFolders?.length ?? 0) > 1 ? uri.toString() : file;
}

export class ParagraphRecurrences implements vscode.Disposable {
  readonly index = new ParagraphIndex();
  private readonly entryOf = new Map<string, ReportEntry>();
  private readonly stampOf = new Map<string, string>();
  private readonly uriOf = new Map<string, vscode.Uri>();
  private stale = true;
  private cacheRead = false;
  private pending: Promise<void> | undefined;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  /** The cache write under way: writes follow one another, never share the temporary file. */
  private saving: Promise<void> = Promise.resolve();
  private disposed = false;
  private readonly disposables: vscode.Disposable[] = [];
  /** Whether the index has been filled at least once. */
  filled = false;
  /** The reports taken from the cache when the index was first filled. */
  cachedReports: string[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires after the index has been brought up to date. */
  readonly onDidUpdate = this.changed.event;

  constructor(
    private readonly services: Services,
    private readonly model: ImprovementModel,
  ) {
    this.disposables.push(this.changed, model.onDidChange(() => (this.stale = true)));
  }

  /** Brings the index up to date (reading the workspace first if nobody has yet). */
  update(): Promise<void> {
    if (!this.pending && this.stale) {
      this.stale = false;
      const first = !this.filled;
      const work = (): Promise<void> => this.rebuild();
      const run = (first ? Promise.resolve(vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'ILACS: finding recurring findings' }, work)) : work()).finally(() => {
        if (this.pending === run) this.pending = undefined;
      });
      run.then(
        () => this.changed.fire(),
        (err: unknown) => {
          this.stale = true;
          this.services.log.error(`Recurring findings could not be indexed: ${err instanceof Error ? err.message : String(err)}`);
        },
      );
      this.pending = run;
    }
    return this.pending ?? Promise.resolve();
  }

  /** `update()`, waited for at most `ms`; true when the index is up to date. */
  async updateWithin(ms: number): Promise<boolean> {
    return (await succeedsWithin(this.update(), ms)) && !this.stale;
  }

  private cacheUri(): vscode.Uri | undefined {
    const dir = this.services.context.storageUri;
    return dir ? vscode.Uri.joinPath(dir, CACHE_FILE) : undefined;
  }

  private async rebuild(): Promise<void> {
    const entries = await this.model.reports();
    const byFile = new Map(entries.map((e) => [reportKey(e.indexed.uri, e.indexed.report.file), e]));
    // A report's tag criteria and stamp (a hash of its whole text) are worked out only when needed:
    // for every report when the cache is first read, afterwards only for entries that changed.
    const known = new Map<ReportEntry, { criteria: Map<string, string[]>; stamp: string }>();
    const stampOf = (entry: ReportEntry): { criteria: Map<string, string[]>; stamp: string } => {
      let s = known.get(entry);
      if (!s) {
        const criteria = taggedCriteria(entry.resolved);
        known.set(entry, (s = { criteria, stamp: reportStamp(entry.indexed.text, criteria, entry.indexed.report) }));
      }
      return s;
    };
    let changed = false;
    if (!this.cacheRead) {
      this.cacheRead = true;
      const loaded = await this.readCache((file, stamp) => {
        const entry = byFile.get(file);
        return entry !== undefined && stampOf(entry).stamp === stamp;
      });
      this.cachedReports = loaded;
      for (const file of loaded) {
        const entry = byFile.get(file) as ReportEntry;
        this.entryOf.set(file, entry);
        this.stampOf.set(file, stampOf(entry).stamp);
      }
    }
    let sliceStart = Date.now();
    for (const [file, entry] of byFile) {
      this.uriOf.set(file, entry.indexed.uri);
      // The model replaces an entry only when its report, tags or codebook changed.
      if (this.entryOf.get(file) === entry) continue;
      // Hundreds of reports take a second or two: give the extension host back every few milliseconds.
      if (Date.now() - sliceStart > 15) {
        await new Promise((resolve) => setImmediate(resolve));
        sliceStart = Date.now();
      }
      this.entryOf.set(file, entry);
      const { criteria, stamp } = stampOf(entry);
      // A new entry with the same text and criteria (the codebook changed, say) changes nothing here.
      if (this.stampOf.get(file) === stamp && this.index.report(file)) continue;
      // Dated from the report's own file name, known by its key.
      this.index.setReport({ ...reportFeatures(entry.indexed.report.file, entry.indexed.report, criteria), file });
      this.stampOf.set(file, stamp);
      changed = true;
    }
    for (const file of this.index.files()) {
      if (byFile.has(file)) continue;
      this.index.deleteReport(file);
      this.entryOf.delete(file);
      this.stampOf.delete(file);
      this.uriOf.delete(file);
      changed = true;
    }
    this.filled = true;
    if (changed) this.scheduleSave();
  }

  private async readCache(isCurrent: (file: string, stamp: string) => boolean): Promise<string[]> {
    const uri = this.cacheUri();
    if (!uri) return [];
    let bytes: Uint8Array;
    try {
      bytes = await vscode.workspace.fs.readFile(uri);
    } catch {
      return []; // No cache yet.
    }
    const result = readIndexCache(bytes, this.index, isCurrent);
    if (result.problem) this.services.log.warn(`${uri.fsPath}: ${result.problem}; the reports are read again`);
    else this.services.log.info(`Recurring findings: ${result.loaded.length} reports taken from the cache`);
    return result.loaded;
  }

  private scheduleSave(): void {
    // A build that finishes after the window closed has its cache written by dispose, or not at all.
    if (this.disposed) return;
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => void this.saveCache(), SAVE_DELAY_MS);
  }

  /** Writes the cache now (a temporary file renamed over the old one), after any write under way. */
  saveCache(): Promise<void> {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    this.saving = this.saving.then(() => this.writeCache());
    return this.saving;
  }

  private async writeCache(): Promise<void> {
    const uri = this.cacheUri();
    if (!uri) return;
    try {
      const dir = vscode.Uri.joinPath(uri, '..');
      await vscode.workspace.fs.createDirectory(dir);
      const temp = vscode.Uri.joinPath(dir, `${CACHE_FILE}.${process.pid}.tmp`);
      await vscode.workspace.fs.writeFile(temp, writeIndexCache(this.index, this.stampOf));
      await vscode.workspace.fs.rename(temp, uri, { overwrite: true });
    } catch (err) {
      this.services.log.warn(`The recurring findings cache could not be written: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  uri(file: string): vscode.Uri | undefined {
    return this.uriOf.get(file);
  }

  /** The name the index knows a saved report by (see the module comment). */
  fileOf(uri: vscode.Uri): string | undefined {
    const indexed = this.services.index.get(uri);
    return indexed ? reportKey(uri, indexed.report.file) : undefined;
  }

  /**
   * The id the saved report gives `paragraph` of the document at `uri`: its own id, unless the
   * document has unsaved edits that moved or changed it; then the saved paragraph with the same
   * text, or undefined when there is none.
   */
  private savedParagraphId(uri: vscode.Uri, paragraph: Paragraph): string | undefined {
    const dirty = vscode.workspace.textDocuments.some((d) => d.isDirty && d.uri.toString() === uri.toString());
    if (!dirty) return paragraph.id;
    const saved = this.services.index.get(uri)?.report.paragraphs;
    if (!saved) return undefined;
    const fold = (text: string): string => text.replace(/\s+/g, ' ').trim();
    const text = fold(paragraph.text);
    const same = saved.find((p) => p.id === paragraph.id);
    if (same && fold(same.text) === text) return same.id;
    return saved.find((p) => fold(p.text) === text)?.id;
  }

  /**
   * For the export of one workspace folder: the matches of paragraph `paragraphId` of `file` (relative
   * to `folder`) in that folder's reports, with their files relative to it.
   */
  folderMatches(folder: vscode.WorkspaceFolder, file: string, paragraphId: string, options: QueryOptions): ParagraphMatch[] {
    const key = reportKey(vscode.Uri.joinPath(folder.uri, ...file.split('/')), file);
    const out: ParagraphMatch[] = [];
    for (const m of this.index.matches(key, paragraphId, options)) {
      const target = this.uriOf.get(m.file);
      const relative = target && vscode.workspace.getWorkspaceFolder(target)?.uri.toString() === folder.uri.toString() ? this.services.index.get(target)?.report.file : undefined;
      if (relative !== undefined) out.push({ ...m, file: relative });
    }
    return out;
  }

  /**
   * The paragraphs of other reports making the same finding as `paragraph` of the report at `uri`,
   * by the settings' threshold and authority rule, best first, each with where to open it.
   */
  matches(uri: vscode.Uri, paragraph: Paragraph, top?: number): LocatedMatch[] {
    const file = this.fileOf(uri);
    const id = file !== undefined ? this.savedParagraphId(uri, paragraph) : undefined;
    if (file === undefined || id === undefined) return [];
    const settings = readSettings(uri);
    const out: LocatedMatch[] = [];
    for (const m of this.index.matches(file, id, { threshold: settings.recurrenceThreshold, includeOtherAuthorities: settings.recurrenceOtherAuthorities, top })) {
      const target = this.uriOf.get(m.file);
      if (!target) continue;
      const p = this.services.index.get(target)?.report.paragraphs.find((x) => x.id === m.paragraph);
      const range = p ? toVsRange(p.range) : new vscode.Range(m.startLine, 0, m.endLine + 1, 0);
      out.push({ ...m, uri: target, range, text: p ? p.text.replace(/\s+/g, ' ').trim() : '' });
    }
    return out;
  }

  dispose(): void {
    this.disposed = true;
    // A change not yet written is written now.
    if (this.saveTimer) void this.saveCache();
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

interface FindArgs {
  uri?: vscode.Uri | string;
  paragraphId?: string;
}

/** The report and paragraph a command or provider is about: the arguments, else the cursor. */
function targetParagraph(services: Services, raw: unknown): { document: vscode.TextDocument; paragraph: Paragraph } | Thenable<{ document: vscode.TextDocument; paragraph: Paragraph } | undefined> | undefined {
  const args = (raw && typeof raw === 'object' ? raw : {}) as FindArgs;
  const editor = vscode.window.activeTextEditor;
  const find = (document: vscode.TextDocument, position?: vscode.Position): { document: vscode.TextDocument; paragraph: Paragraph } | undefined => {
    const report = services.reports.get(document);
    if (!report) return undefined;
    const paragraph = args.paragraphId !== undefined ? report.paragraphs.find((p) => p.id === args.paragraphId) : position ? paragraphAt(report, position) : undefined;
    return paragraph ? { document, paragraph } : undefined;
  };
  if (args.uri !== undefined) {
    const uri = typeof args.uri === 'string' ? vscode.Uri.parse(args.uri) : args.uri;
    return vscode.workspace.openTextDocument(uri).then((d) => find(d, editor?.document.uri.toString() === uri.toString() ? editor.selection.active : undefined));
  }
  return editor ? find(editor.document, editor.selection.active) : undefined;
}

async function findRecurrences(services: Services, recurrences: ParagraphRecurrences, raw: unknown): Promise<LocatedMatch[] | undefined> {
  const target = await targetParagraph(services, raw);
  if (!target) {
    void vscode.window.showInformationMessage('Put the cursor in a paragraph of a report to find where its finding was made before.');
    return undefined;
  }
  await recurrences.update();
  if (recurrences.fileOf(target.document.uri) === undefined) {
    // An untitled document, or a file outside the workspace folders: the index holds saved reports only.
    void vscode.window.showInformationMessage('Recurring findings are found between the saved reports of the workspace folders: save this report in one of them to compare it with the others.');
    return undefined;
  }
  const matches = recurrences.matches(target.document.uri, target.paragraph);
  const name = target.paragraph.number !== null ? `paragraph ${target.paragraph.number}` : `paragraph ${target.paragraph.id}`;
  if (matches.length === 0) {
    void vscode.window.showInformationMessage(`No other report makes the finding of ${name} (at a score of ${readSettings(target.document.uri).recurrenceThreshold} or more).`);
    return matches;
  }
  const position = toVsRange(target.paragraph.range).start;
  await vscode.commands.executeCommand(
    'editor.action.showReferences',
    target.document.uri,
    position,
    matches.map((m) => new vscode.Location(m.uri, m.range)),
  );
  return matches;
}

/** Registers the References provider and `ilacs.findRecurrences`. */
export function registerRecurrences(services: Services, recurrences: ParagraphRecurrences): vscode.Disposable {
  const references: vscode.ReferenceProvider = {
    async provideReferences(document, position, context) {
      const report = services.reports.get(document);
      const paragraph = report ? paragraphAt(report, position) : undefined;
      if (!paragraph) return undefined;
      await recurrences.update();
      const locations = recurrences.matches(document.uri, paragraph).map((m) => new vscode.Location(m.uri, m.range));
      if (context.includeDeclaration) locations.unshift(new vscode.Location(document.uri, toVsRange(paragraph.range)));
      return locations;
    },
  };
  return vscode.Disposable.from(
    vscode.languages.registerReferenceProvider(REPORT_SELECTOR, references),
    vscode.commands.registerCommand(FIND_RECURRENCES, (raw: unknown) => findRecurrences(services, recurrences, raw)),
  );
}
