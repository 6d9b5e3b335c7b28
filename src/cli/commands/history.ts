import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import {
  buildHistoryDocument,
  comparisonSpec,
  comparisonTables,
  crosswalkTable,
  GRADE_LABELS,
  historyHtml,
  historyOf,
  historySpec,
  historyTables,
  lineLabel,
} from '../../core/history';
import { renderSvg } from '../../core/history/render';
import { fileErrorText, writeFileAtomically } from '../../node/files';
import { openNodeSession } from '../../node/host';
import { displayPath, reportLoadProblems, sessionCodebook, workspaceFolder } from '../files';
import { parseArgs, single, UsageError, type CliCommand, type CliIo } from '../io';

const USAGE = `Usage: ilacs history DIR [--authority NAME] [--json] [-o FILE.svg|FILE.html]

The inspection history of one local authority in the workspace folder DIR: every report on a time
axis with its kind, date and framework era, the grade of each judgement across the eras (the
crosswalk joins a SIF judgement to the ILACS one that continues it), the printed improvement areas
and tagged findings with their status, and the findings that recur across reports.

Options:
  --authority NAME  the local authority (as the reports name it; case does not matter); needed
                    when DIR holds reports about more than one
  --json            print the history as JSON: {"schemaVersion": 1, "authority", "reports",
                    "items", "chains", "latest", "crosswalk", "comparison"}
  -o, --output FILE write the chart: FILE.svg (the chart as SVG) or FILE.html (a self-contained
                    page with the chart and the same data as tables, for a board paper; with
                    several authorities it adds their comparison). Replaces FILE only when it is an
                    .svg or .html file.
  --help            show this help

Exit status 1 when a report, a store file or the codebook cannot be read (the history is made from
the others; while the workspace codebook has errors, the built-in codebook is used).`;

function formatOf(file: string): 'svg' | 'html' | undefined {
  const ext = path.extname(file).toLowerCase();
  return ext === '.svg' ? 'svg' : ext === '.html' || ext === '.htm' ? 'html' : undefined;
}

export const historyCommand: CliCommand = {
  name: 'history',
  summary: "an authority's inspection history: judgements across the eras, findings, recurrences",
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    const { positionals, flags, options } = parseArgs(args, { boolean: ['json'], string: ['authority', 'output'], short: { o: 'output' } });
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'give the workspace folder' : `unexpected argument "${positionals[1]}"`);
    const output = single(options, 'output');
    const format = output !== undefined ? formatOf(output) : undefined;
    if (output !== undefined && !format) throw new UsageError(`-o ${output}: give a file ending in .svg or .html`);
    const root = await workspaceFolder(io.cwd, positionals[0]);

    const session = openNodeSession(root, { log: (m) => io.err(`ilacs history: ${m}\n`) });
    const { codebook, failed: codebookFailed } = await sessionCodebook(io, 'history', session, root);
    let failed = codebookFailed;
    const loaded = await session.reports();
    for (const l of loaded) {
      const problem = reportLoadProblems(io, 'history', root, l, { store: (report) => `the tags of ${report} cannot be read, so the history leaves them out` });
      failed ||= problem;
    }
    const doc = buildHistoryDocument(loaded, codebook);
    if (doc.histories.length === 0) {
      io.err(`ilacs history: no report in ${positionals[0]} names its local authority\n`);
      return 1;
    }
    const wanted = single(options, 'authority');
    const names = doc.histories.map((h) => h.authority);
    if (wanted === undefined && names.length > 1) throw new UsageError(`${positionals[0]} has reports about ${names.length} authorities: choose one with --authority (${names.join(', ')})`);
    const history = wanted === undefined ? doc.histories[0] : historyOf(doc, wanted);
    if (!history) throw new UsageError(`--authority ${wanted}: no report in ${positionals[0]} is about it (there are: ${names.join(', ')})`);
    const comparison = doc.histories.length > 1 ? doc.comparison : null;

    if (output !== undefined && format) {
      const target = path.resolve(io.cwd, output);
      if (formatOf(target) === undefined || ((await fs.stat(target).catch(() => null))?.isDirectory() ?? false)) {
        io.err(`ilacs history: ${output} is not a file that can be replaced\n`);
        return 1;
      }
      // The HTML page has its own heading; an SVG on its own carries the authority's name as its title.
      const title = format === 'svg';
      const svgs = [await renderSvg(historySpec(history, { title }))];
      if (format === 'html' && comparison) svgs.push(await renderSvg(comparisonSpec(comparison)));
      const data =
        format === 'svg'
          ? svgs[0]
          : historyHtml({
              title: `${history.authority}: inspection history`,
              subtitle: `${history.reports.length} report(s) in ${path.basename(root)}`,
              svgs,
              tables: [...historyTables(history), crosswalkTable(), ...(comparison ? comparisonTables(comparison) : [])],
            });
      try {
        await writeFileAtomically(target, data);
      } catch (err) {
        io.err(`ilacs history: cannot write ${output}: ${fileErrorText(err)}\n`);
        return 1;
      }
      io.err(`Wrote the history of ${history.authority} (${history.reports.length} report(s)) to ${displayPath(io.cwd, target)}\n`);
      if (flags.has('json')) io.out(json(history, doc.crosswalk, comparison));
      return failed ? 1 : 0;
    }
    if (flags.has('json')) {
      io.out(json(history, doc.crosswalk, comparison));
      return failed ? 1 : 0;
    }
    printText(io, history);
    return failed ? 1 : 0;
  },
};

function json(history: object, crosswalk: object, comparison: object | null): string {
  return JSON.stringify({ schemaVersion: 1, ...history, crosswalk, comparison }, null, 2) + '\n';
}

function printText(io: CliIo, h: NonNullable<ReturnType<typeof historyOf>>): void {
  io.out(`${h.authority}: ${h.reports.length} report(s)\n\n`);
  for (const r of h.reports) {
    const grades = r.grades.filter((g) => g.line).map((g) => `${lineLabel(g.line as never)} ${GRADE_LABELS[g.grade].toLowerCase()}`);
    io.out(`${r.label} (${r.framework.toUpperCase()}, ${r.file})${grades.length ? `\n  ${grades.join('; ')}` : ''}\n  ${r.open} of ${r.items} improvement item(s) open\n`);
  }
  io.out(`\nRecurring findings (${h.chains.length})\n`);
  for (const c of h.chains) io.out(`  ${c.label}: first raised ${c.firstRaised ?? 'undated'}; raised in ${c.years.join(', ')}${c.latestStillRaises ? '; still raised in the latest report' : ''}\n`);
}
