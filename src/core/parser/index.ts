/**
 * `parseReport`: the one entry point from a report file's content to the report model.
 */
import type { Framework, InspectionDates, Judgement, OverallJudgement, ReportKind } from '../model';
import { Report, ReportError, SourceFormat } from '../model';
import { readReportDate } from '../reportDate';
import { LineIndex } from '../range';
import { analyse } from './analyse';
import type { ReadResult } from './blocks';
import { decodeReport } from './decode';
import { dropPageFurniture } from './furniture';
import { maskFrontMatter } from './frontMatter';
import { readMarkdown } from './markdown';
import { readMetadata } from './metadata';
import { readPlainText } from './plainText';

export { decodeReport } from './decode';
export type { DecodedText, Encoding } from './decode';

export function formatOf(file: string): SourceFormat {
  return /\.(md|markdown|mdown|mkd)$/i.test(file) ? 'markdown' : 'text';
}

/** Parses decoded text (as an editor holds it). Never throws for text input other than empty text. */
export function parseReportText(file: string, text: string, format: SourceFormat = formatOf(file)): Report {
  if (text.trim().length === 0) throw new ReportError(file, 'the file is empty: there is no report text to read');
  const index = new LineIndex(text);
  let read: ReadResult;
  /** The text the metadata is read from. */
  let words = text;
  if (format === 'markdown') {
    // Front matter (such as the PDF import writes) is metadata about the file: read past it.
    const body = maskFrontMatter(text);
    read = readMarkdown(body, index);
    // Markdown's heading marks, table bars and line-break backslashes are not words of the report.
    words = body.replace(/^#{1,6}[ \t]|\||\\(?=\r?$)/gm, (m) => ' '.repeat(m.length));
  } else {
    read = readPlainText(text, index);
  }
  const meta = readMetadata(words, read.letterDate, read.signatory);
  const a = analyse(dropPageFurniture(read.blocks), meta.framework, index.lineCount, (line) => index.lineText(line));
  return {
    file,
    format,
    kind: meta.kind,
    framework: meta.framework,
    title: meta.title,
    localAuthority: meta.localAuthority,
    published: meta.published,
    inspectionDates: meta.inspectionDates,
    date: readReportDate(file, meta.published, meta.inspectionDates),
    leadInspector: meta.leadInspector,
    judgements: a.judgements,
    overallJudgement: overallJudgementOf(meta.kind, meta.framework, meta.inspectionDates, meta.published, a.judgements),
    corrected: [],
    improvementAreas: a.improvementAreas,
    sections: a.sections,
    paragraphs: a.paragraphs,
    warnings: a.warnings,
  };
}

/** The month from which ILACS inspections no longer give an overall effectiveness judgement. */
const NO_OVERALL_FROM = '2026-04';

/** Whether the report gives an overall effectiveness judgement, and if not, why not (see `OverallJudgement`). */
export function overallJudgementOf(
  kind: ReportKind,
  framework: Framework,
  inspectionDates: InspectionDates | null,
  published: string | null,
  judgements: readonly Judgement[],
): OverallJudgement {
  if (judgements.some((j) => /(?:^|-)overall-effectiveness$/.test(j.area))) return 'graded';
  if (kind !== 'inspection') return 'not-applicable';
  // The inspection's first day decides; a report that states only its publication date is placed by that.
  const when = inspectionDates?.start ?? published;
  if (framework === 'ilacs' && when !== null && when.slice(0, 7) >= NO_OVERALL_FROM) return 'not-given';
  return 'not-found';
}

/**
 * Parses a report file's content: bytes as read from disk (any of the encodings `decodeReport`
 * knows) or text. Throws `ReportError` naming the file for empty and binary files.
 */
export function parseReport(file: string, content: Uint8Array | string): Report {
  const { text } = decodeReport(file, content);
  return parseReportText(file, text);
}
