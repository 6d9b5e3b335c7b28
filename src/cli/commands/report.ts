import * as path from 'node:path';
import { CORRECTABLE_FIELDS, CORRECTIONS_FILE, CorrectionsFileError, CorrectionValueError, isCorrectableField, type CorrectionValues } from '../../core/corrections';
import type { CorrectableField, Report } from '../../core/model';
import { dateLabel } from '../../core/reportDate';
import { openNodeSession } from '../../node/host';
import { displayPath, reportInWorkspace } from '../files';
import { parseArgs, single, UsageError, type CliCommand, type CliIo } from '../io';

const USAGE = `Usage: ilacs report FILE [--set FIELD=VALUE]... [--unset FIELD]... [--author NAME]
                    [--workspace DIR] [--json]

Shows what the product knows about a report (its date and where the date comes from, kind,
local authority, framework) and corrects it. Corrections are kept in the workspace's
${CORRECTIONS_FILE}; the report file itself is never changed.

Options:
  --set date=YYYY[-MM[-DD]]   the report's date (2021, 2021-12 or 2021-12-17)
  --set kind=K                inspection, focused-visit, monitoring-visit, jtai, other
  --set authority=NAME        the local authority the report is about
  --set framework=F           ilacs, sif, slac, unknown
  --unset FIELD               remove a correction (${CORRECTABLE_FIELDS.join(', ')}): the parser's reading again
  --author NAME               who made the correction (default: git config user.name, else the system user)
  --workspace DIR             the workspace folder (default: the nearest folder at or above FILE that
                              holds .ilacs/, else FILE's folder)
  --json                      print {"report": {...}} with the fields and which were corrected

Bad values are errors (exit status 1) and nothing is written.`;

export const reportCommand: CliCommand = {
  name: 'report',
  summary: "show a report's date, kind, authority and framework, and correct them",
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    const { positionals, flags, options } = parseArgs(args, { boolean: ['json'], string: ['set', 'unset', 'author', 'workspace'] });
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'give the report file' : `unexpected argument "${positionals[1]}"`);
    const file = positionals[0];
    const set: CorrectionValues = {};
    for (const assignment of options.get('set') ?? []) {
      const eq = assignment.indexOf('=');
      if (eq <= 0) throw new UsageError(`--set "${assignment}": give FIELD=VALUE (fields: ${CORRECTABLE_FIELDS.join(', ')})`);
      const field = assignment.slice(0, eq).trim();
      if (!isCorrectableField(field)) throw new UsageError(`--set ${field}: not a field that can be corrected (fields: ${CORRECTABLE_FIELDS.join(', ')})`);
      if (set[field] !== undefined) throw new UsageError(`--set ${field} given more than once`);
      set[field] = assignment.slice(eq + 1);
    }
    const unset: CorrectableField[] = [];
    for (const field of options.get('unset') ?? []) {
      if (!isCorrectableField(field)) throw new UsageError(`--unset ${field}: not a field that can be corrected (fields: ${CORRECTABLE_FIELDS.join(', ')})`);
      if (set[field] !== undefined) throw new UsageError(`--set ${field} and --unset ${field} together`);
      unset.push(field);
    }
    const authorOption = single(options, 'author');
    if (authorOption !== undefined && authorOption.trim() === '') throw new UsageError('--author must not be empty');
    const workspaceOption = single(options, 'workspace');

    const located = await reportInWorkspace(io, 'report', file, workspaceOption);
    if (!located) return 1;
    const { workspace, relative } = located;
    const session = openNodeSession(workspace, { log: (m) => io.err(`ilacs report: ${m}\n`) });
    const before = await session.report(relative);
    if (!before.report) {
      io.err(`ilacs report: ${before.file}: ${before.problem ?? 'it cannot be read as a report'}\n`);
      return 1;
    }

    const store = session.correctionStore;
    const correctionsFile = displayPath(io.cwd, path.join(workspace, CORRECTIONS_FILE));
    try {
      if (Object.keys(set).length > 0 || unset.length > 0) {
        const author = authorOption ?? (await session.host.author());
        await store.change(relative, { set, unset, author });
      }
    } catch (err) {
      if (err instanceof CorrectionValueError) {
        io.err(`ilacs report: ${file}: ${err.message}; nothing was written\n`);
        return 1;
      }
      if (err instanceof CorrectionsFileError) {
        for (const d of err.diagnostics) io.err(`ilacs report: ${correctionsFile}:${d.line}:${d.column}: ${d.message}\n`);
        io.err(`ilacs report: ${correctionsFile} cannot be read, so nothing was written; fix it first\n`);
        return 1;
      }
      throw err;
    }
    const loaded = await store.load();
    if (!loaded.ok) {
      for (const d of loaded.diagnostics) io.err(`ilacs report: ${correctionsFile}:${d.line}:${d.column}: ${d.message}\n`);
      io.err(`ilacs report: ${correctionsFile} cannot be read: showing the report as the parser reads it\n`);
    }
    // The report with the corrections as they are now (the session reads them again after the change).
    const report = (await session.report(relative)).report ?? before.report;
    if (flags.has('json')) io.out(JSON.stringify({ report: reportDetailsJson(report) }, null, 2) + '\n');
    else io.out(reportDetailsText(report) + '\n');
    return loaded.ok ? 0 : 1;
  },
};

/** The correctable details of a report, as JSON. */
export function reportDetailsJson(report: Report): object {
  return {
    file: report.file,
    date: report.date,
    kind: report.kind,
    localAuthority: report.localAuthority,
    framework: report.framework,
    overallJudgement: report.overallJudgement,
    corrected: report.corrected,
  };
}

const SOURCE_WORDS = { text: 'printed in the report', 'file-name': 'from the file name', user: 'corrected by the user' } as const;

function reportDetailsText(report: Report): string {
  const mark = (field: CorrectableField): string => (report.corrected.includes(field) ? ' (corrected)' : '');
  return [
    report.file,
    `  date: ${report.date ? `${dateLabel(report.date.value)} (${report.date.value}, ${SOURCE_WORDS[report.date.source]})` : 'undated'}`,
    `  kind: ${report.kind}${mark('kind')}`,
    `  local authority: ${report.localAuthority ?? 'not known'}${mark('authority')}`,
    `  framework: ${report.framework}${mark('framework')}`,
  ].join('\n');
}
