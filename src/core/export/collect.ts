/**
 * Collecting a workspace for export through the store's small file-system interface (the CLI's
 * way; the editor collects from its own index of parsed reports): the workspace as `loadWorkspace`
 * reads it, sorted into what the export takes and the problems met on the way.
 */
import type { AnnotationStore, StoreDiagnostic, StoreFileSystem } from '../annotations';
import { loadReport, loadWorkspace, type LoadedReport } from '../workspace/load';
import { comparePaths } from '../workspace/scan';
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
  let reports: LoadedReport[];
  if (only) {
    reports = [];
    for (const file of [...new Set(only)].sort(comparePaths)) reports.push(await loadReport(fs, store, file));
  } else {
    reports = await loadWorkspace(fs, store);
  }
  const out: CollectedWorkspace = { sources: [], unreadable: [], brokenStores: [] };
  for (const loaded of reports) {
    const file = loaded.file;
    if (!loaded.missing && loaded.problem !== null) out.unreadable.push({ file, problem: loaded.problem });
    if (!loaded.store.ok) out.brokenStores.push({ report: file, file: loaded.store.file, diagnostics: loaded.store.diagnostics });
    // A report with nothing to read and nothing stored (or a store that cannot be read) gives no findings.
    if (!loaded.report && loaded.annotations.length === 0 && loaded.improvementStatuses.length === 0) continue;
    out.sources.push(loaded);
  }
  return out;
}
