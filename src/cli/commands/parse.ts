import * as path from 'node:path';
import { applyCorrection, correctionFor } from '../../core/corrections';
import { Report, ReportError } from '../../core/model';
import { openNodeSession } from '../../node/host';
import { findWorkspace, workspaceRelative } from '../../node/workspace';
import { parseReport } from '../../core/parser';
import { readReportBytes } from '../files';
import { CliCommand, CliIo, parseArgs, UsageError } from '../io';

const usage = `Usage: ilacs parse FILE... [--json]

Reads each report (plain text as extracted from a PDF, or Markdown) and prints what it says:
kind, framework, local authority, dates, grades, sections, numbered paragraphs and the
improvement areas as printed.

Options:
  --json   print one JSON document {"reports": [...]} on stdout
  --help   show this help

Exit code: 0 when every file was read, 1 when any file failed (the others are still reported).`;

/** The JSON shape of one report: the model, with the file path as given on the command line. */
export function reportToJson(report: Report): object {
  return {
    file: report.file,
    kind: report.kind,
    framework: report.framework,
    title: report.title,
    localAuthority: report.localAuthority,
    published: report.published,
    inspectionDates: report.inspectionDates,
    date: report.date,
    leadInspector: report.leadInspector,
    judgements: report.judgements.map((j) => ({ area: j.area, grade: j.grade })),
    overallJudgement: report.overallJudgement,
    corrected: report.corrected,
    improvementAreas: report.improvementAreas.map((ia) => ({
      id: ia.id,
      text: ia.text,
      source: ia.source,
      ...(ia.timescale ? { timescale: ia.timescale } : {}),
      ...(ia.outcome !== undefined ? { outcome: ia.outcome } : {}),
      ...(ia.enabler !== undefined ? { enabler: ia.enabler } : {}),
      paragraph: ia.paragraph,
      range: ia.range,
    })),
    sections: report.sections.map((s) => ({ id: s.id, title: s.title, area: s.area, grade: s.grade, range: s.range })),
    paragraphs: report.paragraphs.map((p) => ({ id: p.id, number: p.number, section: p.section, kind: p.kind, text: p.text, range: p.range })),
    warnings: report.warnings,
  };
}

function summary(report: Report): string {
  const out: string[] = [];
  const dates = report.inspectionDates ? `${report.inspectionDates.start} to ${report.inspectionDates.end}` : 'not stated';
  out.push(report.file);
  out.push(`  ${report.localAuthority ?? 'Unknown authority'}: ${report.kind}, ${report.framework} framework`);
  out.push(`  inspection dates: ${dates}; published: ${report.published ?? 'not stated'}; lead inspector: ${report.leadInspector ?? 'not stated'}`);
  out.push(`  date: ${report.date ? `${report.date.value} (${report.date.source === 'text' ? 'printed' : report.date.source === 'file-name' ? 'from the file name' : 'corrected'})` : 'undated'}`);
  if (report.overallJudgement === 'not-given') out.push('  overall effectiveness: not given (ILACS inspections from April 2026 have none)');
  if (report.judgements.length) {
    out.push('  judgements:');
    for (const j of report.judgements) out.push(`    ${j.area.padEnd(36)} ${j.grade}`);
  }
  const numbered = report.paragraphs.filter((p) => p.number !== null);
  const first = numbered[0]?.number;
  const last = numbered[numbered.length - 1]?.number;
  out.push(
    `  ${report.sections.length} sections, ${report.paragraphs.length} paragraphs` + (numbered.length ? ` (${numbered.length} numbered, ${first} to ${last})` : ''),
  );
  if (report.improvementAreas.length) {
    out.push(`  improvement areas (${report.improvementAreas.length}):`);
    for (const ia of report.improvementAreas) {
      const tags = [ia.timescale, ia.outcome !== undefined ? `outcome ${ia.outcome}` : undefined].filter(Boolean).join(', ');
      out.push(`    - ${ia.text}${tags ? ` [${tags}]` : ''}  (line ${ia.range.start.line + 1})`);
    }
  }
  for (const w of report.warnings) out.push(`  warning: ${w}`);
  return out.join('\n');
}

export async function readReportFile(file: string, cwd: string): Promise<Report> {
  return parseReport(file, await readReportBytes(file, cwd));
}

/** The report with the corrections its workspace holds for it (none when it is outside any workspace with corrections). */
async function readCorrectedReport(file: string, cwd: string): Promise<Report> {
  const report = await readReportFile(file, cwd);
  const abs = path.resolve(cwd, file);
  const workspace = await findWorkspace(abs);
  const relative = workspaceRelative(workspace, abs);
  if (relative === null) return report;
  const { data } = await openNodeSession(workspace).readCorrections();
  return applyCorrection(report, correctionFor(data, relative));
}

export const parseCommand: CliCommand = {
  name: 'parse',
  summary: 'read reports and print their kind, dates, grades, paragraphs and improvement areas',
  usage,
  async run(args: string[], io: CliIo): Promise<number> {
    const { positionals, flags } = parseArgs(args, { boolean: ['json'] });
    if (positionals.length === 0) throw new UsageError('give at least one report file');
    const reports: object[] = [];
    let failed = 0;
    for (const file of positionals) {
      try {
        const report = await readCorrectedReport(file, io.cwd);
        if (flags.has('json')) reports.push(reportToJson(report));
        else io.out(summary(report) + '\n\n');
      } catch (err) {
        failed++;
        io.err(`ilacs parse: ${err instanceof ReportError ? err.message : `${file}: ${(err as Error).message}`}\n`);
      }
    }
    if (flags.has('json')) io.out(JSON.stringify({ reports }, null, 2) + '\n');
    return failed ? 1 : 0;
  },
};
