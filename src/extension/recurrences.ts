/**
 * Recurring findings in the editor: each workspace folder's paragraph recurrence index, as its
 * workspace session (`core/session`) keeps it (re-indexing only the reports whose text or tags
 * changed), the References provider (Shift+F12 peeks the same finding in other reports) and
 * `ilacs.findRecurrences`. The hover reads the same index (`hoverProvider.ts`).
 *
 * A folder is a workspace as the CLI's `ilacs recurrences DIR` reads one: its reports are compared
 * with each other. The index is filled on first use, with progress in the status bar, and between
 * sessions kept in the workspace's storage (`recurrence-index.bin` for the first folder); a report is
 * taken from there only when its text, its tags' criteria and what the parser makes of it are what
 * they were. The index reads reports as saved: in a document with unsaved edits a paragraph is
 * looked up by its text among the saved paragraphs, and one that is not there yet has no
 * recurrences until it is saved.
 */
import * as vscode from 'vscode';
import { succeedsWithin, unlessCancelled } from './timing';
import type { Paragraph } from '../core/model';
import { LineIndex } from '../core/range';
import { ParagraphIndex, readIndexCache, sentenceInSource, writeIndexCache, type ParagraphMatch, type QueryOptions } from '../core/recurrence';
import type { WorkspaceSession } from '../core/session';
import { fold } from '../core/workspace/improvements';
import { sha1Hex } from '../core/hash';
import { toVsRange } from './convert';
import { REPORT_SELECTOR } from './reportCache';
import type { Services } from './services';
import type { WorkspaceSessions } from './sessions';
import { readSettings } from './settings';
import { paragraphAt } from './tagging/target';
import type { ImprovementModel } from './views/improvementModel';

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

export class ParagraphRecurrences implements vscode.Disposable {
  /** Whether every folder's index has been filled at least once by this instance. */
  filled = false;
  private pending: Promise<void> | undefined;
  /** Whether a change came in since the last update finished. */
  private stale = true;
  private readonly cacheRead = new Set<WorkspaceSession>();
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  /** The cache write under way: writes follow one another, never share the temporary file. */
  private saving: Promise<void> = Promise.resolve();
  private disposed = false;
  private readonly disposables: vscode.Disposable[] = [];
  /** The reports taken from the cache when the index was first filled. */
  cachedReports: string[] = [];

  constructor(
    private readonly services: Services,
    _model?: ImprovementModel,
    private readonly sessions: WorkspaceSessions = services.sessions,
  ) {
    this.disposables.push(
      sessions.onDidChange(() => {
        this.stale = true;
        this.scheduleSave();
      }),
    );
  }

  /** The index of the first folder (the one the tests and a one-folder workspace read). */
  get index(): ParagraphIndex {
    const first = vscode.workspace.workspaceFolders?.[0];
    return first ? this.sessions.of(first).recurrences : new ParagraphIndex();
  }

  /** The index of the folder holding `uri`. */
  indexFor(uri: vscode.Uri): ParagraphIndex | undefined {
    return this.sessions.for(uri)?.recurrences;
  }

