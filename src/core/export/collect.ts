/**
 * Collecting a workspace for export from its session (the CLI's way; the editor collects from its
 * own index of parsed reports): the reports as the session reads them, sorted into what the export
 * takes and the problems met on the way.
 */
import type { StoreDiagnostic } from '../annotations';
import type { CancellationToken, WorkspaceSession } from '../session';
import type { LoadedReport } from '../workspace/load';
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
export async function collectWorkspace(session: Pick<WorkspaceSession, 'report' | 'reports'>, only?: readonly string[], token?: CancellationToken): Promise<CollectedWorkspace> {
  let reports: LoadedReport[];
  if (only) {
    reports = [];
    for (const file of [...new Set(only)].sort(comparePaths)) reports.push(await session.report(file));
  } else {
    reports = await session.reports(token);
  }
  return collectReports(reports);
}

/** Loaded reports sorted into what the export takes and the problems met on the way. */
export function collectReports(reports: readonly LoadedReport[]): CollectedWorkspace {
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
