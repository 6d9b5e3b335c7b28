/**
 * Collecting a workspace for export through the store's small file-system interface (the CLI's
 * way; the editor collects from its own index of parsed reports). Like `loadWorkspace`, but each
 * report keeps the text it was parsed from, which the export's positions and REFI-QDA sources need.
 */
import type { AnnotationStore, StoreDiagnostic, StoreFileSystem } from '../annotations';
import { ReportError, type Report } from '../model';
import { decodeReport, parseReportText } from '../parser';
import { orphanAnnotations, resolveAnnotations } from '../workspace/resolve';
import { comparePaths, scanReports } from '../workspace/scan';
import type { ExportSource } from './build';

export interface CollectedWorkspace {
  sources: ExportSource[];
  /** Report files that exist but cannot be read as reports (their tags, if any, are exported as orphans). */
  unreadable: { file: string; problem: string }[];
  /** Store files that cannot be read: their tags are left out of the export. */
  brokenStores: { report: string; file: string; diagnostics: StoreDiagnostic[] }[];
}

/**
 * Every report of the workspace (the scan's and those the store has tags for), or only `only`
 * (workspace-relative paths), sorted by path.
 */
export async function collectWorkspace(fs: StoreFileSystem, store: AnnotationStore, only?: readonly string[]): Promise<CollectedWorkspace> {
  const files = only ? new Set(only) : new Set([...(await scanReports(fs)), ...(await store.reports())]);
  const out: CollectedWorkspace = { sources: [], unreadable: [], brokenStores: [] };
  for (const file of [...files].sort(comparePaths)) {
    let report: Report | null = null;
    let text: string | null = null;
    const bytes = await fs.readFile(file);
    if (bytes !== undefined) {
      try {
        text = decodeReport(file, bytes).text;
        report = parseReportText(file, text);
      } catch (err) {
        if (!(err instanceof ReportError)) throw err;
        text = null;
        out.unreadable.push({ file, problem: err.problem });
      }
    }
    const loaded = await store.load(file);
    if (!loaded.ok) {
      out.brokenStores.push({ report: file, file: loaded.file, diagnostics: loaded.diagnostics });
      if (report) out.sources.push({ file, report, text, annotations: [], improvementStatuses: [] });
      continue;
    }
    if (!report && loaded.data.annotations.length === 0 && loaded.data.improvements.length === 0) continue;
    const annotations = report && text !== null ? resolveAnnotations(report, text, loaded.data.annotations) : orphanAnnotations(loaded.data.annotations);
    out.sources.push({ file, report, text, annotations, improvementStatuses: loaded.data.improvements });
  }
  return out;
}
