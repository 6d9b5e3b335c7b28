/**
 * Reading a workspace: its reports (parsed) and their annotations (re-anchored), through the store's
 * small file-system interface, so the CLI (Node) and the editor (VS Code's file system) load the same
 * way. One report at a time (`loadReport`) for refreshing after a change, or all of them.
 */
import type { AnnotationStore, ImprovementPlanRecord, ImprovementStatusRecord, LoadResult, StoreFileSystem } from '../annotations';
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

/** Reads, parses and resolves one report of the workspace. Never throws for bad content. */
export async function loadReport(fs: StoreFileSystem, store: AnnotationStore, file: string): Promise<LoadedReport> {
  let report: Report | null = null;
  let text: string | null = null;
  let missing = false;
  let problem: string | null = null;
  const bytes = await fs.readFile(file);
  if (bytes === undefined) {
    missing = true;
    problem = 'the report file is missing';
  } else {
    try {
      text = decodeReport(file, bytes).text;
      report = parseReportText(file, text);
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
  const files = new Set([...(await scanReports(fs)), ...(await store.reports())]);
  const out: LoadedReport[] = [];
  for (const file of [...files].sort(comparePaths)) out.push(await loadReport(fs, store, file));
  return out;
}
