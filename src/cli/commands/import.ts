import * as path from 'node:path';
import { describeConflict, importExport, importSummary, parseExportBytes, type ImportResult } from '../../core/export';
import { readProblem } from '../../core/files';
import { readRegularFile } from '../../node/readFile';
import { openNodeSession } from '../../node/host';
import { displayPath, workspaceFolder } from '../files';
import { parseArgs, single, UsageError, type CliCommand, type CliIo } from '../io';

const USAGE = `Usage: ilacs import FILE.json [--workspace DIR]

Merges an export (from "ilacs export" or the editor's Export Findings, for example a colleague's)
into the annotation store of the workspace folder DIR (default: the current folder). Nothing is
overwritten:
  - a tag not in the store is added with its id, author, times and anchor;
  - a tag already there with the same criteria, assessment, status and note is left as it is;
  - a tag already there that differs is a conflict: listed, and left as it is here;
  - stored statuses of printed improvement areas are merged the same way.
Run it again and nothing changes.

Options:
  --workspace DIR  the workspace folder to import into
  --help           show this help

Exit status 0 when everything was merged, 1 when there were conflicts or a store file could not be
read (the rest is still merged), 2 for a file that is not a valid export.`;

/** The import's outcome as lines for people. */
export function formatImportResult(result: ImportResult): string {
  const lines = [importSummary(result)];
  if (result.conflicts.length > 0) {
    lines.push('', 'Conflicts (kept as they are here; change them by hand if the incoming version is right):');
    for (const c of result.conflicts) {
      lines.push(`  ${describeConflict(c)} (here: changed ${c.localModified}; incoming: ${c.incomingModified ? `changed ${c.incomingModified}` : 'no time'})`);
    }
  }
  for (const r of result.missingReports) lines.push(`Note: ${r} is not in this workspace; its tags show as orphans until the report is added.`);
  return lines.join('\n') + '\n';
}

export const importCommand: CliCommand = {
  name: 'import',
  summary: 'merge an export (tags and statuses) into a workspace, reporting conflicts',
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    const { positionals, options } = parseArgs(args, { string: ['workspace'] });
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'give the export file to import' : `unexpected argument "${positionals[1]}"`);
    const file = positionals[0];
    const root = await workspaceFolder(io.cwd, single(options, 'workspace') ?? '.');
    let bytes: Uint8Array;
    try {
      bytes = await readRegularFile(path.resolve(io.cwd, file), { shown: file });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      io.err(`ilacs import: ${file}: ${code === 'ENOENT' ? 'no such file' : readProblem(err)}\n`);
      return 2;
    }
    const parsed = parseExportBytes(bytes);
    if (!parsed.ok) {
      io.err(`ilacs import: ${file} is not a valid ILACS Annotator export, so nothing was imported:\n${parsed.problems.map((p) => `  ${p}`).join('\n')}\n`);
      return 2;
    }
    // Written through the session's files, so what it holds follows the import.
    const session = openNodeSession(root, { log: (m) => io.err(`ilacs import: ${m}\n`) });
    const result = await importExport(parsed.doc, session.files);
    for (const p of result.problems) io.err(`ilacs import: ${p}\n`);
    io.out(formatImportResult(result));
    if (result.addedTags + result.addedStatuses + result.addedPlans > 0) io.err(`Written to ${displayPath(io.cwd, path.join(root, '.ilacs', 'annotations'))}\n`);
    return result.conflicts.length > 0 || result.problems.length > 0 ? 1 : 0;
  },
};
