/**
 * Reading a workspace: its reports (parsed) and their annotations (re-anchored), through the store's
 * small file-system interface, so the CLI (Node) and the editor (VS Code's file system) load the same
 * way. One report at a time (`loadReport`) for refreshing after a change, or all of them.
 */
import type { AnnotationStore, ImprovementPlanRecord, ImprovementStatusRecord, LoadResult, StoreFileSystem } from '../annotations';
import { applyCorrection, correctionFor, CorrectionStore, type CorrectionsFile } from '../corrections';
import { readProblem } from '../files';
import { ReportError, type Report } from '../model';
import { decodeReport, parseReportText } from '../parser';
import { orphanAnnotations, resolveAnnotations, type ResolvedAnnotation } from './resolve';
import { comparePaths, scanReports } from './scan';

export interface LoadedReport {
  /** Workspace-relative path, forward slashes. */
  file: string;
  /** The parsed report, or null when the file is missing or is not a readable report. */
  report: Report | null;
  /** The text `report` was parsed from and `annotations` were resolved on (byte-order mark removed), or null with `report`. */
  text: string | null;
  /** True when the report file does not exist (its annotations, if any, are orphans). */
  missing: boolean;
  /** Why the report could not be read, or null. */
  problem: string | null;
  /** The report's store file as read; when not `ok`, `annotations` and `improvementStatuses` are empty. */
  store: LoadResult;
  annotations: ResolvedAnnotation[];
  improvementStatuses: ImprovementStatusRecord[];
  /** The report's improvement plans (empty when the store file is not `ok`). */
  improvementPlans: ImprovementPlanRecord[];
}

/**
 * The workspace's report corrections (`.ilacs/reports.json`), or null when there are none or the
 * file cannot be read (its problem is then in `problem`).
 */
export async function loadCorrections(fs: StoreFileSystem): Promise<{ data: CorrectionsFile | null; problem: string | null }> {
  const result = await new CorrectionStore(fs).load();
  if (result.ok) return { data: result.data, problem: null };
  return { data: null, problem: result.diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}`).join('; ') };
}

/**
 * Reads, parses and resolves one report of the workspace, with the user's corrections applied
 * (read from the workspace when not given). Never throws for bad content.
 */
export async function loadReport(fs: StoreFileSystem, store: AnnotationStore, file: string, corrections?: CorrectionsFile | null): Promise<LoadedReport> {
  if (corrections === undefined) corrections = (await loadCorrections(fs)).data;
  let report: Report | null = null;
  let text: string | null = null;
  let missing = false;
  let problem: string | null = null;
  let bytes: Uint8Array | undefined;
  try {
    bytes = await fs.readFile(file);
  } catch (err) {
    // A folder, FIFO or device under a report's name, a file too large: named, and the others go on.
    problem = readProblem(err);
  }
  if (problem === null && bytes === undefined) {
    missing = true;
    problem = 'the report file is missing';
  } else if (bytes !== undefined) {
    try {
      text = decodeReport(file, bytes).text;
      report = applyCorrection(parseReportText(file, text), correctionFor(corrections, file));
    } catch (err) {
      if (!(err instanceof ReportError)) throw err;
      text = null;
      problem = err.problem;
    }
  }
  const loaded = await store.load(file);
  const stored = loaded.ok ? loaded.data : null;
  const annotations = stored ? (report && text !== null ? resolveAnnotations(report, text, stored.annotations) : orphanAnnotations(stored.annotations)) : [];
  return { file, report, text, missing, problem, store: loaded, annotations, improvementStatuses: stored ? stored.improvements : [], improvementPlans: stored?.plans ?? [] };
}

/**
 * Every report of the workspace: the report files the scan finds, and the reports the store has
 * annotations for (even when their file is gone, so their tags show as orphans), sorted by path.
 */
export async function loadWorkspace(fs: StoreFileSystem, store: AnnotationStore): Promise<LoadedReport[]> {
  const out: LoadedReport[] = [];
  for await (const loaded of eachWorkspaceReport(fs, store)) out.push(loaded);
  return out.sort((a, b) => comparePaths(a.file, b.file));
}

/**
 * `loadWorkspace` one report at a time, for a reader that keeps little of each (the reports sorted
 * by path, then the folders that cannot be listed).
 */
export async function* eachWorkspaceReport(fs: StoreFileSystem, store: AnnotationStore): AsyncGenerator<LoadedReport> {
  const folders: { path: string; problem: string }[] = [];
  const files = new Set([...(await scanReports(fs, '', folders)), ...(await store.reports())]);
  const { data: corrections } = await loadCorrections(fs);
  for (const file of [...files].sort(comparePaths)) yield await loadReport(fs, store, file, corrections);
  // A folder that cannot be listed is named like a report that cannot be read, so every command reports it.
  for (const f of folders) yield unlistedFolder(f.path, f.problem);
}

/** A folder that cannot be listed, as a report that cannot be read (so every command names it). */
export function unlistedFolder(path: string, problem: string): LoadedReport {
  const data = { schemaVersion: 1 as const, report: path, annotations: [], improvements: [] };
  return { file: path, report: null, text: null, missing: false, problem, store: { ok: true, file: '', report: path, data, changed: false }, annotations: [], improvementStatuses: [], improvementPlans: [] };
}
