import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ASSESSMENTS, normaliseReportPath, type Assessment } from '../../core/annotations';
import {
  buildExport,
  collectReports,
  EXPORT_FORMATS,
  formatForFile,
  GENERATOR_NAME,
  renderExport,
  type ExportDocument,
  type ExportFormat,
} from '../../core/export';
import { fileErrorText, writeFileAtomically } from '../../node/files';
import { indexReports } from '../../core/recurrence';
import { comparePaths, STATUS_FILTERS, type StatusFilter } from '../../core/workspace';
import { openNodeSession } from '../../node/host';
import { workspaceRelative } from '../../node/workspace';
import { displayPath, reportLoadProblems, sessionCodebook, workspaceFolder } from '../files';
import { oneOf, parseArgs, single, UsageError, type CliCommand, type CliIo } from '../io';

const USAGE = `Usage: ilacs export DIR [-o FILE] [--format json|csv|qdpx] [--status S] [--report FILE]...
                    [--printed] [--criterion ID] [--assessment A]

Exports the tagged findings of the workspace folder DIR: one record per tag (orphaned tags
included, marked as such), with its report (local authority, kind, framework, dates, grades),
paragraph, place in the report, exact text, criteria, assessment, status, note, author and times.

Options:
  -o, --output FILE  write to FILE (replaced if it exists and is a .json, .csv or .qdpx file);
                     without it JSON and CSV go to stdout
  --format F         json (default), csv (UTF-8 with a byte-order mark, for Excel) or qdpx (a
                     REFI-QDA project for NVivo, ATLAS.ti, MAXQDA, QualCoder; needs -o); by
                     default taken from FILE's extension
  --status S         all (default), open (everything not resolved), in-progress or resolved
  --report FILE      only this report (a path, or a path relative to DIR); may be repeated
  --printed          also export each printed improvement area ("What needs to improve?"...)
                     with its status and criteria
  --criterion ID     only findings with this criterion
  --assessment A     only findings assessed A (strength, area-for-improvement, serious-weakness)
  --help             show this help

The JSON follows schemas/export.schema.json (its "$schema"); see the README. Exit status 1 when a
report, a store file or the codebook cannot be read (what can be read is still exported; while the
workspace codebook has errors, the built-in codebook is used).`;


/** The report a `--report` value names: a path (relative to the current folder) inside DIR, else a path relative to DIR. */
function reportArgument(root: string, cwd: string, value: string): string {
  const inside = workspaceRelative(root, path.resolve(cwd, value));
  if (inside !== null) return inside;
  try {
    // This system's separator (a backslash on Windows) separates folders; elsewhere a backslash is part of a name.
    return normaliseReportPath(value.split(path.sep).join('/'));
  } catch (err) {
    throw new UsageError(`--report ${value}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

declare const __VERSION__: string | undefined;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : 'dev';

export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'export tagged findings as JSON, CSV (Excel) or a REFI-QDA project (.qdpx)',
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    const { positionals, flags, options } = parseArgs(args, { boolean: ['printed'], string: ['output', 'format', 'status', 'report', 'criterion', 'assessment'], short: { o: 'output' } });
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'give the workspace folder' : `unexpected argument "${positionals[1]}"`);
    const output = single(options, 'output');
    const format: ExportFormat = oneOf('format', single(options, 'format'), EXPORT_FORMATS) ?? (output ? formatForFile(output) : undefined) ?? 'json';
    if (format === 'qdpx' && !output) throw new UsageError('a REFI-QDA project is a zip file: give the file to write with -o FILE.qdpx');
    const status: StatusFilter = oneOf('status', single(options, 'status'), [...STATUS_FILTERS]) ?? 'all';
    const assessment: Assessment | undefined = oneOf('assessment', single(options, 'assessment'), ASSESSMENTS);
    const criterion = single(options, 'criterion');
    const root = await workspaceFolder(io.cwd, positionals[0]);
    const reports = options.get('report')?.map((r) => reportArgument(root, io.cwd, r));

    const session = openNodeSession(root, { log: (m) => io.err(`ilacs export: ${m}\n`) });
    const { codebook, failed: codebookFailed } = await sessionCodebook(io, 'export', session, root);
    if (criterion !== undefined) {
      const found = await session.findCriteria([criterion]);
      if (!found.ok) throw new UsageError(`--criterion ${criterion}: ${found.messages.join('; ')}`);
    }

    const loaded = reports ? await Promise.all([...new Set(reports)].sort(comparePaths).map((file) => session.report(file))) : await session.reports();
    let failed = codebookFailed;
    for (const l of loaded) {
      const problem = reportLoadProblems(io, 'export', root, l, { store: (report) => `the tags of ${report} are not exported until this file is fixed` });
      failed ||= problem;
    }
    const collected = collectReports(loaded);
    if (reports) {
      const found = new Set(collected.sources.map((s) => s.file));
      const broken = new Set(collected.brokenStores.map((b) => b.report));
      for (const r of reports) if (!found.has(r) && !broken.has(r)) throw new UsageError(`--report ${r}: ${path.basename(root)} has no such report and no tags for it`);
    }

    // Each finding lists the exported findings on paragraphs making the same finding (default threshold).
    const recurrences = indexReports(collected.sources);
    const doc: ExportDocument = buildExport(collected.sources, codebook, {
      workspace: path.basename(root),
      generator: { name: GENERATOR_NAME, version: VERSION },
      status,
      ...(reports ? { reports } : {}),
      ...(criterion !== undefined ? { criterion } : {}),
      ...(assessment ? { assessment } : {}),
      printed: flags.has('printed'),
      recurringParagraphs: (file, paragraph) => recurrences.matches(file, paragraph),
    });

    const data = renderExport(doc, format, collected.sources);

    if (output) {
      const target = path.resolve(io.cwd, output);
      // A slip of the keyboard must not turn a report or other file into an export.
      if (formatForFile(target) === undefined && (await fs.stat(target).catch(() => null))?.isFile()) {
        io.err(`ilacs export: ${output} exists and is not a .json, .csv or .qdpx file, so it was not replaced; name a new file or one of those\n`);
        return 1;
      }
      try {
        await writeFileAtomically(target, data);
      } catch (err) {
        io.err(`ilacs export: cannot write ${output}: ${fileErrorText(err)}\n`);
        return 1;
      }
      const c = doc.counts;
      io.err(`Exported ${c.findings} finding(s) from ${c.reports} report(s)${c.orphaned ? ` (${c.orphaned} orphaned)` : ''} to ${displayPath(io.cwd, target)}\n`);
    } else {
      io.out(data as string);
    }
    return failed ? 1 : 0;
  },
};
