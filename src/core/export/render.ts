/** An export document in the format asked for: what `ilacs export` and the editor's export commands write. */
import type { ExportSource } from './build';
import { exportToCsv } from './csv';
import { serialiseExport } from './json';
import { exportToQdpx } from './qdpx';
import type { ExportDocument, ExportFormat } from './types';

/** The text of each source that has one, by report path (what a REFI-QDA project's sources are made of). */
export function sourceTexts(sources: readonly ExportSource[]): Map<string, string> {
  return new Map(sources.flatMap((s) => (s.text !== null ? [[s.file, s.text] as [string, string]] : [])));
}

/** Text for JSON and CSV; the zip's bytes for a REFI-QDA project. `sources`: those `doc` was built from. */
export function renderExport(doc: ExportDocument, format: ExportFormat, sources: readonly ExportSource[]): string | Uint8Array {
  if (format === 'csv') return exportToCsv(doc);
  if (format === 'qdpx') return exportToQdpx(doc, sourceTexts(sources)).zip;
  return serialiseExport(doc);
}