  /** Brings every folder's index up to date (reading the workspace first if nobody has yet). */
  update(): Promise<void> {
    if (!this.pending && (this.stale || !this.filled)) {
      this.stale = false;
      const work = async (): Promise<void> => {
        // Reports are looked up (and matches opened) through the workspace's index of reports: in a
        // window where no view has asked for it yet, it is read now, not taken to be empty. Both read
        // the reports through the same sessions, so each is read once, whichever asks first.
        const reports = this.services.index.ensureBuilt();
        for (const { folder, session } of this.sessions.all()) {
          if (!this.cacheRead.has(session)) {
            this.cacheRead.add(session);
            // Without a saved copy (the first window), the reports are read as they are indexed.
            const saved = await this.readCache(folder);
            if (saved) this.cachedReports.push(...(await session.adoptSavedRecurrences((index, isCurrent) => this.adoptCache(saved, index, isCurrent))));
          }
          await session.recurrenceIndex();
        }
        await reports;
        const first = !this.filled;
        this.filled = true;
        // What the first fill read is kept for the next window (later changes schedule their own save).
        if (first && this.cachedReports.length < this.sessions.all().reduce((n, { session }) => n + session.recurrences.files().length, 0)) this.scheduleSave();
      };
      const run = Promise.resolve(this.filled ? work() : vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'ILACS: finding recurring findings' }, work)).finally(() => {
        if (this.pending === run) this.pending = undefined;
      });
      run.catch((err: unknown) => {
        this.stale = true;
        this.services.log.error(`Recurring findings could not be indexed: ${err instanceof Error ? err.message : String(err)}`);
      });
      this.pending = run;
    }
    return this.pending ?? Promise.resolve();
  }

  /** `update()`, waited for at most `ms`; true when the index is up to date. */
  async updateWithin(ms: number): Promise<boolean> {
    return (await succeedsWithin(this.update(), ms)) && !this.stale;
  }

  private cacheUri(folder: vscode.WorkspaceFolder): vscode.Uri | undefined {
    const dir = this.services.context.storageUri;
    if (!dir) return undefined;
    const first = vscode.workspace.workspaceFolders?.[0]?.uri.toString() === folder.uri.toString();
    return vscode.Uri.joinPath(dir, first ? CACHE_FILE : `recurrence-index-${sha1Hex(folder.uri.toString()).slice(0, 12)}.bin`);
  }

  /** A folder's saved copy of the index, if it has one. */
  private async readCache(folder: vscode.WorkspaceFolder): Promise<{ uri: vscode.Uri; bytes: Uint8Array } | undefined> {
    const uri = this.cacheUri(folder);
    if (!uri) return undefined;
    try {
      return { uri, bytes: await vscode.workspace.fs.readFile(uri) };
    } catch {
      return undefined; // No cache yet.
    }
  }

  /** Puts into `index` the reports of a saved copy that `isCurrent` accepts; their files. */
  private adoptCache({ uri, bytes }: { uri: vscode.Uri; bytes: Uint8Array }, index: ParagraphIndex, isCurrent: (file: string, stamp: string) => boolean): string[] {
    const result = readIndexCache(bytes, index, isCurrent);
    if (result.problem) this.services.log.warn(`${uri.fsPath}: ${result.problem}; the reports are read again`);
    else this.services.log.info(`Recurring findings: ${result.loaded.length} reports taken from the cache`);
    return result.loaded;
  }

  private scheduleSave(): void {
    // A build that finishes after the window closed has its cache written by dispose, or not at all.
    if (this.disposed || !this.filled) return;
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => void this.saveCache({ onlyChanged: true }), SAVE_DELAY_MS);
  }

  /**
   * Writes each folder's cache now (a temporary file renamed over the old one), after any write
   * under way; with `onlyChanged`, only a folder whose index changed since it was last written (any
   * change in the workspace schedules a write, most change nothing indexed).
   */
  saveCache(options: { onlyChanged?: boolean } = {}): Promise<void> {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    this.saving = this.saving.then(async () => {
      await this.update();
      for (const { folder, session } of this.sessions.all()) {
        const stamps = [...session.recurrenceStamps()].join('\n');
        if (options.onlyChanged && this.savedStamps.get(session) === stamps) continue;
        if (await this.writeCache(folder, session)) this.savedStamps.set(session, stamps);
      }
    });
    return this.saving;
  }

  /** What each session's index held when its cache was last written. */
  private readonly savedStamps = new WeakMap<WorkspaceSession, string>();

  /** Writes one folder's cache; false when it could not be written (the log says why). */
  private async writeCache(folder: vscode.WorkspaceFolder, session: WorkspaceSession): Promise<boolean> {
    const uri = this.cacheUri(folder);
    if (!uri) return false;
    try {
      const dir = vscode.Uri.joinPath(uri, '..');
      await vscode.workspace.fs.createDirectory(dir);
      const temp = vscode.Uri.joinPath(dir, `${CACHE_FILE}.${Math.random().toString(16).slice(2, 10)}.tmp`);
      await vscode.workspace.fs.writeFile(temp, writeIndexCache(session.recurrences, session.recurrenceStamps()));
      await vscode.workspace.fs.rename(temp, uri, { overwrite: true });
      return true;
    } catch (err) {
      this.services.log.warn(`The recurring findings cache could not be written: ${err instanceof Error ? err.message : String(err)}`);
      return false;
    }
  }

  /** The name the index knows a saved report by (see the module comment). */
  fileOf(uri: vscode.Uri): string | undefined {
    return this.services.index.get(uri)?.loaded.file;
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
    return this.sessions.of(folder).recurrences.matches(file, paragraphId, options);
  }

  /**
   * The paragraphs of other reports making the same finding as `paragraph` of the report at `uri`,
   * by the settings' threshold and authority rule, best first, each with where to open it.
   */
  matches(uri: vscode.Uri, paragraph: Paragraph, top?: number): LocatedMatch[] {
    const indexed = this.services.index.get(uri);
    const file = indexed?.loaded.file;
    const id = file !== undefined ? this.savedParagraphId(uri, paragraph) : undefined;
    if (!indexed || file === undefined || id === undefined) return [];
    const index = this.sessions.of(indexed.folder).recurrences;
    const settings = readSettings(uri);
    const out: LocatedMatch[] = [];
    for (const m of index.matches(file, id, { threshold: settings.recurrenceThreshold, includeOtherAuthorities: settings.recurrenceOtherAuthorities, top })) {
      const target = this.sessions.uriOf(indexed.folder, m.file);
      const p = this.services.index.get(target)?.report.paragraphs.find((x) => x.id === m.paragraph);
      const range = p ? toVsRange(p.range) : new vscode.Range(m.startLine, 0, m.endLine + 1, 0);
      const at = p ? index.sharedSentence(file, id, p.text) : null;
      out.push({ ...m, uri: target, range, text: p ? fold(p.text) : '', sentence: p && at ? fold(p.text.slice(at.start, at.end)) : '' });
    }
    return out;
  }

  /**
   * Where the references peek shows each match: the sentence that carries the shared finding, found in
   * the report's text, else the whole paragraph. Worked out here, for a peek, not for every hover.
   */
  locations(matches: readonly LocatedMatch[]): vscode.Location[] {
    const lines = new Map<string, LineIndex | null>();
    return matches.map((m) => {
      const key = m.uri.toString();
      if (!lines.has(key)) {
        const text = this.services.index.get(m.uri)?.loaded.text;
        lines.set(key, text ? new LineIndex(text) : null);
      }
      const index = lines.get(key);
      if (!index || !m.sentence) return new vscode.Location(m.uri, m.range);
      const from = index.offsetAt(m.range.start);
      const at = sentenceInSource(index.text.slice(from, index.offsetAt(m.range.end)), m.sentence);
      if (!at) return new vscode.Location(m.uri, m.range);
      const start = index.positionAt(from + at.start);
      const end = index.positionAt(from + at.end);
      return new vscode.Location(m.uri, new vscode.Range(start.line, start.character, end.line, end.character));
    });
  }

  dispose(): void {
    this.disposed = true;
    // A change not yet written is written now.
    if (this.saveTimer) void this.saveCache({ onlyChanged: true });
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
    recurrences.locations(matches),
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
      const locations = recurrences.locations(recurrences.matches(document.uri, paragraph));
      if (context.includeDeclaration) locations.unshift(new vscode.Location(document.uri, toVsRange(paragraph.range)));
      return locations;
    },
  };
  return vscode.Disposable.from(
    vscode.languages.registerReferenceProvider(REPORT_SELECTOR, references),
    vscode.commands.registerCommand(FIND_RECURRENCES, (raw: unknown) => findRecurrences(services, recurrences, raw)),
  );
}
