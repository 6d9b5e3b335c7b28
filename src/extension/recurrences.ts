/**
 * Recurring findings in the editor: the workspace's paragraph recurrence index (`core/recurrence`),
 * the References provider (Shift+F12 peeks the same finding in other reports) and
 * `ilacs.findRecurrences`. The hover reads the same index (`hoverProvider.ts`).
 *
 * The index is filled on first use, in the background with progress in the status bar, and kept in
 * step with the views' per-report cache one report at a time (`ReportMirror`).
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
import { unlessCancelled } from './timing';
import type { Paragraph } from '../core/model';
import {
  MODEL_FILE,
  ParagraphIndex,
  readSemanticModel,
  type QueryOptions,
  readIndexCache,
  reportFeatures,
  reportStamp,
  taggedCriteria,
  writeIndexCache,
  type ParagraphMatch,
} from '../core/recurrence';
import { fold } from '../core/workspace/improvements';
import { toVsRange } from './convert';
import { ReportMirror, reportKey } from './reportMirror';
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
  /** The sentence of that text that carries the shared finding, whitespace folded ('' when none is found). */
  sentence: string;
}

export class ParagraphRecurrences extends ReportMirror {
  readonly index = new ParagraphIndex();
  private readonly stampOf = new Map<string, string>();
  private cacheRead = false;
  /** Whether the index holds changes the cache does not. */
  private unsaved = false;
  /** Tag criteria and stamps (a hash of the whole text) of the entries of the update under way. */
  private stamps = new Map<ReportEntry, { criteria: Map<string, string[]>; stamp: string }>();
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  /** The cache write under way: writes follow one another, never share the temporary file. */
  private saving: Promise<void> = Promise.resolve();
  private disposed = false;
  /** The reports taken from the cache when the index was first filled. */
  cachedReports: string[] = [];

  constructor(services: Services, model: ImprovementModel) {
    super(services, model, 'Recurring findings could not be indexed');
  }

  /** The first build shows progress in the status bar. */
  protected override run(work: () => Promise<void>): Thenable<void> {
    return this.filled ? work() : vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'ILACS: finding recurring findings' }, work);
  }

  /** Worked out only when needed: for every report when the cache is first read, afterwards only for entries that changed. */
  private stampFor(entry: ReportEntry): { criteria: Map<string, string[]>; stamp: string } {
    let s = this.stamps.get(entry);
    if (!s) {
      const criteria = taggedCriteria(entry.resolved);
      this.stamps.set(entry, (s = { criteria, stamp: reportStamp(entry.indexed.text, criteria, entry.indexed.report) }));
    }
    return s;
  }

  protected override async prepare(entries: ReadonlyMap<string, ReportEntry>): Promise<void> {
    this.stamps = new Map();
    if (this.cacheRead) return;
    this.cacheRead = true;
    await this.readModel();
    const loaded = await this.readCache((file, stamp) => {
      const entry = entries.get(file);
      return entry !== undefined && this.stampFor(entry).stamp === stamp;
    });
    this.cachedReports = loaded;
    for (const file of loaded) {
      const entry = entries.get(file) as ReportEntry;
      this.adopt(file, entry);
      this.stampOf.set(file, this.stampFor(entry).stamp);
    }
  }

  protected override apply(file: string, entry: ReportEntry): void {
    const { criteria, stamp } = this.stampFor(entry);
    // A new entry with the same text and criteria (the codebook changed, say) changes nothing here.
    if (this.stampOf.get(file) === stamp && this.index.report(file)) return;
    // Dated from the report's own file name, known by its key.
    this.index.setReport({ ...reportFeatures(entry.indexed.report.file, entry.indexed.report, criteria, undefined, this.index.terms), file });
    this.stampOf.set(file, stamp);
    this.unsaved = true;
  }

  protected override remove(file: string): void {
    this.index.deleteReport(file);
    this.stampOf.delete(file);
    this.unsaved = true;
  }

  protected override changed(): void {
    this.stamps = new Map();
    if (!this.unsaved) return;
    this.unsaved = false;
    this.scheduleSave();
  }

  /**
   * The semantic layer, read from the extension's media folder when the index is first filled (not on
   * activation). Without it the index still compares wording, and the log says why.
   */
  private async readModel(): Promise<void> {
    const uri = vscode.Uri.joinPath(this.services.context.extensionUri, 'media', MODEL_FILE);
    try {
      this.index.setModel(readSemanticModel(await vscode.workspace.fs.readFile(uri), uri.fsPath));
    } catch (err) {
      this.services.log.warn(`Recurring findings are compared by wording only: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private cacheUri(): vscode.Uri | undefined {
    const dir = this.services.context.storageUri;
    return dir ? vscode.Uri.joinPath(dir, CACHE_FILE) : undefined;
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
      const temp = vscode.Uri.joinPath(dir, `${CACHE_FILE}.${Math.random().toString(16).slice(2, 10)}.tmp`);
      await vscode.workspace.fs.writeFile(temp, writeIndexCache(this.index, this.stampOf));
      await vscode.workspace.fs.rename(temp, uri, { overwrite: true });
    } catch (err) {
      this.services.log.warn(`The recurring findings cache could not be written: ${err instanceof Error ? err.message : String(err)}`);
    }
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
      const target = this.uri(m.file);
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
      const target = this.uri(m.file);
      if (!target) continue;
      const p = this.services.index.get(target)?.report.paragraphs.find((x) => x.id === m.paragraph);
      const range = p ? toVsRange(p.range) : new vscode.Range(m.startLine, 0, m.endLine + 1, 0);
      const at = p ? this.index.sharedSentence(file, id, p.text) : null;
      out.push({ ...m, uri: target, range, text: p ? fold(p.text) : '', sentence: p && at ? fold(p.text.slice(at.start, at.end)) : '' });
    }
    return out;
  }

  override dispose(): void {
    this.disposed = true;
    // A change not yet written is written now.
    if (this.saveTimer) void this.saveCache();
    super.dispose();
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
    async provideReferences(document, position, context, token) {
      const report = services.reports.get(document);
      const paragraph = report ? paragraphAt(report, position) : undefined;
      if (!paragraph) return undefined;
      // The index may still be reading the workspace: a request cancelled meanwhile answers at once.
      const ready = await unlessCancelled(recurrences.update().then(() => true), token);
      if (!ready || token.isCancellationRequested) return undefined;
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
