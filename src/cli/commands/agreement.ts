import * as path from 'node:path';
import { agreementReport, authorsOf, computeAgreement, type AgreementReport, type AgreementResult, type Figures } from '../../core/agreement';
import { normaliseReportPath } from '../../core/annotations';
import type { LoadedReport } from '../../core/workspace';
import { openNodeSession } from '../../node/host';
import { workspaceRelative } from '../../node/workspace';
import { reportLoadProblems, workspaceFolder } from '../files';
import { parseArgs, UsageError, type CliCommand, type CliIo } from '../io';

const USAGE = `Usage: ilacs agreement DIR [--report FILE]... --author A --author B [--author C...] [--json]

How far two or more authors agree in their tags of the same reports (moderation): the paragraph is
the unit (every paragraph except headings) and a report counts when at least two of the authors
have a tag in it. For each criterion either author used, and pooled over all of them: observed
agreement, Cohen's kappa (two authors only) and Krippendorff's alpha (nominal); the same for
assessments on the paragraphs both tagged; then every disagreement.

Options:
  --author NAME   an author, as recorded on the tags (at least two)
  --report FILE   only this report (repeatable; default: every report in DIR)
  --json          print one JSON document (see the README, "Moderation")
  --help          show this help

JSON: {"units", "authors", "reports", "pooled": {"units", "agreement", "kappa", "alpha"},
"criteria": [{"id", "agreement", "kappa", "alpha", "units"}], "assessment": {...},
"disagreements": [{"file", "paragraph", "number", "kind", "criterion", "values": {"A": true, "B": false}}]}.
A statistic that is undefined (no units, or no variation at all) is null. Exit status 1 when a
report or a store file cannot be read (its tags are left out; the others are still compared).`;

function reportArgument(root: string, cwd: string, value: string): string {
  const inside = workspaceRelative(root, path.resolve(cwd, value));
  if (inside !== null) return inside;
  try {
    return normaliseReportPath(value);
  } catch (err) {
    throw new UsageError(`--report ${value}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function figuresJson(f: Figures): object {
  return { units: f.units, agreement: f.agreement, kappa: f.kappa, alpha: f.alpha };
}

/** The JSON document `ilacs agreement --json` prints. */
export function agreementToJson(r: AgreementResult): object {
  return {
    units: r.units,
    authors: r.authors,
    reports: r.reports,
    pooled: figuresJson(r.pooled),
    criteria: r.criteria.map((c) => ({ id: c.id, ...figuresJson(c) })),
    assessment: figuresJson(r.assessment),
    disagreements: r.disagreements.map((d) => ({ file: d.file, paragraph: d.paragraph, number: d.number, kind: d.kind, criterion: d.criterion, values: d.values })),
  };
}

function show(x: number | null): string {
  return x === null ? '-' : x.toFixed(3);
}

function table(r: AgreementResult): string {
  const rows: string[][] = [['', 'units', 'agreement', 'kappa', 'alpha']];
  const row = (name: string, f: Figures): string[] => [name, String(f.units), show(f.agreement), show(f.kappa), show(f.alpha)];
  rows.push(row('pooled criteria', r.pooled));
  for (const c of r.criteria) rows.push(row(`  ${c.id}`, c));
  rows.push(row('assessment', r.assessment));
  const widths = rows[0].map((_, i) => Math.max(...rows.map((x) => x[i].length)));
  return rows.map((x) => x.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ')).join('\n');
}

function text(r: AgreementResult): string {
  const lines = [
    `Agreement of ${r.authors.join(', ')}: ${r.units} paragraph(s) in ${r.reports.length} report(s) coded by at least two of them.`,
    '',
    table(r),
    '',
  ];
  if (r.paragraphs.length === 0) lines.push('No disagreements.');
  else lines.push(`${r.disagreements.length} disagreement(s) in ${r.paragraphs.length} paragraph(s):`);
  for (const p of r.paragraphs) {
    lines.push(`  ${p.file} ${p.number !== null ? `paragraph ${p.number}` : p.paragraph}`);
    for (const v of p.views) {
      const assessment = v.assessment === null ? 'not tagged' : v.assessment === 'none' ? 'no assessment' : v.assessment;
      lines.push(`    ${v.author}: ${v.criteria.join(', ') || 'no criteria'}; ${assessment}`);
    }
  }
  return lines.join('\n') + '\n';
}

export const agreementCommand: CliCommand = {
  name: 'agreement',
  summary: 'how far authors agree in their tags of the same reports, and where they differ',
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    const { positionals, flags, options } = parseArgs(args, { boolean: ['json'], string: ['author', 'report'] });
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'give the workspace folder' : `unexpected argument "${positionals[1]}"`);
    const authors = [...new Set((options.get('author') ?? []).map((a) => a.trim()).filter(Boolean))];
    const root = await workspaceFolder(io.cwd, positionals[0]);
    const session = openNodeSession(root, { log: (m) => io.err(`ilacs agreement: ${m}\n`) });
    const wanted = options.get('report')?.map((r) => reportArgument(root, io.cwd, r));
    let loaded: LoadedReport[];
    if (wanted) {
      loaded = [];
      for (const file of [...new Set(wanted)]) {
        const one = await session.report(file);
        if (one.missing && one.store.ok && one.annotations.length === 0) throw new UsageError(`--report ${file}: ${path.basename(root)} has no such report and no tags for it`);
        loaded.push(one);
      }
    } else {
      loaded = await session.reports();
    }
    let failed = false;
    const reports: AgreementReport[] = [];
    for (const l of loaded) {
      const leftOut = (x: LoadedReport): string => (x.annotations.length > 0 ? '; its tags are left out' : '');
      const problem = reportLoadProblems(io, 'agreement', root, l, {
        store: (report) => `the tags of ${report} are left out until this file is fixed`,
        unreadable: leftOut,
        missing: (x) => (x.annotations.length > 0 ? `${x.problem ?? 'the report file is missing'}${leftOut(x)}` : null),
      });
      failed ||= problem;
      if (!l.store.ok) continue;
      const r = agreementReport(l);
      if (r) reports.push(r);
    }
    if (authors.length < 2) {
      const known = authorsOf(reports);
      throw new UsageError(`give at least two different authors with --author${known.length ? ` (authors of tags here: ${known.join(', ')})` : ''}`);
    }
    const result = computeAgreement(reports, authors);
    io.out(flags.has('json') ? JSON.stringify(agreementToJson(result), null, 2) + '\n' : text(result));
    return failed ? 1 : 0;
  },
};
