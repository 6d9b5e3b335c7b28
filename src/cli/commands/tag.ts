import * as path from 'node:path';
import { ASSESSMENTS, STATUSES, StoreFileError, storeFileErrorText, type Assessment, type AnnotationStatus } from '../../core/annotations';
import { loadCodebook } from '../../core/codebook';
import { nodeCodebookFileSystem } from '../../node/codebookFiles';
import { ReportError } from '../../core/model';
import { decodeReport, parseReportText } from '../../core/parser';
import { findCriteria, findParagraph, paragraphSelectors, resolveAnnotations } from '../../core/workspace';
import { defaultAuthor, openNodeWorkspace } from '../../node/workspace';
import { displayPath, reportInWorkspace, printCodebookErrors, readReportBytes } from '../files';
import { oneOf, parseArgs, single, UsageError, type CliCommand, type CliIo } from '../io';
import { annotationToJson } from './annotations';

const USAGE = `Usage: ilacs tag FILE --paragraph N|ID --criterion ID [--criterion ID...]
                 [--assessment A] [--status S] [--note TEXT] [--author NAME]
                 [--workspace DIR] [--json]

Tags one paragraph of a report (its words, without the printed number) with codebook criteria and saves the tag in the
workspace's annotation store (.ilacs/annotations/). Prints the new tag's id.

Options:
  --paragraph N|ID   the printed paragraph number (12) or the paragraph id (p12,
                     what-needs-to-improve.2; "ilacs parse --json" lists the ids)
  --criterion ID     a criterion id of the codebook in force ("ilacs codebook" lists them); repeatable
  --assessment A     ${ASSESSMENTS.join(', ')}
  --status S         ${STATUSES.join(', ')} (default open)
  --note TEXT        a note to keep with the tag
  --author NAME      who tagged it (default: git config user.name, else the system user name)
  --workspace DIR    the workspace folder (default: the nearest folder at or above FILE that holds
                     .ilacs/, else FILE's folder)
  --json             print {"annotation": {...}} in the shape "ilacs annotations --json" uses

Unknown criteria or paragraphs are errors (exit status 1) and nothing is saved.`;

export const tagCommand: CliCommand = {
  name: 'tag',
  summary: 'tag a paragraph of a report with codebook criteria',
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    const { positionals, flags, options } = parseArgs(args, {
      boolean: ['json'],
      string: ['paragraph', 'criterion', 'assessment', 'status', 'note', 'author', 'workspace'],
    });
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'give the report file to tag' : `unexpected argument "${positionals[1]}"`);
    const file = positionals[0];
    const paragraphRef = single(options, 'paragraph');
    if (paragraphRef === undefined) throw new UsageError('give the paragraph to tag with --paragraph N or --paragraph ID');
    const criterionIds = options.get('criterion') ?? [];
    if (criterionIds.length === 0) throw new UsageError('give at least one --criterion ID');
    const assessment = oneOf<Assessment>('assessment', single(options, 'assessment'), ASSESSMENTS);
    const status = oneOf<AnnotationStatus>('status', single(options, 'status'), STATUSES);
    const note = single(options, 'note');
    const authorOption = single(options, 'author');
    if (authorOption !== undefined && authorOption.trim() === '') throw new UsageError('--author must not be empty');
    const workspaceOption = single(options, 'workspace');

    const located = await reportInWorkspace(io, 'tag', file, workspaceOption);
    if (!located) return 1;
    const { abs, workspace, relative } = located;

    // The report, as the parser reads it: offsets in the selectors count this text.
    let text: string;
    let bytes: Uint8Array;
    try {
      bytes = await readReportBytes(abs, io.cwd);
      text = decodeReport(relative, bytes).text;
    } catch (err) {
      if (!(err instanceof ReportError)) throw err;
      io.err(`ilacs tag: ${file}: ${err.problem}\n`);
      return 1;
    }
    const report = parseReportText(relative, text);

    const codebook = await loadCodebook(workspace, nodeCodebookFileSystem);
    if (!codebook.ok) {
      printCodebookErrors(io, codebook.errors);
      io.err('ilacs tag: the workspace codebook has errors, so criteria cannot be checked; fix it first\n');
      return 1;
    }
    const criteria = findCriteria(codebook.codebook, criterionIds);
    const paragraph = findParagraph(report, paragraphRef);
    const problems = [...(criteria.ok ? [] : criteria.messages), ...(paragraph.ok ? [] : [paragraph.message])];
    if (!criteria.ok || !paragraph.ok) {
      for (const p of problems) io.err(`ilacs tag: ${p}\n`);
      io.err('ilacs tag: nothing was saved\n');
      return 1;
    }

    const ws = openNodeWorkspace(workspace);
    let annotation;
    try {
      annotation = await ws.store.add(relative, {
        paragraph: paragraph.paragraph.id,
        selectors: paragraphSelectors(text, paragraph.paragraph),
        criteria: criteria.criteria.map((c) => c.id),
        assessment: assessment ?? null,
        status: status ?? 'open',
        note: note ?? '',
        author: authorOption?.trim() ?? (await defaultAuthor(workspace)),
      });
    } catch (err) {
      if (err instanceof StoreFileError) {
        io.err(storeFileErrorText(displayPath(io.cwd, path.join(workspace, ...err.file.split('/'))), err.diagnostics) + '\n');
        return 1;
      }
      throw err;
    }
    if (flags.has('json')) {
      const [resolved] = resolveAnnotations(report, text, [annotation]);
      io.out(JSON.stringify({ annotation: annotationToJson(resolved) }, null, 2) + '\n');
    } else {
      io.out(`${annotation.id}\n`);
    }
    return 0;
  },
};
